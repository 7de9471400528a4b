/**
 * The plain-text report of `wasteplan compute`: one engine run laid out for a
 * terminal or a golden file. Pure: results in, text out. Figures are
 * formatted like the city page's (localeFormatter(lang).forCurrency), so a
 * number reads the same in the browser and here.
 *
 * Words from the catalogs (cliCompute.*) and figures from
 * src/reports/locale.ts in the language asked for (--lang): English reads
 * as it always has; Indonesian writes "Rp 1.234.568" and "12,5 t/hari",
 * Chinese "¥1,234.57". Tables pad by terminal columns (textTable.ts), so
 * Chinese headers line up with their figures.
 *
 * Sections, in order: warnings (loudly, first), the run, one line per year,
 * landfill life, costs by stage, who pays, the transfer points with the
 * lowest pick-up rate, scavengers. Sections after "Years" are for the report
 * year: the base year unless another is asked for.
 *
 * Example: renderComputeReport({ city, run }) for test/cli/fixtures/kota-kecil ->
 *   "!! 2 WARNINGS !!\n!! 2029: landfill TPA Keputih is full ...\n\nKota Kecil (kota-kecil), Indonesia\nRun: baseline\n..."
 *   (the whole text is test/cli/golden/kota-kecil.txt)
 */
import { PAYERS, STAGES, type CityFile, type Stage } from '../model/cityFile.js';
import { DAYS_PER_YEAR } from '../model/formulas.js';
import { M, ZERO, type Money } from '../model/money.js';
import type { RunResult, StageYear, YearResult } from '../model/results.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import { collectWarnings, overallPickupRate, payerName, stageName, WORST_POINTS, worstPickupPoints } from '../reports/cityPage.js';
import { NOT_AVAILABLE, plainSpaces, type Formatter } from '../reports/format.js';
import { localeFormatter, type LocaleFormatter } from '../reports/locale.js';
import { renderPairs, renderTable } from './textTable.js';

export interface ComputeReportInput {
  /** The validated city file of the run (names, scenario, income threshold). */
  city: CityFile;
  run: RunResult;
  /** Year of the stage, payer, transfer point and scavenger sections; default the base year. */
  year?: number;
  /** The language of the words and figures (cliCompute.*); English when omitted. */
  lang?: Lang;
}

const WARNING_MARK = '!!';

/** The year of a run the report sections describe; throws when it lies outside the horizon. */
export function reportYear(run: RunResult, year: number | undefined): YearResult {
  const y = year === undefined ? run.years[0] : run.years.find((r) => r.year === year);
  if (!y) throw new RangeError(`year ${year} is outside the horizon ${horizonText(run)}`);
  return y;
}

export function horizonText(run: RunResult): string {
  return `${run.years[0].year}–${run.years[run.years.length - 1].year}`;
}

function isQuietStage(s: StageYear): boolean {
  return s.tonnes === 0 && s.directCost.isZero() && s.revenue.isZero() && s.netCost.isZero() && s.overheadAllocated.isZero();
}

function vehicles(n: number | null, lf: LocaleFormatter): string {
  if (n === null) return NOT_AVAILABLE;
  return Number.isInteger(n) ? lf.integer(n) : lf.decimal(n, 1);
}

function section(title: string, body: string[]): string[] {
  return ['', title, ...body.map((l) => (l === '' ? '' : `  ${l}`))];
}

function perDay(fmt: Formatter, tPerYear: number): string {
  return fmt.tonnesPerDay(tPerYear / DAYS_PER_YEAR);
}

