import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import type { ComputeOutcome } from '../../src/model/results.js';
import { createRunCache, estimateBytes } from '../../src/web/runs.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { fixtureCity } from '../store/helpers.js';

const surabaya = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'surabaya.city.json'), 'utf8')) as unknown;

describe('run cache: bounded by an estimate of the memory its results hold', () => {
  it('estimates 1 KB per row of each year\'s tables: Surabaya\'s baseline by its 190 transfer points over the horizon', () => {
    const outcome = computeCity(surabaya);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const years = outcome.result.years;
    const y0 = years[0];
    expect(y0.transferPoints).toHaveLength(190);
    const perYear = 1 + y0.transferPoints.length + y0.facilities.length + y0.landfills.length + y0.scavengers.length + y0.industrial.length + y0.stages.length;
    expect(estimateBytes(outcome)).toBe((1 + years.length * perYear) * 1024);
    // Measured with --expose-gc (heapUsed after collection, 5 results kept): 2.8 MB a run. The estimate is of that order.
    expect(estimateBytes(outcome) / 2 ** 20).toBeGreaterThan(1.5);
    expect(estimateBytes(outcome) / 2 ** 20).toBeLessThan(6);
    const refused: ComputeOutcome = { ok: false, problems: [{ path: 'settings', message: 'x' }] as never };
    expect(estimateBytes(refused)).toBe(2048);
  });

  it('drops the least recently used results once their estimate passes the budget, never the one just computed', () => {
    const city = fixtureCity();
    const one = estimateBytes(computeCity(city));
    const runs = createRunCache(computeCity, 64, Math.floor(2.5 * one));
    const key = (id: string) => ({ id, version: 1 });
    runs.get(key('a'), null, () => city);
    runs.get(key('b'), null, () => city);
    expect(runs.size).toBe(2);
    expect(runs.bytes).toBe(2 * one);
    runs.get(key('a'), null, () => city); // a is now the most recently used
    runs.get(key('c'), null, () => city); // over budget: b goes
    expect(runs.size).toBe(2);
    expect(runs.stats).toEqual({ hits: 1, misses: 3 });
    runs.get(key('a'), null, () => city);
    runs.get(key('c'), null, () => city);
    expect(runs.stats).toEqual({ hits: 3, misses: 3 });
    runs.get(key('b'), null, () => city);
    expect(runs.stats.misses).toBe(4);

    const tiny = createRunCache(computeCity, 64, 1);
    const outcome = tiny.get(key('a'), null, () => city);
    expect(outcome.ok).toBe(true);
    expect(tiny.size).toBe(1);
    tiny.get(key('b'), null, () => city);
    expect(tiny.size).toBe(1);
    expect(tiny.bytes).toBe(one);
  });

  it('counts its bytes down when a city is forgotten', () => {
    const runs = createRunCache(computeCity);
    runs.get({ id: 'a', version: 1 }, null, () => fixtureCity());
    expect(runs.bytes).toBeGreaterThan(0);
    runs.forget('a');
    expect(runs.size).toBe(0);
    expect(runs.bytes).toBe(0);
  });
});

describe('run cache: views made from the results', () => {
  it('makes a view once per city version and key, and drops a city\'s views when its version moves on', () => {
    const runs = createRunCache(computeCity);
    let made = 0;
    const make = () => ({ n: ++made });
    const v1 = { id: 'a', version: 1, updatedAt: 't1' };
    expect(runs.view(v1, 'dashboard en', make)).toEqual({ n: 1 });
    expect(runs.view(v1, 'dashboard en', make)).toEqual({ n: 1 });
    expect(runs.view(v1, 'dashboard id', make)).toEqual({ n: 2 });
    expect(runs.view({ id: 'b', version: 1 }, 'dashboard en', make)).toEqual({ n: 3 });
    expect(runs.viewStats).toEqual({ hits: 1, misses: 3, entries: 3 });
    const v2 = { id: 'a', version: 2, updatedAt: 't2' };
    expect(runs.view(v2, 'dashboard en', make)).toEqual({ n: 4 });
    expect(runs.viewStats.entries).toBe(2); // a's two views of version 1 are gone, b's is kept
    // Going back to a stamp already replaced is a miss too (a city deleted and made again).
    expect(runs.view(v1, 'dashboard en', make)).toEqual({ n: 5 });
    runs.forget('a');
    expect(runs.viewStats.entries).toBe(1);
  });
});
