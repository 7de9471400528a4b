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
  RECORD_SCHEMAS,
  settingsSchema,
  type Change,
  type CityFile,
  type CollectionName,
} from './cityFile.js';

export type ApplyOutcome = { ok: true; city: CityFile } | { ok: false; field: string; message: string };

type Json = Record<string, unknown>;

function clone<T>(x: T): T {
  // Most set values are numbers or strings: nothing to copy.
  return typeof x === 'object' && x !== null ? structuredClone(x) : x;
}

function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

/**
 * A copy of `target` with `value` at `keys`: only the objects on the path are
 * copied (the rest is shared), so a change to one field of a transfer point
 * does not copy its provenance and legs. Missing objects on the path are made.
 */
function withValueAt(target: Json, keys: string[], value: unknown): { ok: true; value: Json } | { ok: false; message: string } {
  const copy: Json = Array.isArray(target) ? ([...target] as unknown as Json) : { ...target };
  const [key, ...rest] = keys;
  if (rest.length === 0) {
    copy[key] = clone(value);
    return { ok: true, value: copy };
  }
  const next = copy[key];
  if (next !== undefined && next !== null && typeof next !== 'object') return { ok: false, message: `"${key}" is not an object` };
  const inner = withValueAt((next ?? {}) as Json, rest, value);
  if (!inner.ok) return { ok: false, message: inner.message.startsWith('"') ? `"${key}/${inner.message.slice(1)}` : inner.message };
  copy[key] = inner.value;
  return { ok: true, value: copy };
}

/**
 * Records a `set` change produced from a schema-valid record with a value that
 * its field's own schema accepted: still schema-valid, so parseChanged need
 * not parse the whole record again (on Surabaya's 190 transfer points that is
 * most of a scenario's validation). Anything else is parsed as before.
 */
const validRecords = new WeakSet<object>();
/** Records that came from an `add` (not parsed yet), and records made from them. */
const unparsedRecords = new WeakSet<object>();
/** The parsed value of a `set` change for its field, per change object (changes do not change). */
const parsedValues = new WeakMap<object, { ok: boolean; value: unknown }>();

/** The schema of a field inside a record schema, following object keys, record values and array items. */
function fieldSchema(schema: z.ZodType, keys: string[]): z.ZodType | null {
  let cur: unknown = schema;
  for (const key of keys) {
    cur = unwrap(cur);
    const def = (cur as { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown } }).def;
    if (!def) return null;
    if (def.type === 'object' && def.shape && key in def.shape) cur = def.shape[key];
    else if (def.type === 'record' && def.valueType) cur = def.valueType;
    else if (def.type === 'array' && def.element && /^\d+$/.test(key)) cur = def.element;
    else return null;
  }
  return (cur as z.ZodType) ?? null;
}

function unwrap(s: unknown): unknown {
  let cur = s as { def?: { type?: string; innerType?: unknown } };
  while (cur?.def && (cur.def.type === 'default' || cur.def.type === 'optional') && cur.def.innerType) cur = cur.def.innerType as typeof cur;
  return cur;
}

function parsedSetValue(change: Change & { op: 'set' }, schema: z.ZodType | undefined, keys: string[]): { ok: boolean; value: unknown } {
  const hit = parsedValues.get(change);
  if (hit) return hit;
  const field = schema ? fieldSchema(schema, keys) : null;
  const r = field ? field.safeParse(change.value) : null;
  const out = r && r.success ? { ok: true, value: r.data } : { ok: false, value: change.value };
  parsedValues.set(change, out);
  return out;
}

/**
 * Apply one change to a city; the result is not yet validated. Copy on write:
 * only the records a change touches are copied, the rest is shared with the
 * input (which is never modified).
 */
export function applyChange(city: CityFile, change: Change): ApplyOutcome {
  return applyOne(city, change, null);
}

/**
 * Apply changes in list order, as applyChange one after the other would, but
 * copying the city's top object and each collection's list once for the
 * whole batch instead of once per change (a preset's 224 changes to
 * Surabaya's 190 transfer points copied the list 224 times). On a refusal,
 * `index` is the change refused. The input is never modified.
 */
export function applyChanges(city: CityFile, changes: readonly Change[]): { ok: true; city: CityFile } | { ok: false; field: string; message: string; index: number } {
  if (changes.length === 0) return { ok: true, city };
  const owned = new WeakSet<object>();
  let current = city;
  for (let i = 0; i < changes.length; i++) {
    const r = applyOne(current, changes[i], owned);
    if (!r.ok) return { ...r, index: i };
    current = r.city;
  }
  return { ok: true, city: current };
}

/** Whether each change's fromYear is at least the one before it: the changes due by any year are then a prefix of the list. */
export function isSortedByYear(changes: readonly Change[]): boolean {
  for (let i = 1; i < changes.length; i++) if (changes[i].fromYear < changes[i - 1].fromYear) return false;
  return true;
}

