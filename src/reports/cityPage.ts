/// <reference lib="es2023.intl" />
/**
 * View models for the home page and the city page: engine results in,
 * display strings out. This is the one place that formats numbers and money
 * for people (templates only print what is prepared here), so a figure reads
 * the same on every page: Intl.NumberFormat('en'), money at the currency's
 * minor unit (IDR 0 decimals, CNY 2), rounded half-even like the engine books.
 *
 * Figures are one year's (the base year unless the page asks for another);
 * NPV, levelised cost, landfill life and the charts cover the whole horizon.
 *
 * Example: createFormatter('IDR', 0).money(M('1234567.5')) -> "IDR 1,234,568"
 *          createFormatter('CNY', 2).money(M('1234.5'))    -> "CN¥1,234.50"
 *          formatter.tonnesPerDay(1402.347)                -> "1,402 t/day"
 */
import type { Decimal } from 'decimal.js';
import { PAYERS, STAGES, type CityFile, type Payer, type Stage } from '../model/cityFile.js';
import { M, ZERO } from '../model/money.js';
import type { LandfillLife, RunResult, ScavengerGroupYear, StageYear, TransferPointYear, YearResult } from '../model/results.js';

export const STAGE_LABELS: Record<Stage, string> = {
  primaryCollection: 'Primary collection',
  transfer: 'Transfer points',
  secondaryHaul: 'Secondary collection and haul',
  composting: 'Composting',
  formalRecovery: 'Formal recovery',
  incineration: 'Incineration',
  finalDisposal: 'Final disposal',
  administration: 'Administration',
};

export const PAYER_LABELS: Record<Payer, string> = {
  households: 'Households',
  businesses: 'Businesses',
  cityBudget: 'City budget',
  privateOperators: 'Private operators',
  higherGovernment: 'Higher government',
  lendersDonors: 'Lenders and donors',
};

const LOCATION_LABELS: Record<string, string> = {
  source: 'At source',
  transferPoint: 'Transfer points',
  landfill: 'Landfill',
  street: 'Street',
};

const LIMIT_LABELS: Record<ScavengerGroupYear['limitedBy'], string> = {
  supply: 'supply',
  labour: 'labour',
  noAccess: 'no access',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days a year of the engine's t/yr figures (MODEL.md section 2: G = P g 365 / 1000). */
const DAYS_PER_YEAR = 365;

/** How many transfer points the city page lists by worst pick-up rate. */
export const WORST_POINTS = 10;

/** Placeholder for a figure that does not exist (no tonnes, no households). */
export const NOT_AVAILABLE = '—';

export interface Formatter {
  /** With the currency: "IDR 1,234,568", "CN¥1,234.50". */
  money(amount: Decimal | null): string;
  /** Without the currency, for table cells under a header that names it: "1,234,568", "1,234.50". */
  amount(amount: Decimal | null): string;
  count(n: number): string;
  tonnes(t: number): string;
  tonnesPerDay(tPerDay: number): string;
  percent(share: number | null): string;
  years(y: number | null): string;
}

/** Decimals for a tonnage: whole tonnes from 100 t, one decimal from 1 t, two below. */
function tonneDecimals(t: number): number {
  const a = Math.abs(t);
  return a >= 100 || a === 0 ? 0 : a >= 1 ? 1 : 2;
}

export function createFormatter(currency: string, minorUnit: number): Formatter {
  const moneyFormat = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnit,
    maximumFractionDigits: minorUnit,
    roundingMode: 'halfEven',
    signDisplay: 'negative',
  });
  const plainMoney = new Intl.NumberFormat('en', {
    minimumFractionDigits: minorUnit,
    maximumFractionDigits: minorUnit,
    roundingMode: 'halfEven',
    signDisplay: 'negative',
  });
  const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0, signDisplay: 'negative' });
  const fixed = [0, 1, 2].map(
    (d) => new Intl.NumberFormat('en', { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: 'negative' }),
  );
  const pct = new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' });
  const oneDecimal = fixed[1];
  const tonnes = (t: number) => fixed[tonneDecimals(t)].format(t);
  return {
    // A decimal string keeps every digit (NumberFormat v3), no float in between.
    money: (amount) => (amount === null ? NOT_AVAILABLE : moneyFormat.format(amount.toFixed(minorUnit) as Intl.StringNumericLiteral)),
    amount: (amount) => (amount === null ? NOT_AVAILABLE : plainMoney.format(amount.toFixed(minorUnit) as Intl.StringNumericLiteral)),
    count: (n) => integer.format(n),
    tonnes: (t) => `${tonnes(t)} t`,
    tonnesPerDay: (t) => `${tonnes(t)} t/day`,
    percent: (share) => (share === null || !Number.isFinite(share) ? NOT_AVAILABLE : pct.format(share)),
    years: (y) => (y === null ? NOT_AVAILABLE : `${oneDecimal.format(y)} years`),
  };
}

