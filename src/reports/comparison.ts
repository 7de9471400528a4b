/**
 * Side-by-side comparison of 2 to 4 runs of one city (MODEL.md section 10):
 * the first run is the baseline (usually the city without scenario) and every
 * other column shows its figure and its difference from the baseline.
 *
 * Rows: NPV and levelised cost per tonne by stage (horizon); who pays (one
 * year, or the horizon as present values); landfill depletion dates and
 * remaining life (fill curves in the chart data); pick-up rate and backlog at
 * transfer points, overall and at the baseline's worst points; diversion rate
 * and uncollected waste; scavenger income per picker-day, headcount below the
 * income threshold and total informal income.
 *
 * Levelised cost by stage = NPV of the stage / its tonnes handled, discounted
 * at the city's discount rate (the total divides by tonnes collected, as the
 * engine does).
 *
 * Example: toComparison({ city, runs: [baselineRun, compostRun], year: 2010 })
 *   .sections[0].rows[0] -> { label: 'NPV of net cost', cells: [
 *        { value: 'IDR 723,823,444,219', delta: null },
 *        { value: 'IDR 725,776,188,474', delta: '+IDR 1,952,744,255', trend: 'up' }] }
 */
import type { Decimal } from 'decimal.js';
import { PAYERS, STAGES, type CityFile, type Payer, type Stage } from '../model/cityFile.js';
import { discountFactor } from '../model/formulas.js';
import { book, M, qty, ZERO } from '../model/money.js';
import type { LandfillLife, RunResult, YearResult } from '../model/results.js';
import { cityHref, overallPickupRate, PAYER_LABELS, STAGE_LABELS, toScriptJson, worstPickupPoints } from './cityPage.js';
import { createFormatter, monthYear, NOT_AVAILABLE, type Formatter } from './format.js';
import { textCell, type ReportTable, type TableCell } from './reportTables.js';

export const MIN_RUNS = 2;
export const MAX_RUNS = 4;
/** Worst transfer points of the baseline followed across runs. */
export const COMPARED_WORST_POINTS = 5;

export interface ComparedCell {
  value: string;
  /** Difference from the baseline, signed ("+IDR 1,234", "-2.1 pp"); null in the baseline column. */
  delta: string | null;
  /** For styling: up, down, same; null in the baseline column or when there is no figure. */
  trend: 'up' | 'down' | 'same' | null;
}

export interface ComparedRow {
  key: string;
  label: string;
  cells: ComparedCell[];
}

export interface ComparedSection {
  key: string;
  title: string;
  note?: string;
  rows: ComparedRow[];
}

export interface ComparedRun {
  id: string | null;
  /** The query value for this run: 'baseline' or the scenario id. */
  param: string;
  name: string;
  assumptions: string;
  href: string;
}

export interface ComparisonView {
  title: string;
  cityId: string;
  cityName: string;
  currency: string;
  year: string;
  horizon: string;
  /** "2010" or "2003–2022 (present value at 10%)" for who pays. */
  payersPeriod: string;
  runs: ComparedRun[];
  sections: ComparedSection[];
  warnings: Array<{ run: string; count: string; first: string[] }>;
  tables: ReportTable[];
  chartJson: string;
}

export interface ComparisonInput {
  city: CityFile;
  /** 2-4 runs of `city`; the first is the baseline. */
  runs: RunResult[];
  /** Year of the yearly rows; default the base year. */
  year?: number;
  /** Who pays over the horizon (present values) instead of in `year`. */
  payersOverHorizon?: boolean;
}

/** Present value of yearly amounts at the city's discount rate, booked at the minor unit. */
export function presentValue(run: RunResult, rate: number, amountOf: (y: YearResult) => Decimal): Decimal {
  let pv = ZERO;
  run.years.forEach((y, t) => {
    pv = pv.plus(amountOf(y).times(discountFactor(rate, t)));
  });
  return book(pv, run.minorUnit);
}

/** Sum over years of a quantity x discount factor (discounted tonnes, households...). */
export function discountedSum(run: RunResult, rate: number, quantityOf: (y: YearResult) => number): number {
  return run.years.reduce((a, y, t) => a + quantityOf(y) / Math.pow(1 + rate, t), 0);
}

function stageOf(y: YearResult, st: Stage) {
  return y.stages.find((s) => s.stage === st);
}

export function depletionText(life: LandfillLife | undefined, lastYear: number): string {
  if (!life) return 'not in this run';
  if (life.depletionYear !== null && life.depletionMonth !== null) return monthYear(life.depletionYear, life.depletionMonth);
  return `not full by ${lastYear}`;
}

