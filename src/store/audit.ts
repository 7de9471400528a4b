/**
 * The audit trail (db/migrations/0003_audit.sql): one row per change to a
 * city's inputs, with who, when, which record and its JSON before and after.
 * Rows are only appended; nothing here updates or deletes them. Writers call
 * append inside the transaction that changes the city (src/store/cityEdits.ts),
 * so a change and its row are written together or not at all.
 *
 * Example: const audit = createAuditLog(db);
 *          audit.append({ cityId: 'surabaya', userId: 3, action: 'update', collection: 'transferPoints',
 *                         recordId: 'tps-benowo-1', before: {...}, after: {...}, cityVersion: 7 })
 *          audit.listForCity('surabaya', { page: 1, perPage: 50 }) -> { entries: [newest first], total }
 */
import type { Db } from './db.js';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'restore', 'import', 'settings'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  cityId: string;
  /** null: made without an account (the command line, a seed). */
  userId: number | null;
  /** The user's display name and e-mail now (null without an account). */
  userName: string | null;
  userEmail: string | null;
  /** ISO 8601 UTC. */
  at: string;
  action: AuditAction;
  /** A collection of the city file, 'settings', 'fractions' or 'city'. */
  collection: string;
  recordId: string | null;
  /** The record before the change; null before a create. */
  before: unknown;
  /** The record after the change; null after a delete. */
  after: unknown;
  /** The city's version after the change. */
  cityVersion: number;
}

export interface NewAuditEntry {
  cityId: string;
  userId: number | null;
  action: AuditAction;
  collection: string;
  recordId: string | null;
  before: unknown;
  after: unknown;
  cityVersion: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  perPage: number;
}

export interface AuditLog {
  /** Appends a row (call inside the transaction that made the change); returns it. */
  append(entry: NewAuditEntry): AuditEntry;
  /** A city's changes, newest first, one page (pages from 1). */
  listForCity(cityId: string, options?: { page?: number; perPage?: number }): AuditPage;
  /** One record's changes, newest first (recordId null: settings or fractions). */
  listForRecord(cityId: string, collection: string, recordId: string | null): AuditEntry[];
  /** One row of a city; undefined when there is none (or it belongs to another city). */
  get(cityId: string, id: number): AuditEntry | undefined;
}

interface AuditRow {
  id: number;
  city_id: string;
  user_id: number | null;
  user_name: string | null;
  user_email: string | null;
  at: string;
  action: AuditAction;
  collection: string;
  record_id: string | null;
  before_json: string | null;
  after_json: string | null;
  city_version: number;
}

const SELECT = `SELECT a.id, a.city_id, a.user_id, u.display_name AS user_name, u.email AS user_email, a.at, a.action,
                       a.collection, a.record_id, a.before_json, a.after_json, a.city_version
                FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`;

export const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 500;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    cityId: row.city_id,
    userId: row.user_id,
    userName: row.user_name,
    userEmail: row.user_email,
    at: row.at,
    action: row.action,
    collection: row.collection,
    recordId: row.record_id,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    cityVersion: row.city_version,
  };
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function createAuditLog(db: Db, now: () => Date = () => new Date()): AuditLog {
  const insert = db.prepare<[string, number | null, string, string, string, string | null, string | null, string | null, number]>(
    `INSERT INTO audit_log (city_id, user_id, at, action, collection, record_id, before_json, after_json, city_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[number, string], AuditRow>(`${SELECT} WHERE a.id = ? AND a.city_id = ?`);
  const pageStmt = db.prepare<[string, number, number], AuditRow>(`${SELECT} WHERE a.city_id = ? ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`);
  const countStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM audit_log WHERE city_id = ?');
  const recordStmt = db.prepare<[string, string, string | null], AuditRow>(
    `${SELECT} WHERE a.city_id = ? AND a.collection = ? AND a.record_id IS ? ORDER BY a.at DESC, a.id DESC`,
  );

  return {
    append(entry) {
      const info = insert.run(
        entry.cityId,
        entry.userId,
        now().toISOString(),
        entry.action,
        entry.collection,
        entry.recordId,
        json(entry.before),
        json(entry.after),
        entry.cityVersion,
      );
      const row = byId.get(Number(info.lastInsertRowid), entry.cityId);
      if (!row) throw new Error('audit row was not written');
      return toEntry(row);
    },
    listForCity(cityId, options = {}) {
      const perPage = Math.min(Math.max(1, Math.floor(options.perPage ?? DEFAULT_PER_PAGE)), MAX_PER_PAGE);
      const page = Math.max(1, Math.floor(options.page ?? 1));
      const total = countStmt.get(cityId)?.n ?? 0;
      const entries = pageStmt.all(cityId, perPage, (page - 1) * perPage).map(toEntry);
      return { entries, total, page, perPage };
    },
    listForRecord(cityId, collection, recordId) {
      return recordStmt.all(cityId, collection, recordId).map(toEntry);
    },
    get(cityId, id) {
      const row = byId.get(id, cityId);
      return row ? toEntry(row) : undefined;
    },
  };
}