/** The object itself when this batch made it (it may be changed in place), else a shallow copy that the batch then owns. */
function own<T extends object>(x: T, owned: WeakSet<object> | null): T {
  if (owned?.has(x)) return x;
  const copy = (Array.isArray(x) ? [...x] : { ...x }) as T;
  owned?.add(copy);
  return copy;
}

function applyOne(city: CityFile, change: Change, owned: WeakSet<object> | null): ApplyOutcome {
  const next = own(city as unknown as Json, owned);
  if (change.op === 'set') {
    const parts = change.path.split('/').filter((p) => p !== '');
    const head = parts[0];
    if (head === 'settings' || head === 'city') {
      if (parts.length < 2) return { ok: false, field: 'path', message: `"${change.path}" names no field` };
      const parsed = head === 'settings' ? parsedSetValue(change, settingsSchema, parts.slice(1)) : { ok: false, value: change.value };
      const prev = next[head] as Json;
      const set = withValueAt(prev, parts.slice(1), parsed.value);
      if (!set.ok) return { ok: false, field: 'path', message: set.message };
      next[head] = set.value;
      if (parsed.ok && !unparsedRecords.has(prev)) validRecords.add(set.value);
      else unparsedRecords.add(set.value);
      return { ok: true, city: next as unknown as CityFile };
    }
    if (!isCollection(head) && head !== 'fractions') {
      return { ok: false, field: 'path', message: `"${head}" is not settings or a collection (${['settings', 'fractions', ...COLLECTIONS].join(', ')})` };
    }
    if (parts.length < 3) return { ok: false, field: 'path', message: `"${change.path}" must be collection/id/field` };
    if (parts[2] === 'id') return { ok: false, field: 'path', message: 'ids cannot be changed by a scenario' };
    const list = next[head] as Json[];
    // Replaced records go into a list this batch owns (copied on the first change that finds a record).
    let copied: Json[] | null = null;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (parts[1] !== '*' && r.id !== parts[1]) continue;
      const parsed = parsedSetValue(change, RECORD_SCHEMAS[head], parts.slice(2));
      const set = withValueAt(r, parts.slice(2), parsed.value);
      if (!set.ok) return { ok: false, field: 'path', message: set.message };
      const rc = set.value;
      if (parsed.ok && !unparsedRecords.has(r)) validRecords.add(rc);
      else unparsedRecords.add(rc);
      copied ??= own(list, owned);
      copied[i] = rc;
    }
    if (copied === null) return { ok: false, field: 'path', message: `no ${head} record with id "${parts[1]}"` };
    next[head] = copied;
    return { ok: true, city: next as unknown as CityFile };
  }
  const list = next[change.collection] as Json[];
  if (change.op === 'add') {
    const itemId = change.item.id;
    if (typeof itemId !== 'string') return { ok: false, field: 'item.id', message: 'is required' };
    if (list.some((r) => r.id === itemId)) return { ok: false, field: 'item.id', message: `${change.collection} already has "${itemId}"` };
    const item = clone(change.item);
    unparsedRecords.add(item);
    const grown = own(list, owned);
    grown.push(item);
    next[change.collection] = grown;
    return { ok: true, city: next as unknown as CityFile };
  }
  const idx = list.findIndex((r) => r.id === change.id);
  if (idx < 0) return { ok: false, field: 'id', message: `no ${change.collection} record with id "${change.id}"` };
  const shrunk = list.filter((_, i) => i !== idx);
  owned?.add(shrunk);
  next[change.collection] = shrunk;
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
  // In a list sorted by year, a later year's changes are the earlier year's plus the next ones, in the same order.
  const sorted = isSortedByYear(changes);
  let applied: CityFile = { ...city, scenarios: [] };
  // Changes apply in list order; those whose fromYear has come are applied.
  for (let t = 0; t < horizonYears; t++) {
    const y = baseYear + t;
    const due = changes.filter((c) => c.fromYear <= y);
    if (due.length !== appliedCount) {
      const r = sorted ? applyChanges(applied, due.slice(appliedCount)) : applyChanges({ ...city, scenarios: [] }, due);
      if (!r.ok) throw new Error(`scenario ${scenarioId}: ${r.field}: ${r.message}`);
      applied = r.city;
      const parsed = parseChanged(r.city, city);
      if (!parsed.ok) throw new Error(`scenario ${scenarioId}: ${parsed.issues[0].path}: ${parsed.issues[0].message}`);
      current = parsed.city;
      appliedCount = due.length;
    }
    out.push(current);
  }
  return out;
}


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
  if (changed.settings !== base.settings && !validRecords.has(changed.settings)) {
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
      if (known.has(rec) || validRecords.has(rec as object)) return rec;
      const r = schema.safeParse(rec, { reportInput: true });
      if (r.success) return r.data;
      issues.push({ path: `${name}[${i}]`, message: r.error.issues[0].message, error: r.error, prefix: `${name}[${i}]` });
      return rec;
    });
  }
  return issues.length ? { ok: false, issues } : { ok: true, city: out as unknown as CityFile };
}