function plus(text: string, positive: boolean): string {
  return positive ? `+${text}` : text;
}

type Kind = 'money' | 'tonnes' | 'share' | 'count' | 'years' | 'moneyPerDay';

interface Figure {
  text: string;
  /** For deltas and machine values: a Decimal for money, a number otherwise; null when there is no figure. */
  n: Decimal | number | null;
}

function deltaOf(kind: Kind, fmt: Formatter, base: Figure, other: Figure): { delta: string; trend: ComparedCell['trend'] } | null {
  if (base.n === null || other.n === null) return null;
  if (typeof base.n !== 'number' && typeof other.n !== 'number') {
    const d = other.n.minus(base.n);
    return { delta: plus(fmt.money(d), d.isPositive() && !d.isZero()), trend: d.isZero() ? 'same' : d.isPositive() ? 'up' : 'down' };
  }
  const a = Number(base.n);
  const b = Number(other.n);
  const d = b - a;
  const trend = Math.abs(d) < 1e-9 ? 'same' : d > 0 ? 'up' : 'down';
  let text: string;
  switch (kind) {
    case 'share':
      text = `${new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(d * 100)} pp`;
      return { delta: text, trend };
    case 'tonnes':
      text = fmt.tonnes(d);
      break;
    case 'count':
      text = fmt.count(d);
      break;
    case 'years':
      text = fmt.years(d);
      break;
    default:
      text = String(d);
  }
  return { delta: trend === 'same' ? text.replace(/^-/, '') : plus(text, d > 0), trend };
}

function row(key: string, label: string, kind: Kind, fmt: Formatter, figures: Figure[]): ComparedRow {
  return {
    key,
    label,
    cells: figures.map((f, i) => {
      if (i === 0) return { value: f.text, delta: null, trend: null };
      const d = deltaOf(kind, fmt, figures[0], f);
      return { value: f.text, delta: d?.delta ?? null, trend: d?.trend ?? null };
    }),
  };
}

function money(fmt: Formatter, d: Decimal | null): Figure {
  return { text: fmt.money(d), n: d };
}

function runName(city: CityFile, run: RunResult): { name: string; assumptions: string } {
  if (run.scenarioId === null) return { name: 'Baseline', assumptions: 'The city file without scenario changes.' };
  const s = city.scenarios.find((x) => x.id === run.scenarioId);
  return { name: s?.name ?? run.scenarioId, assumptions: s?.assumptions ?? '' };
}

/** A scale for chart values so axis numbers stay short. */
function scaleFor(max: number): { divisor: number; word: string } {
  const scales = [
    { divisor: 1e9, word: 'billion' },
    { divisor: 1e6, word: 'million' },
    { divisor: 1e3, word: 'thousand' },
  ];
  return scales.find((s) => max / s.divisor >= 10) ?? { divisor: 1, word: '' };
}

export function compareHref(cityId: string, params: readonly string[], year: number | null): string {
  const q = new URLSearchParams();
  for (const p of params) q.append('s', p);
  if (year !== null) q.set('year', String(year));
  return `/cities/${encodeURIComponent(cityId)}/compare?${q.toString()}`;
}

