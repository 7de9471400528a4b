/**
 * The demo cities as shipped (examples/*.city.json): seeded on first start,
 * listed on the home page, and each city page shows the engine's figures.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { computeCity } from '../../src/model/index.js';
import { toCityPage } from '../../src/reports/cityPage.js';
import { createCityRepository } from '../../src/store/cities.js';
import { demoCityFiles, seedDemoCities } from '../../src/store/seed.js';
import { createApp } from '../../src/web/app.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { createRunCache } from '../../src/web/runs.js';
import { freshDb } from '../store/helpers.js';
import { escapeHtml } from './helpers.js';

describe('demo cities', { timeout: 120_000 }, () => {
  it('are Surabaya and Chongqing, seeded on first start', () => {
    expect(demoCityFiles(EXAMPLES_DIR).map((f) => f.replace(/^.*[\\/]/, ''))).toEqual(['chongqing.city.json', 'surabaya.city.json']);
    const db = freshDb();
    expect(seedDemoCities(db, EXAMPLES_DIR)).toEqual({ seeded: ['chongqing', 'surabaya'], reason: 'seeded' });
    expect(createCityRepository(db).list().map((c) => [c.id, c.currency])).toEqual([
      ['chongqing', 'CNY'],
      ['surabaya', 'IDR'],
    ]);
  });

  it("show the engine's baseline figures on their pages and the home page", async () => {
    const db = freshDb();
    seedDemoCities(db, EXAMPLES_DIR);
    // One cache for the app and the expectations, so each city computes once.
    const runs = createRunCache(computeCity);
    const app = createApp({ db, runs, log: () => {} });
    const repo = createCityRepository(db);

    const home = await request(app).get('/').expect(200);
    for (const summary of repo.list()) {
      const city = repo.get(summary.id);
      if (!city) throw new Error(`${summary.id} vanished`);
      const outcome = runs.get(city, null, () => city.document);
      if (!outcome.ok) throw new Error(`engine refused ${city.id}: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
      const view = toCityPage({ city: city.document, run: outcome.result });

      expect(home.text).toContain(`<a href="/cities/${city.id}">${escapeHtml(city.name)}</a>`);
      expect(home.text).toContain(escapeHtml(view.headline[0].value));

      // The page in English, as the view model above (a city otherwise opens in its own language).
      const page = await request(app).get(`/cities/${city.id}?lang=en`).expect(200);
      for (const f of [...view.headline, ...view.costFigures, ...view.payers.figures, ...view.scavengers.figures]) {
        expect(page.text, `${city.id} ${f.key}`).toContain(`<span class="figure-value">${escapeHtml(f.value)}</span>`);
      }
      for (const w of view.warnings) expect(page.text).toContain(`<li>${escapeHtml(w)}</li>`);
      expect(view.scenarios.length).toBeGreaterThan(1);
      for (const s of view.scenarios) expect(page.text).toContain(`href="${escapeHtml(s.href)}"`);
    }
  });
});
