/**
 * Engine results kept in memory per city id + document version + scenario.
 * A run is a pure function of the stored document, so a result stays good
 * until the city's version changes; the first request that sees a newer
 * version drops that city's older results. Bounded by count and by an
 * estimate of the memory the results hold (about 1 KB per row of a year's
 * tables: Surabaya's 190 transfer points over its horizon hold 2.8 MB, a
 * synthetic city of 2,000 transfer points over 30 years 52 MB), the least
 * recently used going first, so a server under its heap budget (package.json
 * "start") keeps room for the run it is computing.
 *
 * Example: runs.get({ id: 'surabaya', version: 3 }, null, load)  // computes
 *          runs.get({ id: 'surabaya', version: 3 }, null, load)  // cached
 *          runs.get({ id: 'surabaya', version: 4 }, null, load)  // drops v3, computes
 */
import type { ComputeOutcome } from '../model/results.js';
import { Lru } from '../lru.js';

export type ComputeCity = (input: unknown, options?: { scenarioId?: string }) => ComputeOutcome;

export interface RunKey {
  id: string;
  version: number;
  /** When the stored city last changed: a city deleted and made again starts at version 1 again. */
  updatedAt?: string;
}

export interface RunCache {
  /** The outcome for the city at `key.version` under `scenarioId` (null: baseline); `loadDocument` is called only on a miss. */
  get(key: RunKey, scenarioId: string | null, loadDocument: () => unknown): ComputeOutcome;
  /**
   * A view model made from this city's results (src/reports: a pure function
   * of the city, its results and `viewKey`'s choices: scenario, year,
   * language...), kept like the results until the city's version changes;
   * `make` is called only on a miss. Signed-in officials' pages, which the
   * page cache never keeps, then cost only the template and the stack.
   */
  view<T>(key: RunKey, viewKey: string, make: () => T): T;
  /** Forget every result and view of a city (after a delete). */
  forget(cityId: string): void;
  readonly size: number;
  /** Estimated bytes the kept results hold (estimateBytes). */
  readonly bytes: number;
  /** Lookups answered from the cache, and those that ran the engine (for tests and the benchmark). */
  readonly stats: { hits: number; misses: number };
  /** The same for views. */
  readonly viewStats: { hits: number; misses: number; entries: number };
}

/** Results kept at most; two demo cities with a handful of scenarios each fit easily. */
const DEFAULT_MAX_ENTRIES = 64;
/** Views kept at most: a Surabaya dashboard's or report's view model is a few hundred KB. */
const MAX_VIEWS = 48;
/** Estimated bytes of results kept at most (see estimateBytes): about 25 Surabaya runs. */
export const DEFAULT_MAX_BYTES = 72 * 1024 * 1024;
/** Bytes held per row of a year's tables, measured on the demo cities and the synthetic large city (0.7-0.9 KB). */
const BYTES_PER_ROW = 1024;

/** What a result holds in memory, roughly: 1 KB per row of each year's tables (a refused run: a little). */
export function estimateBytes(outcome: ComputeOutcome): number {
  if (!outcome.ok) return BYTES_PER_ROW * (1 + outcome.problems.length);
  let rows = 1;
  for (const y of outcome.result.years) {
    rows += 1 + y.transferPoints.length + y.facilities.length + y.landfills.length + y.scavengers.length + y.industrial.length + y.stages.length;
  }
  return rows * BYTES_PER_ROW;
}

export function createRunCache(compute: ComputeCity, maxEntries: number = DEFAULT_MAX_ENTRIES, maxBytes: number = DEFAULT_MAX_BYTES): RunCache {
  // The newest result is kept even when it alone is over the budget: the page asking for it is being made.
  const entries = new Lru<string, ComputeOutcome>({ maxEntries, maxWeight: maxBytes, weigh: estimateBytes });
  const views = new Lru<string, { view: unknown }>({ maxEntries: MAX_VIEWS });
  const versions = new Map<string, string>();
  let hits = 0;
  let misses = 0;
  let viewHits = 0;
  let viewMisses = 0;
  const forget = (cityId: string) => {
    const prefix = JSON.stringify([cityId]).slice(0, -1) + ',';
    entries.deleteWhere((k) => k.startsWith(prefix));
    views.deleteWhere((k) => k.startsWith(prefix));
    versions.delete(cityId);
  };
  /** The city's version as the caches know it; a newer one drops the older results and views. */
  const versionOf = (key: RunKey): string => {
    const version = `${key.version}@${key.updatedAt ?? ''}`;
    if (versions.get(key.id) !== version) forget(key.id);
    versions.set(key.id, version);
    return version;
  };
  return {
    get(key, scenarioId, loadDocument) {
      const k = JSON.stringify([key.id, versionOf(key), scenarioId]);
      const hit = entries.get(k);
      if (hit) {
        hits++;
        return hit;
      }
      misses++;
      const outcome = compute(loadDocument(), scenarioId === null ? undefined : { scenarioId });
      entries.set(k, outcome);
      return outcome;
    },
    view<T>(key: RunKey, viewKey: string, make: () => T): T {
      const k = JSON.stringify([key.id, versionOf(key), 'view', viewKey]);
      const hit = views.get(k);
      if (hit) {
        viewHits++;
        return hit.view as T;
      }
      viewMisses++;
      const made = make();
      views.set(k, { view: made });
      return made;
    },
    forget,
    get size() {
      return entries.size;
    },
    get bytes() {
      return entries.weight;
    },
    get stats() {
      return { hits, misses };
    },
    get viewStats() {
      return { hits: viewHits, misses: viewMisses, entries: views.size };
    },
  };
}
