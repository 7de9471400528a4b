/**
 * One change to a city's inputs, as one transaction: read the stored city,
 * check that the record is still what the person saw (its hash), put the new
 * record into a copy of the document, validate the WHOLE document with the
 * engine's validateCityFile, and write the document (version + 1) together
 * with its audit row. When anything is refused nothing is written.
 *
 * A "record" is one item of a collection (found by id), or the whole
 * `settings` object, or the `fractions` list (the composition).
 *
 * Example: applyEdit(db, { cityId: 'surabaya', userId: 3, action: 'update', collection: 'transferPoints',
 *                          recordId: 'tps-benowo-1', after: edited, baseRecordHash: hashShownInTheForm })
 *          -> { kind: 'ok', city: {...version 8}, audit: {...}, unchanged: false }
 *          -> { kind: 'problems', recordPath: 'transferPoints[12]', problems: [{ path: 'transferPoints[12].legs[0].roundTripKm', ... }] }
 *          -> { kind: 'conflict', current: {...their version}, currentHash, submitted: edited }
 */
import { createHash } from 'node:crypto';
import { COLLECTIONS, type CityFile, type CollectionName } from '../model/cityFile.js';
import { validateCityFile } from '../model/index.js';
import type { Problem } from '../model/results.js';
import { createAuditLog, type AuditAction, type AuditEntry } from './audit.js';
import { createCityRepository, type StoredCity } from './cities.js';
import type { Db } from './db.js';

/** What an edit changes: a record of a collection, a scenario (by id, like a record), the settings, or the fractions (composition). */
export type EditCollection = CollectionName | 'scenarios' | 'settings' | 'fractions';

export interface EditRequest {
  cityId: string;
  userId: number | null;
  action: Exclude<AuditAction, 'import'>;
  collection: EditCollection;
  /** The record's id for a collection (the new id on create); null for settings and fractions. */
  recordId: string | null;
  /** The new record; null deletes it. */
  after: unknown;
  /**
   * recordHash of the record as the form showed it (recordHash(null) when the
   * form showed none). On create the hash is not checked: an id already taken
   * is a validation problem at the id.
   */
  baseRecordHash: string;
}

export type EditOutcome =
  | { kind: 'ok'; city: StoredCity; record: unknown; audit: AuditEntry | null; unchanged: boolean }
  | { kind: 'problems'; problems: Problem[]; recordPath: string }
  | { kind: 'conflict'; current: unknown; currentHash: string; submitted: unknown }
  | { kind: 'notFound'; what: 'city' | 'record' };

export function isCollectionName(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

/** JSON with object keys sorted, so equal records give equal text whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }) ?? 'null';
}

/** SHA-256 of the record's stable JSON (null or undefined: no record), hex. */
export function recordHash(record: unknown): string {
  return createHash('sha256').update(stableJson(record ?? null), 'utf8').digest('hex');
}

/** The record an edit is about in `doc`, with its index in a collection (-1 when absent; null for settings/fractions). */
export function findRecord(doc: CityFile, collection: EditCollection, recordId: string | null): { record: unknown; index: number | null } {
  if (collection === 'settings') return { record: doc.settings, index: null };
  if (collection === 'fractions') return { record: doc.fractions, index: null };
  const list = doc[collection] as ReadonlyArray<{ id: string }>;
  const index = list.findIndex((r) => r.id === recordId);
  return { record: index >= 0 ? list[index] : null, index };
}

/** The document with `after` in place of the record (appended when new, removed when null). */
function withRecord(doc: CityFile, collection: EditCollection, index: number | null, after: unknown): { doc: unknown; path: string } {
  if (collection === 'settings') return { doc: { ...doc, settings: after }, path: 'settings' };
  if (collection === 'fractions') return { doc: { ...doc, fractions: after }, path: 'fractions' };
  const list = [...(doc[collection] as unknown[])];
  let i = index ?? -1;
  if (i < 0) {
    i = list.length;
    if (after !== null) list.push(after);
  } else if (after === null) list.splice(i, 1);
  else list[i] = after;
  return { doc: { ...doc, [collection]: list }, path: `${collection}[${i}]` };
}

export class EditRefusedError extends Error {
  override name = 'EditRefusedError';
}

/** Reads, checks, validates and writes in one IMMEDIATE transaction (no other writer in between). */
export function applyEdit(db: Db, req: EditRequest, now: () => Date = () => new Date()): EditOutcome {
  if ((req.collection === 'settings' || req.collection === 'fractions') && req.after === null) {
    throw new EditRefusedError(`${req.collection} cannot be deleted`);
  }
  const repo = createCityRepository(db, now);
  const audit = createAuditLog(db, now);
  return db.transaction((): EditOutcome => {
    const stored = repo.get(req.cityId);
    if (!stored) return { kind: 'notFound', what: 'city' };
    const { record: current, index } = findRecord(stored.document, req.collection, req.recordId);
    const isCollection = index !== null;

    if (req.action === 'create' && isCollection) {
      if (req.after === null) throw new EditRefusedError('a create needs a record');
    } else {
      if (isCollection && current === null && req.after === null) return { kind: 'notFound', what: 'record' };
      const currentHash = recordHash(current);
      if (currentHash !== req.baseRecordHash) return { kind: 'conflict', current, currentHash, submitted: req.after };
    }

    const { doc, path } = withRecord(stored.document, req.collection, req.action === 'create' ? -1 : index, req.after);
    const validated = validateCityFile(doc);
    if (!validated.ok) return { kind: 'problems', problems: validated.problems, recordPath: path };

    const newRecord = req.after === null ? null : findRecord(validated.city, req.collection, req.recordId).record;
    if (stableJson(newRecord) === stableJson(current)) {
      return { kind: 'ok', city: stored, record: current, audit: null, unchanged: true };
    }
    const city = repo.replaceDocument(req.cityId, stored.version, validated.city);
    const entry = audit.append({
      cityId: req.cityId,
      userId: req.userId,
      action: req.action,
      collection: req.collection,
      recordId: isCollection ? req.recordId : null,
      before: current,
      after: newRecord,
      cityVersion: city.version,
    });
    return { kind: 'ok', city, record: newRecord, audit: entry, unchanged: false };
  }).immediate();
}
