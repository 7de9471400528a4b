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
import { collectWarnings, payerName, stageName, toScriptJson, type Figure } from './cityPage.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import { localeFormatter } from './locale.js';
import { discountedSum, presentValue } from './comparison.js';
import { NOT_AVAILABLE, type Formatter } from './format.js';
import { cell, textCell, type ReportTable, type TableCell } from './reportTables.js';

export type ReportPeriod = { kind: 'year'; year: number } | { kind: 'horizon' };

export interface CostReportInput {
  /** The validated city file of the run. */
  city: CityFile;
  run: RunResult;
  period: ReportPeriod;
  /** Date printed in the header (YYYY-MM-DD); the caller's clock, so the view model stays pure. */
  printedOn?: string;
  /** The report's language (labels, numbers, money, dates); English when omitted. */
  lang?: Lang;
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
  /** printedOn as the language writes a date (English keeps YYYY-MM-DD). */
  printedOnText: string;
  /** The line atop every printed page: city · run · period · printed date. */
  printHeader: string;
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



const COLLECTIONS = ['zones', 'primarySystems', 'vehicleTypes', 'transferPoints', 'facilities', 'landfills', 'scavengerGroups', 'integration', 'industrialStreams', 'costLines', 'fees'] as const;

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
  const t = translator(input.lang ?? 'en');
  const lf = localeFormatter(t.lang);
  const fmt: Formatter = lf.forCurrency(run.currency, run.minorUnit);
  const yr = (n: number) => lf.year(n);
  const rate = city.settings.discountRate;
  const first = run.years[0];
  const last = run.years[run.years.length - 1];
  const horizon = `${yr(first.year)}–${yr(last.year)}`;
  const isHorizon = period.kind === 'horizon';
  const y: YearResult | undefined = period.kind === 'year' ? run.years.find((x) => x.year === period.year) : undefined;
  if (period.kind === 'year' && !y) throw new RangeError(`year ${period.year} is not in the run (${horizon})`);
  /** An amount of the period: the year's, or the present value over the horizon. */
  const amount = (f: (yr: YearResult) => Decimal): Decimal => (y ? f(y) : presentValue(run, rate, f));
  const quantity = (f: (yr: YearResult) => number): number => (y ? f(y) : discountedSum(run, rate, f));
  const scenario = run.scenarioId === null ? undefined : city.scenarios.find((s) => s.id === run.scenarioId);
  const runLabel = scenario ? t('city.runScenario', { name: scenario.name }) : t('city.baseline');
  const periodLabel = y ? yr(y.year) : t('report.period.horizon', { horizon });
  const periodNote = y
    ? t('report.period.noteYear', { year: yr(y.year), currency: run.currency })
    : t('report.period.noteHorizon', { horizon, rate: fmt.percent(rate), currency: run.currency });
  const amountHeader = isHorizon ? t('report.amountHeaderPv', { currency: run.currency }) : run.currency;
  const levelisedHeader = isHorizon ? t('report.amountHeaderLevelised', { currency: run.currency }) : run.currency;

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
    title: t('report.matrix.title', { period: periodLabel }),
    columns: [t('report.col.stage'), ...activePayers.map((p) => payerName(t, p)), t('report.matrix.allPayers')],
    rows: [
      ...matrixStages.map((st) => [textCell(stageName(t, st)), ...activePayers.map((p) => money(fmt, cells[st][p])), money(fmt, stageTotal(st))]),
      [textCell(t('city.stages.allStages')), ...activePayers.map((p) => money(fmt, payerTotal(p))), money(fmt, grand)],
      [textCell(t('city.payers.share')), ...activePayers.map((p) => cell(grand.isZero() ? NOT_AVAILABLE : fmt.percent(payerTotal(p).div(grand).toNumber()), grand.isZero() ? null : payerTotal(p).div(grand).toNumber())), cell(fmt.percent(1), 1)],
    ],
    note: t('report.matrix.note', { unit: amountHeader }),
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
    title: t('report.categories.title', { period: periodLabel }),
    columns: [t('report.col.stage'), ...CATEGORIES.filter((c) => c !== 'revenue').map((c) => t.dynamic(`categories.${c}`)), t('report.categories.overheadAllocated'), t('report.col.revenue'), t('report.col.netCost')],
    rows: [...catStages.map((st) => catRow(stageName(t, st), catValues(st))), catRow(t('city.stages.allStages'), catTotals)],
    note: t('report.categories.note', { unit: amountHeader }),
  };

  // ---- unit costs
  const net = amount((yr) => yr.netCost);
  const collected = quantity((yr) => yr.collectedT);
  const people = quantity((yr) => yr.population);
  const householdMonths = quantity((yr) => yr.households * 12);
  const per = (total: Decimal, q: number): Decimal | null => (q > 0 ? total.div(qty(q)) : null);
  const unitRows: TableCell[][] = [
    [textCell(t('report.unit.perTonne')), money(fmt, y ? y.costPerTonneCollected : run.levelisedCostPerTonne)],
    [textCell(t('report.unit.perPerson')), money(fmt, y ? y.costPerCapita : per(net, people))],
    [textCell(t('report.unit.perHousehold')), money(fmt, y ? y.costPerHouseholdMonth : per(net, householdMonths))],
    ...STAGES.filter((st) => st !== 'administration' && !netOf(st).isZero()).map((st) => {
      const tonnes = quantity((x) => stageYear(x, st).tonnes);
      return [textCell(t('report.unit.stagePerTonne', { stage: stageName(t, st) })), money(fmt, per(netOf(st), tonnes))];
    }),
  ];
  const unitCosts: ReportTable = {
    name: 'unit-costs',
    title: t('report.unit.title', { period: periodLabel }),
    columns: [t('report.col.netCost'), levelisedHeader],
    rows: unitRows,
    note: isHorizon ? t('report.unit.noteHorizon') : t('report.unit.noteYear'),
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
    title: t('report.revenues.title', { period: periodLabel }),
    columns: [t('report.col.stage'), t('report.col.revenue'), amountHeader, t('report.revenues.rateFrom')],
    rows: [
      ...revenueLabels.map((r) => [textCell(stageName(t, r.stage)), textCell(r.label), money(fmt, revenueOf(r.stage, r.label)), textCell(r.source)]),
      [textCell(t('city.stages.allStages')), textCell(t('report.total')), money(fmt, revenueTotal), textCell('')],
    ],
    note: t('report.revenues.note'),
  };

  // ---- cost recovery
  const feeRevenue = amount((yr) => yr.payers.feeRevenue);
  const subsidy = amount((yr) => yr.payers.budgetSubsidy);
  const ratio = y ? y.payers.costRecoveryRatio : net.isPositive() ? feeRevenue.div(net).toNumber() : null;
  const servedHouseholdMonths = quantity((yr) => (yr.payers.fullCostFeePerHouseholdMonth && !yr.payers.fullCostFeePerHouseholdMonth.isZero() ? yr.netCost.div(yr.payers.fullCostFeePerHouseholdMonth).toNumber() : 0));
  const fullCostFee = y ? y.payers.fullCostFeePerHouseholdMonth : per(net, servedHouseholdMonths);
  const recovery: ReportTable = {
    name: 'cost-recovery',
    title: t('report.recovery.title', { period: periodLabel }),
    columns: [t('report.col.figure'), t('report.col.value')],
    rows: [
      [textCell(t('report.recovery.netCost', { unit: amountHeader })), money(fmt, net)],
      [textCell(t('report.recovery.feeRevenue', { unit: amountHeader })), money(fmt, feeRevenue)],
      [textCell(t('report.recovery.ratio')), cell(fmt.percent(ratio), ratio)],
      [textCell(t('report.recovery.subsidy', { unit: amountHeader })), money(fmt, subsidy)],
      [textCell(t('report.recovery.fullCostFee', { unit: levelisedHeader })), money(fmt, fullCostFee)],
    ],
    note: t('report.recovery.note'),
  };

  // ---- informal sector
  const threshold = M(city.settings.incomeThresholdPerDay);
  const groupsTable = (gy: YearResult): ReportTable => ({
    name: y ? 'informal-sector' : `informal-sector-${gy.year}`,
    title: t('report.informal.groupsTitle', { year: yr(gy.year) }),
    columns: [t('report.informal.col.group'), t('report.informal.col.works'), t('report.informal.col.scavengers'), t('report.informal.col.hired'), t('report.informal.col.recovered'), t('report.informal.col.limitedBy'), t('report.informal.col.income', { currency: run.currency }), t('report.informal.col.perPickerDay', { currency: run.currency }), t('report.informal.col.below'), t('report.informal.col.saved', { currency: run.currency })],
    rows: gy.scavengers.map((g) => [
      textCell(g.name),
      textCell(t.has(`city.scavengers.location.${g.location}`) ? t.dynamic(`city.scavengers.location.${g.location}`) : g.location),
      cell(fmt.count(g.headcount), g.headcount),
      cell(fmt.count(g.integrated), g.integrated),
      cell(lf.decimal(g.recoveredT, Math.abs(g.recoveredT) >= 100 || g.recoveredT === 0 ? 0 : Math.abs(g.recoveredT) >= 1 ? 1 : 2), g.recoveredT),
      textCell(t.dynamic(`city.scavengers.limit.${g.limitedBy}`)),
      money(fmt, g.incomeTotal),
      money(fmt, g.incomePerPickerDay),
      cell(fmt.count(g.belowThreshold), g.belowThreshold),
      money(fmt, g.municipalCostSaved),
    ]),
    note: t('report.informal.groupsNote', { amount: fmt.money(threshold) }),
  });
  const informalYears = y ? [y] : [first, last];
  const focus = y ?? last;
  const pickers = focus.scavengers.reduce((a, g) => a + g.headcount, 0);
  const below = focus.scavengers.reduce((a, g) => a + g.belowThreshold, 0);
  const informal = {
    figures: [
      { key: 'scavengers', label: t('report.informal.scavengers', { year: yr(focus.year) }), value: fmt.count(pickers) },
      { key: 'below-threshold', label: t('report.informal.below', { amount: fmt.money(threshold), year: yr(focus.year) }), value: fmt.count(below), note: pickers > 0 ? t('city.figures.belowThresholdShare', { share: fmt.percent(below / pickers) }) : undefined },
      { key: 'hired', label: t('report.informal.hired', { year: yr(focus.year) }), value: fmt.count(focus.scavengers.reduce((a, g) => a + g.integrated, 0)) },
      { key: 'informal-income', label: isHorizon ? t('report.informal.incomeHorizon', { horizon }) : t('report.informal.incomeYear', { year: yr(focus.year) }), value: fmt.money(amount((yr) => yr.scavengers.reduce((a, g) => a.plus(g.incomeTotal), ZERO))) },
      { key: 'informal-recovered', label: t('report.informal.recovered', { period: isHorizon ? horizon : yr(focus.year) }), value: fmt.tonnes(y ? y.mass.informalRecovered : run.years.reduce((a, x) => a + x.mass.informalRecovered, 0)) },
      { key: 'cost-saved', label: isHorizon ? t('report.informal.savedPv') : t('report.informal.saved'), value: fmt.money(amount((yr) => yr.scavengers.reduce((a, g) => a.plus(g.municipalCostSaved), ZERO))) },
    ] as Figure[],
    tables: informalYears.map(groupsTable),
  };

  // ---- headline figures
  const figures: Figure[] = [
    { key: 'net-cost', label: y ? t('city.figures.netCost', { year: yr(y.year) }) : t('report.figures.npv', { horizon }), value: fmt.money(y ? y.netCost : run.npvNetCost) },
    { key: 'cost-per-tonne', label: y ? t('city.figures.costPerTonne') : t('city.figures.levelised'), value: fmt.money(y ? y.costPerTonneCollected : run.levelisedCostPerTonne) },
    { key: 'cost-per-capita', label: t('city.figures.costPerCapita'), value: fmt.money(y ? y.costPerCapita : per(net, people)) },
    { key: 'cost-per-household', label: t('city.figures.costPerHousehold'), value: fmt.money(y ? y.costPerHouseholdMonth : per(net, householdMonths)) },
    { key: 'cost-recovery', label: t('report.figures.costRecovery'), value: fmt.percent(ratio) },
    { key: 'budget-subsidy', label: isHorizon ? t('report.figures.subsidyPv') : t('city.figures.budgetSubsidy'), value: fmt.money(subsidy) },
    { key: 'full-cost-fee', label: t('city.figures.fullCostFee'), value: fmt.money(fullCostFee) },
  ];

  const assumptions = assumptionsView(city, scenario ?? null, t, lf.integer);
  const charted = STAGES.filter((st) => st !== 'administration' && !netOf(st).isZero());
  const chart = {
    costByStage: {
      title: t('report.charts.cost', { period: periodLabel }),
      axisTitle: t('charts.costByStage.axisScaled', { currency: run.currency, scale: t('charts.scale.million') }),
      labels: charted.map((st) => stageName(t, st)),
      values: charted.map((st) => Number(netOf(st).div(1e6).toFixed(3))),
      display: charted.map((st) => fmt.money(netOf(st))),
    },
    payers: {
      title: t('report.charts.payers', { period: periodLabel }),
      axisTitle: t('charts.costByStage.axisScaled', { currency: run.currency, scale: t('charts.scale.million') }),
      labels: activePayers.map((p) => payerName(t, p)),
      values: activePayers.map((p) => Number(payerTotal(p).div(1e6).toFixed(3))),
      display: activePayers.map((p) => fmt.money(payerTotal(p))),
    },
  };
  const printedOnText = input.printedOn && t.lang !== 'en' ? lf.date(input.printedOn) : (input.printedOn ?? '');
  const tables = [matrix, categories, unitCosts, revenues, recovery, ...informal.tables, assumptions.table, assumptions.sources];
  return {
    title: t('report.title', { city: city.city.name, period: periodLabel }),
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
    printedOnText,
    printHeader: t('report.page.printHeader', { city: city.city.name, run: runLabel, period: periodLabel, date: printedOnText }),
    figures,
    matrix,
    categories,
    unitCosts,
    revenues,
    recovery,
    informal,
    assumptions,
    appendix: t.lang === 'en' ? methodAppendix(fmt.percent(rate)) : translatedAppendix(t, fmt.percent(rate)),
    tables,
    warnings: t.lang === 'en' ? (y ? y.warnings : run.warnings) : collectWarnings(run, t.lang).filter((w) => !y || w.startsWith(`${yr(y.year)}`)),
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
function assumptionsView(city: CityFile, scenario: CityFile['scenarios'][number] | null, t: Translator, count: (n: number) => string): AssumptionsView {
  const statusOf = (s: string) => (t.has(`report.status.${s}`) ? t.dynamic(`report.status.${s}`) : s);
  const rows: TableCell[][] = [];
  const counts: Record<string, number> = { S: 0, 'S-later': 0, E: 0 };
  const settings = city.settings as unknown as Record<string, unknown>;
  for (const [field, p] of Object.entries(city.settings.provenance ?? {})) {
    counts[p.status] = (counts[p.status] ?? 0) + 1;
    rows.push([textCell(t('report.assumptions.setting', { field })), textCell(valueText(settings[field])), textCell(statusOf(p.status)), textCell(p.source ?? ''), textCell(p.note ?? '')]);
  }
  for (const name of COLLECTIONS) {
    const list = (city as unknown as Record<string, Provenanced[]>)[name] ?? [];
    if (list.length <= LIST_RECORDS_UP_TO) {
      for (const rec of list) {
        for (const [field, p] of Object.entries(rec.provenance ?? {})) {
          counts[p.status] = (counts[p.status] ?? 0) + 1;
          const value = (rec as unknown as Record<string, unknown>)[field];
          rows.push([textCell(`${rec.name ?? rec.description ?? rec.id}: ${field}`), textCell(valueText(value)), textCell(statusOf(p.status)), textCell(p.source ?? ''), textCell(p.note ?? '')]);
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
      const status = [...e.statuses].map(([s, n]) => `${statusOf(s)} (${count(n)})`).join(', ');
      rows.push([textCell(`${t.dynamic(`report.collections.${name}`)} (${count(list.length)}): ${field}`), textCell(t('report.assumptions.perRecord')), textCell(status), textCell([...e.sources].join(', ')), textCell(e.note ? t('report.assumptions.example', { note: e.note }) : '')]);
    }
  }
  const total = counts.S + counts['S-later'] + counts.E;
  return {
    scenario: scenario ? scenario.assumptions || t('report.assumptions.none') : null,
    changeCount: scenario ? t('report.assumptions.changes', { count: scenario.changes.length }) : null,
    summary:
      total === 0
        ? t('report.assumptions.noStatus')
        : t('report.assumptions.summary', { total, sourced: counts.S, later: counts['S-later'], estimates: counts.E }),
    table: { name: 'assumptions', title: t('report.assumptions.title'), columns: [t('report.assumptions.col.input'), t('report.col.value'), t('report.assumptions.col.status'), t('report.assumptions.col.source'), t('report.assumptions.col.note')], rows },
    sources: {
      name: 'sources',
      title: t('report.sources.title'),
      columns: [t('report.sources.col.id'), t('report.sources.col.citation'), t('report.sources.col.address')],
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

/** The method appendix in another language (report.appendix.* in the catalogs); English is methodAppendix, kept identical to docs/reports.md. */
export function translatedAppendix(t: Translator, discountRate: string): AppendixSection[] {
  return APPENDIX_SECTIONS.map(([id, count]) => ({
    heading: t.dynamic(`report.appendix.${id}.heading`),
    paragraphs: Array.from({ length: count }, (_, i) => t.dynamic(`report.appendix.${id}.paragraphs.${i + 1}`, { rate: discountRate })),
  }));
}

const APPENDIX_SECTIONS: ReadonlyArray<readonly [string, number]> = [['costAccounting', 2], ['whoPays', 1], ['presentValues', 1], ['informal', 1], ['inputs', 1]];
