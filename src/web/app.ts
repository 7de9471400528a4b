/**
 * createApp(deps): the Express application, wired to what it is given. It
 * never listens (src/server.ts does), so tests drive it with supertest.
 *
 * Security headers come from helmet with a CSP that allows no inline script
 * or style: chart code lives in public/js and reads its data from
 * <script type="application/json"> blocks.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import ejs from 'ejs';
import { computeCity } from '../model/index.js';
import { createCityRepository } from '../store/cities.js';
import type { Db } from '../store/db.js';
import type { ScryptParams } from '../store/users.js';
import { createAuthServices, sessionMiddleware } from './auth.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { languageMiddleware } from './i18n.js';
import { createPageCache, type PageCache } from './pageCache.js';
import { CHART_JS_DIR, PUBLIC_DIR, VIEWS_DIR } from './paths.js';
import { adminRoutes } from './routes/admin.js';
import { backupRoutes } from './routes/backup.js';
import { authRoutes } from './routes/auth.js';
import { cityRoutes } from './routes/cities.js';
import { compareRoutes } from './routes/compare.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { reportRoutes } from './routes/report.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { recordRoutes } from './routes/records.js';
import { memberRoutes } from './routes/members.js';
import { newCityRoutes } from './routes/newCity.js';
import { transferRoutes } from './routes/transfer.js';
import { weighbridgeRoutes } from './routes/weighbridge.js';
import { createRunCache, type ComputeCity, type RunCache } from './runs.js';

export interface AppDeps {
  db: Db;
  /** The engine's computeCity; tests may pass another. */
  compute?: ComputeCity;
  /** Engine results cache; one per app by default. */
  runs?: RunCache;
  /** Whole pages for visitors without a session (src/web/pageCache.ts); one per app by default. */
  pages?: PageCache;
  /** Show stack traces on the 500 page (development only). */
  exposeErrors?: boolean;
  log?: (line: string) => void;
  /** Signs session cookies; default: generated once and kept in app_meta (src/web/auth.ts). */
  sessionSecret?: string;
  /** Served over TLS behind a proxy: Secure cookies, and trust the first proxy's X-Forwarded-* headers. */
  cookieSecure?: boolean;
  /** scrypt cost for passwords set through the pages; tests pass a cheap one. */
  scrypt?: ScryptParams;
}

export function createApp(deps: AppDeps): Express {
  const log = deps.log ?? ((line: string) => console.error(line));
  const cities = createCityRepository(deps.db);
  const runs = deps.runs ?? createRunCache(deps.compute ?? computeCity);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.cookieSecure ? 1 : false);
  app.engine('ejs', ejs.renderFile);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          // Served over plain HTTP on a LAN too: upgrading would break every asset.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  app.use('/public', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  app.use('/vendor/chart.js', express.static(CHART_JS_DIR, { maxAge: '1d', index: false }));

  // Before sessions: a health probe must not create one.
  app.use(healthRoutes(deps.db));
  // Sessions, the signed-in user and CSRF checks for every route below.
  const auth = createAuthServices(deps.db);
  app.use(sessionMiddleware({ db: deps.db, services: auth, sessionSecret: deps.sessionSecret, cookieSecure: deps.cookieSecure }));
  app.use(languageMiddleware({ db: deps.db, cookieSecure: deps.cookieSecure }));
  app.use((deps.pages ?? createPageCache(deps.db)).middleware);
  app.use(authRoutes(auth, { scrypt: deps.scrypt }));
  app.use(adminRoutes(auth, cities, { scrypt: deps.scrypt }));
  app.use(backupRoutes({ db: deps.db }));
  app.use(memberRoutes(auth));
  app.use(homeRoutes(cities, runs));
  app.use(scenarioRoutes(cities, runs, deps.db), compareRoutes(cities, runs), reportRoutes(cities, runs));
  // Before cityRoutes: /cities/new and /cities/import are pages, not cities.
  app.use(newCityRoutes({ db: deps.db, cities }));
  app.use(transferRoutes({ db: deps.db, cities }));
  app.use(recordRoutes({ db: deps.db, cities }));
  app.use(weighbridgeRoutes({ db: deps.db, cities }));
  app.use(cityRoutes(cities, runs));

  app.use(notFoundHandler);
  app.use(errorHandler({ exposeErrors: deps.exposeErrors ?? false, log }));
  return app;
}
