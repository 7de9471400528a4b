/**
 * Scenario pages in Bahasa Indonesia and Chinese: the preset knobs, the
 * changes as sentences, the numbers typed into the forms (read the page
 * language's way), the messages beside the fields, the flash messages and
 * the error pages of src/web/routes/scenarios.ts.
 */
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { buildPreset, presetDefaults, PRESET_IDS } from '../../src/model/presets.js';
import { changeCatalogue, describeChange, parseChangeForm, parsePresetForm, presetErrorText, presetFormValues, presetKnobs, valueChoices } from '../../src/reports/scenarioForms.js';
import { demoCity, demoRun } from '../reports/helpers.js';
import { createUser, csrfFrom, signIn, type SignedIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const city = demoCity('surabaya');
const id = translator('id');
const zh = translator('zh');

describe('changes as sentences', () => {
  it.each([
    ['id', { op: 'set', fromYear: 2005, path: 'transferPoints/tps-tegalsari-2/vehicles', value: 0.5 }, /^Mulai 2005: TPS Tegalsari 2 — \S.* 0,75 → 0,5$/],
    ['zh', { op: 'set', fromYear: 2005, path: 'transferPoints/tps-tegalsari-2/vehicles', value: 0.5 }, /^自 2005 年起：转运站 TPS Tegalsari 2 — \S.* 0.75 → 0.5$/],
    ['id', { op: 'retire', fromYear: 2010, collection: 'landfills', id: 'benowo' }, /^Mulai 2010: hentikan TPA Benowo$/],
    ['zh', { op: 'retire', fromYear: 2010, collection: 'landfills', id: 'benowo' }, /^自 2010 年起：停用填埋场 TPA Benowo$/],
    ['id', { op: 'set', fromYear: 2004, path: 'zones/*/coverage', value: 0.95 }, /^Mulai 2004: semua zona — \S.* → 0,95$/],
    ['zh', { op: 'set', fromYear: 2004, path: 'zones/*/coverage', value: 0.95 }, /^自 2004 年起：所有片区 — \S.* → 0.95$/],
    ['id', { op: 'set', fromYear: 2004, path: 'settings/haulOutsourcedShare', value: 0.5 }, /^Mulai 2004: pengaturan — \S.* 0,3 → 0,5$/],
    ['zh', { op: 'set', fromYear: 2004, path: 'settings/haulOutsourcedShare', value: 0.5 }, /^自 2004 年起：设置 — \S.* 0.3 → 0.5$/],
    ['id', { op: 'set', fromYear: 2004, path: 'transferPoints/tps-tegalsari-2/legs', value: [{ siteId: 'new-site', roundTripKm: 32.5 }] }, /^Mulai 2004: TPS Tegalsari 2 — .* benowo 42 km → new-site 32,5 km$/],
    ['id', { op: 'set', fromYear: 2004, path: 'fees/retribusi-kebersihan/amount', value: '12500' }, /^Mulai 2004: retribusi .+ — .* → 12\.500$/],
    ['zh', { op: 'set', fromYear: 2004, path: 'transferPoints/new-point/vehicles', value: 2 }, /^自 2004 年起：转运站 new-point — .* （由情景新增） → 2$/],
    ['id', { op: 'set', fromYear: 2004, path: 'fees/retribusi-kebersihan/amount', value: '7500' }, /^Mulai 2004: retribusi .+ — .* 5\.000 → 7\.500$/],
    ['zh', { op: 'set', fromYear: 2004, path: 'settings/landfillFallbackOrder', value: ['benowo', 'new-site'] }, /^自 2004 年起：设置 — .* benowo → benowo、new-site$/],
  ] as const)('%s: %o', (lang, change, sentence) => {
    const text = describeChange(city, change as never, translator(lang));
    expect(text).toMatch(sentence);
    expect(text).not.toMatch(/From|transfer point|every|retire|settings|added by/);
  });
});

describe('preset knobs', () => {
  it('are labelled in the language with the glossary words, units too', () => {
    const haul = presetKnobs(city, 'moreHaul', zh);
    expect(haul.find((k) => k.name === 'thresholdKm')?.label).toBe('远距离：至填埋场往返距离超过');
    expect(haul.find((k) => k.name === 'means')?.options?.map((o) => o.label)).toEqual(['每个远距离转运站增加车辆', '每个远距离转运站增加班次', '为远距离转运站建设压缩转运站']);
    expect(haul.find((k) => k.name === 'stationStorageLimitT')).toMatchObject({ label: '压缩转运站：存放上限', unit: '吨' });
    const fee = presetKnobs(city, 'feeReform', id);
    expect(fee.find((k) => k.name === 'feeId')?.label).toBe('Retribusi');
    expect(fee.find((k) => k.name === 'amountMode')?.options?.[0].label).toBe('retribusi yang menutup biaya penuh');
    const compost = presetKnobs(city, 'composting', id);
    expect(compost.find((k) => k.name === 'omPerT')).toMatchObject({ label: 'Operasi dan pemeliharaan', unit: 'IDR/ton' });
    expect(compost.find((k) => k.name.startsWith('capture.'))?.label).toMatch(/^Porsi tangkap: /);
    const stage = presetKnobs(city, 'integrateScavengers', zh).find((k) => k.name === 'stage');
    expect(stage?.options?.map((o) => o.label)).toContain('最终处置');
  });

  it('have no English left in id and zh', () => {
    for (const preset of PRESET_IDS) {
      for (const t of [id, zh]) {
        for (const k of presetKnobs(city, preset, t)) {
          expect(`${k.label} ${k.unit} ${(k.options ?? []).map((o) => o.label).join(' ')}`, `${t.lang} ${preset}.${k.name}`).not.toMatch(
            /\b(From year|Capital|Round trip|share|Share|years|vehicles|Station|Scavenger|Wage|Amount|Fee|landfill|transfer point)\b/,
          );
        }
      }
    }
  });
});

describe('numbers typed in the forms', () => {
  it('every preset\'s defaults, shown the Indonesian and the Chinese way, read back to the same scenario', () => {
    const base = demoRun('surabaya');
    for (const preset of PRESET_IDS) {
      const defaults = presetDefaults(city, preset, base);
      for (const t of [id, zh]) {
        const parsed = parsePresetForm(city, preset, presetFormValues(city, defaults, t), base, t);
        if (!parsed.ok) throw new Error(`${t.lang} ${preset}: ${JSON.stringify(parsed.errors)}`);
        // The new landfill's default name is given in the form's language.
        const expected = defaults.preset === 'newDisposalSite' ? { ...defaults, landfillName: t('presets.knob.landfillDefaultName') } : defaults;
        expect(buildPreset(city, parsed.params), `${t.lang} ${preset}`).toEqual(buildPreset(city, expected));
      }
    }
  });

  it('Indonesian forms show "0,3" and read "0,5" and "Rp 7.500", and refuse "0.5" saying to type a comma', () => {
    const values = presetFormValues(city, presetDefaults(city, 'outsourcing', demoRun('surabaya')), id);
    expect(values.share).toMatch(/^\d,\d+$|^[01]$/);
    const ok = parsePresetForm(city, 'outsourcing', { fromYear: '2005', share: '0,5', pricePerT: 'Rp 7.500' }, undefined, id);
    expect(ok).toMatchObject({ ok: true, params: { share: 0.5, pricePerT: '7500' } });
    const bad = parsePresetForm(city, 'outsourcing', { fromYear: '2005', share: '0.5', pricePerT: '-5' }, undefined, id);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.share).toContain('gunakan koma: 0,5');
    expect(bad.errors.pricePerT).not.toMatch(/Enter|must/);
    const share = parsePresetForm(city, 'outsourcing', { fromYear: '2005', share: '1,5', pricePerT: '7500' }, undefined, id);
    expect(share).toEqual({ ok: false, errors: { share: 'harus berupa porsi antara 0 dan 1' } });
  });

  it('the add-a-change form reads the language\'s numbers and words its messages in it', () => {
    expect(parseChangeForm(city, { op: 'set', fromYear: '2005', collection: 'transferPoints', record: 'tps-tegalsari-2', field: 'vehicles', value: '1,25' }, id)).toMatchObject({ ok: true, change: { value: 1.25 } });
    expect(parseChangeForm(city, { op: 'set', fromYear: '1999', collection: 'transferPoints', record: 'nope', field: 'vehicles', value: '2' }, zh)).toEqual({
      ok: false,
      errors: { fromYear: '必须是规划期限 2003-2022 内的年份', record: '请选择一条记录（或所有记录）' },
    });
    expect(parseChangeForm(city, { op: 'bogus', fromYear: '2005', collection: 'settings' }, id)).toEqual({ ok: false, errors: { op: 'pilih ubah atau hentikan' } });
  });

  it('the change form\'s collections and "every" records are in the language', () => {
    const { collections, catalogue } = changeCatalogue(city, zh);
    expect(collections[0]).toEqual({ value: 'settings', label: '设置' });
    expect(collections.map((c) => c.label)).toContain('转运站');
    expect(catalogue.transferPoints.records[0]).toEqual({ id: '*', name: '所有转运站' });
  });

  it('a preset\'s own refusal is in the language', () => {
    expect(presetErrorText('no transfer point is more than 500 km (round trip) from its landfill', id)).toBe('tidak ada TPS yang jarak pulang-pergi ke TPA-nya lebih dari 500 km');
    expect(presetErrorText('must be at most the group\'s headcount (1200)', zh)).toBe('不得超过该群体的人数（1200）');
    expect(presetErrorText('must be 2 or 3', zh)).toBe('必须是 2 或 3');
  });
});

