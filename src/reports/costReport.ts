/**
 * The cost-distribution report of one run (the baseline or a scenario), for
 * one year or for the whole horizon. For the horizon every amount is a
 * present value at the city's discount rate (booked at the minor unit), and
 * unit costs are levelised: present value over discounted tonnes, people or
 * household-months.
 *
 * Sections: key figures; the stage x payer matrix; cost by full-cost-
 * accounting category; unit costs (per tonne, per capita, per household per
 * month); revenues; cost recovery (ratio, budget subsidy, the fee that would
 * recover full cost); the informal sector; the assumptions with their
 * sourced/estimate status and the sources; a method appendix (the same text
 * as docs/reports.md). Every table is a ReportTable, so the page, the CLI and
 * the CSV/XLSX downloads print the same cells.
 *
 * Example: toCostReport({ city, run, period: { kind: 'year', year: 2005 } }).figures[0]
 *   -> { key: 'net-cost', label: 'Net cost 2005', value: 'IDR 35,123,456,789' }
 */
import type { Decimal } from 'decimal.js';
import { CATEGORIES, PAYERS, STAGES, type Category, type CityFile, type Payer, type Stage } from '../model/cityFile.js';
import { M, qty, ZERO } from '../model/money.js';
import type { RunResult, ScavengerGroupYear, YearResult } from '../model/results.js';
import { PAYER_LABELS, STAGE_LABELS, toScriptJson, type Figure } from './cityPage.js';
import { discountedSum, presentValue } from './comparison.js';
import { createFormatter, NOT_AVAILABLE, type Formatter } from './format.js';
import { cell, textCell, type ReportTable, type TableCell } from './reportTables.js';

export type ReportPeriod = { kind: 'year'; year: number } | { kind: 'horizon' };

export interface CostReportInput {
  /** The validated city file of the run. */
  city: CityFile;
  run: RunResult;
  period: ReportPeriod;
  /** Date printed in the header (YYYY-MM-DD); the caller's clock, so the view model stays pure. */
  printedOn?: string;
}

export interface AssumptionsView {
  scenario: string | null;
  changeCount: string | null;
  summary: string;
  table: ReportTable;
  sources: ReportTable;
}

export interface AppendixSection {
  heading: string;
  paragraphs: string[];
}

export interface CostReportView {
  title: string;
  cityId: string;
  cityName: string;
  country: string;
  currency: string;
  runLabel: string;
  scenario: { id: string; name: string; assumptions: string } | null;
  periodLabel: string;
  periodNote: string;
  /** 'horizon' or the year, for links and the period picker. */
  periodParam: string;
  printedOn: string;
  figures: Figure[];
  matrix: ReportTable;
  categories: ReportTable;
  unitCosts: ReportTable;
  revenues: ReportTable;
  recovery: ReportTable;
  informal: { figures: Figure[]; tables: ReportTable[] };
  assumptions: AssumptionsView;
  appendix: AppendixSection[];
  /** Every table above, in page order (CSV/XLSX downloads). */
  tables: ReportTable[];
  warnings: string[];
  /** Chart data (net cost by stage, who pays) for public/js/report.js. */
  chartJson: string;
}

const CATEGORY_LABELS: Record<Category, string> = {
  upFront: 'Up-front',
  operating: 'Operating',
  backEnd: 'Back-end',
  overhead: 'Overhead (own lines)',
  revenue: 'Revenue',
};

const STATUS_LABELS: Record<string, string> = { S: 'Sourced', 'S-later': 'Sourced later', E: 'Estimate' };

const LOCATION_LABELS: Record<string, string> = { source: 'At source', transferPoint: 'Transfer points', landfill: 'Landfill', street: 'Street' };
const LIMIT_LABELS: Record<ScavengerGroupYear['limitedBy'], string> = { supply: 'supply', labour: 'labour', noAccess: 'no access' };

const COLLECTION_LABELS: Record<string, string> = {
  zones: 'Zones',
  primarySystems: 'Primary systems',
  vehicleTypes: 'Vehicle types',
  transferPoints: 'Transfer points',
  facilities: 'Facilities',
  landfills: 'Landfills',
  scavengerGroups: 'Scavenger groups',
  integration: 'Integration programmes',
  industrialStreams: 'Industrial streams',
  costLines: 'Cost lines',
  fees: 'Fees',
};

/** Collections with more records than this are summarised per field in the assumptions table. */
const LIST_RECORDS_UP_TO = 12;