export function renderComputeReport({ city, run, year, lang = 'en' }: ComputeReportInput): string {
  const t: Translator = translator(lang);
  const lf = localeFormatter(lang);
  const fmt: Formatter = lf.forCurrency(run.currency, run.minorUnit);
  // Table cells carry amounts; the currency is named once, in the column header.
  const currency = run.currency;
  const y = reportYear(run, year);
  const last = run.years[run.years.length - 1];
  const out: string[] = [];
  const horizon = horizonText(run);

  // Warnings first and loud: a full landfill or a failed check must not scroll by.
  // Every year's, each prefixed with its year (English: the engine's own words).
  const warnings = collectWarnings(run, lang);
  if (warnings.length > 0) {
    out.push(`${WARNING_MARK} ${t('cliCompute.warnings', { count: warnings.length })} ${WARNING_MARK}`);
    for (const w of warnings) out.push(`${WARNING_MARK} ${w}`);
    out.push('');
  }

  // The run.
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  out.push(`${city.city.name} (${city.city.id})${city.city.country ? `, ${city.city.country}` : ''}`);
  out.push(scenario ? t('cliCompute.runScenario', { name: scenario.name, id: scenario.id }) : t('cliCompute.runBaseline'));
  if (scenario?.assumptions) out.push(t('cliCompute.assumptions', { text: scenario.assumptions }));
  out.push(t('cliCompute.horizonLine', { horizon, currency, year: String(y.year) }));
  out.push(
    ...renderPairs([
      [t('cliCompute.npv', { horizon }), fmt.money(run.npvNetCost)],
      [t('cliCompute.levelised'), fmt.money(run.levelisedCostPerTonne)],
    ]),
  );

  // One line per year.
  out.push(
    ...section(
      t('cliCompute.years'),
      renderTable(
        [
          { header: t('cliCompute.col.year') },
          { header: t('cliCompute.col.generated'), align: 'right' },
          { header: t('cliCompute.col.collected'), align: 'right' },
          { header: t('cliCompute.col.pickup'), align: 'right' },
          { header: t('cliCompute.col.landfilled'), align: 'right' },
          { header: t('cliCompute.col.uncollected'), align: 'right' },
          { header: t('cliCompute.col.netCost', { currency }), align: 'right' },
          { header: t('cliCompute.col.costPerTonne', { currency }), align: 'right' },
        ],
        run.years.map((r) => [
          String(r.year),
          perDay(fmt, r.mass.generated),
          perDay(fmt, r.collectedT),
          fmt.percent(overallPickupRate(r.transferPoints)),
          perDay(fmt, r.mass.landfilled),
          perDay(fmt, r.mass.uncollected),
          fmt.amount(r.netCost),
          fmt.amount(r.costPerTonneCollected),
        ]),
      ),
    ),
  );

  // Landfill life.
  const lastFill = new Map(last.landfills.map((l) => [l.id, l.fillShare]));
  out.push(
    ...section(
      t('cliCompute.landfills'),
      renderTable(
        [
          { header: t('cliCompute.col.landfill') },
          { header: t('cliCompute.col.capacity'), align: 'right' },
          { header: t('cliCompute.col.full') },
          { header: t('cliCompute.col.remainingLife'), align: 'right' },
          { header: t('cliCompute.col.fillEnd', { year: String(last.year) }), align: 'right' },
        ],
        run.landfillLife.map((l) => [
          l.name,
          fmt.tonnes(l.capacityT),
          l.depletionYear !== null && l.depletionMonth !== null ? lf.monthYear(l.depletionYear, l.depletionMonth) : t('cliCompute.notFullBy', { year: String(last.year) }),
          l.remainingLifeYears === null ? NOT_AVAILABLE : l.extrapolated ? t('cliCompute.extrapolated', { years: fmt.years(l.remainingLifeYears) }) : fmt.years(l.remainingLifeYears),
          fmt.percent(lastFill.get(l.id) ?? null),
        ]),
      ),
    ),
  );

  // Costs by stage for the report year.
  const shown = y.stages.filter((s) => !isQuietStage(s));
  const sumOf = (pick: (s: StageYear) => Money) => y.stages.reduce((a, s) => a.plus(pick(s)), ZERO);
  out.push(
    ...section(
      t('cliCompute.stages', { year: String(y.year) }),
      renderTable(
        [
          { header: t('cliCompute.col.stage') },
          { header: t('cliCompute.col.tonnes'), align: 'right' },
          { header: t('cliCompute.col.directCost', { currency }), align: 'right' },
          { header: t('cliCompute.col.overhead', { currency }), align: 'right' },
          { header: t('cliCompute.col.revenue', { currency }), align: 'right' },
          { header: t('cliCompute.col.netCost', { currency }), align: 'right' },
          { header: t('cliCompute.col.perTonne', { currency }), align: 'right' },
        ],
        [
          ...shown.map((s) => [
            stageName(t, s.stage),
            fmt.tonnes(s.tonnes),
            fmt.amount(s.directCost),
            fmt.amount(s.overheadAllocated),
            fmt.amount(s.revenue),
            fmt.amount(s.netCost),
            fmt.amount(s.costPerTonne),
          ]),
          [
            t('cliCompute.allStages'),
            fmt.tonnes(y.collectedT),
            fmt.amount(sumOf((s) => s.directCost)),
            fmt.amount(sumOf((s) => s.overheadAllocated)),
            fmt.amount(y.revenue),
            fmt.amount(y.netCost),
            fmt.amount(y.costPerTonneCollected),
          ],
        ],
      ),
    ),
  );

  // Who pays.
  const p = y.payers;
  const payerTotal = PAYERS.reduce((a, k) => a.plus(p.byPayer[k]), ZERO);
  const activePayers = PAYERS.filter((k) => !p.byPayer[k].isZero());
  const listSeparator = lang === 'zh' ? '、' : ', ';
  out.push(
    ...section(t('cliCompute.payers', { year: String(y.year) }), [
      ...renderPairs([
        [t('cliCompute.costRecovery'), fmt.percent(p.costRecoveryRatio)],
        [t('cliCompute.feeRevenue'), fmt.money(p.feeRevenue)],
        [t('cliCompute.budgetSubsidy'), fmt.money(p.budgetSubsidy)],
        [t('cliCompute.fullCostFee'), fmt.money(p.fullCostFeePerHouseholdMonth)],
        [t('cliCompute.costPerHousehold'), fmt.money(y.costPerHouseholdMonth)],
      ]),
      '',
      ...renderTable(
        [{ header: t('cliCompute.col.payer') }, { header: t('cliCompute.col.amount', { currency }), align: 'right' }, { header: t('cliCompute.col.share'), align: 'right' }, { header: t('cliCompute.col.stages') }],
        activePayers.map((k) => [
          payerName(t, k),
          fmt.amount(p.byPayer[k]),
          payerTotal.isZero() ? NOT_AVAILABLE : fmt.percent(p.byPayer[k].div(payerTotal).toNumber()),
          STAGES.filter((st: Stage) => !p.cells[st][k].isZero())
            .map((st) => stageName(t, st))
            .join(listSeparator),
        ]),
      ),
    ]),
  );

  // Transfer points with the lowest pick-up rate.
  const worst = worstPickupPoints(y.transferPoints, WORST_POINTS);
  const tpCount = y.transferPoints.length;
  out.push(
    ...section(
      tpCount > WORST_POINTS
        ? t('cliCompute.worstPoints', { year: String(y.year), shown: lf.integer(WORST_POINTS), count: fmt.count(tpCount) })
        : t('cliCompute.allPoints', { year: String(y.year) }),
      renderTable(
        [
          { header: t('cliCompute.col.transferPoint') },
          { header: t('cliCompute.col.pickup'), align: 'right' },
          { header: t('cliCompute.col.inflow'), align: 'right' },
          { header: t('cliCompute.col.hauled'), align: 'right' },
          { header: t('cliCompute.col.backlogEnd'), align: 'right' },
          { header: t('cliCompute.col.overflow'), align: 'right' },
          { header: t('cliCompute.col.vehicles'), align: 'right' },
        ],
        worst.map((tp) => [
          tp.name,
          fmt.percent(tp.pickupRate),
          perDay(fmt, tp.inflowT),
          perDay(fmt, tp.hauledT),
          fmt.tonnes(tp.backlogEndT),
          fmt.tonnes(tp.overflowT),
          `${vehicles(tp.vehiclesAssigned, lf)} / ${vehicles(tp.vehiclesNeeded, lf)}`,
        ]),
      ),
    ),
  );

  // Scavengers.
  const threshold = fmt.money(M(city.settings.incomeThresholdPerDay));
  const groups = y.scavengers;
  const headcount = groups.reduce((a, g) => a + g.headcount, 0);
  const below = groups.reduce((a, g) => a + g.belowThreshold, 0);
  const recovered = groups.reduce((a, g) => a + g.recoveredT, 0);
  out.push(
    ...section(
      t('cliCompute.scavengers', { year: String(y.year), amount: threshold }),
      groups.length === 0
        ? [t('cliCompute.noGroups')]
        : [
            ...renderTable(
              [
                { header: t('cliCompute.col.group') },
                { header: t('cliCompute.col.where') },
                { header: t('cliCompute.col.headcount'), align: 'right' },
                { header: t('cliCompute.col.recovered'), align: 'right' },
                { header: t('cliCompute.col.income', { currency }), align: 'right' },
                { header: t('cliCompute.col.below'), align: 'right' },
                { header: t('cliCompute.col.limitedBy') },
              ],
              [
                ...groups.map((g) => [
                  g.name,
                  t.dynamic(`cliCompute.location.${g.location}`),
                  fmt.count(g.headcount),
                  fmt.tonnes(g.recoveredT),
                  fmt.amount(g.incomePerPickerDay),
                  fmt.count(g.belowThreshold),
                  t.dynamic(`cliCompute.limit.${g.limitedBy}`),
                ]),
                [t('cliCompute.allGroups'), '', fmt.count(headcount), fmt.tonnes(recovered), '', fmt.count(below), ''],
              ],
            ),
          ],
    ),
  );

  return `${out.map(plainSpaces).join('\n')}\n`;
}
