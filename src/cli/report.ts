/**
 * `wasteplan report <file> [--scenario S] [--year Y | --horizon] [--format text|json|csv|xlsx] [--table NAME] [--out F]`:
 * the cost-distribution report (src/reports/costReport.ts) of the baseline or
 * one scenario, for a year (default the base year) or the whole horizon
 * (present values). text: every table aligned for a terminal; json: the view
 * model; csv: every table, each after a `# name: title` line, or one plain
 * table with --table; xlsx: a workbook with a sheet per table (needs --out).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runEngine } from '../model/index.js';
import { REPORT_TABLE_NAMES, toCostReport, type CostReportView } from '../reports/costReport.js';
import { plainSpaces } from '../reports/format.js';
import { stringifyJson } from '../reports/json.js';
import { findTable, tablesToXlsx, tableToCsv, tableToText } from '../reports/reportTables.js';
import { loadCity, outsideHorizon, parseYearOption, unknownScenario } from './compare.js';
import { translator, type Translator } from '../i18n/index.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, UsageError, type Io } from './io.js';
import { displayWidth, padDisplayEnd } from '../reports/textWidth.js';

const FORMATS = ['text', 'json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

/** An Io that can wait for work finishing later (main.ts's mainAsync gives one). */
export interface DeferringIo extends Io {
  defer?(work: Promise<number>): void;
}

export function renderReportText(view: CostReportView, t: Translator = translator('en')): string {
  const out: string[] = [];
  out.push(`${view.cityName} (${view.cityId})${view.country ? `, ${view.country}` : ''}`);
  out.push(t('cliReport.report.heading', { run: view.runLabel, period: view.periodLabel }));
  if (view.scenario?.assumptions) out.push(t('cliReport.report.assumptionsLine', { text: view.scenario.assumptions }));
  out.push(view.periodNote);
  if (view.warnings.length > 0) out.push(...view.warnings.map((w) => `!! ${w}`));
  out.push('');
  const width = Math.max(...view.figures.map((f) => displayWidth(f.label)));
  for (const f of view.figures) out.push(`${padDisplayEnd(f.label, width)}  ${f.value}`);
  for (const t of view.tables.filter((x) => x.name !== 'assumptions' && x.name !== 'sources')) out.push('', tableToText(t).trimEnd());
  out.push('', t('cliReport.report.informal'));
  for (const f of view.informal.figures) out.push(`  ${f.label}: ${f.value}${f.note ? ` (${f.note})` : ''}`);
  out.push('', t('cliReport.report.assumptions'));
  if (view.assumptions.scenario) out.push(`  ${t('cliReport.report.scenarioLine', { text: view.assumptions.scenario })} ${view.assumptions.changeCount ?? ''}`.trimEnd());
  out.push(`  ${view.assumptions.summary}`);
  out.push('', tableToText(view.assumptions.table).trimEnd(), '', tableToText(view.assumptions.sources).trimEnd());
  out.push('', t('cliReport.report.method'));
  for (const s of view.appendix) out.push('', `  ${s.heading}`, ...s.paragraphs.map((p) => `  ${p}`));
  return plainSpaces(`${out.join('\n')}\n`);
}

export function reportCsv(view: CostReportView, table: string | undefined, messages: Translator = translator('en')): string {
  if (table !== undefined) {
    const t = findTable(view.tables, table);
    if (!t) throw new UsageError(messages('cli.report.noTable', { table, tables: view.tables.map((x) => x.name).join(', ') }));
    return tableToCsv(t);
  }
  return view.tables.map((t) => `# ${t.name}: ${t.title}\n${tableToCsv(t)}`).join('\n');
}

export function reportCommand(args: string[], io: DeferringIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      scenario: { type: 'string' },
      year: { type: 'string' },
      horizon: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      table: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const t = messagesOf(io);
  if (positionals.length !== 1) throw new UsageError(t('cli.report.needsFile'));
  const format = values.format as Format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(t('cli.report.format', { formats: FORMATS.join(', '), value: String(values.format) }));
  if (values.horizon && values.year !== undefined) throw new UsageError(t('cli.report.yearOrHorizon'));
  if (values.table !== undefined && format !== 'csv') throw new UsageError(t('cli.report.tableForCsv'));
  if (format === 'xlsx' && values.out === undefined) throw new UsageError(t('cli.report.xlsxNeedsOut'));
  const year = parseYearOption(values.year, t);
  const file = positionals[0];
  const city = loadCity(file, io);
  if (!city) return EXIT_REFUSED;
  const scenarioId = values.scenario ?? null;
  if (scenarioId !== null && !city.scenarios.some((s) => s.id === scenarioId)) return unknownScenario(city, file, scenarioId, io);
  if (outsideHorizon(city, year, io)) return EXIT_REFUSED;
  const run = runEngine(city, scenarioId);
  const view = toCostReport({ city, run, period: values.horizon ? { kind: 'horizon' } : { kind: 'year', year: year ?? city.settings.baseYear }, lang: io.lang ?? 'en' });

  const emit = (text: string): number => {
    if (values.out !== undefined) {
      writeFileSync(values.out, text, 'utf8');
      io.stderr(`${t('cli.report.wrote', { file: values.out })}\n`);
    } else io.stdout(text);
    return EXIT_OK;
  };
  switch (format) {
    case 'text':
      return emit(renderReportText(view, t));
    case 'json':
      return emit(stringifyJson({ ...view, tables: undefined }));
    case 'csv':
      return emit(reportCsv(view, values.table, t));
    case 'xlsx': {
      const out = values.out as string;
      const work = tablesToXlsx(view.tables, { title: view.title }).then(
        (buf) => {
          writeFileSync(out, buf);
          io.stderr(`${t('cli.report.wrote', { file: out })}\n`);
          return EXIT_OK;
        },
        (err: unknown) => {
          io.stderr(`${t('cli.export.cannotWrite', { file: out, detail: err instanceof Error ? err.message : String(err) })}\n`);
          return EXIT_REFUSED;
        },
      );
      if (io.defer) io.defer(work);
      return EXIT_OK;
    }
  }
}

export { REPORT_TABLE_NAMES };
