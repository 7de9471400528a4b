import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, startServer, type ServerConfig } from '../../src/server.js';
import { createCityRepository } from '../../src/store/cities.js';
import { openDatabase } from '../../src/store/db.js';
import { MigrationMismatchError } from '../../src/store/migrate.js';
import { FIXTURE_CITIES_DIR, fixtureCity, tempDir } from '../store/helpers.js';

function config(databasePath: string): ServerConfig {
  return { port: 0, host: '127.0.0.1', databasePath, examplesDir: FIXTURE_CITIES_DIR, exposeErrors: false };
}

describe('configuration from the environment', () => {
  it('defaults to 127.0.0.1:3000 and ./data/wasteplan.db', () => {
    expect(configFromEnv({})).toMatchObject({ port: 3000, host: '127.0.0.1', databasePath: './data/wasteplan.db', exposeErrors: false });
  });

  it('reads PORT, HOST and DATABASE_PATH', () => {
    expect(configFromEnv({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: '/var/lib/wasteplan/w.db', NODE_ENV: 'development' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databasePath: '/var/lib/wasteplan/w.db',
      exposeErrors: true,
    });
  });

  it.each(['http', '70000', '-1', '3000.5'])('refuses PORT=%s', (port) => {
    expect(() => configFromEnv({ PORT: port })).toThrow(/PORT must be a whole number/);
  });
});

describe('starting the server', () => {
  it('creates the database folder, migrates, seeds, listens; a restart keeps what users entered', async () => {
    const dbPath = join(tempDir('server'), 'nested', 'folder', 'wasteplan.db');
    const lines: string[] = [];
    const first = await startServer(config(dbPath), (l) => lines.push(l));
    expect(existsSync(dbPath)).toBe(true);
    expect(lines.join('\n')).toMatch(/applied 0001_init\.sql/);
    expect(lines.join('\n')).toMatch(/seeded demo cities: kota-contoh/);
    expect(lines.at(-1)).toMatch(/^WastePlan listening on http:\/\/127\.0\.0\.1:\d+ /);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const edited = fixtureCity();
    edited.city.name = 'Kota Contoh, edited';
    createCityRepository(first.db).replaceDocument('kota-contoh', 1, edited);
    await first.close();

    const second = await startServer(config(dbPath), () => {});
    const home = await (await fetch(`${second.url}/`)).text();
    expect(home).toContain('Kota Contoh, edited');
    await second.close();
  });

  it('refuses to start when the database and the migration files disagree', async () => {
    const dbPath = join(tempDir('server-mismatch'), 'wasteplan.db');
    const first = await startServer(config(dbPath), () => {});
    await first.close();
    const db = openDatabase(dbPath);
    db.prepare("UPDATE schema_migrations SET checksum = ? WHERE name = '0001_init.sql'").run('0'.repeat(64));
    db.close();
    await expect(startServer(config(dbPath), () => {})).rejects.toThrow(MigrationMismatchError);
  });
});