/** JSON that is safe inside <script type="application/json">: no "<", ">", "&" or line separators. */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// ---------------------------------------------------------------- home page

export interface HomeCityInput {
  id: string;
  name: string;
  country: string;
  currency: string;
  baseYear: number;
  scenarioCount: number;
  /** The baseline run, or the problems that stopped it. */
  run: { ok: true; result: RunResult } | { ok: false; problemCount: number };
}

export interface HomeCityRow {
  id: string;
  href: string;
  name: string;
  country: string;
  currency: string;
  baseYear: string;
  population: string;
  generationPerDay: string;
  scenarios: string;
  problem: string | null;
}

export interface HomeView {
  title: string;
  cities: HomeCityRow[];
}

export function toHomeView(cities: readonly HomeCityInput[]): HomeView {
  return {
    title: 'Cities',
    cities: cities.map((c) => {
      const base = c.run.ok ? c.run.result.years[0] : undefined;
      const fmt = c.run.ok ? createFormatter(c.run.result.currency, c.run.result.minorUnit) : createFormatter(c.currency, 0);
      return {
        id: c.id,
        href: cityHref(c.id, null),
        name: c.name,
        country: c.country,
        currency: c.currency,
        baseYear: String(c.baseYear),
        population: base ? fmt.count(base.population) : NOT_AVAILABLE,
        generationPerDay: base ? fmt.tonnesPerDay(base.mass.generated / DAYS_PER_YEAR) : NOT_AVAILABLE,
        scenarios: c.scenarioCount === 1 ? '1 scenario' : `${c.scenarioCount} scenarios`,
        problem: c.run.ok ? null : `The engine refused this city (${c.run.problemCount} problem${c.run.problemCount === 1 ? '' : 's'}); open it to see them.`,
      };
    }),
  };
}

// ---------------------------------------------------------------- city page

export interface Figure {
  /** Stable key for tests and CSS, e.g. "generation". */
  key: string;
  label: string;
  value: string;
  note?: string;
}

export interface ScenarioLink {
  id: string | null;
  name: string;
  href: string;
  current: boolean;
}

export interface TransferPointRow {
  name: string;
  pickupRate: string;
  inflowPerDay: string;
  hauledPerDay: string;
  backlogEnd: string;
  maxBacklog: string;
  overflow: string;
  vehicles: string;
}

export interface LandfillRow {
  name: string;
  capacity: string;
  depletion: string;
  remainingLife: string;
  fillAtHorizonEnd: string;
}

export interface StageRow {
  label: string;
  tonnes: string;
  directCost: string;
  overhead: string;
  revenue: string;
  netCost: string;
  perTonne: string;
}

export interface PayerRow {
  label: string;
  amount: string;
  share: string;
}

export interface MatrixView {
  payers: string[];
  rows: Array<{ stage: string; cells: string[] }>;
  totals: string[];
}

export interface ScavengerRow {
  name: string;
  location: string;
  headcount: string;
  recovered: string;
  incomePerPickerDay: string;
  belowThreshold: string;
  limitedBy: string;
}

