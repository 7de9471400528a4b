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
import type { z } from 'zod';
import {
  COLLECTIONS,
  costLineSchema,
  facilitySchema,
  feeSchema,
  fractionSchema,
  industrialStreamSchema,
  integrationSchema,
  landfillSchema,
  primarySystemSchema,
  scavengerGroupSchema,
  settingsSchema,
  transferPointSchema,
  vehicleTypeSchema,
  zoneSchema,
  type Change,
  type CityFile,
  type CollectionName,
} from './cityFile.js';

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

/**
 * Apply one change to a city; the result is not yet validated. Copy on write:
 * only the records a change touches are copied, the rest is shared with the
 * input (which is never modified).
 */
export function applyChange(city: CityFile, change: Change): ApplyOutcome {
  const next = { ...city } as unknown as Json;
  if (change.op === 'set') {
    const parts = change.path.split('/').filter((p) => p !== '');
    const head = parts[0];
    if (head === 'settings' || head === 'city') {
      if (parts.length < 2) return { ok: false, field: 'path', message: `"${change.path}" names no field` };
      const copy = clone(next[head]) as Json;
      next[head] = copy;
      const err = setDeep(copy, parts.slice(1), change.value);
      return err ? { ok: false, field: 'path', message: err } : { ok: true, city: next as unknown as CityFile };
    }
    if (!isCollection(head) && head !== 'fractions') {
      return { ok: false, field: 'path', message: `"${head}" is not settings or a collection (${['settings', 'fractions', ...COLLECTIONS].join(', ')})` };
    }
    if (parts.length < 3) return { ok: false, field: 'path', message: `"${change.path}" must be collection/id/field` };
    if (parts[2] === 'id') return { ok: false, field: 'path', message: 'ids cannot be changed by a scenario' };
    const list = next[head] as Json[];
    let found = 0;
    const copied: Json[] = [];
    for (const r of list) {
      if (parts[1] !== '*' && r.id !== parts[1]) {
        copied.push(r);
        continue;
      }
      found++;
      const rc = clone(r);
      const err = setDeep(rc, parts.slice(2), change.value);
      if (err) return { ok: false, field: 'path', message: err };
      copied.push(rc);
    }
    if (found === 0) return { ok: false, field: 'path', message: `no ${head} record with id "${parts[1]}"` };
    next[head] = copied;
    return { ok: true, city: next as unknown as CityFile };
  }
  const list = next[change.collection] as Json[];
  if (change.op === 'add') {
    const itemId = change.item.id;
    if (typeof itemId !== 'string') return { ok: false, field: 'item.id', message: 'is required' };
    if (list.some((r) => r.id === itemId)) return { ok: false, field: 'item.id', message: `${change.collection} already has "${itemId}"` };
    next[change.collection] = [...list, clone(change.item)];
    return { ok: true, city: next as unknown as CityFile };
  }
  const idx = list.findIndex((r) => r.id === change.id);
  if (idx < 0) return { ok: false, field: 'id', message: `no ${change.collection} record with id "${change.id}"` };
  next[change.collection] = list.filter((_, i) => i !== idx);
  // A retired landfill also leaves the fallback order.
  if (change.collection === 'landfills') {
    const s = { ...(next.settings as Json) };
    s.landfillFallbackOrder = (s.landfillFallbackOrder as string[]).filter((x) => x !== change.id);
    next.settings = s;
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
      let c: CityFile = { ...city, scenarios: [] };
      for (const ch of due) {
        const r = applyChange(c, ch);
        if (!r.ok) throw new Error(`scenario ${scenarioId}: ${r.field}: ${r.message}`);
        c = r.city;
      }
      const parsed = parseChanged(c, city);
      if (!parsed.ok) throw new Error(`scenario ${scenarioId}: ${parsed.issues[0].path}: ${parsed.issues[0].message}`);
      current = parsed.city;
      appliedCount = due.length;
    }
    out.push(current);
  }
  return out;
}

const RECORD_SCHEMAS: Record<CollectionName | 'fractions', z.ZodType> = {
  fractions: fractionSchema,
  zones: zoneSchema,
  primarySystems: primarySystemSchema,
  vehicleTypes: vehicleTypeSchema,
  transferPoints: transferPointSchema,
  facilities: facilitySchema,
  landfills: landfillSchema,
  scavengerGroups: scavengerGroupSchema,
  integration: integrationSchema,
  industrialStreams: industrialStreamSchema,
  costLines: costLineSchema,
  fees: feeSchema,
};

export type ParseChangedOutcome =
  | { ok: true; city: CityFile }
  | { ok: false; issues: Array<{ path: string; message: string; error: z.ZodError; prefix: string }> };

/**
 * Parse (check shapes, fill defaults) only what changes replaced: applyChange
 * copies on write, so a record still shared with `base` is known valid. This
 * keeps scenarios cheap on a city with thousands of transfer points.
 */
export function parseChanged(changed: CityFile, base: CityFile): ParseChangedOutcome {
  const out = { ...changed } as unknown as Record<string, unknown>;
  const issues: Array<{ path: string; message: string; error: z.ZodError; prefix: string }> = [];
  if (changed.settings !== base.settings) {
    const r = settingsSchema.safeParse(changed.settings, { reportInput: true });
    if (r.success) out.settings = r.data;
    else issues.push({ path: 'settings', message: r.error.issues[0].message, error: r.error, prefix: 'settings' });
  }
  for (const name of ['fractions', ...COLLECTIONS] as const) {
    const list = changed[name] as unknown[];
    const baseList = base[name] as unknown[];
    if (list === baseList) continue;
    const known = new Set(baseList);
    const schema = RECORD_SCHEMAS[name];
    out[name] = list.map((rec, i) => {
      if (known.has(rec)) return rec;
      const r = schema.safeParse(rec, { reportInput: true });
      if (r.success) return r.data;
      issues.push({ path: `${name}[${i}]`, message: r.error.issues[0].message, error: r.error, prefix: `${name}[${i}]` });
      return rec;
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, city: out as unknown as CityFile };
}
