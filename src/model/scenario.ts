/**
 * Scenarios (MODEL.md section 10): the baseline plus dated changes. A change
 * from year Y applies to Y and every later year, in the order listed:
 * - set: a path and a value, "settings/discountRate", "transferPoints/tps-12/vehicles",
 *   "zones/*\/coverage" (every zone), "facilities/compost/composting/pricePerT";
 * - add: a record to a collection (a new landfill, a station, trucks as a transfer point's fleet);
 * - retire: a record leaves a collection (references to it must go too, in an
 *   earlier change of the same scenario, or the city is invalid).
 * Example: { op: 'set', fromYear: 2005, path: 'transferPoints/tps-rungkut-1/shiftsPerDay', value: 2 }.
 */
import { cityFileSchema, COLLECTIONS, type Change, type CityFile, type CollectionName } from './cityFile.js';

export type ApplyOutcome = { ok: true; city: CityFile } | { ok: false; field: string; message: string };

type Json = Record<string, unknown>;

function clone<T>(x: T): T {
  return structuredClone(x);
}

function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

function setDeep(target: Json, keys: string[], value: unknown): string | null {
  let cur: Json = target;
  for (let k = 0; k < keys.length - 1; k++) {
    const next = cur[keys[k]];
    if (next === undefined || next === null) {
      cur[keys[k]] = {};
    } else if (typeof next !== 'object' || Array.isArray(next)) {
      return `"${keys.slice(0, k + 1).join('/')}" is not an object`;
    }
    cur = cur[keys[k]] as Json;
  }
  cur[keys[keys.length - 1]] = clone(value);
  return null;
}

/** Apply one change to a city; the result is not yet validated. */
export function applyChange(city: CityFile, change: Change): ApplyOutcome {
  const next = clone(city) as unknown as Json;
  if (change.op === 'set') {
    const parts = change.path.split('/').filter((p) => p !== '');
    const head = parts[0];
    if (head === 'settings' || head === 'city') {
      if (parts.length < 2) return { ok: false, field: 'path', message: `"${change.path}" names no field` };
      const err = setDeep(next[head] as Json, parts.slice(1), change.value);
      return err ? { ok: false, field: 'path', message: err } : { ok: true, city: next as unknown as CityFile };
    }
    if (!isCollection(head) && head !== 'fractions') {
      return { ok: false, field: 'path', message: `"${head}" is not settings or a collection (${['settings', 'fractions', ...COLLECTIONS].join(', ')})` };
    }
    if (parts.length < 3) return { ok: false, field: 'path', message: `"${change.path}" must be collection/id/field` };
    const list = next[head] as Json[];
    const targets = parts[1] === '*' ? list : list.filter((r) => r.id === parts[1]);
    if (targets.length === 0) return { ok: false, field: 'path', message: `no ${head} record with id "${parts[1]}"` };
    if (parts[2] === 'id') return { ok: false, field: 'path', message: 'ids cannot be changed by a scenario' };
    for (const t of targets) {
      const err = setDeep(t, parts.slice(2), change.value);
      if (err) return { ok: false, field: 'path', message: err };
    }
    return { ok: true, city: next as unknown as CityFile };
  }
  const list = next[change.collection] as Json[];
  if (change.op === 'add') {
    const itemId = change.item.id;
    if (typeof itemId !== 'string') return { ok: false, field: 'item.id', message: 'is required' };
    if (list.some((r) => r.id === itemId)) return { ok: false, field: 'item.id', message: `${change.collection} already has "${itemId}"` };
    list.push(clone(change.item));
    return { ok: true, city: next as unknown as CityFile };
  }
  const idx = list.findIndex((r) => r.id === change.id);
  if (idx < 0) return { ok: false, field: 'id', message: `no ${change.collection} record with id "${change.id}"` };
  list.splice(idx, 1);
  // A retired landfill also leaves the fallback order.
  if (change.collection === 'landfills') {
    const s = next.settings as Json;
    s.landfillFallbackOrder = (s.landfillFallbackOrder as string[]).filter((x) => x !== change.id);
  }
  return { ok: true, city: next as unknown as CityFile };
}

/**
 * The city as it stands in each year of the horizon under a scenario. Returns
 * one city per year; consecutive years with the same changes share an object.
 * The city must have been validated (validateCityFile), so applying cannot fail.
 */
export function citiesByYear(city: CityFile, scenarioId: string | null): CityFile[] {
  const { baseYear, horizonYears } = city.settings;
  const scenario = scenarioId ? city.scenarios.find((s) => s.id === scenarioId) : undefined;
  const changes = scenario ? scenario.changes : [];
  const out: CityFile[] = [];
  let current = city;
  let appliedCount = 0;
  // Changes apply in list order; those whose fromYear has come are applied.
  for (let t = 0; t < horizonYears; t++) {
    const y = baseYear + t;
    const due = changes.filter((c) => c.fromYear <= y);
    if (due.length !== appliedCount) {
      let c: CityFile = city;
      for (const ch of due) {
        const r = applyChange(c, ch);
        if (!r.ok) throw new Error(`scenario ${scenarioId}: ${r.field}: ${r.message}`);
        c = r.city;
      }
      current = cityFileSchema.parse({ ...c, scenarios: [] });
      appliedCount = due.length;
    }
    out.push(current);
  }
  return out;
}
