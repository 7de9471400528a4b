/**
 * GET /admin/backup (site administrators): the whole database as one SQLite
 * file, downloaded as wasteplan-YYYY-MM-DD.db. The copy is made with SQLite's
 * online backup API (src/store/backup.ts) into a temporary file, so it is a
 * consistent snapshot while others keep reading and writing; the file is
 * deleted once sent. Restore it with `wasteplan restore <file> --db PATH`
 * with the server stopped (README, "Performance and operations").
 *
 * The file holds everything, password hashes and the generated session
 * secret included: keep it as safe as the database itself (docs/security.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { backupDatabase } from '../../store/backup.js';
import type { Db } from '../../store/db.js';
import { requireSiteAdmin } from '../auth.js';

/** Where the download is; the accounts page (/admin/users) links to it. */
export const BACKUP_PATH = '/admin/backup';

/** wasteplan-2026-11-29.db, in UTC. */
export function backupFileName(at: Date): string {
  return `wasteplan-${at.toISOString().slice(0, 10)}.db`;
}

export function backupRoutes(deps: { db: Db; now?: () => Date }): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router();
  router.get(BACKUP_PATH, requireSiteAdmin, async (_req, res, next) => {
    const dir = mkdtempSync(join(tmpdir(), 'wasteplan-backup-'));
    const cleanUp = () => rmSync(dir, { recursive: true, force: true });
    try {
      const file = join(dir, 'backup.db');
      await backupDatabase(deps.db, file);
      res.set('Cache-Control', 'no-store');
      res.download(file, backupFileName(now()), { headers: { 'Content-Type': 'application/vnd.sqlite3' } }, (err) => {
        cleanUp();
        if (err && !res.headersSent) next(err);
      });
    } catch (err) {
      cleanUp();
      throw err;
    }
  });
  return router;
}
