/**
 * The import benchmark's file (bench/weighbridgeFile.ts) must stay one the
 * import accepts whole, or `npm run bench` measures a refusal. Same seed,
 * same file. No timing is asserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEIGHBRIDGE_HEADER, weighbridgeCsv } from '../../bench/weighbridgeFile.js';
import { checkWeighbridgeCsv } from '../../src/store/weighbridge.js';
import { PROJECT_ROOT } from '../../src/web/paths.js';

describe('bench/weighbridgeFile', () => {
  const surabaya = JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples', 'surabaya.city.json'), 'utf8')) as { transferPoints: Array<{ id: string }>; landfills: Array<{ id: string }> };
  const city = { transferPointIds: surabaya.transferPoints.map((t) => t.id), landfillIds: surabaya.landfills.map((l) => l.id) };

  it('is accepted whole by the import, against Surabaya', () => {
    const text = weighbridgeCsv(2000, city);
    const out = checkWeighbridgeCsv(text, surabaya);
    expect(out.ok ? [] : out.problems).toEqual([]);
    if (!out.ok) return;
    expect(out.tickets).toHaveLength(2000);
    expect(text.split('\n')[0]).toBe(WEIGHBRIDGE_HEADER);
    // About one ticket in ten comes straight from collection.
    const direct = out.tickets.filter((t) => t.transferPointId === null).length;
    expect(direct).toBeGreaterThan(100);
    expect(direct).toBeLessThan(300);
  });

  it('is the same file for the same seed, another for another', () => {
    expect(weighbridgeCsv(50, city)).toBe(weighbridgeCsv(50, city));
    expect(weighbridgeCsv(50, city, { seed: 2 })).not.toBe(weighbridgeCsv(50, city));
  });
});
