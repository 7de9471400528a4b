/**
 * Every message the model can write has a translation: the zod messages typed
 * into src/model/cityFile.ts (read from the source, so a new one fails here
 * until it is mapped), zodMessage's own, and the rules of validate.ts and the
 * scenario changes of scenario.ts (one example each, from reading the source).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCityFile } from '../../src/model/index.js';
import { problemKey, problemText } from '../../src/reports/problemText.js';
import { PROJECT_ROOT } from '../../src/web/paths.js';

const cityFileSource = readFileSync(join(PROJECT_ROOT, 'src/model/cityFile.ts'), 'utf8');
/** The message arguments of zod calls: .min(0, 'must be >= 0'), .regex(/.../, 'must be ...'), .refine(fn, '...'). */
const schemaMessages = Array.from(new Set(Array.from(cityFileSource.matchAll(/,\s*'((?:must|is|needs)[^']*)'\)/g), (m) => m[1])));

const ruleMessages = [
  // validate.ts: zodMessage
  'is required',
  'must be number',
  'must be string',
  'must be object',
  'must be array',
  'must be boolean',
  'unknown field(s): foo, bar',
  // zod's own, for enums, literals and unions
  'Invalid option: expected one of "S"|"S-later"|"E"',
  'Invalid input: expected "share"',
  'Invalid input',
  // validate.ts: checkRules
  'duplicates zones[0] ("pusat")',
  'id "tpa-1" is also a landfill id: site ids must be unique across facilities and landfills',
  'shares must sum to 1 (they sum to 0.95)',
  'unknown fraction "kitchen"',
  'day-weighted mean must be 1 (it is 1.02)',
  'unknown landfill "tpa-x"',
  'unknown stage "x" (one of collection, transfer)',
  'unknown payer "x" (one of households, city)',
  'unknown transfer point "tps-x"',
  'unknown primary collection system "x"',
  'is required for the stationary container system',
  'unknown vehicle type "x"',
  'unknown zone "x"',
  'the last leg must go to a landfill ("c-1" is not one)',
  'legs before the last must go to a treatment facility ("tpa-1" is not one)',
  'must not be before openYear',
  'unknown transferPoint "x"',
  'street groups work everywhere: leave siteIds empty',
  'unknown scavenger group "x"',
  'must lie in the horizon 2025-2044',
  'must not be before fromYear',
  'duplicate scenario id "x"',
  // scenario.ts: applyChange, wrapped by validate.ts
  '"settings" names no field',
  '"settings/a" is not an object',
  '"foo" is not settings or a collection (settings, fractions, zones)',
  '"zones/x" must be collection/id/field',
  'ids cannot be changed by a scenario',
  'no zones record with id "x"',
  'zones already has "x"',
];

const ENGLISH_REWORDED = new Set(['Invalid option: expected one of "S"|"S-later"|"E"', 'Invalid input: expected "share"', 'unknown transferPoint "x"']);

describe('problemText', () => {
  it('finds the schema messages in cityFile.ts', () => {
    expect(schemaMessages).toContain('must be >= 0');
    expect(schemaMessages).toContain('must be <= 0.5');
    expect(schemaMessages).toContain('must be at most 200 characters');
    expect(schemaMessages.length).toBeGreaterThan(15);
  });

  it.each([...schemaMessages, ...ruleMessages])('maps %j to a key', (message) => {
    expect(problemKey(message)).not.toBeNull();
    // English pages read as the model writes (zod's own wording and the location's code name excepted).
    if (!ENGLISH_REWORDED.has(message)) expect(problemText(message, 'en')).toBe(message);
    // Translated: no English left in Indonesian or Chinese.
    for (const lang of ['id', 'zh'] as const) expect(problemText(message, lang)).not.toBe(message);
  });

  it.each<[string, string, string, string]>([
    ['must be <= 0.5', 'must be <= 0.5', 'harus 0,5 atau kurang', '必须小于或等于 0.5'],
    ['must be >= 1900', 'must be >= 1900', 'harus 1900 atau lebih', '必须大于或等于 1900'],
    ['is required', 'is required', 'wajib diisi', '必须填写'],
    ['unknown transfer point "tps-x"', 'unknown transfer point "tps-x"', 'tidak ada TPS dengan id “tps-x”', '没有标识为“tps-x”的转运站'],
    ['shares must sum to 1 (they sum to 0.95)', 'shares must sum to 1 (they sum to 0.95)', 'jumlah porsinya harus 1 (sekarang 0,95)', '各占比之和必须为 1（现在为 0.95）'],
    ['must be at most 200 characters', 'must be at most 200 characters', 'paling banyak 200 karakter', '最多 200 个字符'],
    [
      'makes zones[0].routing invalid in 2030: shares must sum to 1 (they sum to 1.1)',
      'makes zones[0].routing invalid in 2030: shares must sum to 1 (they sum to 1.1)',
      'membuat zones[0].routing tidak sah pada 2030: jumlah porsinya harus 1 (sekarang 1,1)',
      '使 zones[0].routing 在 2030 年无效：各占比之和必须为 1（现在为 1.1）',
    ],
    ['no zones record with id "x" (in 2031)', 'no zones record with id "x" (in 2031)', 'zones tidak memiliki data dengan id “x” (pada 2031)', 'zones 中没有标识为“x”的记录（2031 年）'],
  ])('%j in each language', (message, en, id, zh) => {
    expect(problemText(message, 'en')).toBe(en);
    expect(problemText(message, 'id')).toBe(id);
    expect(problemText(message, 'zh')).toBe(zh);
  });

  it('leaves a message it does not know in English', () => {
    expect(problemText('something new went wrong', 'zh')).toBe('something new went wrong');
  });

  it('maps what validateCityFile says about a broken city', () => {
    const outcome = validateCityFile({ fileVersion: 1, city: { name: '' }, settings: { discountRate: 0.9 }, fractions: [], zones: [] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.length).toBeGreaterThan(3);
    for (const p of outcome.problems) expect(problemKey(p.message), p.message).not.toBeNull();
  });
});
