/**
 * The field registry in every language: each field of src/reports/fields.ts
 * has its label and help (and its group, option and unit texts) in the
 * catalogs, so a field added later without a translation fails here; the
 * English catalog says what the registry says; and the translated
 * definitions, display values and referrer messages read in Indonesian and
 * Chinese.
 */
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/i18n/catalogs.js';
import type { Lang } from '../../src/i18n/index.js';
import {
  collectionNames,
  displayValue,
  FIELDS,
  fieldKeySegment,
  fieldMessageKeys,
  findFractionReferrers,
  findReferrers,
  groupDigits,
  groupMessageKey,
  localizedField,
  localizedFields,
  numberText,
  optionMessageKey,
  formToRecord,
  recordToForm,
  kindAndName,
  UNIT_KEYS,
  unitText,
  type FieldCollection,
  type FieldDef,
} from '../../src/reports/fields.js';
import { COLLECTIONS } from '../../src/model/cityFile.js';
import { demoCity } from '../reports/helpers.js';

const LANGS: Lang[] = ['en', 'id', 'zh'];

/** Every field of the registry with its collection, columns of rows included. */
function everyField(): Array<{ collection: FieldCollection; f: FieldDef }> {
  const out: Array<{ collection: FieldCollection; f: FieldDef }> = [];
  for (const [collection, fields] of Object.entries(FIELDS) as Array<[FieldCollection, readonly FieldDef[]]>) {
    for (const f of fields) {
      out.push({ collection, f });
      for (const c of f.columns ?? []) out.push({ collection, f: c });
    }
  }
  return out;
}