describe('scenario pages', () => {
  const CITY = '/cities/kota-contoh';
  const PW = 'long password 1';
  let app: ReturnType<typeof appWithFixture>['app'];
  let editor: SignedIn;

  beforeEach(async () => {
    const made = appWithFixture();
    app = made.app;
    createUser(made.db, { email: 'ed@x.org', password: PW, roles: { 'kota-contoh': 'editor' } });
    editor = await signIn(app, 'ed@x.org', PW);
  });

  it('the preset form in Chinese: knob labels, units and options, no English labels', async () => {
    const res = await editor.agent.get(`${CITY}/scenarios/new?preset=moreHaul&lang=zh`).expect(200);
    expect(res.text).toContain('远距离：至填埋场往返距离超过');
    expect(res.text).toContain('为远距离转运站建设压缩转运站');
    expect(res.text).toContain('value="压缩转运站"');
    for (const english of ['Far: round trip', 'more vehicles at each far point', 'Station: storage limit', 'From year', 'Transfer station']) expect(res.text).not.toContain(english);
  });

  it('a preset scenario left unnamed takes the preset\'s title in the page\'s language', async () => {
    const form = await editor.agent.get(`${CITY}/scenarios/new?preset=outsourcing&lang=zh`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(form.text)?.[1] ?? '';
    await editor.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: csrfFrom(form.text), version, preset: 'outsourcing', fromYear: '2026', share: '0.6', pricePerT: '95.5', name: '' }).expect(303);
    const list = await editor.agent.get(`${CITY}/scenarios`).expect(200);
    expect(list.text).toContain('已创建情景“扩大清运外包”');
  });

  it('the new-site preset in Indonesian: numbers the Indonesian way, the default name in Indonesian', async () => {
    const res = await editor.agent.get(`${CITY}/scenarios/new?preset=newDisposalSite&lang=id`).expect(200);
    expect(res.text).toContain('value="TPA sanitary landfill baru"');
    expect(res.text).toMatch(/name="densityTPerM3" type="text" step="any" value="\d+,\d+"/);
    expect(res.text).not.toContain('New sanitary landfill');
  });

  it('an enum field\'s choices in the add-a-change form are labelled in the page\'s language, their values the file\'s', async () => {
    const page = await editor.agent.get(`${CITY}/scenarios/more-trucks?lang=zh&collection=transferPoints&field=kind`).expect(200);
    const select = /<select id="change-value" name="value">(.*?)<\/select>/s.exec(page.text)?.[1] ?? '';
    expect(select).toContain('<option value="tps">带容器的垃圾收集站</option>');
    expect(select).toContain('<option value="station">压缩转运站</option>');
    expect(select).not.toContain('>tps<');
    expect(valueChoices('fractions', { key: 'fractions[].recyclable', kind: 'boolean' }, translator('id'), 'id')).toEqual([
      { value: 'true', label: 'ya' },
      { value: 'false', label: 'tidak' },
    ]);
  });

  it('the changes in Indonesian, a 422 beside the field in Indonesian, the flash after adding', async () => {
    const page = await editor.agent.get(`${CITY}/scenarios/more-trucks?lang=id&collection=transferPoints&field=vehicles`).expect(200);
    expect(page.text).toContain('Mulai 2026: TPS Sungai — ');
    expect(page.text).toContain(' 1 → 3');
    expect(page.text).not.toContain('From 2026');
    expect(page.text).toContain('semua TPS');
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    const send = { _csrf: csrfFrom(page.text), version, op: 'set', collection: 'transferPoints', field: 'vehicles', record: 'tps-pasar', fromYear: '2027' };
    const bad = await editor.agent.post(`${CITY}/scenarios/more-trucks/changes?lang=id`).type('form').send({ ...send, value: '2.5' }).expect(422);
    expect(bad.text).toContain('gunakan koma: 2,5');
    await editor.agent.post(`${CITY}/scenarios/more-trucks/changes?lang=id`).type('form').send({ ...send, value: '2,5' }).expect(303);
    const after = await editor.agent.get(`${CITY}/scenarios/more-trucks`).expect(200);
    expect(after.text).toContain('Perubahan ditambahkan.');
    expect(after.text).toContain('Mulai 2027: TPS Pasar — ');
    expect(after.text).toContain(' 2 → 2,5');
  });

  it('flash messages, 404s and the 409 in Chinese', async () => {
    const form = await editor.agent.get(`${CITY}/scenarios/new?preset=blank&lang=zh`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(form.text)?.[1] ?? '';
    await editor.agent.post(`${CITY}/scenarios`).type('form').send({ _csrf: csrfFrom(form.text), version, preset: 'blank', name: '计划乙' }).expect(303);
    const made = await editor.agent.get(`${CITY}/scenarios`).expect(200);
    expect(made.text).toContain('已创建情景“计划乙”，含 0 项变更。');
    const missing = await editor.agent.get(`${CITY}/scenarios/nope`).expect(404);
    expect(missing.text).toContain('没有情景“nope”。');
    expect(missing.text).not.toContain('Not found');
    expect((await editor.agent.get(`${CITY}/scenarios/new?preset=nope`).expect(404)).text).toContain('没有情景模板“nope”。');
    const stale = await editor.agent.post(`${CITY}/scenarios/more-trucks`).type('form').send({ _csrf: csrfFrom(form.text), version, name: 'x', assumptions: '' }).expect(409);
    expect(stale.text).toContain('已被他人修改');
    expect(stale.text).not.toContain('changed by someone else');
    const noVersion = await editor.agent.post(`${CITY}/scenarios/more-trucks/clone`).type('form').send({ _csrf: csrfFrom(form.text) }).expect(400);
    expect(noVersion.text).toContain('表单缺少城市版本');
  });
});

