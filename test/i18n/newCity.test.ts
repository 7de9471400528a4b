/**
 * A new city in Bahasa Indonesia and Chinese: the six steps' titles, labels,
 * help and messages, and numbers typed the language's way (parseLocaleNumber:
 * "1.250,5" in Indonesian; ambiguous input refused with a message beside its
 * field). The draft keeps numbers canonical, so a city started in one
 * language can be finished in another.
 */
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildCity, parseStep, stepDefaults, toStepView, valuesForInput, type Draft } from '../../src/reports/newCity.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUser, signIn, type Session } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const PASSWORD = 'long password 1';
let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'planner@x.org', password: PASSWORD });
});

async function post(s: Session, path: string, fields: Record<string, string>) {
  return s.agent.post(path).type('form').send({ _csrf: await s.csrf('/cities/new'), ...fields });
}

/** Signs in and picks the language (kept in the session and the account). */
async function plannerIn(lang: 'id' | 'zh' | 'en'): Promise<Session> {
  const s = await signIn(app, 'planner@x.org', PASSWORD);
  await s.agent.get(`/cities/new?lang=${lang}`).expect(200);
  return s;
}

/** The text and select values of a step's form as the page shows them. */
async function formOf(s: Session, path: string): Promise<Record<string, string>> {
  const page = await s.agent.get(path).expect(200);
  const values: Record<string, string> = {};
  for (const m of page.text.matchAll(/<input id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"/g)) values[m[1]] = m[2];
  for (const m of page.text.matchAll(/<select id="[^"]+" name="([^"]+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/g)) values[m[1]] = m[2];
  return values;
}

const ZONE_ID = { id: 'pusat', name: 'Pusat', population: '100.000', households: '25.000', generationKgPerCapDay: '0,5', coverage: '0,8' };

describe('parseStep reads numbers as the language types them', () => {
  it('takes Indonesian numbers and keeps them canonical', () => {
    expect(parseStep('zone', ZONE_ID, {}, 'id')).toEqual({
      ok: true,
      values: { id: 'pusat', name: 'Pusat', population: '100000', households: '25000', generationKgPerCapDay: '0.5', coverage: '0.8' },
    });
    expect(parseStep('transferPoint', { id: 'tps', name: 'TPS', storageLimitT: '1.250,5', vehicles: '4', shiftsPerDay: '1', roundTripKm: '12,5' }, {}, 'id')).toMatchObject({
      ok: true,
      values: { storageLimitT: '1250.5', roundTripKm: '12.5' },
    });
  });

  it('refuses ambiguous input with a message for its field, and keeps what was typed', () => {
    const id = parseStep('zone', { ...ZONE_ID, generationKgPerCapDay: '0.5', population: '1,250' }, {}, 'id');
    expect(id.ok).toBe(false);
    if (id.ok) return;
    expect(id.values.generationKgPerCapDay).toBe('0.5');
    expect(id.fieldErrors.generationKgPerCapDay).toBe('“0.5” ambigu: titik memisahkan ribuan, per tiga angka. Untuk desimal dalam bahasa Indonesia, gunakan koma: 0,5.');
    expect(id.fieldErrors.population).toMatch(/^“1,250” bisa dibaca dua cara/);
    expect(Object.keys(id.fieldErrors).sort()).toEqual(['generationKgPerCapDay', 'population']);

    const en = parseStep('zone', { ...ZONE_ID, population: '100000', households: '25000', generationKgPerCapDay: '0,5', coverage: '0.8' }, {}, 'en');
    expect(en.ok).toBe(false);
    if (en.ok) return;
    expect(en.fieldErrors).toEqual({ generationKgPerCapDay: '“0,5” is ambiguous: a comma separates thousands, in groups of three digits. For decimals, use a point: 0.5.' });
  });

  it('takes the city\'s currency in a money field and words the engine\'s messages in the language', () => {
    const draft: Draft = { basics: { currency: 'IDR' } };
    const vehicle = { ...valuesForInput('vehicle', stepDefaults('vehicle', 'hauled', 'id'), 'id'), wagePerDay: 'Rp 60.000', 'capital.unitCost': '400.000.000', fuelPricePerLitre: '6.800' };
    const ok = parseStep('vehicle', vehicle, draft, 'id');
    expect(ok).toMatchObject({ ok: true, values: { wagePerDay: '60000', 'capital.unitCost': '400000000', fuelPricePerLitre: '6800', pickupHours: '0.4', atSiteHours: '0.133' } });
    const zh = parseStep('zone', { ...ZONE_ID, population: '100000', households: '25000', generationKgPerCapDay: '0.5', coverage: '1.5' }, {}, 'zh');
    expect(zh).toMatchObject({ ok: false, fieldErrors: { coverage: '必须小于或等于 1' } });
  });

  it('words the composition\'s own checks in the language, with its numbers', () => {
    const body = { 'fractions.0.id': 'kitchen', 'fractions.0.name': 'Sisa makanan', 'fractions.0.share': '0,7', 'fractions.1.id': 'kitchen', 'fractions.1.name': 'X', 'fractions.1.share': '0,25' };
    const out = parseStep('composition', body, {}, 'id');
    expect(out).toMatchObject({ ok: false, fieldErrors: { 'fractions.1.id': '“kitchen” diisi dua kali', fractions: 'jumlah porsinya 0,95, bukan 1' } });
    const zh = parseStep('composition', { ...body, 'fractions.1.id': 'paper', 'fractions.0.share': '0.7', 'fractions.1.share': '0.25' }, {}, 'zh');
    expect(zh).toMatchObject({ ok: false, fieldErrors: { fractions: '各比例之和为 0.95，而不是 1' } });
  });
});

describe('valuesForInput and the view', () => {
  it('writes a draft\'s numbers the language\'s way, years ungrouped', () => {
    const basics = { id: 'kota-baru', currency: 'IDR', minorUnit: '0', baseYear: '2024', horizonYears: '20', discountRate: '0.1', incomeThresholdPerDay: '50000' };
    expect(valuesForInput('basics', basics, 'id')).toEqual({ ...basics, discountRate: '0,1', incomeThresholdPerDay: '50.000' });
    expect(valuesForInput('basics', basics, 'zh')).toEqual({ ...basics, incomeThresholdPerDay: '50,000' });
    expect(valuesForInput('composition', stepDefaults('composition', 'hauled', 'id'), 'id')).toMatchObject({ 'fractions.0.name': 'Sisa makanan', 'fractions.0.share': '0,55' });
  });

  it('labels a step in Chinese', () => {
    const view = toStepView('transferPoint', valuesForInput('transferPoint', stepDefaults('transferPoint'), 'zh'), {}, {}, {}, 'zh');
    expect(view.title).toBe('新建城市，第 5 步（共 6 步）：一个转运站');
    expect(view.steps.map((s) => s.title)).toEqual(['基本信息', '垃圾成分', '一个片区', '一种车型', '一个转运站', '一个填埋场']);
    expect(view.fields.find((f) => f.name === 'roundTripKm')?.label).toBe('到填埋场的清运距离（往返）');
    expect(view.submitLabel).toBe('下一步');
    expect(JSON.stringify(view)).not.toMatch(/New city|A transfer point|Haul distance|Next/);
  });

  it('finishes in English a city started in Indonesian: the draft is canonical', () => {
    const draft: Draft = {};
    const basics = parseStep('basics', { id: 'kota-baru', name: 'Kota Baru', country: '', currency: 'IDR', minorUnit: '0', baseYear: '2024', horizonYears: '10', discountRate: '0,1', incomeThresholdPerDay: '50.000' }, draft, 'id');
    expect(basics.ok).toBe(true);
    if (!basics.ok) return;
    draft.basics = basics.values;
    const zone = parseStep('zone', ZONE_ID, draft, 'id');
    if (!zone.ok) throw new Error('zone refused');
    draft.zone = zone.values;
    for (const [step, body] of [
      ['composition', stepDefaults('composition')],
      ['vehicle', { ...stepDefaults('vehicle'), wagePerDay: '60000', 'capital.unitCost': '400000000', fuelPricePerLitre: '6800' }],
      ['transferPoint', { id: 'tps', name: 'TPS', storageLimitT: '100', vehicles: '4', shiftsPerDay: '1', roundTripKm: '20' }],
      ['landfill', { id: 'tpa', name: 'TPA', remainingAirspaceM3: '2,000,000', densityTPerM3: '0.8', 'cover.method': 'share', 'cover.value': '0.15' }],
    ] as const) {
      const out = parseStep(step, body, draft, 'en');
      if (!out.ok) throw new Error(`${step}: ${JSON.stringify(out.fieldErrors)}`);
      draft[step] = out.values;
    }
    const city = buildCity(draft, 'en');
    expect(city.ok).toBe(true);
    if (!city.ok) return;
    expect(city.city.settings.incomeThresholdPerDay).toBe('50000');
    expect(city.city.settings.discountRate).toBe(0.1);
    expect(city.city.zones[0]).toMatchObject({ population: 100000, generationKgPerCapDay: 0.5, coverage: 0.8 });
    expect(city.city.landfills[0].remainingAirspaceM3).toBe(2000000);
  });
});

describe('the new-city pages', () => {
  it('step 1 in Indonesian: title, labels and help, none of the English', async () => {
    const s = await plannerIn('id');
    const page = await s.agent.get('/cities/new/scratch/1').expect(200);
    expect(page.text).toContain('<h1>Kota baru, langkah 1 dari 6: Data dasar</h1>');
    expect(page.text).toContain('Kota, mata uangnya, dan tahun-tahun yang dicakup rencana.');
    expect(page.text).toContain('Mata uang');
    expect(page.text).toContain('Slug penamaan kota di alamat halaman');
    expect(page.text).toContain('>Lanjut</button>');
    expect(page.text).toContain('value="0,1"');
    for (const english of ['New city, step', 'Basics', 'The city, its currency', 'Slug naming the city', 'The city as people know it', 'Descriptive.', '>Next<', 'Currency']) {
      expect(page.text).not.toContain(english);
    }
  });

  it('walks the six steps in Indonesian numbers and creates the city; the flash is Indonesian', async () => {
    const s = await plannerIn('id');
    const basics = { id: 'kota-baru', name: 'Kota Baru', country: 'Indonesia', currency: 'IDR', minorUnit: '0', baseYear: '2024', horizonYears: '10', discountRate: '0,1', incomeThresholdPerDay: '50.000' };
    expect((await post(s, '/cities/new/scratch/1', basics)).headers.location).toBe('/cities/new/scratch/2');
    expect(await formOf(s, '/cities/new/scratch/1')).toMatchObject({ incomeThresholdPerDay: '50.000', discountRate: '0,1', baseYear: '2024' });
    const composition = await formOf(s, '/cities/new/scratch/2');
    expect(composition).toMatchObject({ 'fractions.0.name': 'Sisa makanan', 'fractions.0.share': '0,55' });
    const checks: Record<string, string> = { 'fractions.0.compostable': 'true', 'fractions.1.compostable': 'true', 'fractions.2.recyclable': 'true', 'fractions.3.recyclable': 'true' };
    expect((await post(s, '/cities/new/scratch/2', { ...composition, ...checks })).headers.location).toBe('/cities/new/scratch/3');

    const ambiguous = await post(s, '/cities/new/scratch/3', { ...ZONE_ID, generationKgPerCapDay: '0.5' });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.text).toContain('id="f-generationKgPerCapDay-error">“0.5” ambigu');
    expect(ambiguous.text).toContain('value="0.5"');
    expect((await post(s, '/cities/new/scratch/3', ZONE_ID)).headers.location).toBe('/cities/new/scratch/4');

    const vehicle = await formOf(s, '/cities/new/scratch/4');
    expect(vehicle).toMatchObject({ name: 'Truk arm-roll', pickupHours: '0,4', atSiteHours: '0,133' });
    const v = await post(s, '/cities/new/scratch/4', { ...vehicle, wagePerDay: 'Rp 60.000', 'capital.unitCost': '400.000.000', fuelPricePerLitre: '6.800' });
    expect(v.headers.location).toBe('/cities/new/scratch/5');
    const transferPoint = { id: 'tps-pusat', name: 'TPS Pusat', storageLimitT: '100', vehicles: '4', shiftsPerDay: '1', roundTripKm: '20,5' };
    expect((await post(s, '/cities/new/scratch/5', transferPoint)).headers.location).toBe('/cities/new/scratch/6');
    const done = await post(s, '/cities/new/scratch/6', { id: 'tpa-baru', name: 'TPA Baru', remainingAirspaceM3: '2.000.000', densityTPerM3: '0,8', 'cover.method': 'share', 'cover.value': '0,15' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/cities/kota-baru');

    const city = createCityRepository(db).get('kota-baru')?.document;
    expect(city?.settings.incomeThresholdPerDay).toBe('50000');
    expect(city?.fractions[0]).toMatchObject({ id: 'kitchen', name: 'Sisa makanan', share: 0.55 });
    expect(city?.vehicleTypes[0]).toMatchObject({ name: 'Truk arm-roll', wagePerDay: '60000', capital: { unitCost: '400000000' } });
    expect(city?.vehicleTypes[0].provenance?.pickupHours?.note).toBe('nilai tipikal dari templat buku teks');
    expect(city?.transferPoints[0].legs).toEqual([{ siteId: 'tpa-baru', roundTripKm: 20.5 }]);
    expect(city?.landfills[0]).toMatchObject({ remainingAirspaceM3: 2000000, densityTPerM3: 0.8 });
    const page = await s.agent.get('/cities/kota-baru').expect(200);
    expect(page.text).toContain('Kota Baru dibuat; Anda administrator kotanya.');
  });

  it('in Chinese: the choice page, the draft note, a refused step, the taken id at the end and a missing step', async () => {
    const s = await plannerIn('zh');
    const basics = { id: 'kota-contoh', name: 'Kota', country: '', currency: 'IDR', minorUnit: '0', baseYear: '2024', horizonYears: '10', discountRate: '0.1', incomeThresholdPerDay: '50,000' };
    expect((await post(s, '/cities/new/scratch/1', basics)).status).toBe(303);
    const choice = await s.agent.get('/cities/new').expect(200);
    expect(choice.text).toContain('您有一个正在从零创建的城市（已完成 1/6 步）。');
    expect(choice.text).not.toContain('You have a city from scratch');

    const shares = await post(s, '/cities/new/scratch/2', { 'fractions.0.id': 'kitchen', 'fractions.0.name': '厨余', 'fractions.0.share': '0.7', 'fractions.1.id': 'paper', 'fractions.1.name': '纸类', 'fractions.1.share': '0.2' });
    expect(shares.status).toBe(422);
    expect(shares.text).toContain('各比例之和为 0.9，而不是 1');
    expect(shares.text).toContain('<h1>新建城市，第 2 步（共 6 步）：垃圾成分</h1>');
    await post(s, '/cities/new/scratch/2', stepDefaults('composition', 'hauled', 'zh'));
    await post(s, '/cities/new/scratch/3', { ...ZONE_ID, population: '100,000', households: '25,000', generationKgPerCapDay: '0.5', coverage: '0.8' });
    const vehicle = await formOf(s, '/cities/new/scratch/4?template=stationary');
    expect(vehicle.name).toBe('压缩车');
    await post(s, '/cities/new/scratch/4', { ...vehicle, wagePerDay: '1', 'capital.unitCost': '1', fuelPricePerLitre: '1' });
    await post(s, '/cities/new/scratch/5', { id: 'tps', name: 'TPS', storageLimitT: '100', vehicles: '4', shiftsPerDay: '1', roundTripKm: '20' });
    const end = await post(s, '/cities/new/scratch/6', { id: 'tpa', name: 'TPA', remainingAirspaceM3: '2,000,000', densityTPerM3: '0.8', 'cover.method': 'share', 'cover.value': '0.15' });
    expect(end.status).toBe(422);
    expect(end.text).toContain('<code>city.id</code>: 城市“kota-contoh”已存在：请在第 1 步中更改标识');
    expect(end.text).toContain('>创建城市</button>');
    expect(end.text).toContain('value="2,000,000"');
    expect(end.text).not.toMatch(/exists already|Create the city/);

    const missing = await s.agent.get('/cities/new/scratch/9').expect(404);
    expect(missing.text).toContain('没有第“9”步；步骤为 1-6。');
  });

  it('the copy form in Indonesian: its field messages and the flash', async () => {
    const s = await plannerIn('id');
    const refused = await post(s, '/cities/new/copy', { source: 'nowhere', id: 'import', name: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('pilih kota yang dapat Anda baca');
    expect(refused.text).toContain('“import” adalah nama sebuah halaman; pilih ID lain');
    expect(refused.text).not.toMatch(/choose a city you can read|is the name of a page|is required/);
    const done = await post(s, '/cities/new/copy', { source: 'kota-contoh', id: 'kota-dua', name: 'Kota Dua' });
    expect(done.status).toBe(303);
    expect((await s.agent.get('/cities/kota-dua')).text).toContain('Kota Dua dibuat sebagai salinan Kota Contoh; Anda administrator kotanya.');
  });
});
