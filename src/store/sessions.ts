/**
 * express-session's store on the `sessions` table: one row per session with
 * its data as JSON and its expiry in milliseconds. Expired rows are never
 * returned and are deleted at most once per `cleanupEveryMs` while sessions
 * are being written, so no timer keeps the process alive.
 *
 * Example: session({ store: new SqliteSessionStore(db), ... })
 *          store.destroyForUser(7)   // signs user 7 out everywhere (password reset)
 */
import session from 'express-session';
import type { Db } from './db.js';

type Callback = (err?: unknown) => void;

/** Idle lifetime used when a session's cookie has no expiry of its own. */
const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/**
 * A touch that would move a session's expiry by less than this is not
 * written: express-session touches on every request, and a signed-in
 * official's page would otherwise cost a write. The stored expiry then lags
 * the cookie's by at most a minute of an eight-hour idle lifetime.
 */
export const TOUCH_SLACK_MS = 60 * 1000;
/** Sessions whose last written expiry is remembered; past it the memory is cleared (the next touches write). */
const MAX_REMEMBERED = 10_000;

export class SqliteSessionStore extends session.Store {
  private readonly getStmt;
  private readonly setStmt;
  private readonly destroyStmt;
  private readonly touchStmt;
  private readonly cleanupStmt;
  private readonly destroyForUserStmt;
  private readonly countStmt;
  private nextCleanupAt = 0;
  /** The expiry last written per session, by this store. */
  private readonly written = new Map<string, number>();

  constructor(
    db: Db,
    private readonly options: { now?: () => number; cleanupEveryMs?: number } = {},
  ) {
    super();
    this.getStmt = db.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires_at > ?');
    this.setStmt = db.prepare<[string, string, number]>(
      'INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
    );
    this.destroyStmt = db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?');
    this.touchStmt = db.prepare<[number, string]>('UPDATE sessions SET expires_at = ? WHERE sid = ?');
    this.cleanupStmt = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
    this.destroyForUserStmt = db.prepare<[number]>("DELETE FROM sessions WHERE json_extract(data, '$.userId') = ?");
    this.countStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE expires_at > ?');
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private expiresAt(data: session.SessionData): number {
    const expires = data.cookie?.expires;
    const at = expires ? new Date(expires).getTime() : NaN;
    return Number.isFinite(at) ? at : this.now() + DEFAULT_TTL_MS;
  }

  /** Deletes expired sessions; returns how many. */
  cleanup(): number {
    return this.cleanupStmt.run(this.now()).changes;
  }

  /** Live sessions (for tests and the admin's eyes). */
  count(): number {
    return this.countStmt.get(this.now())?.n ?? 0;
  }

  /** Ends every session of a user (after a password reset or when the account is disabled); returns how many. */
  destroyForUser(userId: number): number {
    return this.destroyForUserStmt.run(userId).changes;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    let row: { data: string } | undefined;
    try {
      row = this.getStmt.get(sid, this.now());
    } catch (err) {
      callback(err);
      return;
    }
    callback(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    try {
      const expiresAt = this.expiresAt(data);
      this.setStmt.run(sid, JSON.stringify(data), expiresAt);
      this.remember(sid, expiresAt);
      if (this.now() >= this.nextCleanupAt) {
        this.cleanup();
        this.nextCleanupAt = this.now() + (this.options.cleanupEveryMs ?? 15 * 60 * 1000);
      }
    } catch (err) {
      callback?.(err);
      return;
    }
    callback?.();
  }

  private remember(sid: string, expiresAt: number): void {
    if (this.written.size >= MAX_REMEMBERED && !this.written.has(sid)) this.written.clear();
    this.written.set(sid, expiresAt);
  }

  override touch(sid: string, data: session.SessionData, callback?: Callback): void {
    try {
      const expiresAt = this.expiresAt(data);
      const last = this.written.get(sid);
      if (last === undefined || Math.abs(expiresAt - last) >= TOUCH_SLACK_MS) {
        this.touchStmt.run(expiresAt, sid);
        this.remember(sid, expiresAt);
      }
    } catch (err) {
      callback?.(err);
      return;
    }
    callback?.();
  }

  override destroy(sid: string, callback?: Callback): void {
    try {
      this.written.delete(sid);
      this.destroyStmt.run(sid);
    } catch (err) {
      callback?.(err);
      return;
    }
    callback?.();
  }
}
