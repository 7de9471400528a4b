/**
 * Whole pages kept for visitors who are not signed in. A public city's
 * dashboard, comparison and report are the same for every such visitor in
 * one language, so the HTML rendered for the first one is sent to the next
 * ones for as long as nothing in the database has changed. Engine results
 * are cached separately (src/web/runs.ts); this saves the view model and the
 * template too, which cost about 10 ms a page for Surabaya.
 *
 * Never stale: an entry is used only while the database is exactly as it was
 * when the page was rendered. TEMP triggers on this connection count every
 * row inserted, updated or deleted in every table but `sessions` (the
 * session store writes on each signed-in request, and no cached page shows a
 * session); PRAGMA data_version changes when another process (the command
 * line) commits; PRAGMA schema_version when a table appears, which gets its
 * triggers then. The three are read on every lookup (microseconds), and any
 * difference is a miss. The UTC day is part of it too, for pages that print
 * today's date.
 *
 * Only GET and HEAD requests without a session cookie are looked up, and only
 * 200 text/html answers without a CSRF token or a flash message are kept:
 * nothing personal is ever cached. Bounded: MAX_BYTES of HTML, least
 * recently used first out.
 *
 * Example: const pages = createPageCache(db); app.use(pages.middleware);  // after sessions and language
 *          pages.stats -> { hits: 12, misses: 3, entries: 3, bytes: 98304 }
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../store/db.js';
import { Lru } from '../lru.js';
import { SESSION_COOKIE } from './auth.js';

/** HTML kept at most: a few hundred pages of 30-50 KB. */
export const MAX_BYTES = 16 * 1024 * 1024;

/** Tables whose writes do not change what a visitor without a session sees. */
const UNWATCHED_TABLES = new Set(['sessions']);

interface Entry {
  stamp: string;
  /** The page as sent: encoded once, so a hit neither encodes nor hashes it again. */
  body: Buffer;
  /** Its entity tag, made once by the app's own "etag fn" (Express's weak tag by default). */
  etag: string | undefined;
  type: string;
  /** Headers the route set (not those of the middleware before it, which runs on a hit too). */
  headers: Array<[string, string | number | string[]]>;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface PageCache {
  middleware: RequestHandler;
  readonly stats: PageCacheStats;
}

/** Creates (once per connection) the counter and a trigger per table and write; returns the schema version they cover. */
function watchTables(db: Db): number {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS page_cache_writes (n INTEGER NOT NULL)');
  db.exec('INSERT INTO temp.page_cache_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM temp.page_cache_writes)');
  const tables = db.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  for (const table of tables) {
    if (UNWATCHED_TABLES.has(table) || !/^[A-Za-z0-9_]+$/.test(table)) continue;
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS page_cache_${table}_${op.toLowerCase()} AFTER ${op} ON main."${table}" BEGIN UPDATE temp.page_cache_writes SET n = n + 1; END`);
    }
  }
  return db.pragma('schema_version', { simple: true }) as number;
}

export function createPageCache(db: Db, maxBytes: number = MAX_BYTES): PageCache {
  const entries = new Lru<string, Entry>({ maxWeight: maxBytes, weigh: (e) => e.body.byteLength });
  let hits = 0;
  let misses = 0;
  let watchedSchema = watchTables(db);
  const writes = db.prepare('SELECT n FROM temp.page_cache_writes').pluck();

  const stampOf = (): string => {
    const schema = db.pragma('schema_version', { simple: true }) as number;
    if (schema !== watchedSchema) watchedSchema = watchTables(db);
    return `${String(writes.get())}:${String(db.pragma('data_version', { simple: true }))}:${schema}:${new Date().toISOString().slice(0, 10)}`;
  };
  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || res.locals.user || (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) {
      next();
      return;
    }
    const key = `${String(res.locals.lang)} ${req.originalUrl}`;
    const stamp = stampOf();
    const hit = entries.get(key);
    if (hit && hit.stamp === stamp) {
      hits++;
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.setHeader('Content-Type', hit.type);
      if (hit.etag) res.setHeader('ETag', hit.etag);
      // As res.send would: a conditional request for the same page gets 304 without the body.
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Length', hit.body.byteLength);
      res.end(req.method === 'HEAD' ? undefined : hit.body);
      return;
    }
    misses++;
    const before = new Set(res.getHeaderNames());
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // res.render hands send() the HTML before Express sets its type.
      const type = String(res.get('Content-Type') ?? '') || 'text/html; charset=utf-8';
      const personal = Boolean(res.locals.csrfToken) || Boolean(req.session?.csrfToken) || Boolean(res.locals.flash) || Boolean(res.locals.user);
      if (req.method === 'GET' && res.statusCode === 200 && typeof body === 'string' && type.startsWith('text/html') && !personal && Buffer.byteLength(body) <= maxBytes / 8) {
        // The stamp from before the page was made: a write while making it makes the entry a miss next time.
        const headers = res
          .getHeaderNames()
          .filter((h) => !before.has(h) && h !== 'set-cookie' && h !== 'content-type' && h !== 'content-length' && h !== 'etag')
          .map((h): [string, string | number | string[]] => [h, res.getHeader(h) as string | number | string[]]);
        const encoded = Buffer.from(body, 'utf8');
        const etagOf = req.app.get('etag fn') as ((body: Buffer, encoding?: BufferEncoding) => string) | undefined;
        entries.set(key, { stamp, body: encoded, etag: etagOf ? etagOf(encoded) : undefined, type, headers });
      }
      return send(body);
    };
    next();
  };

  return {
    middleware,
    get stats() {
      return { hits, misses, entries: entries.size, bytes: entries.weight };
    },
  };
}
