/**
 * Opening the SQLite database: one connection per process, WAL so readers do
 * not block the writer, foreign keys enforced (SQLite leaves them off by
 * default), and a busy timeout so a second process (the CLI importing while
 * the server runs) waits instead of failing with SQLITE_BUSY.
 *
 * Example: const db = openDatabase('./data/wasteplan.db'); migrate(db);
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** How long a writer waits for a lock held by another connection, ms. */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if needed) the database at `path`; ':memory:' for tests. The folder must exist. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode except for the last transactions on power loss.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
