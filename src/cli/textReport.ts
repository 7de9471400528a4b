/**
 * The plain-text report of `wasteplan compute`: one engine run laid out for a
 * terminal or a golden file. Pure: results in, text out. Figures are
 * formatted by src/reports/format.ts (the same formatter as the city page),
 * so a number reads the same in the browser and here.
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
import type { RunResult, ScavengerGroupYear, StageYear, YearResult } from '../model/results.js';
import { overallPickupRate, PAYER_LABELS, STAGE_LABELS, WORST_POINTS, worstPickupPoints } from '../reports/cityPage.js';
import { createFormatter, monthYear, NOT_AVAILABLE, plainSpaces, type Formatter } from '../reports/format.js';
import { renderPairs, renderTable } from './textTable.js';

export interface ComputeReportInput {
  /** The validated city file of the run (names, scenario, income threshold). */
  city: CityFile;
  run: RunResult;
  /** Year of the stage, payer, transfer point and scavenger sections; default the base year. */
  year?: number;
}

const LOCATION_LABELS: Record<ScavengerGroupYear['location'], string> = {
  source: 'at source',
  transferPoint: 'transfer points',
  landfill: 'landfill',
  street: 'street',
};

const LIMIT_LABELS: Record<ScavengerGroupYear['limitedBy'], string> = {
  supply: 'supply',
  labour: 'labour',
  noAccess: 'no access',
};

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