export interface ChartData {
  costByStage: {
    title: string;
    axisTitle: string;
    labels: string[];
    values: number[];
    /** Formatted amount per bar for tooltips. */
    display: string[];
  };
  landfillFill: {
    title: string;
    axisTitle: string;
    labels: string[];
    series: Array<{ name: string; values: number[]; display: string[] }>;
  };
}

export interface CityPageView {
  title: string;
  cityId: string;
  cityName: string;
  country: string;
  description: string;
  currency: string;
  year: string;
  horizon: string;
  scenario: { id: string; name: string; assumptions: string } | null;
  runLabel: string;
  scenarios: ScenarioLink[];
  warnings: string[];
  /** Warnings beyond the first WARNINGS_SHOWN, folded away on the page. */
  moreWarnings: string[];
  /** Every year of the run, for the year picker. */
  years: Array<{ value: string; selected: boolean }>;
  /** The year picker: a GET form to `action`; browsers drop a GET action's query, so the scenario goes in a hidden field. */
  yearForm: { action: string; scenario: string | null };
  headline: Figure[];
  costFigures: Figure[];
  transfer: {
    overallPickupRate: string;
    backlogEnd: string;
    overflow: string;
    pointCount: string;
    worstTitle: string;
    worst: TransferPointRow[];
  };
  landfills: LandfillRow[];
  stages: StageRow[];
  stageTotal: StageRow;
  payers: {
    figures: Figure[];
    rows: PayerRow[];
    matrix: MatrixView;
  };
  scavengers: {
    figures: Figure[];
    groups: ScavengerRow[];
  };
  chartJson: string;
}

/** /cities/<id>[?scenario=<sid>][&year=<y>] */
export function cityHref(cityId: string, scenarioId: string | null, year: number | null = null): string {
  const query = new URLSearchParams();
  if (scenarioId !== null) query.set('scenario', scenarioId);
  if (year !== null) query.set('year', String(year));
  const q = query.toString();
  return `/cities/${encodeURIComponent(cityId)}${q ? `?${q}` : ''}`;
}

function sumBy<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((a, t) => a + f(t), 0);
}

function sumMoney(items: readonly Decimal[], zero: Decimal): Decimal {
  return items.reduce((a, d) => a.plus(d), zero);
}

/** Hauled over delivered (inflow net of picking); null when nothing was delivered. */
export function overallPickupRate(points: readonly TransferPointYear[]): number | null {
  const delivered = sumBy(points, (p) => p.inflowT - p.pickedT);
  return delivered > 0 ? sumBy(points, (p) => p.hauledT) / delivered : null;
}

/** The `n` points with the lowest pick-up rate (ties by name), worst first. */
export function worstPickupPoints(points: readonly TransferPointYear[], n: number = WORST_POINTS): TransferPointYear[] {
  return [...points].sort((a, b) => a.pickupRate - b.pickupRate || a.name.localeCompare(b.name)).slice(0, n);
}

function depletionText(life: LandfillLife, lastYear: number): string {
  if (life.depletionYear !== null && life.depletionMonth !== null) return `${MONTHS[life.depletionMonth - 1]} ${life.depletionYear}`;
  return `not full by ${lastYear}`;
}

/** The landfill that fills first, or undefined when none fills within the horizon. */
function firstToFill(lives: readonly LandfillLife[]): LandfillLife | undefined {
  return lives
    .filter((l) => l.depletionYears !== null)
    .sort((a, b) => (a.depletionYears ?? 0) - (b.depletionYears ?? 0))[0];
}

/** Every warning of a run, in order: the engine already prefixes each with its year and drops repeats. */
export function collectWarnings(run: RunResult): string[] {
  return [...run.warnings];
}

/** A scale for chart values so axis numbers stay short: 1, thousand, million, billion. */
function moneyScale(max: number): { divisor: number; word: string } {
  const scales = [
    { divisor: 1e9, word: 'billion' },
    { divisor: 1e6, word: 'million' },
    { divisor: 1e3, word: 'thousand' },
  ];
  return scales.find((s) => max / s.divisor >= 10) ?? { divisor: 1, word: '' };
}

