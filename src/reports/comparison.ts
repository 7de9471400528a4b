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
import { cityHref, collectWarnings, overallPickupRate, payerName, stageName, toScriptJson, worstPickupPoints } from './cityPage.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import { localeFormatter, type LocaleFormatter } from './locale.js';
import { NOT_AVAILABLE, type Formatter } from './format.js';
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
  /** The page's language; English when omitted. */
  lang?: Lang;
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

export function depletionText(life: LandfillLife | undefined, lastYear: number, t: Translator = translator('en'), lf: LocaleFormatter = localeFormatter(t.lang)): string {
  if (!life) return t('compare.notInRun');
  if (life.depletionYear !== null && life.depletionMonth !== null) return lf.monthYear(life.depletionYear, life.depletionMonth);
  return t('city.notFullBy', { year: lf.year(lastYear) });
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

function deltaOf(kind: Kind, fmt: Formatter, base: Figure, other: Figure, L: Loc): { delta: string; trend: ComparedCell['trend'] } | null {
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
      text = L.t('compare.pp', { value: new Intl.NumberFormat(L.lf.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(d * 100) });
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

function row(key: string, label: string, kind: Kind, fmt: Formatter, L: Loc, figures: Figure[]): ComparedRow {
  return {
    key,
    label,
    cells: figures.map((f, i) => {
      if (i === 0) return { value: f.text, delta: null, trend: null };
      const d = deltaOf(kind, fmt, figures[0], f, L);
      return { value: f.text, delta: d?.delta ?? null, trend: d?.trend ?? null };
    }),
  };
}

function money(fmt: Formatter, d: Decimal | null): Figure {
  return { text: fmt.money(d), n: d };
}

/** The language of a comparison: its translator and formatter. */
interface Loc {
  t: Translator;
  lf: LocaleFormatter;
}

function runName(city: CityFile, run: RunResult, t: Translator): { name: string; assumptions: string } {
  if (run.scenarioId === null) return { name: t('city.baseline'), assumptions: t('compare.baselineAssumptions') };
  const s = city.scenarios.find((x) => x.id === run.scenarioId);
  return { name: s?.name ?? run.scenarioId, assumptions: s?.assumptions ?? '' };
}

/** A scale for chart values so axis numbers stay short. */
function scaleFor(max: number, t: Translator): { divisor: number; word: string } {
  const scales = [
    { divisor: 1e9, word: t('charts.scale.billion') },
    { divisor: 1e6, word: t('charts.scale.million') },
    { divisor: 1e3, word: t('charts.scale.thousand') },
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
  const t = translator(input.lang ?? 'en');
  const lf = localeFormatter(t.lang);
  const L: Loc = { t, lf };
  const fmt: Formatter = lf.forCurrency(base.currency, base.minorUnit);
  const yr = (n: number) => lf.year(n);
  const rate = city.settings.discountRate;
  const yearNo = input.year ?? base.baseYear;
  const yearOf = (r: RunResult): YearResult => {
    const y = r.years.find((x) => x.year === yearNo);
    if (!y) throw new RangeError(`year ${yearNo} is not in the run`);
    return y;
  };
  const ys = runs.map(yearOf);
  const last = base.years[base.years.length - 1].year;
  const horizon = `${yr(base.baseYear)}–${yr(last)}`;
  const names = runs.map((r) => runName(city, r, t));

  // ---- cost
  const shownStages = STAGES.filter((st) => st !== 'administration' && runs.some((r) => !r.npvByStage[st].isZero()));
  const levelised = (r: RunResult, st: Stage): Decimal | null => {
    const tonnes = discountedSum(r, rate, (y) => stageOf(y, st)?.tonnes ?? 0);
    return tonnes > 0 ? r.npvByStage[st].div(qty(tonnes)) : null;
  };
  const cost: ComparedSection = {
    key: 'cost',
    title: t('compare.cost.title', { horizon }),
    note: t('compare.cost.note', { rate: fmt.percent(rate) }),
    rows: [
      row('npv', t('compare.row.npv'), 'money', fmt, L, runs.map((r) => money(fmt, r.npvNetCost))),
      row('levelised', t('compare.row.levelised'), 'money', fmt, L, runs.map((r) => money(fmt, r.levelisedCostPerTonne))),
      ...shownStages.map((st) => row(`npv-${st}`, t('compare.row.npvStage', { stage: stageName(t, st) }), 'money', fmt, L, runs.map((r) => money(fmt, r.npvByStage[st])))),
      ...shownStages.map((st) => row(`levelised-${st}`, t('compare.row.perTonneStage', { stage: stageName(t, st) }), 'money', fmt, L, runs.map((r) => money(fmt, levelised(r, st))))),
      row('net-cost-year', t('city.figures.netCost', { year: yr(yearNo) }), 'money', fmt, L, ys.map((y) => money(fmt, y.netCost))),
      row('cost-per-tonne-year', t('compare.row.costPerTonneYear', { year: yr(yearNo) }), 'money', fmt, L, ys.map((y) => money(fmt, y.costPerTonneCollected))),
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
  const payersPeriod = overHorizon ? t('compare.payers.horizon', { horizon, rate: fmt.percent(rate) }) : yr(yearNo);
  const payers: ComparedSection = {
    key: 'payers',
    title: t('compare.payers.title', { period: payersPeriod }),
    rows: [
      ...activePayers.map((p) => row(`payer-${p}`, payerName(t, p), 'money', fmt, L, runs.map((r, i) => money(fmt, payerAmount(r, ys[i], p))))),
      row('fee-revenue', t('compare.row.feeRevenue'), 'money', fmt, L, runs.map((r, i) => money(fmt, feeRevenue(r, ys[i])))),
      row('cost-recovery', t('compare.row.costRecovery'), 'share', fmt, L, runs.map((r, i) => {
        const v = recovery(r, ys[i]);
        return { text: fmt.percent(v), n: v };
      })),
      row('budget-subsidy', t('compare.row.budgetSubsidy'), 'money', fmt, L, runs.map((r, i) => money(fmt, overHorizon ? presentValue(r, rate, (x) => x.payers.budgetSubsidy) : ys[i].payers.budgetSubsidy))),
      row('full-cost-fee', t('compare.row.fullCostFeeYear', { year: yr(yearNo) }), 'money', fmt, L, ys.map((y) => money(fmt, y.payers.fullCostFeePerHouseholdMonth))),
    ],
  };

  // ---- landfills
  const landfillIds: Array<{ id: string; name: string }> = [];
  for (const r of runs) for (const l of r.landfillLife) if (!landfillIds.some((x) => x.id === l.id)) landfillIds.push({ id: l.id, name: l.name });
  const landfills: ComparedSection = {
    key: 'landfills',
    title: t('city.landfills.heading'),
    note: t('compare.landfills.note', { year: yr(base.baseYear) }),
    rows: [
      ...landfillIds.map((l) =>
        row(`depletion-${l.id}`, t('compare.row.landfillFull', { name: l.name }), 'years', fmt, L, runs.map((r) => {
          const life = r.landfillLife.find((x) => x.id === l.id);
          return { text: depletionText(life, last, t, lf), n: life?.depletionYears ?? null };
        })),
      ),
      ...landfillIds.map((l) =>
        row(`life-${l.id}`, t('compare.row.landfillLife', { name: l.name }), 'years', fmt, L, runs.map((r) => {
          const life = r.landfillLife.find((x) => x.id === l.id);
          const v = life?.remainingLifeYears ?? null;
          return { text: v === null ? NOT_AVAILABLE : life?.extrapolated ? t('city.landfills.extrapolated', { life: fmt.years(v) }) : fmt.years(v), n: v };
        })),
      ),
      row('without-site', t('compare.row.withoutSite', { period: yr(yearNo) }), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.disposalWithoutSite), n: y.mass.disposalWithoutSite }))),
      row('without-site-horizon', t('compare.row.withoutSite', { period: horizon }), 'tonnes', fmt, L, runs.map((r) => {
        const total = r.years.reduce((a, y) => a + y.mass.disposalWithoutSite, 0);
        return { text: fmt.tonnes(total), n: total };
      })),
    ],
  };

  // ---- transfer points
  const worstBase = worstPickupPoints(ys[0].transferPoints, COMPARED_WORST_POINTS);
  const sumT = (y: YearResult, f: (p: YearResult['transferPoints'][number]) => number) => y.transferPoints.reduce((a, p) => a + f(p), 0);
  const transfer: ComparedSection = {
    key: 'transfer',
    title: t('compare.transfer.title', { year: yr(yearNo) }),
    note: t('compare.transfer.note', { count: worstBase.length }),
    rows: [
      row('pickup-rate', t('compare.row.pickupRate'), 'share', fmt, L, ys.map((y) => {
        const v = overallPickupRate(y.transferPoints);
        return { text: fmt.percent(v), n: v };
      })),
      row('backlog', t('compare.row.backlog'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(sumT(y, (p) => p.backlogEndT)), n: sumT(y, (p) => p.backlogEndT) }))),
      row('overflow', t('compare.row.overflow'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(sumT(y, (p) => p.overflowT)), n: sumT(y, (p) => p.overflowT) }))),
      ...worstBase.map((wp) =>
        row(`point-${wp.id}`, t('compare.row.pointRate', { name: wp.name }), 'share', fmt, L, ys.map((y) => {
          const p = y.transferPoints.find((x) => x.id === wp.id);
          return p ? { text: fmt.percent(p.pickupRate), n: p.pickupRate } : { text: NOT_AVAILABLE, n: null };
        })),
      ),
    ],
  };

  // ---- flows
  const flows: ComparedSection = {
    key: 'flows',
    title: t('city.flow.heading', { year: yr(yearNo) }),
    rows: [
      row('generated', t('compare.row.generated'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.generated), n: y.mass.generated }))),
      row('collected', t('compare.row.collected'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.collectedT), n: y.collectedT }))),
      row('uncollected', t('compare.row.uncollected'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.uncollected), n: y.mass.uncollected }))),
      row('diversion', t('compare.row.diversion'), 'share', fmt, L, ys.map((y) => ({ text: fmt.percent(y.diversionRate), n: y.diversionRate }))),
      row('landfilled', t('compare.row.landfilled'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.landfilled), n: y.mass.landfilled }))),
      row('composted', t('compare.row.composted'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.compostProduct), n: y.mass.compostProduct }))),
      row('formal', t('compare.row.formal'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.formalRecovered), n: y.mass.formalRecovered }))),
      row('informal', t('compare.row.informal'), 'tonnes', fmt, L, ys.map((y) => ({ text: fmt.tonnes(y.mass.informalRecovered), n: y.mass.informalRecovered }))),
    ],
  };

  // ---- scavengers
  const groupIds: Array<{ id: string; name: string }> = [];
  for (const y of ys) for (const g of y.scavengers) if (!groupIds.some((x) => x.id === g.id)) groupIds.push({ id: g.id, name: g.name });
  const threshold = fmt.money(M(city.settings.incomeThresholdPerDay));
  const scavengers: ComparedSection = {
    key: 'scavengers',
    title: t('city.scavengers.heading', { year: yr(yearNo) }),
    note: t('compare.scavengers.note', { amount: threshold }),
    rows: [
      ...groupIds.map((g) =>
        row(`income-${g.id}`, t('compare.row.groupIncome', { name: g.name }), 'money', fmt, L, ys.map((y) => {
          const x = y.scavengers.find((s) => s.id === g.id);
          return x ? money(fmt, x.incomePerPickerDay) : { text: NOT_AVAILABLE, n: null };
        })),
      ),
      row('headcount', t('compare.row.headcount'), 'count', fmt, L, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.headcount, 0);
        return { text: fmt.count(n), n };
      })),
      row('integrated', t('compare.row.integrated'), 'count', fmt, L, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.integrated, 0);
        return { text: fmt.count(n), n };
      })),
      row('below-threshold', t('city.figures.belowThreshold', { amount: threshold }), 'count', fmt, L, ys.map((y) => {
        const n = y.scavengers.reduce((a, g) => a + g.belowThreshold, 0);
        return { text: fmt.count(n), n };
      })),
      row('informal-income', t('compare.row.informalIncome'), 'money', fmt, L, ys.map((y) => money(fmt, y.scavengers.reduce((a, g) => a.plus(g.incomeTotal), ZERO)))),
    ],
  };

  const sections = [cost, payers, landfills, transfer, flows, scavengers];

  // ---- charts
  const costValues = runs.map((r) => shownStages.map((st) => Number(r.npvByStage[st].toFixed(r.minorUnit))));
  const cScale = scaleFor(Math.max(0, ...costValues.flat().map(Math.abs)), t);
  const incomeValues = ys.map((y) => groupIds.map((g) => Number(y.scavengers.find((s) => s.id === g.id)?.incomePerPickerDay.toFixed(base.minorUnit) ?? 0)));
  const chart = {
    runs: names.map((n) => n.name),
    costByStage: {
      title: t('compare.charts.cost', { horizon }),
      axisTitle: cScale.word ? t('charts.costByStage.axisScaled', { currency: base.currency, scale: cScale.word }) : base.currency,
      labels: shownStages.map((st) => stageName(t, st)),
      series: runs.map((r, i) => ({
        name: names[i].name,
        values: costValues[i].map((v) => v / cScale.divisor),
        display: shownStages.map((st) => fmt.money(r.npvByStage[st])),
      })),
    },
    landfillFill: {
      title: t('charts.landfillFill.title'),
      axisTitle: t('charts.landfillFill.axis'),
      labels: base.years.map((y) => yr(y.year)),
      series: runs.flatMap((r, i) =>
        r.landfillLife.map((l) => {
          const shares = r.years.map((y) => y.landfills.find((x) => x.id === l.id)?.fillShare ?? 0);
          return { name: `${names[i].name}: ${l.name}`, run: i, values: shares.map((s) => Math.round(s * 1000) / 10), display: shares.map((s) => fmt.percent(s)) };
        }),
      ),
    },
    pickupRates: {
      title: t('compare.charts.pickup'),
      axisTitle: t('compare.charts.pickupAxis'),
      labels: base.years.map((y) => yr(y.year)),
      series: runs.map((r, i) => {
        const rates = r.years.map((y) => overallPickupRate(y.transferPoints));
        return { name: names[i].name, values: rates.map((v) => (v === null ? null : Math.round(v * 1000) / 10)), display: rates.map((v) => fmt.percent(v)) };
      }),
    },
    scavengerIncome: {
      title: t('compare.charts.income', { year: yr(yearNo) }),
      axisTitle: t('compare.charts.incomeAxis', { currency: base.currency }),
      labels: groupIds.map((g) => g.name),
      threshold: Number(M(city.settings.incomeThresholdPerDay).toFixed(base.minorUnit)),
      thresholdLabel: t('compare.charts.threshold', { amount: threshold }),
      series: ys.map((y, i) => ({
        name: names[i].name,
        values: incomeValues[i],
        display: groupIds.map((g) => fmt.money(y.scavengers.find((s) => s.id === g.id)?.incomePerPickerDay ?? null)),
      })),
    },
  };

  const params = runs.map((r) => r.scenarioId ?? 'baseline');
  const view: ComparisonView = {
    title: t('compare.title', { city: city.city.name }),
    cityId: city.city.id,
    cityName: city.city.name,
    currency: base.currency,
    year: yr(yearNo),
    horizon,
    payersPeriod,
    runs: runs.map((r, i) => ({ id: r.scenarioId, param: params[i], name: names[i].name, assumptions: names[i].assumptions, href: cityHref(city.city.id, r.scenarioId, yearNo === base.baseYear ? null : yearNo) })),
    sections,
    warnings: runs.map((r, i) => {
      const all = t.lang === 'en' ? r.warnings : collectWarnings(r, t.lang);
      return { run: names[i].name, count: fmt.count(all.length), first: all.slice(0, 3) };
    }),
    tables: [],
    chartJson: toScriptJson(chart),
  };
  view.tables = comparisonTables(view, t);
  return view;
}

/** The comparison's sections as tables: a value and a change column per scenario. */
function comparisonTables(view: ComparisonView, t: Translator): ReportTable[] {
  const columns = [t('report.col.figure'), view.runs[0].name, ...view.runs.slice(1).flatMap((r) => [r.name, t('compare.change', { name: r.name })])];
  return view.sections.map((s) => ({
    name: `compare-${s.key}`,
    title: s.title,
    columns,
    rows: s.rows.map((r) => [textCell(r.label), ...r.cells.flatMap((c, i): TableCell[] => (i === 0 ? [textCell(c.value)] : [textCell(c.value), textCell(c.delta ?? NOT_AVAILABLE)]))]),
    ...(s.note ? { note: s.note } : {}),
  }));
}
