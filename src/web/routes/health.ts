/** GET /healthz: the process answers and the database can be read. */
import { Router } from 'express';
import type { Db } from '../../store/db.js';

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    db.prepare('SELECT 1').get();
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  return router;
}
