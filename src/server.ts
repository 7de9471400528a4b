/**
 * Composition root: read the configuration from the environment, open the
 * database, apply migrations, seed the demo cities on first start, and
 * listen. `npm start` runs this file; tests call startServer() directly.
 *
 * Environment (README "Configuration"):
 *   PORT           default 3000 (0 picks a free port)
 *   HOST           default 127.0.0.1: only this machine can connect, since
 *                  there are no accounts yet; set 0.0.0.0 to serve a LAN or
 *                  a container
 *   DATABASE_PATH  default ./data/wasteplan.db (relative to the working
 *                  directory; the folder is created)
 *   SESSION_SECRET  signs session cookies; default: generated once, kept in the database
 *   COOKIE_SECURE   1 when served over TLS (behind a proxy): Secure cookies, trust proxy 1
 *   WASTEPLAN_ADMIN_EMAIL, WASTEPLAN_ADMIN_PASSWORD, WASTEPLAN_ADMIN_NAME
 *                  the first site administrator, created at start when there is no account
 */
import { mkdirSync, realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { seedDemoCities } from './store/seed.js';
import { createUserRepository, type ScryptParams } from './store/users.js';
import { createApp } from './web/app.js';
import { EXAMPLES_DIR } from './web/paths.js';
import { checkDisplayName, checkEmail, checkNewPassword, type FieldErrors } from './web/routes/auth.js';

export interface ServerConfig {
  port: number;
  host: string;
  databasePath: string;
  /** Where the demo city files are (examples/*.city.json). */
  examplesDir: string;
  /** Show stack traces on error pages: only when NODE_ENV=development. */
  exposeErrors: boolean;
  /** SESSION_SECRET; when absent, one is generated and kept in app_meta. */
  sessionSecret?: string;
  /** COOKIE_SECURE=1: served over TLS behind a proxy. */
  cookieSecure?: boolean;
  /** WASTEPLAN_ADMIN_*: the first site administrator, created when the database has no account. */
  admin?: { email: string; password: string; displayName: string };
  /** scrypt cost for passwords (tests pass a cheap one). */
  scrypt?: ScryptParams;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = env.PORT?.trim() || '3000';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new ConfigError(`PORT must be a whole number 0-65535, not "${env.PORT}"`);
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  const databasePath = env.DATABASE_PATH?.trim() || './data/wasteplan.db';
  const secure = env.COOKIE_SECURE?.trim() ?? '';
  if (!['', '0', '1'].includes(secure)) throw new ConfigError(`COOKIE_SECURE must be 1 or 0, not "${env.COOKIE_SECURE}"`);
  return {
    port: Number(portText),
    host,
    databasePath,
    examplesDir: EXAMPLES_DIR,
    exposeErrors: env.NODE_ENV === 'development',
    sessionSecret: env.SESSION_SECRET || undefined,
    cookieSecure: secure === '1',
    admin: adminFromEnv(env),
  };
}

/** WASTEPLAN_ADMIN_EMAIL and _PASSWORD (and _NAME, default "Administrator"); both or neither. */
function adminFromEnv(env: NodeJS.ProcessEnv): ServerConfig['admin'] {
  const email = env.WASTEPLAN_ADMIN_EMAIL?.trim() ?? '';
  const password = env.WASTEPLAN_ADMIN_PASSWORD ?? '';
  if (email === '' && password === '') return undefined;
  const displayName = env.WASTEPLAN_ADMIN_NAME?.trim() || 'Administrator';
  const errors: FieldErrors = {};
  if (email === '') errors.email = 'is missing';
  else checkEmail(email, errors);
  if (password === '') errors.password = 'is missing';
  else checkNewPassword(password, password, errors);
  checkDisplayName(displayName, errors);
  const names: Record<string, string> = { email: 'WASTEPLAN_ADMIN_EMAIL', password: 'WASTEPLAN_ADMIN_PASSWORD', displayName: 'WASTEPLAN_ADMIN_NAME' };
  const problems = Object.entries(errors).map(([field, message]) => `${names[field]}: ${message}`);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return { email, password, displayName };
}

export interface RunningServer {
  url: string;
  server: Server;
  db: Db;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, log: (line: string) => void = (l) => console.log(l)): Promise<RunningServer> {
  if (config.databasePath !== ':memory:') mkdirSync(dirname(resolve(config.databasePath)), { recursive: true });
  const db = openDatabase(config.databasePath);
  try {
    const applied = migrate(db);
    if (applied.length) log(`database ${config.databasePath}: applied ${applied.join(', ')}`);
    const seed = seedDemoCities(db, config.examplesDir);
    if (seed.reason === 'seeded') log(`seeded demo cities: ${seed.seeded.join(', ')}`);
    else if (seed.reason === 'no-demo-files') log(`no demo cities in ${config.examplesDir}`);
    const users = createUserRepository(db);
    if (config.admin && users.count() === 0) {
      const admin = await users.createFirstAdmin(config.admin, config.scrypt);
      log(`created the site administrator ${admin.email} (from WASTEPLAN_ADMIN_EMAIL)`);
    } else if (users.count() === 0) {
      log('no account yet: open /setup to create the site administrator, or set WASTEPLAN_ADMIN_EMAIL and WASTEPLAN_ADMIN_PASSWORD');
    }
  } catch (err) {
    db.close();
    throw err;
  }

  const app = createApp({
    db,
    exposeErrors: config.exposeErrors,
    log: (l) => console.error(l),
    sessionSecret: config.sessionSecret,
    cookieSecure: config.cookieSecure,
    scrypt: config.scrypt,
  });
  const server = await new Promise<Server>((resolveListen, reject) => {
    const s = app.listen(config.port, config.host, () => resolveListen(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  log(`WastePlan listening on ${url} (database ${config.databasePath})`);

  let closed = false;
  return {
    url,
    server,
    db,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        if (closed) return resolveClose();
        closed = true;
        server.closeAllConnections();
        server.close((err) => {
          db.close();
          if (err) reject(err);
          else resolveClose();
        });
      }),
  };
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  try {
    const running = await startServer(configFromEnv());
    const stop = (signal: string) => {
      console.log(`${signal}: closing`);
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } catch (err) {
    console.error(`WastePlan did not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