describe('message keys of the registry', () => {
  it('turn dotted and bracketed field keys into one segment', () => {
    expect(fieldKeySegment('name')).toBe('name');
    expect(fieldKeySegment('capital.unitCost')).toBe('capital_unitCost');
    expect(fieldKeySegment('legs[].roundTripKm')).toBe('legs_roundTripKm');
    expect(fieldKeySegment('siteIds[]')).toBe('siteIds_item');
    expect(fieldMessageKeys('landfills', 'cover.method')).toEqual({ label: 'fields.landfills.cover_method.label', help: 'fields.landfills.cover_method.help' });
  });

  it('give no two fields of a collection the same key', () => {
    const seen = new Set<string>();
    for (const { collection, f } of everyField()) {
      const key = fieldMessageKeys(collection, f.key).label;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(seen.size).toBeGreaterThan(180);
  });

  it.each(LANGS)('every field has its label and help in %s', (lang) => {
    const catalog = catalogOf(lang);
    const missing = everyField().flatMap(({ collection, f }) => Object.values(fieldMessageKeys(collection, f.key)).filter((k) => !catalog.has(k)));
    expect(missing).toEqual([]);
  });

  it.each(LANGS)('every group, enum option and unit has its message in %s', (lang) => {
    const catalog = catalogOf(lang);
    const missing: string[] = [];
    for (const { collection, f } of everyField()) {
      if (f.group && !catalog.has(groupMessageKey(collection, f.group.key))) missing.push(groupMessageKey(collection, f.group.key));
      for (const o of f.options ?? []) if (!catalog.has(optionMessageKey(collection, f, o))) missing.push(optionMessageKey(collection, f, o));
      if (f.unit !== '' && f.unit !== '{currency}') {
        const key = UNIT_KEYS[f.unit];
        if (key === undefined) missing.push(`UNIT_KEYS["${f.unit}"]`);
        else if (!catalog.has(`fields.units.${key}`)) missing.push(`fields.units.${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the English catalog says what the registry says', () => {
    const en = catalogOf('en');
    const differ: string[] = [];
    for (const { collection, f } of everyField()) {
      const keys = fieldMessageKeys(collection, f.key);
      if (en.get(keys.label) !== f.label) differ.push(`${keys.label}: "${String(en.get(keys.label))}" vs "${f.label}"`);
      if (en.get(keys.help) !== f.help) differ.push(`${keys.help}: "${String(en.get(keys.help))}" vs "${f.help}"`);
      if (f.group && en.get(groupMessageKey(collection, f.group.key)) !== f.group.label) differ.push(groupMessageKey(collection, f.group.key));
      for (const o of f.options ?? []) if (en.get(optionMessageKey(collection, f, o)) !== f.optionLabels?.[o]) differ.push(optionMessageKey(collection, f, o));
    }
    for (const [unit, key] of Object.entries(UNIT_KEYS)) if (en.get(`fields.units.${key}`) !== unit) differ.push(`fields.units.${key}`);
    expect(differ).toEqual([]);
  });

  it('every collection has its singular and plural name', () => {
    for (const lang of LANGS) for (const c of COLLECTIONS) {
      expect(catalogOf(lang).has(`fields.collections.${c}.singular`), `${lang} ${c}`).toBe(true);
      expect(catalogOf(lang).has(`fields.collections.${c}.plural`), `${lang} ${c}`).toBe(true);
    }
  });
});

describe('translated definitions', () => {
  it('English is the registry itself', () => {
    expect(localizedFields('landfills', 'en')).toBe(FIELDS.landfills);
  });

  it('read in Indonesian, with the glossary words, and keep everything but the texts', () => {
    const airspace = localizedField('landfills', 'remainingAirspaceM3', 'id');
    expect(airspace?.label).toBe('Sisa ruang timbun');
    expect(airspace?.unit).toBe('m³');
    expect(airspace?.kind).toBe('number');
    expect(airspace?.english?.label).toBe('Remaining airspace');
    const tps = localizedField('zones', 'routing[].transferPointId', 'id');
    expect(tps?.label).toBe('TPS');
    expect(tps?.ref).toBe('transferPoints');
    const kind = localizedField('transferPoints', 'kind', 'id');
    expect(kind?.optionLabels).toEqual({ tps: 'TPS dengan kontainer', station: 'SPA', direct: 'Pemuatan langsung di tepi jalan' });
    const cover = localizedField('landfills', 'cover.method', 'id');
    expect(cover?.group?.label).toBe('Tanah penutup');
    expect(cover?.group?.key).toBe('cover');
    expect(localizedField('fees', 'stage', 'id')?.optionLabels?.finalDisposal).toBe('Pemrosesan akhir');
    expect(unitText('{currency}/t', 'id')).toBe('{currency}/ton');
    expect(localizedField('primarySystems', 'wagePerDay', 'id')?.unit).toBe('{currency}/orang-hari');
  });

  it('read in Chinese, with the glossary words', () => {
    expect(localizedField('landfills', 'remainingAirspaceM3', 'zh')?.label).toBe('剩余库容');
    expect(localizedField('scavengerGroups', 'middlemanShare', 'zh')?.label).toBe('废品收购站分成');
    expect(localizedField('transferPoints', 'legs', 'zh')?.label).toBe('清运去向');
    expect(localizedField('transferPoints', 'legs', 'zh')?.columns?.map((c) => c.label)).toEqual(['场地', '往返距离']);
    expect(localizedField('landfills', 'tippingFeePerT', 'zh')?.unit).toBe('{currency}/吨');
    expect(localizedField('facilities', 'composting.rejectShare', 'zh')?.group?.label).toBe('堆肥');
    expect(localizedFields('seasonal', 'zh')[0].fixedRows?.[0]).toBe('一月');
    expect(localizedFields('seasonal', 'id')[0].fixedRows?.[10]).toBe('November');
  });

  it('have no English label, help or option left in Indonesian or Chinese', () => {
    for (const lang of ['id', 'zh'] as const) {
      for (const [collection, fields] of Object.entries(FIELDS) as Array<[FieldCollection, readonly FieldDef[]]>) {
        localizedFields(collection, lang).forEach((f, i) => {
          const en = fields[i];
          if (en.help !== '') expect(f.help, `${lang} ${collection}.${f.key} help`).not.toBe(en.help);
          if (lang === 'zh') expect(/\p{Script=Han}/u.test(f.label), `zh ${collection}.${f.key}: ${f.label}`).toBe(true);
          for (const o of f.options ?? []) if (lang === 'zh') expect(/\p{Script=Han}/u.test(f.optionLabels?.[o] ?? ''), `zh ${collection}.${f.key}=${o}`).toBe(true);
        });
      }
    }
  });
});

describe('display values per language', () => {
  it('group digits the way each language writes them, exactly', () => {
    expect(groupDigits('25000000000', 'id')).toBe('25.000.000.000');
    expect(groupDigits('-1234.50', 'id')).toBe('-1.234,50');
    expect(groupDigits('-1234.50', 'zh')).toBe('-1,234.50');
    expect(groupDigits('123456789012345678.25')).toBe('123,456,789,012,345,678.25');
    expect(numberText(0.7, 'id')).toBe('0,7');
    expect(numberText(720000, 'id')).toBe('720.000');
    expect(numberText(1250.5, 'id')).toBe('1250,5');
  });

  it('write a year in a form ungrouped in every language, other numbers grouped', () => {
    const lf = { id: 'x', name: 'X', remainingAirspaceM3: 14000000, openYear: 2003 };
    for (const lang of LANGS) expect(recordToForm('landfills', lf, lang).openYear, lang).toBe('2003');
    expect(recordToForm('landfills', lf, 'id').remainingAirspaceM3).toBe('14.000.000');
    expect(recordToForm('landfills', lf, 'zh').remainingAirspaceM3).toBe('14,000,000');
  });

  it('read an amount back with the decimals it was typed with, so an unchanged form changes no amount', () => {
    const lf = { id: 'x', name: 'X', remainingAirspaceM3: 14000000, densityTPerM3: 0.8, omPerT: '25.00', closure: { totalEstimate: '60000000.00', postClosureYears: 30 } };
    for (const lang of LANGS) {
      const form = recordToForm('landfills', lf, lang);
      const back = formToRecord('landfills', form, { lang, currency: 'CNY' });
      expect(back.ok && back.value.omPerT, lang).toBe('25.00');
      expect(back.ok && (back.value.closure as { totalEstimate: string }).totalEstimate, lang).toBe('60000000.00');
    }
    const typed = formToRecord('landfills', { id: 'x', name: 'X', remainingAirspaceM3: '1', omPerT: 'Rp 1.250,50' }, { lang: 'id', currency: 'IDR' });
    expect(typed.ok && typed.value.omPerT).toBe('1250.50');
    const whole = formToRecord('landfills', { id: 'x', name: 'X', remainingAirspaceM3: '1', omPerT: '1.250' }, { lang: 'id', currency: 'IDR' });
    expect(whole.ok && whole.value.omPerT).toBe('1250');
  });

  it('translate enum labels and yes/no', () => {
    expect(displayValue(localizedField('fees', 'basis', 'id')!, 'perHouseholdMonth', 'id')).toBe('Per rumah tangga per bulan');
    expect(displayValue(localizedField('fees', 'basis', 'zh')!, 'perYear', 'zh')).toBe('每年总额');
    expect(displayValue(localizedField('composition', 'fractions[].recyclable', 'zh')!, true, 'zh')).toBe('是');
    expect(displayValue(localizedField('composition', 'fractions[].recyclable', 'id')!, false, 'id')).toBe('tidak');
    expect(displayValue(localizedField('landfills', 'remainingAirspaceM3', 'id')!, 720000, 'id')).toBe('720.000');
    expect(displayValue(localizedField('landfills', 'tippingFeePerT', 'id')!, '45000', 'id')).toBe('45.000');
  });

  it('name collections', () => {
    expect(collectionNames('landfills', 'id')).toEqual({ singular: 'TPA', plural: 'TPA', title: 'TPA' });
    expect(collectionNames('scavengerGroups', 'zh').singular).toBe('拾荒者群体');
    expect(collectionNames('transferPoints', 'en')).toEqual({ singular: 'transfer point', plural: 'transfer points', title: 'Transfer points' });
  });
});

describe('referrers per language', () => {
  const city = demoCity('surabaya');

  it('say who uses a record in Indonesian, numbers written the Indonesian way', () => {
    expect(findReferrers(city, 'transferPoints', 'tps-tegalsari-1', 'id')[1]).toEqual({
      collection: 'zones',
      recordId: 'markets',
      message: 'zona Traditional markets (pasar) (zones/markets) menyalurkan 2,5% sampahnya ke sini',
    });
    const refs = findReferrers(city, 'landfills', 'benowo', 'id');
    expect(refs[0].message).toBe('TPS Tegalsari 1 (transferPoints/tps-tegalsari-1) mengangkut ke sini (tujuan angkut ke-2, 35,1 km pulang-pergi)');
    expect(refs).toContainEqual({ collection: 'settings', recordId: null, message: 'pengaturan: urutan cadangan TPA mencantumkannya (urutan ke-1)' });
    for (const r of refs) expect(r.message).not.toMatch(/hauls here|round trip|fallback order|residue/);
  });

  it('and in Chinese', () => {
    const refs = findReferrers(city, 'landfills', 'benowo', 'zh');
    expect(refs[0].message).toBe('转运站 TPS Tegalsari 1 (transferPoints/tps-tegalsari-1) 清运至此（第 2 个去向，往返 35.1 公里）');
    expect(refs).toContainEqual(expect.objectContaining({ collection: 'facilities', message: expect.stringContaining('将其残渣送到这里') }));
    const fractionRefs = findFractionReferrers(city, 'plastic', 'zh');
    expect(fractionRefs.length).toBeGreaterThan(0);
    for (const r of fractionRefs) expect(r.message).not.toMatch(/captures|sells|picks|diverts/);
  });
});

describe('kindAndName', () => {
  it('names a record with its kind, leaving the kind out when the name starts with it as a word', () => {
    expect(kindAndName('landfill', 'TPA Benowo')).toBe('landfill TPA Benowo');
    expect(kindAndName('TPA', 'TPA Benowo')).toBe('TPA Benowo');
    expect(kindAndName('TPS', 'tps pasar')).toBe('tps pasar');
    expect(kindAndName('TPS', 'TPSA Keputih')).toBe('TPS TPSA Keputih');
  });
});