export const REPORT_TABLE_NAMES = ['payer-matrix', 'cost-categories', 'unit-costs', 'revenues', 'cost-recovery', 'informal-sector', 'assumptions', 'sources'] as const;

function money(fmt: Formatter, d: Decimal | null): TableCell {
  return cell(fmt.amount(d), d === null ? null : d.toFixed());
}

function stageYear(y: YearResult, st: Stage) {
  const s = y.stages.find((x) => x.stage === st);
  if (!s) throw new Error(`stage ${st} missing`);
  return s;
}

export function toCostReport(input: CostReportInput): CostReportView {
  const { city, run, period } = input;
  const fmt = createFormatter(run.currency, run.minorUnit);
  const rate = city.settings.discountRate;
  const first = run.years[0];
  const last = run.years[run.years.length - 1];
  const horizon = `${first.year}–${last.year}`;
  const isHorizon = period.kind === 'horizon';
  const y: YearResult | undefined = period.kind === 'year' ? run.years.find((x) => x.year === period.year) : undefined;
  if (period.kind === 'year' && !y) throw new RangeError(`year ${period.year} is not in the run (${horizon})`);
  /** An amount of the period: the year's, or the present value over the horizon. */
  const amount = (f: (yr: YearResult) => Decimal): Decimal => (y ? f(y) : presentValue(run, rate, f));
  const quantity = (f: (yr: YearResult) => number): number => (y ? f(y) : discountedSum(run, rate, f));
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  const runLabel = scenario ? `Scenario: ${scenario.name}` : 'Baseline';
  const periodLabel = y ? String(y.year) : `${horizon}, present value`;
  const periodNote = y
    ? `Amounts for ${y.year} in ${run.currency}, booked at the currency's minor unit.`
    : `Amounts are present values of ${horizon} at ${fmt.percent(rate)} a year in ${run.currency} (base year not discounted), each booked at the minor unit, so a total may differ from the NPV by a unit or two; unit costs are levelised.`;
  const amountHeader = `${run.currency}${isHorizon ? ', present value' : ''}`;

  // ---- stage x payer matrix
  const cellAmount = (st: Stage, p: Payer) => amount((yr) => yr.payers.cells[st][p]);
  const cells = Object.fromEntries(STAGES.map((st) => [st, Object.fromEntries(PAYERS.map((p) => [p, cellAmount(st, p)]))])) as Record<Stage, Record<Payer, Decimal>>;
  const payerTotal = (p: Payer) => STAGES.reduce((a, st) => a.plus(cells[st][p]), ZERO);
  const activePayers = PAYERS.filter((p) => STAGES.some((st) => !cells[st][p].isZero()));
  const matrixStages = STAGES.filter((st) => activePayers.some((p) => !cells[st][p].isZero()));
  const stageTotal = (st: Stage) => activePayers.reduce((a, p) => a.plus(cells[st][p]), ZERO);
  const grand = activePayers.reduce((a, p) => a.plus(payerTotal(p)), ZERO);
  const matrix: ReportTable = {
    name: 'payer-matrix',
    title: `Who pays: stage by payer, ${periodLabel}`,
    columns: ['Stage', ...activePayers.map((p) => PAYER_LABELS[p]), 'All payers'],
    rows: [
      ...matrixStages.map((st) => [textCell(STAGE_LABELS[st]), ...activePayers.map((p) => money(fmt, cells[st][p])), money(fmt, stageTotal(st))]),
      [textCell('All stages'), ...activePayers.map((p) => money(fmt, payerTotal(p))), money(fmt, grand)],
      [textCell('Share'), ...activePayers.map((p) => cell(grand.isZero() ? NOT_AVAILABLE : fmt.percent(payerTotal(p).div(grand).toNumber()), grand.isZero() ? null : payerTotal(p).div(grand).toNumber())), cell(fmt.percent(1), 1)],
    ],
    note: `Amounts in ${amountHeader}. Fees are how households and businesses pay their part; what fees leave is split by each stage's payer shares.`,
  };

  // ---- full-cost-accounting categories
  const catAmount = (st: Stage, c: Category) => amount((yr) => stageYear(yr, st).byCategory[c]);
  const overheadAlloc = (st: Stage) => amount((yr) => stageYear(yr, st).overheadAllocated);
  const netOf = (st: Stage) => amount((yr) => stageYear(yr, st).netCost);
  const catStages = STAGES.filter((st) => CATEGORIES.some((c) => !catAmount(st, c).isZero()) || !netOf(st).isZero());
  const catRow = (label: string, vals: Decimal[]) => [textCell(label), ...vals.map((v) => money(fmt, v))];
  const catValues = (st: Stage) => [...CATEGORIES.filter((c) => c !== 'revenue').map((c) => catAmount(st, c)), overheadAlloc(st), catAmount(st, 'revenue').neg(), netOf(st)];
  const catTotals = catStages.reduce<Decimal[]>((acc, st) => acc.map((a, i) => a.plus(catValues(st)[i])), Array.from({ length: 7 }, () => ZERO));
  const categories: ReportTable = {
    name: 'cost-categories',
    title: `Cost by full-cost-accounting category, ${periodLabel}`,
    columns: ['Stage', ...CATEGORIES.filter((c) => c !== 'revenue').map((c) => CATEGORY_LABELS[c]), 'Overhead allocated', 'Revenue', 'Net cost'],
    rows: [...catStages.map((st) => catRow(STAGE_LABELS[st], catValues(st))), catRow('All stages', catTotals)],
    note: `Amounts in ${amountHeader}. Up-front: capital annualised (capital recovery factor); back-end: closure and post-closure accrual (GASB 18); administration's overhead is allocated to the other stages, so its net cost is zero.`,
  };

  // ---- unit costs
  const net = amount((yr) => yr.netCost);
  const collected = quantity((yr) => yr.collectedT);
  const people = quantity((yr) => yr.population);
  const householdMonths = quantity((yr) => yr.households * 12);
  const per = (total: Decimal, q: number): Decimal | null => (q > 0 ? total.div(qty(q)) : null);
  const unitRows: TableCell[][] = [
    [textCell('Per tonne collected'), money(fmt, y ? y.costPerTonneCollected : run.levelisedCostPerTonne)],
    [textCell('Per person per year'), money(fmt, y ? y.costPerCapita : per(net, people))],
    [textCell('Per household per month'), money(fmt, y ? y.costPerHouseholdMonth : per(net, householdMonths))],
    ...STAGES.filter((st) => st !== 'administration' && !netOf(st).isZero()).map((st) => {
      const t = quantity((yr) => stageYear(yr, st).tonnes);
      return [textCell(`${STAGE_LABELS[st]}, per tonne handled`), money(fmt, per(netOf(st), t))];
    }),
  ];
  const unitCosts: ReportTable = {
    name: 'unit-costs',
    title: `Unit costs, ${periodLabel}`,
    columns: ['Net cost', `${run.currency}${isHorizon ? ', levelised' : ''}`],
    rows: unitRows,
    note: isHorizon ? 'Levelised: present value of net cost / discounted tonnes, person-years or household-months.' : 'Per household per month uses all households, served or not.',
  };

  // ---- revenues
  const revenueLabels: Array<{ stage: Stage; label: string; source: string }> = [];
  for (const yr of y ? [y] : run.years) {
    for (const s of yr.stages) for (const l of s.lines) if (l.category === 'revenue' && !revenueLabels.some((x) => x.stage === s.stage && x.label === l.label)) revenueLabels.push({ stage: s.stage, label: l.label, source: l.source });
  }
  const revenueOf = (st: Stage, label: string) => amount((yr) => stageYear(yr, st).lines.filter((l) => l.category === 'revenue' && l.label === label).reduce((a, l) => a.plus(l.amount.abs()), ZERO));
  const revenueTotal = amount((yr) => yr.revenue);
  const revenues: ReportTable = {
    name: 'revenues',
    title: `Revenues, ${periodLabel}`,
    columns: ['Stage', 'Revenue', amountHeader, 'Rate from'],
    rows: [
      ...revenueLabels.map((r) => [textCell(STAGE_LABELS[r.stage]), textCell(r.label), money(fmt, revenueOf(r.stage, r.label)), textCell(r.source)]),
      [textCell('All stages'), textCell('Total'), money(fmt, revenueTotal), textCell('')],
    ],
    note: 'Revenues (compost, recyclables, electricity) lower the net cost of the stage that earns them. Fees are not revenues: they are in the payer matrix.',
  };

  // ---- cost recovery
  const feeRevenue = amount((yr) => yr.payers.feeRevenue);
  const subsidy = amount((yr) => yr.payers.budgetSubsidy);
  const ratio = y ? y.payers.costRecoveryRatio : net.isPositive() ? feeRevenue.div(net).toNumber() : null;
  const servedHouseholdMonths = quantity((yr) => (yr.payers.fullCostFeePerHouseholdMonth && !yr.payers.fullCostFeePerHouseholdMonth.isZero() ? yr.netCost.div(yr.payers.fullCostFeePerHouseholdMonth).toNumber() : 0));
  const fullCostFee = y ? y.payers.fullCostFeePerHouseholdMonth : per(net, servedHouseholdMonths);
  const recovery: ReportTable = {
    name: 'cost-recovery',
    title: `Cost recovery, ${periodLabel}`,
    columns: ['Figure', 'Value'],
    rows: [
      [textCell(`Net cost (${amountHeader})`), money(fmt, net)],
      [textCell(`Fee revenue (${amountHeader})`), money(fmt, feeRevenue)],
      [textCell('Cost-recovery ratio (fee revenue / net cost)'), cell(fmt.percent(ratio), ratio)],
      [textCell(`City budget subsidy (${amountHeader})`), money(fmt, subsidy)],
      [textCell(`Full-cost fee per served household per month (${run.currency}${isHorizon ? ', levelised' : ''})`), money(fmt, fullCostFee)],
    ],
    note: 'The full-cost fee is the fee per served household-month that would recover the whole net cost (no other fee, everyone paying).',
  };

  // ---- informal sector
  const threshold = M(city.settings.incomeThresholdPerDay);
  const groupsTable = (yr: YearResult): ReportTable => ({
    name: y ? 'informal-sector' : `informal-sector-${yr.year}`,
    title: `Scavenger groups, ${yr.year}`,
    columns: ['Group', 'Works', 'Scavengers', 'Hired', 'Recovered (t)', 'Limited by', `Income (${run.currency})`, `Per picker-day (${run.currency})`, 'Below threshold', `Municipal cost saved (${run.currency})`],
    rows: yr.scavengers.map((g) => [
      textCell(g.name),
      textCell(LOCATION_LABELS[g.location] ?? g.location),
      cell(fmt.count(g.headcount), g.headcount),
      cell(fmt.count(g.integrated), g.integrated),
      cell(fmt.tonnes(g.recoveredT).replace(/ t$/, ''), g.recoveredT),
      textCell(LIMIT_LABELS[g.limitedBy]),
      money(fmt, g.incomeTotal),
      money(fmt, g.incomePerPickerDay),
      cell(fmt.count(g.belowThreshold), g.belowThreshold),
      money(fmt, g.municipalCostSaved),
    ]),
    note: `Income after the middleman's share. Below threshold: income per picker-day under ${fmt.money(threshold)} (the whole group is above or below: its income is an average).`,
  });
  const informalYears = y ? [y] : [first, last];
  const focus = y ?? last;
  const pickers = focus.scavengers.reduce((a, g) => a + g.headcount, 0);
  const below = focus.scavengers.reduce((a, g) => a + g.belowThreshold, 0);
  const informal = {
    figures: [
      { key: 'scavengers', label: `Scavengers, ${focus.year}`, value: fmt.count(pickers) },
      { key: 'below-threshold', label: `Below ${fmt.money(threshold)} a day, ${focus.year}`, value: fmt.count(below), note: pickers > 0 ? `${fmt.percent(below / pickers)} of scavengers` : undefined },
      { key: 'hired', label: `Hired into formal jobs, ${focus.year}`, value: fmt.count(focus.scavengers.reduce((a, g) => a + g.integrated, 0)) },
      { key: 'informal-income', label: `Informal income${isHorizon ? `, ${horizon} (present value)` : `, ${focus.year}`}`, value: fmt.money(amount((yr) => yr.scavengers.reduce((a, g) => a.plus(g.incomeTotal), ZERO))) },
      { key: 'informal-recovered', label: `Recovered informally${isHorizon ? `, ${horizon}` : `, ${focus.year}`}`, value: fmt.tonnes(y ? y.mass.informalRecovered : run.years.reduce((a, yr) => a + yr.mass.informalRecovered, 0)) },
      { key: 'cost-saved', label: `Municipal cost saved${isHorizon ? ` (present value)` : ''}`, value: fmt.money(amount((yr) => yr.scavengers.reduce((a, g) => a.plus(g.municipalCostSaved), ZERO))) },
    ] as Figure[],
    tables: informalYears.map(groupsTable),
  };

  // ---- headline figures
  const figures: Figure[] = [
    { key: 'net-cost', label: y ? `Net cost ${y.year}` : `NPV of net cost, ${horizon}`, value: fmt.money(y ? y.netCost : run.npvNetCost) },
    { key: 'cost-per-tonne', label: y ? 'Cost per tonne collected' : 'Levelised cost per tonne', value: fmt.money(y ? y.costPerTonneCollected : run.levelisedCostPerTonne) },
    { key: 'cost-per-capita', label: 'Cost per person per year', value: fmt.money(y ? y.costPerCapita : per(net, people)) },
    { key: 'cost-per-household', label: 'Cost per household per month', value: fmt.money(y ? y.costPerHouseholdMonth : per(net, householdMonths)) },
    { key: 'cost-recovery', label: 'Cost-recovery ratio', value: fmt.percent(ratio) },
    { key: 'budget-subsidy', label: isHorizon ? 'City budget subsidy (present value)' : 'City budget subsidy', value: fmt.money(subsidy) },
    { key: 'full-cost-fee', label: 'Full-cost fee per household per month', value: fmt.money(fullCostFee) },
  ];

  const assumptions = assumptionsView(city, scenario ?? null);
  const charted = STAGES.filter((st) => st !== 'administration' && !netOf(st).isZero());
  const chart = {
    costByStage: {
      title: `Net cost by stage, ${periodLabel}`,
      axisTitle: `${run.currency} million`,
      labels: charted.map((st) => STAGE_LABELS[st]),
      values: charted.map((st) => Number(netOf(st).div(1e6).toFixed(3))),
      display: charted.map((st) => fmt.money(netOf(st))),
    },
    payers: {
      title: `Who pays, ${periodLabel}`,
      axisTitle: `${run.currency} million`,
      labels: activePayers.map((p) => PAYER_LABELS[p]),
      values: activePayers.map((p) => Number(payerTotal(p).div(1e6).toFixed(3))),
      display: activePayers.map((p) => fmt.money(payerTotal(p))),
    },
  };
  const tables = [matrix, categories, unitCosts, revenues, recovery, ...informal.tables, assumptions.table, assumptions.sources];
  return {
    title: `${city.city.name} — cost distribution, ${periodLabel}`,
    cityId: city.city.id,
    cityName: city.city.name,
    country: city.city.country,
    currency: run.currency,
    runLabel,
    scenario: scenario ? { id: scenario.id, name: scenario.name, assumptions: scenario.assumptions } : null,
    periodLabel,
    periodNote,
    periodParam: y ? String(y.year) : 'horizon',
    printedOn: input.printedOn ?? '',
    figures,
    matrix,
    categories,
    unitCosts,
    revenues,
    recovery,
    informal,
    assumptions,
    appendix: methodAppendix(fmt.percent(rate)),
    tables,
    warnings: y ? y.warnings : run.warnings,
    chartJson: toScriptJson(chart),
  };
}

