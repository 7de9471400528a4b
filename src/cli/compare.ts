/**
 * `wasteplan compare <file> --scenario A [--scenario B ...] [--year Y] [--horizon-payers] [--json]`:
 * 2 to 4 runs of one city file side by side (src/reports/comparison.ts).
 * The word `baseline` names the city without scenario; when it is not given
 * it comes first, so `compare city.json --scenario composting` compares the
 * baseline with the composting programme. Every other column shows its change
 * from the first.
 */
import { parseArgs } from 'node:util';
import { runEngine, validateCityFile, type CityFile } from '../model/index.js';
import { MAX_RUNS, MIN_RUNS, toComparison, type ComparisonView } from '../reports/comparison.js';
import { plainSpaces } from '../reports/format.js';
import { stringifyJson } from '../reports/json.js';
import { tableToText } from '../reports/reportTables.js';
import { translator, type Translator } from '../i18n/index.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, problemLines, readJsonFile, UsageError, type Io } from './io.js';

export const BASELINE = 'baseline';

/** The runs to compare, baseline first unless named elsewhere; null scenario id = baseline. */
export function comparedScenarioIds(given: readonly string[]): Array<string | null> {
  const ids = given.includes(BASELINE) ? [...given] : [BASELINE, ...given];
  return ids.map((s) => (s === BASELINE ? null : s));
}

/** Load and validate a city file for the report commands; prints the problems and returns null when refused. */
export function loadCity(file: string, io: Io): CityFile | null {
  const t = messagesOf(io);
  const read = readJsonFile(file, t);
  if (!read.ok) {
    io.stderr(`${read.message}\n`);
    return null;
  }
  const validated = validateCityFile(read.value);
  if (!validated.ok) {
    io.stderr(`${t('cli.compute.refused', { file, problems: t('cli.problems', { count: validated.problems.length }) })}\n`);
    io.stderr(problemLines(validated.problems, t));
    return null;
  }
  return validated.city;
}

export function unknownScenario(city: CityFile, file: string, id: string, io: Io): number {
  const t = messagesOf(io);
  io.stderr(`${t('cli.compute.noScenario', { file, id })}\n`);
  if (city.scenarios.length === 0) io.stderr(`${t('cli.compare.noScenarios')}\n`);
  else io.stderr(`${t('cli.compute.knownScenarios')}\n${city.scenarios.map((s) => `  ${s.id}  ${s.name}\n`).join('')}`);
  return EXIT_REFUSED;
}

export function parseYearOption(value: string | undefined, t: Translator = translator('en')): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(t('cli.compute.yearFormat', { value }));
  return Number(value);
}

export function outsideHorizon(city: CityFile, year: number | undefined, io: Io): boolean {
  const { baseYear, horizonYears } = city.settings;
  if (year === undefined || (year >= baseYear && year < baseYear + horizonYears)) return false;
  io.stderr(`${messagesOf(io)('cli.compute.outsideHorizon', { year: String(year), from: String(baseYear), to: String(baseYear + horizonYears - 1) })}\n`);
  return true;
}

export function renderComparisonText(view: ComparisonView, t: Translator = translator('en')): string {
  const out: string[] = [];
  out.push(t('cliReport.compare.heading', { city: view.cityName, id: view.cityId, year: view.year, horizon: view.horizon }));
  view.runs.forEach((r, i) => out.push(`${i === 0 ? t('cliReport.compare.baseColumn') : t('cliReport.compare.column', { n: i + 1 })}: ${r.name}${r.id ? ` (${r.id})` : ''}${r.assumptions ? ` — ${r.assumptions}` : ''}`));
  for (const w of view.warnings) if (w.count !== '0') out.push(`!! ${t(w.count === '1' ? 'cliReport.compare.warningOne' : 'cliReport.compare.warnings', { run: w.run, count: w.count, first: w.first[0] ?? '' })}`);
  for (const t of view.tables) out.push('', tableToText(t).trimEnd());
  return plainSpaces(`${out.join('\n')}\n`);
}

/** The comparison for machines: runs and sections, figures as formatted for people, deltas signed. */
export function comparisonJson(view: ComparisonView): unknown {
  return { city: view.cityId, year: view.year, horizon: view.horizon, payersPeriod: view.payersPeriod, runs: view.runs.map(({ id, name, assumptions }) => ({ id, name, assumptions })), sections: view.sections };
}

export function compareCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', multiple: true, default: [] },
      year: { type: 'string' },
      'horizon-payers': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const t = messagesOf(io);
  if (positionals.length !== 1) throw new UsageError(t('cli.compare.needsFile'));
  const ids = comparedScenarioIds(values.scenario);
  if (ids.length < MIN_RUNS || ids.length > MAX_RUNS) throw new UsageError(t('cli.compare.runCount', { min: MIN_RUNS, max: MAX_RUNS, count: ids.length }));
  if (new Set(ids).size !== ids.length) throw new UsageError(t('cli.compare.scenarioTwice'));
  const year = parseYearOption(values.year, t);
  const file = positionals[0];
  const city = loadCity(file, io);
  if (!city) return EXIT_REFUSED;
  for (const id of ids) if (id !== null && !city.scenarios.some((s) => s.id === id)) return unknownScenario(city, file, id, io);
  if (outsideHorizon(city, year, io)) return EXIT_REFUSED;
  const runs = ids.map((id) => runEngine(city, id));
  const view = toComparison({ city, runs, year, payersOverHorizon: values['horizon-payers'], lang: io.lang ?? 'en' });
  io.stdout(values.json ? stringifyJson(comparisonJson(view)) : renderComparisonText(view, messagesOf(io)));
  return EXIT_OK;
}