function vehicles(n: number | null): string {
  if (n === null) return NOT_AVAILABLE;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function section(title: string, body: string[]): string[] {
  return ['', title, ...body.map((l) => (l === '' ? '' : `  ${l}`))];
}

function perDay(fmt: Formatter, tPerYear: number): string {
  return fmt.tonnesPerDay(tPerYear / DAYS_PER_YEAR);
}

export function renderComputeReport({ city, run, year }: ComputeReportInput): string {
  const fmt = createFormatter(run.currency, run.minorUnit);
  // Table cells carry amounts; the currency is named once, in the column header.
  const cur = run.currency;
  const y = reportYear(run, year);
  const last = run.years[run.years.length - 1];
  const out: string[] = [];

  // Warnings first and loud: a full landfill or a failed check must not scroll by.
  // run.warnings holds every year's, each prefixed with its year.
  const warnings = run.warnings;
  if (warnings.length > 0) {
    out.push(`${WARNING_MARK} ${warnings.length} WARNING${warnings.length === 1 ? '' : 'S'} ${WARNING_MARK}`);
    for (const w of warnings) out.push(`${WARNING_MARK} ${w}`);
    out.push('');
  }

  // The run.
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  out.push(`${city.city.name} (${city.city.id})${city.city.country ? `, ${city.city.country}` : ''}`);
  out.push(scenario ? `Run: scenario ${scenario.name} (${scenario.id})` : 'Run: baseline');
  if (scenario?.assumptions) out.push(`Assumptions: ${scenario.assumptions}`);
  out.push(`Horizon ${horizonText(run)}, currency ${run.currency}, report year ${y.year}`);
  out.push(
    ...renderPairs([
      [`NPV of net cost, ${horizonText(run)}`, fmt.money(run.npvNetCost)],
      ['Levelised cost per tonne', fmt.money(run.levelisedCostPerTonne)],
    ]),
  );

  // One line per year.
  out.push(
    ...section(
      'Years',
      renderTable(
        [
          { header: 'Year' },
          { header: 'Generated', align: 'right' },
          { header: 'Collected', align: 'right' },
          { header: 'Pick-up', align: 'right' },
          { header: 'Landfilled', align: 'right' },
          { header: 'Uncollected', align: 'right' },
          { header: `Net cost, ${cur}`, align: 'right' },
          { header: `Cost per tonne, ${cur}`, align: 'right' },
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
      'Landfills',
      renderTable(
        [
          { header: 'Landfill' },
          { header: 'Capacity', align: 'right' },
          { header: 'Full' },
          { header: 'Remaining life', align: 'right' },
          { header: `Fill end ${last.year}`, align: 'right' },
        ],
        run.landfillLife.map((l) => [
          l.name,
          fmt.tonnes(l.capacityT),
          l.depletionYear !== null && l.depletionMonth !== null ? monthYear(l.depletionYear, l.depletionMonth) : `not full by ${last.year}`,
          l.remainingLifeYears === null ? NOT_AVAILABLE : `${fmt.years(l.remainingLifeYears)}${l.extrapolated ? ' (extrapolated)' : ''}`,
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
      `Costs by stage, ${y.year}`,
      renderTable(
        [
          { header: 'Stage' },
          { header: 'Tonnes', align: 'right' },
          { header: `Direct cost, ${cur}`, align: 'right' },
          { header: `Overhead, ${cur}`, align: 'right' },
          { header: `Revenue, ${cur}`, align: 'right' },
          { header: `Net cost, ${cur}`, align: 'right' },
          { header: `Per tonne, ${cur}`, align: 'right' },
        ],
        [
          ...shown.map((s) => [
            STAGE_LABELS[s.stage],
            fmt.tonnes(s.tonnes),
            fmt.amount(s.directCost),
            fmt.amount(s.overheadAllocated),
            fmt.amount(s.revenue),
            fmt.amount(s.netCost),
            fmt.amount(s.costPerTonne),
          ]),
          [
            'All stages (per tonne collected)',
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
  out.push(
    ...section(`Who pays, ${y.year}`, [
      ...renderPairs([
        ['Cost recovery ratio (fees / cost)', fmt.percent(p.costRecoveryRatio)],
        ['Fee revenue', fmt.money(p.feeRevenue)],
        ['City budget subsidy', fmt.money(p.budgetSubsidy)],
        ['Full-cost fee per household per month', fmt.money(p.fullCostFeePerHouseholdMonth)],
        ['Cost per household per month', fmt.money(y.costPerHouseholdMonth)],
      ]),
      '',
      ...renderTable(
        [{ header: 'Payer' }, { header: `Amount, ${cur}`, align: 'right' }, { header: 'Share', align: 'right' }, { header: 'Stages' }],
        activePayers.map((k) => [
          PAYER_LABELS[k],
          fmt.amount(p.byPayer[k]),
          payerTotal.isZero() ? NOT_AVAILABLE : fmt.percent(p.byPayer[k].div(payerTotal).toNumber()),
          STAGES.filter((st: Stage) => !p.cells[st][k].isZero())
            .map((st) => STAGE_LABELS[st])
            .join(', '),
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
        ? `Transfer points with the lowest pick-up rate, ${y.year} (${WORST_POINTS} of ${fmt.count(tpCount)})`
        : `Transfer points by pick-up rate, ${y.year}`,
      renderTable(
        [
          { header: 'Transfer point' },
          { header: 'Pick-up', align: 'right' },
          { header: 'Inflow', align: 'right' },
          { header: 'Hauled', align: 'right' },
          { header: 'Backlog at end', align: 'right' },
          { header: 'Overflow', align: 'right' },
          { header: 'Vehicles (have/need)', align: 'right' },
        ],
        worst.map((t) => [
          t.name,
          fmt.percent(t.pickupRate),
          perDay(fmt, t.inflowT),
          perDay(fmt, t.hauledT),
          fmt.tonnes(t.backlogEndT),
          fmt.tonnes(t.overflowT),
          `${vehicles(t.vehiclesAssigned)} / ${vehicles(t.vehiclesNeeded)}`,
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
      `Scavengers, ${y.year} (income threshold ${threshold} a day)`,
      groups.length === 0
        ? ['No scavenger groups in this city file.']
        : [
            ...renderTable(
              [
                { header: 'Group' },
                { header: 'Where' },
                { header: 'Headcount', align: 'right' },
                { header: 'Recovered', align: 'right' },
                { header: `Income per picker-day, ${cur}`, align: 'right' },
                { header: 'Below threshold', align: 'right' },
                { header: 'Limited by' },
              ],
              [
                ...groups.map((g) => [
                  g.name,
                  LOCATION_LABELS[g.location],
                  fmt.count(g.headcount),
                  fmt.tonnes(g.recoveredT),
                  fmt.amount(g.incomePerPickerDay),
                  fmt.count(g.belowThreshold),
                  LIMIT_LABELS[g.limitedBy],
                ]),
                ['All groups', '', fmt.count(headcount), fmt.tonnes(recovered), '', fmt.count(below), ''],
              ],
            ),
          ],
    ),
  );

  return `${out.map(plainSpaces).join('\n')}\n`;
}
