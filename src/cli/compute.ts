/**
 * `wasteplan compute <file> [--scenario ID] [--year YYYY] [--json]`: runs the
 * engine on a city file and prints the text report (src/cli/textReport.ts)
 * or the whole result as JSON (src/reports/json.ts).
 */
import { parseArgs } from 'node:util';
import { runEngine, validateCityFile } from '../model/index.js';
import { stringifyJson } from '../reports/json.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, problemLines, readJsonFile, UsageError, type Io } from './io.js';
import { renderComputeReport } from './textReport.js';

export function computeCommand(args: string[], io: Io): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({
    args,
    options: {
      scenario: { type: 'string' },
      year: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError(t('cli.compute.needsFile'));
  const file = positionals[0];
  let year: number | undefined;
  if (values.year !== undefined) {
    if (!/^\d{4}$/.test(values.year)) throw new UsageError(t('cli.compute.yearFormat', { value: values.year }));
    if (values.json) throw new UsageError(t('cli.compute.yearWithJson'));
    year = Number(values.year);
  }

  const read = readJsonFile(file, t);
  if (!read.ok) {
    io.stderr(`${read.message}\n`);
    return EXIT_REFUSED;
  }
  const validated = validateCityFile(read.value);
  if (!validated.ok) {
    io.stderr(`${t('cli.compute.refused', { file, problems: t('cli.problems', { count: validated.problems.length }) })}\n`);
    io.stderr(problemLines(validated.problems, t));
    return EXIT_REFUSED;
  }
  const city = validated.city;
  const scenarioId = values.scenario ?? null;
  if (scenarioId !== null && !city.scenarios.some((s) => s.id === scenarioId)) {
    io.stderr(`${t('cli.compute.noScenario', { file, id: scenarioId })}\n`);
    if (city.scenarios.length === 0) io.stderr(`${t('cli.compute.noScenarios')}\n`);
    else io.stderr(`${t('cli.compute.knownScenarios')}\n${city.scenarios.map((s) => `  ${s.id}  ${s.name}\n`).join('')}`);
    return EXIT_REFUSED;
  }

  const { baseYear, horizonYears } = city.settings;
  if (year !== undefined && (year < baseYear || year >= baseYear + horizonYears)) {
    io.stderr(`${t('cli.compute.outsideHorizon', { year: String(year), from: String(baseYear), to: String(baseYear + horizonYears - 1) })}\n`);
    return EXIT_REFUSED;
  }

  // What computeCity does (validate, check the scenario, run), without validating
  // twice: the validated city is needed for the report, and validation of a city
  // with long scenarios takes seconds (see bench/engine.ts).
  const run = runEngine(city, scenarioId);
  if (values.json) {
    io.stdout(stringifyJson(run));
    return EXIT_OK;
  }
  io.stdout(renderComputeReport({ city, run, year, lang: io.lang ?? 'en' }));
  return EXIT_OK;
}
