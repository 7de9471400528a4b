/**
 * A preset's assumptions sentence in the page's language
 * (presetAssumptionsText in src/reports/scenarioForms.ts, from the facts
 * src/model/presets.ts returns): in English exactly the model's own sentence
 * for every preset on both demo cities, with the optional clauses on and off
 * (which proves the facts hold everything the sentence says); in Indonesian
 * and Chinese with the glossary's words, the language's numbers and money,
 * and none of the English sentence's words; and a scenario made from a
 * preset on an Indonesian page stores and shows the Indonesian sentence.
 */
import { describe, expect, it } from 'vitest';
import { translator, type Lang } from '../../src/i18n/index.js';
import type { CityFile } from '../../src/model/cityFile.js';
import { buildPreset, presetDefaults, PRESET_IDS, type PresetAssumptionFacts, type PresetParams } from '../../src/model/presets.js';
import { presetAssumptionsText, presetRecordNames } from '../../src/reports/scenarioForms.js';
import { demoCity, demoRun } from '../reports/helpers.js';
import { createUser, csrfFrom, signIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const CITIES = { surabaya: demoCity('surabaya'), chongqing: demoCity('chongqing') } as const;
type CityName = keyof typeof CITIES;
const baselines = { surabaya: demoRun('surabaya'), chongqing: demoRun('chongqing') };

interface Case {
  label: string;
  city: CityName;
  params: PresetParams;
  /** The city the preset is built on, when not the demo city as it is. */
  cityFile?: CityFile;
}

/** Chongqing without a per-household-month fee: fee reform adds one, named by the model. */
function withoutHouseholdFee(city: CityFile): CityFile {
  return { ...city, fees: city.fees.filter((f) => f.basis !== 'perHouseholdMonth') };
}

/** Every preset with its defaults, and each optional clause switched on and off. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const name of Object.keys(CITIES) as CityName[]) {
    const city = CITIES[name];
    const d = <P extends PresetParams['preset']>(preset: P) => presetDefaults(city, preset, baselines[name]) as Extract<PresetParams, { preset: P }>;
    for (const preset of PRESET_IDS) out.push({ label: `${preset} defaults`, city: name, params: presetDefaults(city, preset, baselines[name]) });
    const fractions = city.fractions.filter((f) => f.recyclable).map((f) => f.id);
    out.push(
      { label: 'composting with capital, half-km legs', city: name, params: { ...d('composting'), capitalUnitCost: '1500000.5', capitalLifeYears: 12, roundTripKm: 7.25, shareSold: 0.125 } },
      {
        label: 'source separation with a hub and a programme cost',
        city: name,
        params: {
          ...d('sourceSeparation'),
          sourceDiversion: { [fractions[0]]: 0.3, [fractions[1]]: 0.25, [fractions[2]]: 0 },
          recovery: { capacityTPerDay: 120.5, capture: { [fractions[0]]: 0.4, [fractions[1]]: 0.35 }, residueShare: 0.1, salePricePerT: { [fractions[0]]: '800000' }, roundTripKm: 12, capitalUnitCost: '0', capitalLifeYears: 10, omPerT: '50000' },
          programmeCostPerYear: '2500000000',
        },
      },
      {
        label: 'new site by region, with capital and closure, scavengers stay',
        city: name,
        params: {
          ...d('newDisposalSite'),
          landfillName: 'Site <B>',
          openYear: d('newDisposalSite').fromYear + 2,
          openMonth: 7,
          capitalUnitCost: '250000000000',
          closureTotal: '1000',
          distance: { kind: 'byRegion', kmByRegion: { 'Region A': 35.5, 'Region B': 60 }, otherFactor: 1.25 },
          scavengersFollow: false,
        },
      },
      { label: 'more haul: one more vehicle each', city: name, params: { ...d('moreHaul'), means: { kind: 'vehicles', extraVehiclesPerPoint: 1 } } },
      { label: 'more haul: three shifts', city: name, params: { ...d('moreHaul'), means: { kind: 'shifts', shiftsPerDay: 3 } } },
      ...[1, 2].map((shiftsPerDay) => ({
        label: `more haul: a station, ${shiftsPerDay} shift(s)`,
        city: name,
        params: { ...d('moreHaul'), means: { kind: 'station' as const, stationName: 'Station <X>', extraVehicles: 4, shiftsPerDay, storageLimitT: 200, roundTripKm: 18.5, capitalUnitCost: '0', capitalLifeYears: 20, omPerYear: '0' } },
      })),
      { label: 'outsourcing 50% at 45000', city: name, params: { preset: 'outsourcing', fromYear: d('outsourcing').fromYear, share: 0.5, pricePerT: '45000' } },
      { label: 'fee reform: an amount, up from the fee now', city: name, params: { preset: 'feeReform', fromYear: d('feeReform').fromYear, amount: '12000', collectionRate: 0.75 } },
      { label: 'fee reform: an amount, a new fee', city: name, cityFile: withoutHouseholdFee(city), params: { preset: 'feeReform', fromYear: d('feeReform').fromYear, amount: '12000', collectionRate: 0.755 } },
      { label: 'fee reform: full cost, a new fee', city: name, cityFile: withoutHouseholdFee(city), params: { ...d('feeReform') } },
      { label: 'integrate scavengers: another group', city: name, params: { ...d('integrateScavengers'), groupId: city.scavengerGroups[0].id, hired: 12.5, wagePerDay: '30000', daysPerYear: 250 } },
    );
  }
  return out;
}

function build(c: Case): { city: CityFile; assumptions: string; facts: PresetAssumptionFacts } {
  const city = c.cityFile ?? CITIES[c.city];
  const built = buildPreset(city, c.params);
  if (!built.ok) throw new Error(`${c.label} on ${c.city}: ${built.field}: ${built.message}`);
  return { city, assumptions: built.scenario.assumptions, facts: built.assumptionFacts };
}

const ALL = cases();

describe('English: exactly the model\'s sentence, from the facts alone', () => {
  it.each(ALL.map((c) => [`${c.label} on ${c.city}`, c] as const))('%s', (_, c) => {
    const { city, assumptions, facts } = build(c);
    expect(presetAssumptionsText(facts, city, translator('en'), 'en')).toBe(assumptions);
  });

  it('covers every optional clause both ways', () => {
    const facts = ALL.map((c) => build(c).facts);
    const has = (pred: (f: PresetAssumptionFacts) => boolean) => facts.some(pred);
    expect(has((f) => f.preset === 'composting' && f.capital !== null) && has((f) => f.preset === 'composting' && f.capital === null)).toBe(true);
    expect(has((f) => f.preset === 'composting' && f.joinedPoints > 0) && has((f) => f.preset === 'composting' && f.facilityIsNew) && has((f) => f.preset === 'composting' && !f.facilityIsNew)).toBe(true);
    expect(has((f) => f.preset === 'sourceSeparation' && f.recovery !== null && f.programmeCostPerYear !== null) && has((f) => f.preset === 'sourceSeparation' && f.recovery === null && f.programmeCostPerYear === null)).toBe(true);
    expect(has((f) => f.preset === 'newDisposalSite' && f.scavengersFollow && f.distance.kind === 'factor') && has((f) => f.preset === 'newDisposalSite' && !f.scavengersFollow && f.capital !== null && f.distance.kind === 'byRegion')).toBe(true);
    for (const kind of ['vehicles', 'shifts', 'station']) expect(has((f) => f.preset === 'moreHaul' && f.means.kind === kind), kind).toBe(true);
    for (const kind of ['fullCost', 'upFrom', 'newFee']) expect(has((f) => f.preset === 'feeReform' && f.how.kind === kind), kind).toBe(true);
    expect(has((f) => f.preset === 'feeReform' && f.feeIsNew)).toBe(true);
  });

  it('the facts are data: the outsourcing example of the issue', () => {
    const built = buildPreset(CITIES.surabaya, { preset: 'outsourcing', fromYear: 2005, share: 0.5, pricePerT: '45000' });
    expect(built.ok && built.assumptionFacts).toEqual({ preset: 'outsourcing', year: 2005, currency: 'IDR', share: 0.5, nowShare: 0.3, pricePerT: '45000' });
  });
});

/** Words of the English sentences; none may be left in an Indonesian or Chinese one. */
const ENGLISH_WORDS = [
  'From', 'the', 'of', 'and', 'waste', 'transfer', 'points', 'landfill', 'landfills', 'composting', 'grows', 'takes', 'hauled', 'shared', 'oversubscribed',
  'compost', 'sells', 'capital', 'over', 'years', 'households', 'household', 'zone', 'bin', 'scavengers', 'downstream', 'hub', 'sorts', 'residue', 'programme',
  'costs', 'opens', 'month', 'cover', 'about', 'haul', 'round', 'trip', 'average', 'elsewhere', 'more', 'vehicle', 'vehicles', 'each', 'crew', 'station',
  'instead', 'shifts', 'day', 'contractors', 'now', 'tonne', 'fleet', 'proportion', 'fee', 'new', 'household-month', 'paid', 'served', 'amount', 'baseline',
  'recovers', 'full', 'net', 'cost', 'up', 'city', 'hires', 'jobs', 'threshold', 'others', 'keep', 'working', 'before', 'site', 'too', 'Composting programme',
  'Household waste fee', 'O&M', 't/day', 'm3',
];

/** The sentence without the names the city file gives (fractions, groups, fees, facilities, landfills, regions) and the names the case types. */
function withoutDataNames(text: string, city: CityFile): string {
  const names = [
    ...city.fractions.map((f) => f.name),
    ...city.scavengerGroups.map((g) => g.name),
    ...city.fees.map((f) => f.name),
    ...city.facilities.map((f) => f.name),
    ...city.landfills.map((l) => l.name),
    // Typed into the form (the form offers its default in the page's language).
    'New sanitary landfill', 'Site <B>', 'Station <X>', 'Region A', 'Region B',
  ].sort((a, b) => b.length - a.length);
  let out = text;
  for (const n of names) out = out.split(n).join(' ').split(n.toLowerCase()).join(' ').split(n[0].toLowerCase() + n.slice(1)).join(' ');
  return out;
}

function englishLeft(text: string): string[] {
  return ENGLISH_WORDS.filter((w) => new RegExp(`(?<![\\p{L}&/-])${w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{L}&/-])`, 'u').test(text));
}

/** Glossary words each preset's sentence must have (docs/glossary.id.md, docs/glossary.zh.md). */
const GLOSSARY: Record<'id' | 'zh', Record<PresetAssumptionFacts['preset'], string[]>> = {
  id: {
    composting: ['Mulai', 'pengomposan', 'TPS', 'TPA', 'ton/hari', 'kompos'],
    sourceSeparation: ['zona', 'pemulung', 'bank sampah'],
    newDisposalSite: ['TPS', 'TPA', 'tanah penutup', 'jarak pulang-pergi'],
    moreHaul: ['TPS', 'TPA', 'jarak pulang-pergi'],
    outsourcing: ['kontraktor', 'per ton yang diangkut'],
    feeReform: ['per rumah tangga per bulan', 'rumah tangga terlayani'],
    integrateScavengers: ['pekerjaan formal', 'ambang pendapatan'],
  },
  zh: {
    composting: ['自', '堆肥', '转运站', '填埋场', '吨/日'],
    sourceSeparation: ['片区', '拾荒者', '垃圾银行'],
    newDisposalSite: ['转运站', '填埋场', '覆盖土', '往返距离'],
    moreHaul: ['转运站', '填埋场', '往返距离'],
    outsourcing: ['承包商', '清运'],
    feeReform: ['每户每月', '已服务住户'],
    integrateScavengers: ['正式工作', '收入门槛'],
  },
};

/** How Intl writes each city's money in each language: "Rp 45.000" and "CN¥6,00" (id), "IDR 45,000" and "¥6.00" (zh). */
const MONEY = {
  id: { IDR: /Rp\u00a0\d{1,3}(\.\d{3})*(?![\d,])/u, CNY: /CN¥\d{1,3}(\.\d{3})*,\d\d/u },
  zh: { IDR: /IDR\u00a0\d{1,3}(,\d{3})*(?![\d.])/u, CNY: /¥\d{1,3}(,\d{3})*\.\d\d/u },
} as const;

describe.each(['id', 'zh'] as const)('%s: the glossary\'s words, the language\'s figures, no English', (lang: Lang & ('id' | 'zh')) => {
  const t = translator(lang);
  it.each(ALL.map((c) => [`${c.label} on ${c.city}`, c] as const))('%s', (_, c) => {
    const { city, facts } = build(c);
    const text = presetAssumptionsText(facts, city, t, lang);
    for (const w of GLOSSARY[lang][facts.preset]) expect(text, text).toContain(w);
    expect(englishLeft(withoutDataNames(text, city)), text).toEqual([]);
    // Amounts the language's way (Intl's currency forms), never the English "45,000 IDR".
    expect(text).not.toMatch(/\d (IDR|CNY)/);
    if (facts.preset !== 'moreHaul' && !(facts.preset === 'sourceSeparation' && facts.programmeCostPerYear === null)) expect(text).toMatch(MONEY[lang][city.settings.currency as 'IDR' | 'CNY']);
  });

  it('clauses follow the facts: the optional ones appear only when on', () => {
    const on = build(ALL.find((c) => c.city === 'surabaya' && c.label.startsWith('source separation with'))!);
    const off = build(ALL.find((c) => c.city === 'surabaya' && c.label === 'sourceSeparation defaults')!);
    const hub = lang === 'id' ? 'Bank sampah induk' : '垃圾银行中心';
    expect(presetAssumptionsText(on.facts, on.city, t, lang)).toContain(hub);
    expect(presetAssumptionsText(off.facts, off.city, t, lang)).not.toContain(hub);
  });
});

describe('figures in each language', () => {
  const id = translator('id');
  const zh = translator('zh');

  it('outsourcing in Surabaya, Indonesian: 50%, Rp 45.000, now 30%', () => {
    const b = buildPreset(CITIES.surabaya, { preset: 'outsourcing', fromYear: 2005, share: 0.5, pricePerT: '45000' });
    if (!b.ok) throw new Error(b.message);
    expect(presetAssumptionsText(b.assumptionFacts, CITIES.surabaya, id, 'id')).toBe(
      'Mulai 2005 kontraktor mengangkut 50% sampah (sekarang 30%) dengan harga Rp\u00a045.000 per ton yang diangkut; biaya armada milik kota turun sebanding.',
    );
  });

  it('outsourcing in Chongqing, Chinese: yuan with two decimals, exact from the decimal string', () => {
    const b = buildPreset(CITIES.chongqing, { preset: 'outsourcing', fromYear: 2004, share: 0.125, pricePerT: '1234.5' });
    if (!b.ok) throw new Error(b.message);
    expect(presetAssumptionsText(b.assumptionFacts, CITIES.chongqing, zh, 'zh')).toBe('自 2004 年起，承包商清运 12.5% 的垃圾（目前为 0%），单价为每清运吨 ¥1,234.50；城市自有车队的成本按比例减少。');
  });

  it('decimals and lists the Indonesian way: 0,5 kendaraan; fractions joined with "dan" (和 in Chinese, spaced from Latin names)', () => {
    const c = ALL.find((x) => x.city === 'surabaya' && x.label === 'moreHaul defaults')!;
    const { city, facts } = build(c);
    expect(presetAssumptionsText(facts, city, id, 'id')).toMatch(/mendapat 0,5 kendaraan tambahan per TPS \(\d+(,\d+)? seluruhnya/);
    const s = build(ALL.find((x) => x.city === 'surabaya' && x.label.startsWith('source separation with'))!);
    expect(presetAssumptionsText(s.facts, s.city, id, 'id')).toContain('menahan 30% paper and cardboard dan 25% plastics agar');
    expect(presetAssumptionsText(s.facts, s.city, zh, 'zh')).toContain('将 Paper and cardboard 的 30% 和 Plastics 的 25% 留在');
  });

  it('a fee the preset adds is named in the language; the city\'s own fee keeps its name', () => {
    const n = build(ALL.find((x) => x.city === 'chongqing' && x.label === 'fee reform: an amount, a new fee')!);
    expect(presetAssumptionsText(n.facts, n.city, zh, 'zh')).toBe('自 2003 年起，生活垃圾处理费为每户每月 ¥12,000.00（新设垃圾处理费），由 75.5% 的已服务住户缴纳。');
    expect(presetAssumptionsText(n.facts, n.city, id, 'id')).toContain('Mulai 2003 retribusi kebersihan menjadi CN¥12.000,00 per rumah tangga per bulan (retribusi baru)');
    const u = build(ALL.find((x) => x.city === 'surabaya' && x.label === 'fee reform: an amount, up from the fee now')!);
    expect(presetAssumptionsText(u.facts, u.city, id, 'id')).toContain('cleansing retribution (retribusi kebersihan) to the city menjadi Rp\u00a012.000 per rumah tangga per bulan (naik dari Rp\u00a05.000)');
  });
});

describe('a scenario made from a preset on an Indonesian page', () => {
  it('stores and shows the Indonesian sentence; an English page still stores the English one', async () => {
    const { app, db } = appWithFixture();
    createUser(db, { email: 'ed@x.org', password: 'long password 1', roles: { 'kota-contoh': 'editor' } });
    const editor = await signIn(app, 'ed@x.org', 'long password 1');
    const CITY = '/cities/kota-contoh';
    const form = await editor.agent.get(`${CITY}/scenarios/new?preset=outsourcing&lang=id`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(form.text)?.[1] ?? '';
    await editor.agent
      .post(`${CITY}/scenarios?lang=id`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), version, preset: 'outsourcing', fromYear: '2026', share: '0,5', pricePerT: '45.000', name: 'Kontrak <b>' })
      .expect(303);
    const page = await editor.agent.get(`${CITY}/scenarios/kontrak-b?lang=id`).expect(200);
    expect(page.text).toMatch(/Mulai 2026 kontraktor mengangkut 50% sampah \(sekarang \d+%\) dengan harga Rp\u00a045\.000 per ton yang diangkut; biaya armada milik kota turun sebanding\./);
    expect(page.text).not.toContain('contractors haul');
    expect(page.text).toContain('Kontrak &lt;b&gt;');

    const form2 = await editor.agent.get(`${CITY}/scenarios/new?preset=outsourcing&lang=en`).expect(200);
    const version2 = /name="version" value="(\d+)"/.exec(form2.text)?.[1] ?? '';
    await editor.agent.post(`${CITY}/scenarios?lang=en`).type('form').send({ _csrf: csrfFrom(form2.text), version: version2, preset: 'outsourcing', fromYear: '2026', share: '0.5', pricePerT: '45000', name: 'Contract' }).expect(303);
    const en = await editor.agent.get(`${CITY}/scenarios/contract?lang=en`).expect(200);
    expect(en.text).toMatch(/From 2026 contractors haul 50% of the waste \(now \d+%\) at 45,000 IDR per tonne hauled; the city&#39;s own fleet costs fall in proportion\./);
  });
});

describe('records a preset adds, named in the page\'s language', () => {
  const ENGLISH_NAMES = [/Composting programme/, /Waste bank hub/, /Source separation and waste bank programme/, /Household waste fee/, /hired into formal jobs/];
  for (const lang of ['id', 'zh'] as const) {
    it(`in ${lang}: no record any preset adds keeps an English name (every preset, optional clauses on)`, () => {
      const t = translator(lang);
      let added = 0;
      for (const c of cases()) {
        const city = c.cityFile ?? CITIES[c.city];
        const recordNames = presetRecordNames(city, c.params, t, lang);
        const built = buildPreset(city, { ...c.params, ...(recordNames ? { recordNames } : {}) });
        expect(built.ok, c.label).toBe(true);
        if (!built.ok) continue;
        for (const ch of built.scenario.changes) {
          if (ch.op !== 'add') continue;
          const name = String(ch.item.name ?? ch.item.description ?? '');
          if (ENGLISH_NAMES.some((re) => re.test(name))) throw new Error(`${c.label}: ${ch.collection} "${name}" is English`);
          added++;
        }
      }
      expect(added).toBeGreaterThan(5);
    });
  }

  it('in English: the model\'s own names (nothing passed)', () => {
    const c = cases().find((x) => x.params.preset === 'integrateScavengers')!;
    expect(presetRecordNames(CITIES[c.city], c.params, translator('en'), 'en')).toBeUndefined();
    const built = buildPreset(CITIES[c.city], c.params);
    expect(built.ok && built.scenario.changes.some((ch) => ch.op === 'add' && /hired into formal jobs$/.test(String(ch.item.name)))).toBe(true);
    const id = presetRecordNames(CITIES[c.city], c.params, translator('id'), 'id');
    expect(id?.hired).toMatch(/ dipekerjakan secara formal$/);
  });
});
