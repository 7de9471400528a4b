import type { SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../src/store/sessions.js';
import { freshDb } from './helpers.js';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1, 8);

/** A store on a fresh database with a clock the test moves. */
function storeAt(start = T0) {
  const clock = { now: start };
  const db = freshDb();
  const store = new SqliteSessionStore(db, { now: () => clock.now, cleanupEveryMs: HOUR });
  return { db, store, clock };
}

function sessionData(expiresAt: number, extra: Partial<SessionData> = {}): SessionData {
  return { cookie: { originalMaxAge: 8 * HOUR, expires: new Date(expiresAt), httpOnly: true, path: '/' }, ...extra } as SessionData;
}

/** The callback API as promises. */
const get = (store: SqliteSessionStore, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s))));
const set = (store: SqliteSessionStore, sid: string, data: SessionData) =>
  new Promise<void>((resolve, reject) => store.set(sid, data, (err) => (err ? reject(err) : resolve())));
const touch = (store: SqliteSessionStore, sid: string, data: SessionData) =>
  new Promise<void>((resolve, reject) => store.touch(sid, data, (err) => (err ? reject(err) : resolve())));
const destroy = (store: SqliteSessionStore, sid: string) =>
  new Promise<void>((resolve, reject) => store.destroy(sid, (err) => (err ? reject(err) : resolve())));

describe('the SQLite session store', () => {
  it('keeps a session as JSON until its cookie expires', async () => {
    const { db, store, clock } = storeAt();
    await set(store, 'abc', sessionData(T0 + 8 * HOUR, { userId: 7 }));
    expect(db.prepare('SELECT data, expires_at FROM sessions WHERE sid = ?').get('abc')).toEqual({
      data: JSON.stringify(sessionData(T0 + 8 * HOUR, { userId: 7 })),
      expires_at: T0 + 8 * HOUR,
    });
    expect(await get(store, 'abc')).toMatchObject({ userId: 7 });
    clock.now = T0 + 8 * HOUR - 1;
    expect(await get(store, 'abc')).toMatchObject({ userId: 7 });
    clock.now = T0 + 8 * HOUR;
    expect(await get(store, 'abc')).toBeNull();
    expect(await get(store, 'never-set')).toBeNull();
  });

  it('replaces a session written again under the same id', async () => {
    const { store } = storeAt();
    await set(store, 'abc', sessionData(T0 + HOUR, { userId: 1 }));
    await set(store, 'abc', sessionData(T0 + 2 * HOUR, { userId: 2 }));
    expect(await get(store, 'abc')).toMatchObject({ userId: 2 });
    expect(store.count()).toBe(1);
  });

  it('moves the expiry on touch (rolling idle timeout)', async () => {
    const { store, clock } = storeAt();
    await set(store, 'abc', sessionData(T0 + 8 * HOUR, { userId: 7 }));
    clock.now = T0 + 7 * HOUR;
    await touch(store, 'abc', sessionData(clock.now + 8 * HOUR, { userId: 7 }));
    clock.now = T0 + 14 * HOUR;
    expect(await get(store, 'abc')).toMatchObject({ userId: 7 });
  });

  it('writes a touch only when it moves the expiry by a minute or more (a page view each second does not write each time)', async () => {
    const { db, store, clock } = storeAt();
    const stored = () => db.prepare('SELECT expires_at FROM sessions WHERE sid = ?').pluck().get('abc');
    await set(store, 'abc', sessionData(T0 + 8 * HOUR, { userId: 7 }));
    clock.now = T0 + 59_999;
    await touch(store, 'abc', sessionData(clock.now + 8 * HOUR, { userId: 7 }));
    expect(stored()).toBe(T0 + 8 * HOUR); // 59.999 s later: not written
    clock.now = T0 + 60_000;
    await touch(store, 'abc', sessionData(clock.now + 8 * HOUR, { userId: 7 }));
    expect(stored()).toBe(T0 + 60_000 + 8 * HOUR);
    clock.now = T0 + 90_000;
    await touch(store, 'abc', sessionData(clock.now + 8 * HOUR, { userId: 7 }));
    expect(stored()).toBe(T0 + 60_000 + 8 * HOUR); // 30 s after the last write
    // A store that has not written the session yet (a restart) writes its first touch.
    const other = new SqliteSessionStore(db, { now: () => clock.now });
    await touch(other, 'abc', sessionData(clock.now + 8 * HOUR, { userId: 7 }));
    expect(stored()).toBe(T0 + 90_000 + 8 * HOUR);
    // A session destroyed and made again under the same id writes its touches again.
    await destroy(store, 'abc');
    await set(store, 'abc', sessionData(T0 + 9 * HOUR));
    expect(stored()).toBe(T0 + 9 * HOUR);
  });

  it('forgets a destroyed session', async () => {
    const { store } = storeAt();
    await set(store, 'abc', sessionData(T0 + HOUR));
    await destroy(store, 'abc');
    expect(await get(store, 'abc')).toBeNull();
    await destroy(store, 'abc'); // twice is fine
  });

  it('uses 8 hours when the cookie has no expiry', async () => {
    const { db, store } = storeAt();
    await set(store, 'abc', { cookie: { originalMaxAge: null, path: '/' } } as unknown as SessionData);
    expect(db.prepare('SELECT expires_at FROM sessions').pluck().get()).toBe(T0 + 8 * HOUR);
  });

  it('deletes expired rows while writing, at most once per cleanup period', async () => {
    const { db, store, clock } = storeAt();
    await set(store, 'old', sessionData(T0 + 10 * 60 * 1000)); // first write cleans up (nothing yet)
    clock.now = T0 + 30 * 60 * 1000; // 'old' expired, but the last cleanup was 30 minutes ago
    await set(store, 'new', sessionData(clock.now + HOUR));
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(2);
    clock.now = T0 + HOUR;
    await set(store, 'newer', sessionData(clock.now + HOUR));
    expect(db.prepare('SELECT sid FROM sessions ORDER BY sid').pluck().all()).toEqual(['new', 'newer']);
    clock.now = T0 + 3 * HOUR;
    expect(store.cleanup()).toBe(2);
  });

  it("ends every session of one user, and only theirs", async () => {
    const { store } = storeAt();
    await set(store, 'a1', sessionData(T0 + HOUR, { userId: 1 }));
    await set(store, 'a2', sessionData(T0 + HOUR, { userId: 1 }));
    await set(store, 'b1', sessionData(T0 + HOUR, { userId: 2 }));
    await set(store, 'visitor', sessionData(T0 + HOUR));
    expect(store.destroyForUser(1)).toBe(2);
    expect(await get(store, 'a1')).toBeNull();
    expect(await get(store, 'b1')).toMatchObject({ userId: 2 });
    expect(store.count()).toBe(2);
  });

  it('passes database errors to the callback', async () => {
    const { db, store } = storeAt();
    db.close();
    await expect(get(store, 'abc')).rejects.toThrow(/not open/);
    await expect(set(store, 'abc', sessionData(T0 + HOUR))).rejects.toThrow(/not open/);
  });
});