function stageRow(label: string, s: Pick<StageYear, 'directCost' | 'overheadAllocated' | 'revenue' | 'netCost' | 'costPerTonne'>, tonnes: string, fmt: Formatter): StageRow {
  return {
    label,
    tonnes,
    directCost: fmt.amount(s.directCost),
    overhead: fmt.amount(s.overheadAllocated),
    revenue: fmt.amount(s.revenue),
    netCost: fmt.amount(s.netCost),
    perTonne: fmt.amount(s.costPerTonne),
  };
}

function isQuietStage(s: StageYear): boolean {
  return s.tonnes === 0 && s.directCost.isZero() && s.revenue.isZero() && s.netCost.isZero() && s.overheadAllocated.isZero();
}

export interface CityPageInput {
  /** The validated city file the run was made from (for names, threshold, scenarios). */
  city: CityFile;
  run: RunResult;
  /** The year whose figures are shown; the base year when omitted. Must be in the run. */
  year?: number;
}

/** How many warnings show before the rest fold away. */
export const WARNINGS_SHOWN = 8;

export function toCityPage({ city, run, year }: CityPageInput): CityPageView {
  const fmt = createFormatter(run.currency, run.minorUnit);
  const base: YearResult | undefined = year === undefined ? run.years[0] : run.years.find((y) => y.year === year);
  if (!base) throw new RangeError(`year ${year} is not in the run (${run.baseYear}-${run.baseYear + run.years.length - 1})`);
  const last: YearResult = run.years[run.years.length - 1];
  const zero = ZERO;
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  const runLabel = scenario ? `Scenario: ${scenario.name}` : 'Baseline';
  // Switching scenario keeps a year the reader picked.
  const keptYear = base.year === run.baseYear ? null : base.year;

  // Transfer points and landfills.
  const pickup = overallPickupRate(base.transferPoints);
  const backlogEnd = sumBy(base.transferPoints, (p) => p.backlogEndT);
  const overflow = sumBy(base.transferPoints, (p) => p.overflowT);
  const worst = worstPickupPoints(base.transferPoints);
  const fillFirst = firstToFill(run.landfillLife);
  const lastFill = new Map(last.landfills.map((l) => [l.id, l.fillShare]));

  // Scavengers.
  const pickers = sumBy(base.scavengers, (g) => g.headcount);
  const below = sumBy(base.scavengers, (g) => g.belowThreshold);
  const informalIncome = sumMoney(base.scavengers.map((g) => g.incomeTotal), zero);

  // Who pays.
  const byPayerTotal = sumMoney(PAYERS.map((p) => base.payers.byPayer[p]), zero);
  const activePayers = PAYERS.filter((p) => !base.payers.byPayer[p].isZero());
  const stagesShown = base.stages.filter((s) => !isQuietStage(s));

  const landfillChartYears = run.years.map((y) => String(y.year));
  // Administration's net cost is zero once allocated: a bar of nothing.
  const charted = stagesShown.filter((s) => !s.netCost.isZero());
  const costValues = charted.map((s) => Number(s.netCost.toFixed(run.minorUnit)));
  const scale = moneyScale(Math.max(0, ...costValues.map(Math.abs)));
  const chart: ChartData = {
    costByStage: {
      title: `Net cost by stage, ${base.year}`,
      axisTitle: scale.word ? `${run.currency} ${scale.word}` : run.currency,
      labels: charted.map((s) => STAGE_LABELS[s.stage]),
      values: costValues.map((v) => v / scale.divisor),
      display: charted.map((s) => fmt.money(s.netCost)),
    },
    landfillFill: {
      title: 'Landfill fill, % of capacity at year end',
      axisTitle: '% full',
      labels: landfillChartYears,
      series: run.landfillLife.map((life) => {
        const shares = run.years.map((y) => y.landfills.find((l) => l.id === life.id)?.fillShare ?? 0);
        return {
          name: life.name,
          values: shares.map((s) => Math.round(s * 1000) / 10),
          display: shares.map((s) => fmt.percent(s)),
        };
      }),
    },
  };

  const headline: Figure[] = [
    { key: 'generation', label: 'Waste generated', value: fmt.tonnesPerDay(base.mass.generated / DAYS_PER_YEAR) },
    { key: 'collected', label: 'Collected', value: fmt.tonnesPerDay(base.collectedT / DAYS_PER_YEAR) },
    { key: 'pickup-rate', label: 'Pick-up rate at transfer points', value: fmt.percent(pickup) },
    { key: 'backlog', label: 'Backlog at transfer points, year end', value: fmt.tonnes(backlogEnd) },
    {
      key: 'landfill-full',
      label: 'Landfill full',
      value: fillFirst ? depletionText(fillFirst, last.year) : `not full by ${last.year}`,
      note: fillFirst ? fillFirst.name : undefined,
    },
    {
      key: 'landfill-life',
      label: 'Remaining landfill life',
      value: fmt.years(fillFirst ? fillFirst.remainingLifeYears : (run.landfillLife[0]?.remainingLifeYears ?? null)),
      note: fillFirst || run.landfillLife[0]?.remainingLifeYears != null ? `from 1 January ${run.baseYear}${!fillFirst && run.landfillLife[0]?.extrapolated ? ', extrapolated' : ''}` : undefined,
    },
  ];

  const costFigures: Figure[] = [
    { key: 'cost-per-tonne', label: 'Cost per tonne collected', value: fmt.money(base.costPerTonneCollected) },
    { key: 'cost-per-capita', label: 'Cost per person per year', value: fmt.money(base.costPerCapita) },
    { key: 'cost-per-household', label: 'Cost per household per month', value: fmt.money(base.costPerHouseholdMonth) },
    { key: 'net-cost', label: `Net cost ${base.year}`, value: fmt.money(base.netCost) },
    { key: 'npv', label: `NPV of net cost, ${run.baseYear}–${last.year}`, value: fmt.money(run.npvNetCost) },
    { key: 'levelised', label: 'Levelised cost per tonne', value: fmt.money(run.levelisedCostPerTonne) },
  ];

  return {
    title: `${city.city.name} — ${runLabel}`,
    cityId: city.city.id,
    cityName: city.city.name,
    country: city.city.country,
    description: city.city.description,
    currency: run.currency,
    year: String(base.year),
    horizon: `${run.baseYear}–${last.year}`,
    scenario: scenario ? { id: scenario.id, name: scenario.name, assumptions: scenario.assumptions } : null,
    runLabel,
    scenarios: [
      { id: null, name: 'Baseline', href: cityHref(city.city.id, null, keptYear), current: run.scenarioId === null },
      ...city.scenarios.map((s) => ({ id: s.id, name: s.name, href: cityHref(city.city.id, s.id, keptYear), current: s.id === run.scenarioId })),
    ],
    warnings: collectWarnings(run).slice(0, WARNINGS_SHOWN),
    moreWarnings: collectWarnings(run).slice(WARNINGS_SHOWN),
    years: run.years.map((y) => ({ value: String(y.year), selected: y.year === base.year })),
    yearForm: { action: cityHref(city.city.id, null), scenario: run.scenarioId },
    headline,
    costFigures,
    transfer: {
      overallPickupRate: fmt.percent(pickup),
      backlogEnd: fmt.tonnes(backlogEnd),
      overflow: fmt.tonnes(overflow),
      pointCount: fmt.count(base.transferPoints.length),
      worstTitle:
        base.transferPoints.length > WORST_POINTS
          ? `The ${WORST_POINTS} transfer points with the lowest pick-up rate, ${base.year}`
          : `Transfer points by pick-up rate, ${base.year}`,
      worst: worst.map((p) => ({
        name: p.name,
        pickupRate: fmt.percent(p.pickupRate),
        inflowPerDay: fmt.tonnesPerDay(p.inflowT / DAYS_PER_YEAR),
        hauledPerDay: fmt.tonnesPerDay(p.hauledT / DAYS_PER_YEAR),
        backlogEnd: fmt.tonnes(p.backlogEndT),
        maxBacklog: fmt.tonnes(p.maxBacklogT),
        overflow: fmt.tonnes(p.overflowT),
        vehicles: `${fixedVehicles(p.vehiclesAssigned)} / ${fixedVehicles(p.vehiclesNeeded)}`,
      })),
    },
    landfills: run.landfillLife.map((l) => ({
      name: l.name,
      capacity: fmt.tonnes(l.capacityT),
      depletion: depletionText(l, last.year),
      remainingLife: l.remainingLifeYears === null ? NOT_AVAILABLE : `${fmt.years(l.remainingLifeYears)}${l.extrapolated ? ' (extrapolated)' : ''}`,
      fillAtHorizonEnd: fmt.percent(lastFill.get(l.id) ?? null),
    })),
    stages: stagesShown.map((s) => stageRow(STAGE_LABELS[s.stage], s, fmt.tonnes(s.tonnes), fmt)),
    stageTotal: stageRow(
      'All stages',
      {
        directCost: sumMoney(base.stages.map((s) => s.directCost), zero),
        overheadAllocated: sumMoney(base.stages.map((s) => s.overheadAllocated), zero),
        revenue: base.revenue,
        netCost: base.netCost,
        costPerTonne: base.costPerTonneCollected,
      },
      fmt.tonnes(base.collectedT),
      fmt,
    ),
    payers: {
      figures: [
        { key: 'cost-recovery', label: 'Cost recovery ratio (fees / cost)', value: fmt.percent(base.payers.costRecoveryRatio) },
        { key: 'budget-subsidy', label: 'City budget subsidy', value: fmt.money(base.payers.budgetSubsidy) },
        { key: 'full-cost-fee', label: 'Full-cost fee per household per month', value: fmt.money(base.payers.fullCostFeePerHouseholdMonth) },
        { key: 'fee-revenue', label: 'Fee revenue', value: fmt.money(base.payers.feeRevenue) },
      ],
      rows: activePayers.map((p) => ({
        label: PAYER_LABELS[p],
        amount: fmt.amount(base.payers.byPayer[p]),
        share: byPayerTotal.isZero() ? NOT_AVAILABLE : fmt.percent(base.payers.byPayer[p].div(byPayerTotal).toNumber()),
      })),
      matrix: {
        payers: activePayers.map((p) => PAYER_LABELS[p]),
        rows: STAGES.filter((st) => activePayers.some((p) => !base.payers.cells[st][p].isZero())).map((st) => ({
          stage: STAGE_LABELS[st],
          cells: activePayers.map((p) => fmt.amount(base.payers.cells[st][p])),
        })),
        totals: activePayers.map((p) => fmt.amount(base.payers.byPayer[p])),
      },
    },
    scavengers: {
      figures: [
        { key: 'pickers', label: 'Scavengers', value: fmt.count(pickers) },
        {
          key: 'below-threshold',
          label: `Below ${fmt.money(M(city.settings.incomeThresholdPerDay))} a day`,
          value: fmt.count(below),
          note: pickers > 0 ? `${fmt.percent(below / pickers)} of scavengers` : undefined,
        },
        { key: 'informal-income', label: 'Informal income, total', value: fmt.money(informalIncome) },
        { key: 'informal-recovered', label: 'Recovered informally', value: fmt.tonnes(base.mass.informalRecovered) },
      ],
      groups: base.scavengers.map((g) => ({
        name: g.name,
        location: LOCATION_LABELS[g.location] ?? g.location,
        headcount: fmt.count(g.headcount),
        recovered: fmt.tonnes(g.recoveredT),
        incomePerPickerDay: fmt.amount(g.incomePerPickerDay),
        belowThreshold: fmt.count(g.belowThreshold),
        limitedBy: LIMIT_LABELS[g.limitedBy],
      })),
    },
    chartJson: toScriptJson(chart),
  };
}

/** Vehicle counts are fractional when a truck is shared between points; null: no trip fits in a workday. */
function fixedVehicles(n: number | null): string {
  if (n === null) return NOT_AVAILABLE;
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
