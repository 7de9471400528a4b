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
import type { FacilityYear, LandfillLife, RunResult, RunWarning, ScavengerGroupYear, StageYear, TransferPointYear, YearResult } from '../model/results.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import { localeFormatter, type LocaleFormatter } from './locale.js';

/** A stage's name in the language (stages.<stage>); STAGE_LABELS is the English. */
export function stageName(t: Translator, stage: Stage): string {
  return t.dynamic(`stages.${stage}`);
}

/** A payer's name in the language (payers.<payer>); PAYER_LABELS is the English. */
export function payerName(t: Translator, payer: Payer): string {
  return t.dynamic(`payers.${payer}`);
}

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

/** One row of the mass-flow table: a stage of the flow, t/day and its share of generation. */
export interface FlowRow {
  /** Stable key for tests and CSS, e.g. "collected". */
  key: string;
  label: string;
  /** A part of the section's first row (indented). */
  part: boolean;
  perDay: string;
  share: string;
}

export interface FlowSection {
  title: string;
  rows: FlowRow[];
}

export interface ChartData {
  massFlow: {
    title: string;
    /** Links between nodes, t/day (rounded to 0.01 t/day; links under 0.005 t/day left out). */
    flows: Array<{ from: FlowNode; to: FlowNode; flow: number }>;
    /** Node labels with the node's t/day: "Hauled\n1,392 t/day" (on a second line for thick nodes), "Compost: 1.7 t/day". */
    labels: Record<FlowNode, string>;
    /** Node names alone, for tooltips. */
    names: Record<FlowNode, string>;
    /** Formatted t/day per link, same order as flows, for tooltips. */
    display: string[];
    /** Node colour group: where the waste ends up. */
    groups: Record<FlowNode, FlowGroup>;
  };
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
  massFlow: {
    title: string;
    sections: FlowSection[];
    /** Backlog waiting at transfer points at the year's end, t (a stock, not a flow). */
    backlogEnd: string;
    /** generated − every end, t/day: the engine's mass-balance residual, shown so nothing is hidden. */
    residual: string;
  };
  chartJson: string;
  /** The city's import and export page (tables as CSV/XLSX, the city file). */
  tablesHref: string;
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

function depletionText(life: LandfillLife, lastYear: number, t: Translator, lf: LocaleFormatter): string {
  if (life.depletionYear !== null && life.depletionMonth !== null) return lf.monthYear(life.depletionYear, life.depletionMonth);
  return t('city.notFullBy', { year: lf.year(lastYear) });
}

/** The landfill that fills first, or undefined when none fills within the horizon. */
function firstToFill(lives: readonly LandfillLife[]): LandfillLife | undefined {
  return lives
    .filter((l) => l.depletionYears !== null)
    .sort((a, b) => (a.depletionYears ?? 0) - (b.depletionYears ?? 0))[0];
}

/** Every warning of a run, in order: the engine already prefixes each with its year and drops repeats. */
export function collectWarnings(run: RunResult, lang: Lang = 'en'): string[] {
  // English keeps the engine's own wording (golden files and tests read it); other languages word warningDetails.
  if (lang === 'en') return [...run.warnings];
  const t = translator(lang);
  const lf = localeFormatter(lang);
  return Array.from(new Set(run.warningDetails.map((w) => warningText(w, t, lf))));
}

/** One engine warning in the language, with its year, tonnes and month formatted (keys warnings.*). */
export function warningText(w: RunWarning, t: Translator, lf: LocaleFormatter): string {
  const year = lf.year(w.year);
  switch (w.code) {
    case 'landfillFull':
      return t('warnings.landfillFull', { year, landfillName: w.landfillName, month: lf.monthYear(w.year, w.month) });
    case 'noOpenLandfill':
      return t('warnings.noOpenLandfill', { year, tonnes: lf.tonnes(w.tonnes) });
    case 'checkFailed':
      return t('warnings.checkFailed', { year, detail: w.detail });
  }
}

/** A scale for chart values so axis numbers stay short: 1, thousand, million, billion. */
function moneyScale(max: number, t: Translator): { divisor: number; word: string } {
  const scales = [
    { divisor: 1e9, word: t('charts.scale.billion') },
    { divisor: 1e6, word: t('charts.scale.million') },
    { divisor: 1e3, word: t('charts.scale.thousand') },
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

// ---------------------------------------------------------------- mass flow

/**
 * Nodes of the mass-flow diagram. Every tonne generated in a year reaches one
 * end (MODEL.md section 1): diverted at source, recovered by scavengers (at
 * source, on the street, at transfer points, at the landfill), uncollected,
 * compost, formal recovery, process losses, hazardous ash, landfilled,
 * disposed without a site, or still waiting at a transfer point (backlog).
 */
export const FLOW_NODES = [
  'generated', 'sourceDiverted', 'scavengersSource', 'notCollected', 'scavengersStreet', 'uncollected',
  'collected', 'scavengersTransfer', 'backlogAdded', 'backlogCleared', 'hauled',
  'composting', 'recovery', 'incineration', 'compost', 'recovered', 'processLoss', 'hazardousAsh',
  'landfill', 'scavengersLandfill', 'landfilled', 'withoutSite',
] as const;
export type FlowNode = (typeof FLOW_NODES)[number];

export const FLOW_LABELS: Record<FlowNode, string> = {
  generated: 'Generated',
  sourceDiverted: 'Diverted at source',
  scavengersSource: 'Scavengers at source',
  notCollected: 'Not collected',
  scavengersStreet: 'Street scavengers',
  uncollected: 'Uncollected',
  collected: 'Collected',
  scavengersTransfer: 'Scavengers at transfer points',
  backlogAdded: 'Backlog added',
  backlogCleared: 'Backlog from the year before',
  hauled: 'Hauled',
  composting: 'Composting',
  recovery: 'Formal recovery',
  incineration: 'Incineration',
  compost: 'Compost',
  recovered: 'Recovered materials',
  processLoss: 'Process losses (moisture, gases)',
  hazardousAsh: 'Hazardous ash',
  landfill: 'Delivered to landfills',
  scavengersLandfill: 'Scavengers at landfills',
  landfilled: 'Landfilled',
  withoutSite: 'Disposed without a site',
};

/** Colour groups of the diagram: the flow, what is recovered, what is lost to the system, what is disposed. */
export type FlowGroup = 'flow' | 'recovered' | 'uncollected' | 'disposed' | 'backlog';
const FLOW_GROUPS: Record<FlowNode, FlowGroup> = {
  generated: 'flow', notCollected: 'uncollected', collected: 'flow', hauled: 'flow', composting: 'flow', recovery: 'flow',
  incineration: 'flow', landfill: 'flow',
  sourceDiverted: 'recovered', scavengersSource: 'recovered', scavengersStreet: 'recovered', scavengersTransfer: 'recovered',
  scavengersLandfill: 'recovered', compost: 'recovered', recovered: 'recovered',
  uncollected: 'uncollected', withoutSite: 'uncollected',
  processLoss: 'disposed', hazardousAsh: 'disposed', landfilled: 'disposed',
  backlogAdded: 'backlog', backlogCleared: 'backlog',
};

/** One link of the mass flow, t/yr. */
export interface FlowLink {
  from: FlowNode;
  to: FlowNode;
  tonnes: number;
}

const FACILITY_NODE: Record<FacilityYear['kind'], FlowNode> = { composting: 'composting', recovery: 'recovery', incinerator: 'incineration' };

/**
 * A year's waste as links between stages, t/yr, from the engine's results:
 * generated = diverted at source + scavengers at source + collected + not collected;
 * collected = scavengers at transfer points + overflow (uncollected) + backlog added + hauled (less backlog cleared);
 * hauled = to each kind of facility (by leg) + to landfills; a facility's intake less its products and
 * losses goes to the landfills; landfills = landfilled + without a site + scavengers at landfills.
 * Zero links are kept (callers drop what they cannot draw).
 *
 * Example: 100 t generated, 10 diverted, 80 collected and all hauled to a landfill, 10 not
 * collected -> generated→sourceDiverted 10, generated→collected 80, generated→notCollected 10,
 * notCollected→uncollected 10, collected→hauled 80, hauled→landfill 80, landfill→landfilled 80.
 */
export function massFlows(y: YearResult): FlowLink[] {
  const m = y.mass;
  const groupT = (location: string) => sumBy(y.scavengers.filter((g) => g.location === location), (g) => g.recoveredT);
  const atSource = groupT('source');
  const onStreet = groupT('street');
  const atPoints = sumBy(y.transferPoints, (p) => p.pickedT);
  const atLandfills = sumBy(y.landfills, (l) => l.pickedT);
  const overflow = sumBy(y.transferPoints, (p) => p.overflowT);
  const hauled = sumBy(y.transferPoints, (p) => p.hauledT);
  const curbUncollected = m.uncollected - overflow;

  const kindOf = new Map(y.facilities.map((f) => [f.id, f.kind]));
  const toKind: Record<FacilityYear['kind'], number> = { composting: 0, recovery: 0, incinerator: 0 };
  let toLandfills = 0;
  for (const p of y.transferPoints) {
    for (const leg of p.legs) {
      const kind = kindOf.get(leg.siteId);
      if (kind) toKind[kind] += leg.tonnes;
      else toLandfills += leg.tonnes;
    }
  }
  const facilityT = (kind: FacilityYear['kind'], f: (x: FacilityYear) => number) => sumBy(y.facilities.filter((x) => x.kind === kind), f);
  const compost = facilityT('composting', (f) => f.productT);
  const compostLoss = facilityT('composting', (f) => f.lossT);
  const recovered = facilityT('recovery', (f) => f.productT);
  const burnt = facilityT('incinerator', (f) => f.lossT);

  const links: FlowLink[] = [
    { from: 'generated', to: 'sourceDiverted', tonnes: m.sourceDiverted },
    { from: 'generated', to: 'scavengersSource', tonnes: atSource },
    { from: 'generated', to: 'collected', tonnes: y.collectedT },
    { from: 'generated', to: 'notCollected', tonnes: curbUncollected + onStreet },
    { from: 'notCollected', to: 'scavengersStreet', tonnes: onStreet },
    { from: 'notCollected', to: 'uncollected', tonnes: curbUncollected },
    { from: 'collected', to: 'scavengersTransfer', tonnes: atPoints },
    { from: 'collected', to: 'uncollected', tonnes: overflow },
    { from: 'collected', to: 'backlogAdded', tonnes: Math.max(0, m.waitingChange) },
    { from: 'collected', to: 'hauled', tonnes: hauled - Math.max(0, -m.waitingChange) },
    { from: 'backlogCleared', to: 'hauled', tonnes: Math.max(0, -m.waitingChange) },
    { from: 'hauled', to: 'composting', tonnes: toKind.composting },
    { from: 'hauled', to: 'recovery', tonnes: toKind.recovery },
    { from: 'hauled', to: 'incineration', tonnes: toKind.incinerator },
    { from: 'hauled', to: 'landfill', tonnes: toLandfills },
    { from: 'composting', to: 'compost', tonnes: compost },
    { from: 'composting', to: 'processLoss', tonnes: compostLoss },
    { from: 'composting', to: 'landfill', tonnes: toKind.composting - compost - compostLoss },
    { from: 'recovery', to: 'recovered', tonnes: recovered },
    { from: 'recovery', to: 'landfill', tonnes: toKind.recovery - recovered },
    { from: 'incineration', to: 'processLoss', tonnes: burnt },
    { from: 'incineration', to: 'hazardousAsh', tonnes: m.hazardousAsh },
    { from: 'incineration', to: 'landfill', tonnes: toKind.incinerator - burnt - m.hazardousAsh },
    { from: 'landfill', to: 'scavengersLandfill', tonnes: atLandfills },
    { from: 'landfill', to: 'landfilled', tonnes: m.landfilled },
    { from: 'landfill', to: 'withoutSite', tonnes: m.disposalWithoutSite },
  ];
  return links;
}

/** Smallest link drawn, t/day: below it a band is thinner than a pixel and its label would overlap others. */
const FLOW_MIN_PER_DAY = 0.005;

function flowSections(y: YearResult, links: readonly FlowLink[], fmt: Formatter, t: Translator): FlowSection[] {
  const m = y.mass;
  const link = (from: FlowNode, to: FlowNode) => links.find((l) => l.from === from && l.to === to)?.tonnes ?? 0;
  const into = (to: FlowNode) => sumBy(links.filter((l) => l.to === to), (l) => l.tonnes);
  const out = (from: FlowNode) => sumBy(links.filter((l) => l.from === from), (l) => l.tonnes);
  const row = (key: string, tonnes: number, part = false): FlowRow => ({
    key,
    label: t.dynamic(`city.flow.row.${key}`),
    part,
    perDay: fmt.tonnesPerDay(tonnes / DAYS_PER_YEAR),
    share: m.generated > 0 ? fmt.percent(tonnes / m.generated) : NOT_AVAILABLE,
  });
  const sections: FlowSection[] = [
    {
      title: t('city.flow.section.generation'),
      rows: [
        row('generated', m.generated),
        row('source-diverted', m.sourceDiverted, true),
        row('scavengers-source', link('generated', 'scavengersSource'), true),
        row('not-collected', link('generated', 'notCollected'), true),
        row('collected', y.collectedT, true),
      ],
    },
    {
      title: t('city.flow.section.transfer'),
      rows: [
        row('delivered', y.collectedT),
        row('scavengers-transfer', link('collected', 'scavengersTransfer'), true),
        row('overflow', link('collected', 'uncollected'), true),
        row('backlog-change', m.waitingChange, true),
        row('hauled', out('hauled'), true),
      ],
    },
  ];
  const treatment: FlowRow[] = [];
  if (into('composting') > 0) {
    treatment.push(
      row('to-composting', into('composting')),
      row('compost', link('composting', 'compost'), true),
      row('compost-loss', link('composting', 'processLoss'), true),
      row('compost-rejects', link('composting', 'landfill'), true),
    );
  }
  if (into('recovery') > 0) {
    treatment.push(
      row('to-recovery', into('recovery')),
      row('recovered', link('recovery', 'recovered'), true),
      row('recovery-residue', link('recovery', 'landfill'), true),
    );
  }
  if (into('incineration') > 0) {
    treatment.push(
      row('to-incineration', into('incineration')),
      row('incineration-loss', link('incineration', 'processLoss'), true),
      row('hazardous-ash', link('incineration', 'hazardousAsh'), true),
      row('bottom-ash', link('incineration', 'landfill'), true),
    );
  }
  if (treatment.length > 0) sections.push({ title: t('city.flow.section.treatment'), rows: treatment });
  sections.push(
    {
      title: t('city.flow.section.landfills'),
      rows: [
        row('landfill', into('landfill')),
        row('scavengers-landfill', link('landfill', 'scavengersLandfill'), true),
        row('landfilled', m.landfilled, true),
        row('without-site', m.disposalWithoutSite, true),
      ],
    },
    {
      title: t('city.flow.section.ends'),
      rows: [
        row('end-source-diverted', m.sourceDiverted, true),
        row('end-informal', m.informalRecovered, true),
        row('end-compost', m.compostProduct, true),
        row('end-recovered', m.formalRecovered, true),
        row('end-losses', m.compostProcessLoss + m.incinerationMassLoss + m.hazardousAsh, true),
        row('end-landfilled', m.landfilled, true),
        row('end-without-site', m.disposalWithoutSite, true),
        row('end-uncollected', m.uncollected, true),
        row('end-backlog', m.waitingChange, true),
      ],
    },
  );
  return sections;
}

function flowChart(y: YearResult, links: readonly FlowLink[], fmt: Formatter, t: Translator, lf: LocaleFormatter): ChartData['massFlow'] {
  const names = Object.fromEntries(FLOW_NODES.map((n) => [n, t.dynamic(`city.flow.node.${n}`)])) as Record<FlowNode, string>;
  const drawn = links
    .map((l) => ({ ...l, perDay: l.tonnes / DAYS_PER_YEAR }))
    .filter((l) => l.perDay >= FLOW_MIN_PER_DAY);
  // A node's size is the larger of what enters and what leaves it (the plugin's size: 'max').
  // Thick nodes have room for two lines (name, then t/day); thin ones get one line so neighbours do not overlap.
  const labels = {} as Record<FlowNode, string>;
  const generatedPerDay = y.mass.generated / DAYS_PER_YEAR;
  for (const node of FLOW_NODES) {
    const size = Math.max(sumBy(drawn.filter((l) => l.to === node), (l) => l.perDay), sumBy(drawn.filter((l) => l.from === node), (l) => l.perDay));
    const separator = size >= 0.1 * generatedPerDay ? '\n' : ': ';
    labels[node] = size > 0 ? `${names[node]}${separator}${fmt.tonnesPerDay(size)}` : names[node];
  }
  return {
    title: t('charts.massFlow.title', { year: lf.year(y.year) }),
    flows: drawn.map((l) => ({ from: l.from, to: l.to, flow: Math.round(l.perDay * 100) / 100 })),
    labels,
    names,
    display: drawn.map((l) => fmt.tonnesPerDay(l.perDay)),
    groups: FLOW_GROUPS,
  };
}

export interface CityPageInput {
  /** The validated city file the run was made from (for names, threshold, scenarios). */
  city: CityFile;
  run: RunResult;
  /** The year whose figures are shown; the base year when omitted. Must be in the run. */
  year?: number;
  /** The page's language (labels, numbers, money, dates); English when omitted. */
  lang?: Lang;
}

/** How many warnings show before the rest fold away. */
export const WARNINGS_SHOWN = 8;

export function toCityPage({ city, run, year, lang = 'en' }: CityPageInput): CityPageView {
  const t = translator(lang);
  const lf = localeFormatter(lang);
  const fmt: Formatter = lf.forCurrency(run.currency, run.minorUnit);
  const y = (n: number) => lf.year(n);
  const base: YearResult | undefined = year === undefined ? run.years[0] : run.years.find((y) => y.year === year);
  if (!base) throw new RangeError(`year ${year} is not in the run (${run.baseYear}-${run.baseYear + run.years.length - 1})`);
  const last: YearResult = run.years[run.years.length - 1];
  const zero = ZERO;
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  const runLabel = scenario ? t('city.runScenario', { name: scenario.name }) : t('city.baseline');
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
  const scale = moneyScale(Math.max(0, ...costValues.map(Math.abs)), t);
  const flows = massFlows(base);
  const chart: ChartData = {
    massFlow: flowChart(base, flows, fmt, t, lf),
    costByStage: {
      title: t('charts.costByStage.title', { year: y(base.year) }),
      axisTitle: scale.word ? t('charts.costByStage.axisScaled', { currency: run.currency, scale: scale.word }) : run.currency,
      labels: charted.map((s) => stageName(t, s.stage)),
      values: costValues.map((v) => v / scale.divisor),
      display: charted.map((s) => fmt.money(s.netCost)),
    },
    landfillFill: {
      title: t('charts.landfillFill.title'),
      axisTitle: t('charts.landfillFill.axis'),
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
    { key: 'generation', label: t('city.figures.generation'), value: fmt.tonnesPerDay(base.mass.generated / DAYS_PER_YEAR) },
    { key: 'collected', label: t('city.figures.collected'), value: fmt.tonnesPerDay(base.collectedT / DAYS_PER_YEAR) },
    { key: 'pickup-rate', label: t('city.figures.pickupRate'), value: fmt.percent(pickup) },
    { key: 'backlog', label: t('city.figures.backlog'), value: fmt.tonnes(backlogEnd) },
    {
      key: 'landfill-full',
      label: t('city.figures.landfillFull'),
      value: fillFirst ? depletionText(fillFirst, last.year, t, lf) : t('city.notFullBy', { year: y(last.year) }),
      note: fillFirst ? fillFirst.name : undefined,
    },
    {
      key: 'landfill-life',
      label: t('city.figures.landfillLife'),
      value: fmt.years(fillFirst ? fillFirst.remainingLifeYears : (run.landfillLife[0]?.remainingLifeYears ?? null)),
      note:
        fillFirst || run.landfillLife[0]?.remainingLifeYears != null
          ? t(!fillFirst && run.landfillLife[0]?.extrapolated ? 'city.figures.lifeFromExtrapolated' : 'city.figures.lifeFrom', { year: y(run.baseYear) })
          : undefined,
    },
  ];

  const costFigures: Figure[] = [
    { key: 'cost-per-tonne', label: t('city.figures.costPerTonne'), value: fmt.money(base.costPerTonneCollected) },
    { key: 'cost-per-capita', label: t('city.figures.costPerCapita'), value: fmt.money(base.costPerCapita) },
    { key: 'cost-per-household', label: t('city.figures.costPerHousehold'), value: fmt.money(base.costPerHouseholdMonth) },
    { key: 'net-cost', label: t('city.figures.netCost', { year: y(base.year) }), value: fmt.money(base.netCost) },
    { key: 'npv', label: t('city.figures.npv', { from: y(run.baseYear), to: y(last.year) }), value: fmt.money(run.npvNetCost) },
    { key: 'levelised', label: t('city.figures.levelised'), value: fmt.money(run.levelisedCostPerTonne) },
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
      { id: null, name: t('city.baseline'), href: cityHref(city.city.id, null, keptYear), current: run.scenarioId === null },
      ...city.scenarios.map((s) => ({ id: s.id, name: s.name, href: cityHref(city.city.id, s.id, keptYear), current: s.id === run.scenarioId })),
    ],
    warnings: collectWarnings(run, lang).slice(0, WARNINGS_SHOWN),
    moreWarnings: collectWarnings(run, lang).slice(WARNINGS_SHOWN),
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
          ? t('city.transfer.worstTitle', { count: WORST_POINTS, year: y(base.year) })
          : t('city.transfer.allTitle', { year: y(base.year) }),
      worst: worst.map((p) => ({
        name: p.name,
        pickupRate: fmt.percent(p.pickupRate),
        inflowPerDay: fmt.tonnesPerDay(p.inflowT / DAYS_PER_YEAR),
        hauledPerDay: fmt.tonnesPerDay(p.hauledT / DAYS_PER_YEAR),
        backlogEnd: fmt.tonnes(p.backlogEndT),
        maxBacklog: fmt.tonnes(p.maxBacklogT),
        overflow: fmt.tonnes(p.overflowT),
        vehicles: `${fixedVehicles(p.vehiclesAssigned, lf)} / ${fixedVehicles(p.vehiclesNeeded, lf)}`,
      })),
    },
    landfills: run.landfillLife.map((l) => ({
      name: l.name,
      capacity: fmt.tonnes(l.capacityT),
      depletion: depletionText(l, last.year, t, lf),
      remainingLife: l.remainingLifeYears === null ? NOT_AVAILABLE : l.extrapolated ? t('city.landfills.extrapolated', { life: fmt.years(l.remainingLifeYears) }) : fmt.years(l.remainingLifeYears),
      fillAtHorizonEnd: fmt.percent(lastFill.get(l.id) ?? null),
    })),
    stages: stagesShown.map((s) => stageRow(stageName(t, s.stage), s, fmt.tonnes(s.tonnes), fmt)),
    stageTotal: stageRow(
      t('city.stages.allStages'),
      {
        directCost: sumMoney(base.stages.map((s) => s.directCost), zero),
        overheadAllocated: sumMoney(base.stages.map((s) => s.overheadAllocated), zero),
        revenue: base.revenue,
        netCost: base.netCost,
        costPerTonne: base.costPerTonneCollected,
      },
      t('city.stages.collectedTonnes', { tonnes: fmt.tonnes(base.collectedT) }),
      fmt,
    ),
    payers: {
      figures: [
        { key: 'cost-recovery', label: t('city.figures.costRecovery'), value: fmt.percent(base.payers.costRecoveryRatio) },
        { key: 'budget-subsidy', label: t('city.figures.budgetSubsidy'), value: fmt.money(base.payers.budgetSubsidy) },
        { key: 'full-cost-fee', label: t('city.figures.fullCostFee'), value: fmt.money(base.payers.fullCostFeePerHouseholdMonth) },
        { key: 'fee-revenue', label: t('city.figures.feeRevenue'), value: fmt.money(base.payers.feeRevenue) },
      ],
      rows: activePayers.map((p) => ({
        label: payerName(t, p),
        amount: fmt.amount(base.payers.byPayer[p]),
        share: byPayerTotal.isZero() ? NOT_AVAILABLE : fmt.percent(base.payers.byPayer[p].div(byPayerTotal).toNumber()),
      })),
      matrix: {
        payers: activePayers.map((p) => payerName(t, p)),
        rows: STAGES.filter((st) => activePayers.some((p) => !base.payers.cells[st][p].isZero())).map((st) => ({
          stage: stageName(t, st),
          cells: activePayers.map((p) => fmt.amount(base.payers.cells[st][p])),
        })),
        totals: activePayers.map((p) => fmt.amount(base.payers.byPayer[p])),
      },
    },
    scavengers: {
      figures: [
        { key: 'pickers', label: t('city.figures.pickers'), value: fmt.count(pickers) },
        {
          key: 'below-threshold',
          label: t('city.figures.belowThreshold', { amount: fmt.money(M(city.settings.incomeThresholdPerDay)) }),
          value: fmt.count(below),
          note: pickers > 0 ? t('city.figures.belowThresholdShare', { share: fmt.percent(below / pickers) }) : undefined,
        },
        { key: 'informal-income', label: t('city.figures.informalIncome'), value: fmt.money(informalIncome) },
        { key: 'informal-recovered', label: t('city.figures.informalRecovered'), value: fmt.tonnes(base.mass.informalRecovered) },
      ],
      groups: base.scavengers.map((g) => ({
        name: g.name,
        location: t.has(`city.scavengers.location.${g.location}`) ? t.dynamic(`city.scavengers.location.${g.location}`) : g.location,
        headcount: fmt.count(g.headcount),
        recovered: fmt.tonnes(g.recoveredT),
        incomePerPickerDay: fmt.amount(g.incomePerPickerDay),
        belowThreshold: fmt.count(g.belowThreshold),
        limitedBy: t.dynamic(`city.scavengers.limit.${g.limitedBy}`),
      })),
    },
    massFlow: {
      title: t('city.flow.tableTitle', { year: y(base.year) }),
      sections: flowSections(base, flows, fmt, t),
      backlogEnd: fmt.tonnes(backlogEnd),
      residual: fmt.tonnesPerDay(base.mass.residual / DAYS_PER_YEAR),
    },
    chartJson: toScriptJson(chart),
    tablesHref: `${cityHref(city.city.id, null)}/tables`,
  };
}

/** Vehicle counts are fractional when a truck is shared between points; null: no trip fits in a workday. */
function fixedVehicles(n: number | null, lf: LocaleFormatter): string {
  if (n === null) return NOT_AVAILABLE;
  return lf.decimal(n, Number.isInteger(n) ? 0 : 1);
}
