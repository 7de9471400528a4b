import type { Express } from 'express';
import { computeCity } from '../../src/model/index.js';
import type { RunResult } from '../../src/model/results.js';
import { toCityPage, type CityPageView } from '../../src/reports/cityPage.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { createApp, type AppDeps } from '../../src/web/app.js';
import { FIXTURE_CITIES_DIR, fixtureCity, freshDb } from '../store/helpers.js';

export { fixtureCity, fixtureInput } from '../store/helpers.js';

/** A migrated in-memory database seeded with the fixture city, and an app on it. */
export function appWithFixture(deps: Partial<AppDeps> = {}): { app: Express; db: Db } {
  const db = freshDb();
  seedDemoCities(db, FIXTURE_CITIES_DIR);
  return { db, app: createApp({ db, log: () => {}, ...deps }) };
}

/** The engine's own result for the fixture, to compare pages against. */
export function fixtureRun(scenarioId?: string): RunResult {
  const outcome = computeCity(fixtureCity(), scenarioId ? { scenarioId } : {});
  if (!outcome.ok) throw new Error(`engine refused the fixture: ${JSON.stringify(outcome.problems)}`);
  return outcome.result;
}

/** The city page's view model built straight from computeCity's output. */
export function expectedCityPage(scenarioId?: string, year?: number): CityPageView {
  return toCityPage({ city: fixtureCity(), run: fixtureRun(scenarioId), year });
}

/** What EJS's <%= %> makes of a string. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

export { createCityRepository };