function valueText(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

interface Provenanced {
  id: string;
  name?: string;
  description?: string;
  provenance?: Record<string, { status: string; source?: string; note?: string }>;
}

/** Inputs with their provenance: settings and small collections record by record; large ones summarised per field. */
function assumptionsView(city: CityFile, scenario: CityFile['scenarios'][number] | null): AssumptionsView {
  const rows: TableCell[][] = [];
  const counts: Record<string, number> = { S: 0, 'S-later': 0, E: 0 };
  const settings = city.settings as unknown as Record<string, unknown>;
  for (const [field, p] of Object.entries(city.settings.provenance ?? {})) {
    counts[p.status] = (counts[p.status] ?? 0) + 1;
    rows.push([textCell(`Settings: ${field}`), textCell(valueText(settings[field])), textCell(STATUS_LABELS[p.status] ?? p.status), textCell(p.source ?? ''), textCell(p.note ?? '')]);
  }
  for (const name of Object.keys(COLLECTION_LABELS)) {
    const list = (city as unknown as Record<string, Provenanced[]>)[name] ?? [];
    if (list.length <= LIST_RECORDS_UP_TO) {
      for (const rec of list) {
        for (const [field, p] of Object.entries(rec.provenance ?? {})) {
          counts[p.status] = (counts[p.status] ?? 0) + 1;
          const value = (rec as unknown as Record<string, unknown>)[field];
          rows.push([textCell(`${rec.name ?? rec.description ?? rec.id}: ${field}`), textCell(valueText(value)), textCell(STATUS_LABELS[p.status] ?? p.status), textCell(p.source ?? ''), textCell(p.note ?? '')]);
        }
      }
      continue;
    }
    // Many records (zones, transfer points): one row per field with the statuses counted.
    const byField = new Map<string, { statuses: Map<string, number>; sources: Set<string>; note: string }>();
    for (const rec of list) {
      for (const [field, p] of Object.entries(rec.provenance ?? {})) {
        counts[p.status] = (counts[p.status] ?? 0) + 1;
        const e = byField.get(field) ?? { statuses: new Map(), sources: new Set(), note: p.note ?? '' };
        e.statuses.set(p.status, (e.statuses.get(p.status) ?? 0) + 1);
        if (p.source) e.sources.add(p.source);
        byField.set(field, e);
      }
    }
    for (const [field, e] of byField) {
      const status = [...e.statuses].map(([s, n]) => `${STATUS_LABELS[s] ?? s} (${n})`).join(', ');
      rows.push([textCell(`${COLLECTION_LABELS[name]} (${list.length}): ${field}`), textCell('per record'), textCell(status), textCell([...e.sources].join(', ')), textCell(e.note ? `e.g. ${e.note}` : '')]);
    }
  }
  const total = counts.S + counts['S-later'] + counts.E;
  return {
    scenario: scenario ? scenario.assumptions || 'The scenario states no assumptions.' : null,
    changeCount: scenario ? `${scenario.changes.length} dated change${scenario.changes.length === 1 ? '' : 's'} to the baseline.` : null,
    summary:
      total === 0
        ? 'The city file marks no input as sourced or estimated.'
        : `${total} inputs carry a status: ${counts.S} sourced, ${counts['S-later']} to be sourced later, ${counts.E} estimates. Inputs without a status are not listed.`,
    table: { name: 'assumptions', title: 'Inputs and their status', columns: ['Input', 'Value', 'Status', 'Source', 'Note'], rows },
    sources: {
      name: 'sources',
      title: 'Sources',
      columns: ['Id', 'Citation', 'Address'],
      rows: city.sources.map((s) => [textCell(s.id), textCell(s.citation), textCell(s.url ?? '')]),
    },
  };
}

/**
 * The method appendix: the same text as docs/reports.md ("Method appendix"),
 * which a test keeps in step.
 */
export function methodAppendix(discountRate: string): AppendixSection[] {
  return [
    {
      heading: 'Cost accounting',
      paragraphs: [
        'Every cost is a line of one stage (primary collection, transfer, secondary haul, composting, formal recovery, incineration, final disposal, administration) and one category (up-front, operating, back-end, overhead, revenue), booked once at the currency\'s minor unit, so every total is exactly the sum of its lines.',
        'Up-front costs are capital annualised with the capital recovery factor (P - S) CRF(i, n) + S i, or straight-line where the city chooses. Back-end costs are closure and post-closure care accrued in proportion to the landfill capacity used (GASB 18). Administration is allocated to the other stages by tonnes handled, direct cost or labour, as the city chooses.',
      ],
    },
    {
      heading: 'Who pays',
      paragraphs: [
        'Fees are how households and businesses pay their part of a stage: a household fee is amount x served households x 12 x collection rate. What the fees leave of a stage\'s net cost is split among payers by the stage\'s payer shares (city budget 100% unless the city file says otherwise). The city budget\'s column is the budget subsidy; fee revenue over net cost is the cost-recovery ratio; net cost over served households and 12 months is the full-cost fee.',
      ],
    },
    {
      heading: 'Present values and levelised costs',
      paragraphs: [
        `Over the horizon each amount is a present value at the city's discount rate (${discountRate} a year), the base year undiscounted: PV = sum of amount(t) / (1 + r)^t, booked at the minor unit. A levelised unit cost is a present value over discounted quantities: NPV / sum of tonnes(t) / (1 + r)^t, and likewise for person-years and household-months.`,
      ],
    },
    {
      heading: 'Informal sector',
      paragraphs: [
        'A scavenger group recovers the smaller of its labour (scavengers x kg per picker-day x days) and its capture of the materials it sells that pass its place of work. Its income is recovered x price x (1 - middleman\'s share); income per picker-day is an average, so a whole group is above or below the income threshold. Municipal cost saved is what the city would have paid to haul and landfill what scavengers recovered.',
      ],
    },
    {
      heading: 'Status of the inputs',
      paragraphs: [
        'Each input of the city file may carry a status: sourced (S, read in a cited source), sourced later (S-later, a source is expected), or estimate (E, an engineering estimate). The assumptions table lists them with their sources; a scenario\'s own assumptions are stated at the top of the report.',
      ],
    },
  ];
}
