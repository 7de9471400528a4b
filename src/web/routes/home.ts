/** GET /: every city with its base-year population and generation from the engine's baseline run. */
import { Router } from 'express';
import type { Lang } from '../../i18n/index.js';
import type { HomeCityInput } from '../../reports/cityPage.js';
import { toHomePage } from '../../reports/homePage.js';
import type { CityRepository } from '../../store/cities.js';
import { readableCityIds, setupNeeded } from '../auth.js';
import type { RunCache } from '../runs.js';

export function homeRoutes(cities: CityRepository, runs: RunCache): Router {
  const router = Router();

  router.get('/', (req, res) => {
    const inputs: HomeCityInput[] = [];
    // Only the cities this visitor may read: public ones, their memberships (site admins: all).
    const readable = readableCityIds(req, res);
    let hidden = 0;
    for (const summary of cities.list()) {
      if (readable !== 'all' && !readable.has(summary.id)) {
        hidden++;
        continue;
      }
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
    const view = toHomePage(inputs, res.locals.lang as Lang, { hidden, signedIn: Boolean(res.locals.user) });
    res.render('home', { ...view, setupNeeded: setupNeeded(req) });
  });

  return router;
}
