/**
 * The home page's view model in the reader's language: each city with its
 * base-year population and generation (t/day) from the baseline run, and
 * the note about private cities. Replaces cityPage.ts's English toHomeView
 * for the page; same row shape (HomeCityRow), so views/home.ejs prints
 * prepared strings only.
 *
 * Example: toHomePage([kotaContoh], 'id').cities[0].generationPerDay -> "1.402 t/hari"
 *          toHomePage([kotaContoh], 'en').cities[0].scenarios       -> "2 scenarios"
 */
import { translator, type Lang } from '../i18n/index.js';
import { cityHref, type HomeCityInput, type HomeCityRow } from './cityPage.js';
import { localeFormatter, NOT_AVAILABLE } from './locale.js';

/** Days a year of the engine's t/yr figures (MODEL.md section 2: G = P g 365 / 1000). */
const DAYS_PER_YEAR = 365;

export interface HomePageView {
  title: string;
  cities: HomeCityRow[];
  /** How many readable-to-others cities this visitor cannot see, in words; null when none. */
  privateNote: string | null;
}

export interface HomePrivacy {
  /** Cities left out because this visitor may not read them. */
  hidden: number;
  signedIn: boolean;
}

export function toHomePage(cities: readonly HomeCityInput[], lang: Lang, privacy: HomePrivacy = { hidden: 0, signedIn: false }): HomePageView {
  const t = translator(lang);
  const fmt = localeFormatter(lang);
  return {
    title: t('home.title'),
    cities: cities.map((c) => {
      const base = c.run.ok ? c.run.result.years[0] : undefined;
      return {
        id: c.id,
        href: cityHref(c.id, null),
        name: c.name,
        country: c.country,
        currency: c.currency,
        baseYear: fmt.year(c.baseYear),
        population: base ? fmt.integer(base.population) : NOT_AVAILABLE,
        generationPerDay: base ? fmt.tonnesPerDay(base.mass.generated / DAYS_PER_YEAR) : NOT_AVAILABLE,
        scenarios: t('home.scenarioCount', { count: c.scenarioCount }),
        problem: c.run.ok ? null : t('home.refused', { count: c.run.problemCount }),
      };
    }),
    privateNote:
      privacy.hidden === 0
        ? null
        : privacy.signedIn
          ? t('home.privateSignedIn', { count: privacy.hidden })
          : t('home.privateVisitor', { count: privacy.hidden }),
  };
}