export function toComparison(input: ComparisonInput): ComparisonView {
  const { city, runs } = input;
  if (runs.length < MIN_RUNS || runs.length > MAX_RUNS) throw new RangeError(`compare ${MIN_RUNS} to ${MAX_RUNS} runs, not ${runs.length}`);
  const base = runs[0];
  const fmt = createFormatter(base.currency, base.minorUnit);
  const rate = city.settings.discountRate;
  const yearNo = input.year ?? base.baseYear;
  const yearOf = (r: RunResult): YearResult => {
    const y = r.years.find((x) => x.year === yearNo);
    if (!y) throw new RangeError(`year ${yearNo} is not in the run`);
    return y;
  };
  const ys = runs.map(yearOf);
  const last = base.years[base.years.length - 1].year;
  const horizon = `${base.baseYear}–${last}`;
  const names = runs.map((r) => runName(city, r));

  // ---- cost
  const shownStages = STAGES.filter((st) => st !== 'administration' && runs.some((r) => !r.npvByStage[st].isZero()));
  const levelised = (r: RunResult, st: Stage): Decimal | null => {
    const t = discountedSum(r, rate, (y) => stageOf(y, st)?.tonnes ?? 0);
    return t > 0 ? r.npvByStage[st].div(qty(t)) : null;
  };
  const cost: ComparedSection = {
    key: 'cost',
    title: `Cost over the horizon, ${horizon}`,
    note: `Net present value at ${fmt.percent(rate)} a year; levelised cost = NPV / discounted tonnes (collected for the total, handled by the stage for a stage).`,
    rows: [
      row('npv', 'NPV of net cost', 'money', fmt, runs.map((r) => money(fmt, r.npvNetCost))),
      row('levelised', 'Levelised cost per tonne collected', 'money', fmt, runs.map((r) => money(fmt, r.levelisedCostPerTonne))),
      ...shownStages.map((st) => row(`npv-${st}`, `NPV: ${STAGE_LABELS[st]}`, 'money', fmt, runs.map((r) => money(fmt, r.npvByStage[st])))),
      ...shownStages.map((st) => row(`levelised-${st}`, `Per tonne: ${STAGE_LABELS[st]}`, 'money', fmt, runs.map((r) => money(fmt, levelised(r, st))))),
      row('net-cost-year', `Net cost ${yearNo}`, 'money', fmt, ys.map((y) => money(fmt, y.netCost))),
      row('cost-per-tonne-year', `Cost per tonne collected ${yearNo}`, 'money', fmt, ys.map((y) => money(fmt, y.costPerTonneCollected))),
    ],
  };

  // ---- who pays
  const overHorizon = input.payersOverHorizon === true;
  const payerAmount = (r: RunResult, y: YearResult, p: Payer): Decimal => (overHorizon ? presentValue(r, rate, (x) => x.payers.byPayer[p]) : y.payers.byPayer[p]);
  const activePayers = PAYERS.filter((p) => runs.some((r, i) => !payerAmount(r, ys[i], p).isZero()));
  const feeRevenue = (r: RunResult, y: YearResult) => (overHorizon ? presentValue(r, rate, (x) => x.payers.feeRevenue) : y.payers.feeRevenue);
  const recovery = (r: RunResult, y: YearResult): number | null => {
    if (!overHorizon) return y.payers.costRecoveryRatio;
    const net = presentValue(r, rate, (x) => x.netCost);
    return net.isPositive() ? feeRevenue(r, y).div(net).toNumber() : null;
  };
  const payersPeriod = overHorizon ? `${horizon} (present value at ${fmt.percent(rate)})` : String(yearNo);
  const payers: ComparedSection = {
    key: 'payers',
    title: `Who pays, ${payersPeriod}`,
    rows: [
      ...activePayers.map((p) => row(`payer-${p}`, PAYER_LABELS[p], 'money', fmt, runs.map((r, i) => money(fmt, payerAmount(r, ys[i], p))))),
      row('fee-revenue', 'Fee revenue', 'money', fmt, runs.map((r, i) => money(fmt, feeRevenue(r, ys[i])))),
      row('cost-recovery', 'Cost-recovery ratio (fees / net cost)', 'share', fmt, runs.map((r, i) => {
        const v = recovery(r, ys[i]);
        return { text: fmt.percent(v), n: v };
      })),
      row('budget-subsidy', 'City budget subsidy', 'money', fmt, runs.map((r, i) => money(fmt, overHorizon ? presentValue(r, rate, (x) => x.payers.budgetSubsidy) : ys[i].payers.budgetSubsidy))),
      row('full-cost-fee', `Full-cost fee per household per month, ${yearNo}`, 'money', fmt, ys.map((y) => money(fmt, y.payers.fullCostFeePerHouseholdMonth))),
    ],
  };

  // ---- landfills
  const landfillIds: Array<{ id: string; name: string }> = [];
  for (const r of runs) for (const l of r.landfillLife) if (!landfillIds.some((x) => x.id === l.id)) landfillIds.push({ id: l.id, name: l.name });
  const landfills: ComparedSection = {
    key: 'landfills',
    title: 'Landfills',
    note: `Remaining life in years from 1 January ${base.baseYear}; "extrapolated" past the horizon at the last year's intake.`,
    rows: [
      ...landfillIds.map((l) =>
        row(`depletion-${l.id}`, `${l.name}: full`, 'years', fmt, runs.map((r) => {
          const life = r.landfillLife.find((x) => x.id === l.id);
          return { text: depletionText(life, last), n: life?.depletionYears ?? null };
        })),
      ),
      ...landfillIds.map((l) =>
        row(`life-${l.id}`, `${l.name}: remaining life`, 'years', fmt, runs.map((r) => {
          const life = r.landfillLife.find((x) => x.id === l.id);
          const v = life?.remainingLifeYears ?? null;
          return { text: v === null ? NOT_AVAILABLE : `${fmt.years(v)}${life?.extrapolated ? ' (extrapolated)' : ''}`, n: v };
        })),
      ),
      row('without-site', `Disposal without a site, ${yearNo}`, 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.disposalWithoutSite), n: y.mass.disposalWithoutSite }))),
      row('without-site-horizon', `Disposal without a site, ${horizon}`, 'tonnes', fmt, runs.map((r) => {
        const t = r.years.reduce((a, y) => a + y.mass.disposalWithoutSite, 0);
        return { text: fmt.tonnes(t), n: t };
      })),
    ],
  };

  // ---- transfer points
  const worstBase = worstPickupPoints(ys[0].transferPoints, COMPARED_WORST_POINTS);
  const sumT = (y: YearResult, f: (p: YearResult['transferPoints'][number]) => number) => y.transferPoints.reduce((a, p) => a + f(p), 0);
  const transfer: ComparedSection = {
    key: 'transfer',
    title: `Transfer points, ${yearNo}`,
    note: `The baseline's ${worstBase.length} transfer points with the lowest pick-up rate, followed in every run.`,
    rows: [
      row('pickup-rate', 'Pick-up rate, all points', 'share', fmt, ys.map((y) => {
        const v = overallPickupRate(y.transferPoints);
        return { text: fmt.percent(v), n: v };
      })),
      row('backlog', 'Backlog at year end', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(sumT(y, (p) => p.backlogEndT)), n: sumT(y, (p) => p.backlogEndT) }))),
      row('overflow', 'Overflow (uncollected)', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(sumT(y, (p) => p.overflowT)), n: sumT(y, (p) => p.overflowT) }))),
      ...worstBase.map((wp) =>
        row(`point-${wp.id}`, `Pick-up rate: ${wp.name}`, 'share', fmt, ys.map((y) => {
          const p = y.transferPoints.find((x) => x.id === wp.id);
          return p ? { text: fmt.percent(p.pickupRate), n: p.pickupRate } : { text: NOT_AVAILABLE, n: null };
        })),
      ),
    ],
  };

  // ---- flows
  const flows: ComparedSection = {
    key: 'flows',
    title: `Waste flows, ${yearNo}`,
    rows: [
      row('generated', 'Generated', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.generated), n: y.mass.generated }))),
      row('collected', 'Collected', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.collectedT), n: y.collectedT }))),
      row('uncollected', 'Uncollected (incl. overflow)', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.uncollected), n: y.mass.uncollected }))),
      row('diversion', 'Diversion rate', 'share', fmt, ys.map((y) => ({ text: fmt.percent(y.diversionRate), n: y.diversionRate }))),
      row('landfilled', 'Landfilled', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.landfilled), n: y.mass.landfilled }))),
      row('composted', 'Compost product', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.compostProduct), n: y.mass.compostProduct }))),
      row('formal', 'Formal recovery', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.formalRecovered), n: y.mass.formalRecovered }))),
      row('informal', 'Informal recovery', 'tonnes', fmt, ys.map((y) => ({ text: fmt.tonnes(y.mass.informalRecovered), n: y.mass.informalRecovered }))),
    ],
  };

  // ---- scavengers
  const groupIds: Array<{ id: string; name: string }> = [];
  for (const y of ys) for (const g of y.scavengers) if (!groupIds.some((x) => x.id === g.id)) groupIds.push({ id: g.id, name: g.name });
  const threshold = fmt.money(M(city.settings.incomeThresholdPerDay));
  const scavengers: ComparedSection = {
    key: 'scavengers',
    title: `Scavengers, ${yearNo}`,
    note: `Income per picker-day after the middleman's share; threshold ${threshold} a day.`,
    rows: [
      ...groupIds.map((g) =>
        row(`income-${g.id}`, `${g.name}: income per picker-day`, 'money', fmt, ys.map((y) => {
          const x = y.scavengers.find((s) => s.id === g.id);
          return x ? money(fmt, x.incomePerPickerDay) : { text: NOT_AVAILABLE, n: null };
        })),
      ),
      row('headcount', 'Scavengers (after integration)', 'count', fmt, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.headcount, 0);
        return { text: fmt.count(n), n };
      })),
      row('integrated', 'Hired into formal jobs', 'count', fmt, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.integrated, 0);
        return { text: fmt.count(n), n };
      })),
      row('below-threshold', `Below ${threshold} a day`, 'count', fmt, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.belowThreshold, 0);
        return { text: fmt.count(n), n };
      })),
      row('informal-income', 'Informal income, total', 'money', fmt, ys.map((y) => money(fmt, y.scavengers.reduce((a, g) => a.plus(g.incomeTotal), ZERO)))),
    ],
  };

  const sections = [cost, payers, landfills, transfer, flows, scavengers];

  // ---- charts
  const costValues = runs.map((r) => shownStages.map((st) => Number(r.npvByStage[st].toFixed(r.minorUnit))));
  const cScale = scaleFor(Math.max(0, ...costValues.flat().map(Math.abs)));
  const incomeValues = ys.map((y) => groupIds.map((g) => Number(y.scavengers.find((s) => s.id === g.id)?.incomePerPickerDay.toFixed(base.minorUnit) ?? 0)));
  const chart = {
    runs: names.map((n) => n.name),
    costByStage: {
      title: `NPV of net cost by stage, ${horizon}`,
      axisTitle: cScale.word ? `${base.currency} ${cScale.word}` : base.currency,
      labels: shownStages.map((st) => STAGE_LABELS[st]),
      series: runs.map((r, i) => ({
        name: names[i].name,
        values: costValues[i].map((v) => v / cScale.divisor),
        display: shownStages.map((st) => fmt.money(r.npvByStage[st])),
      })),
    },
    landfillFill: {
      title: 'Landfill fill, % of capacity at year end',
      axisTitle: '% full',
      labels: base.years.map((y) => String(y.year)),
      series: runs.flatMap((r, i) =>
        r.landfillLife.map((l) => {
          const shares = r.years.map((y) => y.landfills.find((x) => x.id === l.id)?.fillShare ?? 0);
          return { name: `${names[i].name}: ${l.name}`, run: i, values: shares.map((s) => Math.round(s * 1000) / 10), display: shares.map((s) => fmt.percent(s)) };
        }),
      ),
    },
    pickupRates: {
      title: 'Pick-up rate at transfer points, all points',
      axisTitle: '% hauled',
      labels: base.years.map((y) => String(y.year)),
      series: runs.map((r, i) => {
        const rates = r.years.map((y) => overallPickupRate(y.transferPoints));
        return { name: names[i].name, values: rates.map((v) => (v === null ? null : Math.round(v * 1000) / 10)), display: rates.map((v) => fmt.percent(v)) };
      }),
    },
    scavengerIncome: {
      title: `Scavenger income per picker-day, ${yearNo}`,
      axisTitle: `${base.currency} per picker-day`,
      labels: groupIds.map((g) => g.name),
      threshold: Number(M(city.settings.incomeThresholdPerDay).toFixed(base.minorUnit)),
      thresholdLabel: `Threshold ${threshold}`,
      series: ys.map((y, i) => ({
        name: names[i].name,
        values: incomeValues[i],
        display: groupIds.map((g) => fmt.money(y.scavengers.find((s) => s.id === g.id)?.incomePerPickerDay ?? null)),
      })),
    },
  };

  const params = runs.map((r) => r.scenarioId ?? 'baseline');
  const view: ComparisonView = {
    title: `${city.city.name} — comparison`,
    cityId: city.city.id,
    cityName: city.city.name,
    currency: base.currency,
    year: String(yearNo),
    horizon,
    payersPeriod,
    runs: runs.map((r, i) => ({ id: r.scenarioId, param: params[i], name: names[i].name, assumptions: names[i].assumptions, href: cityHref(city.city.id, r.scenarioId, yearNo === base.baseYear ? null : yearNo) })),
    sections,
    warnings: runs.map((r, i) => ({ run: names[i].name, count: fmt.count(r.warnings.length), first: r.warnings.slice(0, 3) })),
    tables: [],
    chartJson: toScriptJson(chart),
  };
  view.tables = comparisonTables(view);
  return view;
}

/** The comparison's sections as tables: a value and a change column per scenario. */
function comparisonTables(view: ComparisonView): ReportTable[] {
  const columns = ['Figure', view.runs[0].name, ...view.runs.slice(1).flatMap((r) => [r.name, `${r.name}: change`])];
  return view.sections.map((s) => ({
    name: `compare-${s.key}`,
    title: s.title,
    columns,
    rows: s.rows.map((r) => [textCell(r.label), ...r.cells.flatMap((c, i): TableCell[] => (i === 0 ? [textCell(c.value)] : [textCell(c.value), textCell(c.delta ?? NOT_AVAILABLE)]))]),
    ...(s.note ? { note: s.note } : {}),
  }));
}
