/** GET /: every city with its base-year population and generation from the engine's baseline run. */
import { Router } from 'express';
import { toHomeView, type HomeCityInput } from '../../reports/cityPage.js';
import type { CityRepository } from '../../store/cities.js';
import type { RunCache } from '../runs.js';

export function homeRoutes(cities: CityRepository, runs: RunCache): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const inputs: HomeCityInput[] = [];
    for (const summary of cities.list()) {
      const stored = cities.get(summary.id);
      if (!stored) continue; // deleted between list and get
      const outcome = runs.get(stored, null, () => stored.document);
      inputs.push({
        id: stored.id,
        name: stored.name,
        country: stored.document.city.country,
        currency: stored.currency,
        baseYear: stored.baseYear,
        scenarioCount: stored.document.scenarios.length,
        run: outcome.ok ? outcome : { ok: false, problemCount: outcome.problems.length },
      });
    }
    res.render('home', toHomeView(inputs));
  });

  return router;
}