describe('a change whose value is an object', () => {
  const compostHouses = city.facilities.find((f) => f.id === 'compost-houses');
  it('names its parts (a group by its fields, a fraction map by the fractions) with numbers the language\'s way, never JSON', () => {
    expect(compostHouses).toBeDefined();
    const capital = { op: 'set' as const, fromYear: 2003, path: 'facilities/compost-houses/capital', value: { unitCost: '3000000000', lifeYears: 10, salvage: '0' } };
    const capture = { op: 'set' as const, fromYear: 2003, path: 'facilities/compost-houses/capture', value: { kitchen: 0.5, garden: 0.6 } };
    const en = describeChange(city, capital, translator('en'));
    expect(en).toContain('capital ');
    expect(en).toContain('→ unit cost 3,000,000,000, life 10, salvage value 0');
    const zh = describeChange(city, capital, translator('zh'));
    expect(zh).toContain('资本投入');
    expect(zh).toContain('单价 3,000,000,000，使用年限 10，残值 0');
    const id = describeChange(city, capture, translator('id'));
    const kitchen = city.fractions.find((f) => f.id === 'kitchen')?.name ?? '';
    expect(id).toContain(`→ ${kitchen} 0,5`);
    for (const text of [en, zh, id]) expect(text).not.toMatch(/[{}"]/);
  });
});
