/**
 * Engine results kept in memory per city id + document version + scenario.
 * A run is a pure function of the stored document, so a result stays good
 * until the city's version changes; the first request that sees a newer
 * version drops that city's older results. Bounded: the least recently used
 * entry goes first.
 *
 * Example: runs.get({ id: 'surabaya', version: 3 }, null, load)  // computes
 *          runs.get({ id: 'surabaya', version: 3 }, null, load)  // cached
 *          runs.get({ id: 'surabaya', version: 4 }, null, load)  // drops v3, computes
 */
import type { ComputeOutcome } from '../model/results.js';

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
  /** Forget every result of a city (after a delete). */
  forget(cityId: string): void;
  readonly size: number;
  /** Lookups answered from the cache, and those that ran the engine (for tests and the benchmark). */
  readonly stats: { hits: number; misses: number };
}

/** Results kept at most; two demo cities with a handful of scenarios each fit easily. */
const DEFAULT_MAX_ENTRIES = 64;

export function createRunCache(compute: ComputeCity, maxEntries: number = DEFAULT_MAX_ENTRIES): RunCache {
  const entries = new Map<string, ComputeOutcome>();
  const versions = new Map<string, string>();
  let hits = 0;
  let misses = 0;
  const keyOf = (id: string, version: string, scenarioId: string | null) => JSON.stringify([id, version, scenarioId]);
  const forget = (cityId: string) => {
    const prefix = JSON.stringify([cityId]).slice(0, -1) + ',';
    for (const k of entries.keys()) if (k.startsWith(prefix)) entries.delete(k);
    versions.delete(cityId);
  };
  return {
    get(key, scenarioId, loadDocument) {
      const version = `${key.version}@${key.updatedAt ?? ''}`;
      if (versions.get(key.id) !== version) forget(key.id);
      versions.set(key.id, version);
      const k = keyOf(key.id, version, scenarioId);
      const hit = entries.get(k);
      if (hit) {
        hits++;
        entries.delete(k);
        entries.set(k, hit);
        return hit;
      }
      misses++;
      const outcome = compute(loadDocument(), scenarioId === null ? undefined : { scenarioId });
      entries.set(k, outcome);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return outcome;
    },
    forget,
    get size() {
      return entries.size;
    },
    get stats() {
      return { hits, misses };
    },
  };
}
