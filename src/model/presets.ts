/**
 * Scenario presets (MODEL.md section 10): the policies the source document
 * calls for, each a function from a city and a few knobs to a Scenario of
 * dated changes plus an assumptions sentence made from those knobs. Pure: no
 * I/O, no clock; the result is an ordinary scenario the user can then edit.
 *
 * Presets: composting programme for kitchen waste; source separation and
 * waste banks; a new final disposal site (which sets haul distances); more
 * haul capacity for far transfer points (vehicles, shifts or a transfer
 * station); more outsourcing; fee reform (an amount, or the fee that recovers
 * full cost in a baseline run); integrating scavengers into formal jobs.
 *
 * Example: buildPreset(city, { preset: 'outsourcing', fromYear: 2005, share: 0.5, pricePerT: '45000' })
 *   -> { id: 'more-outsourcing', name: 'More outsourcing of secondary haul',
 *        assumptions: 'From 2005 contractors haul 50% of the waste ... at 45,000 IDR per tonne hauled.',
 *        changes: [{ op: 'set', fromYear: 2005, path: 'settings/haulOutsourcedShare', value: 0.5 }, ...] }
 * The city must be valid (validateCityFile); the scenario built is valid for it.
 */
import type { Change, CityFile, Scenario, Stage, TransferPoint } from './cityFile.js';
import { D, M } from './money.js';
import type { RunResult } from './results.js';

export const PRESET_IDS = ['composting', 'sourceSeparation', 'newDisposalSite', 'moreHaul', 'outsourcing', 'feeReform', 'integrateScavengers'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const PRESET_TITLES: Record<PresetId, string> = {
  composting: 'Composting programme for kitchen waste',
  sourceSeparation: 'Source separation and waste banks',
  newDisposalSite: 'New final disposal site',
  moreHaul: 'More haul capacity for far transfer points',
  outsourcing: 'More outsourcing of secondary haul',
  feeReform: 'Fee reform to recover cost',
  integrateScavengers: 'Integrate scavengers into formal jobs',
};

interface Common {
  /** Scenario id; default a slug of the preset, made unique in the city. */
  id?: string;
  name?: string;
  /** First year the changes apply (inside the horizon). */
  fromYear: number;
  /**
   * Names of the records the preset adds, in the user's language (the web
   * passes them for Indonesian and Chinese pages); each defaults to the
   * English name below. Ids are not affected.
   */
  recordNames?: PresetRecordNames;
}

export interface PresetRecordNames {
  /** composting: a new facility (default "Composting programme"). */
  compostingFacility?: string;
  /** sourceSeparation: the recovery hub (default "Waste bank hub and sorting (TPS-3R)"). */
  recoveryHub?: string;
  /** sourceSeparation: the programme's cost line (default "Source separation and waste bank programme (education, support)"). */
  programmeCostLine?: string;
  /** feeReform: a new fee (default "Household waste fee"). */
  fee?: string;
  /** integrateScavengers: the integration record (default "<group> hired into formal jobs"). */
  hired?: string;
}

export interface CompostingParams extends Common {
  preset: 'composting';
  /** Capacity of the programme's composting in total, t/day. */
  capacityTPerDay: number;
  /** Share of each compostable fraction in the waste reaching it that is taken (kitchen 0.5, garden 0.6). */
  capture: Record<string, number>;
  /** Compost price per tonne, decimal string in the city's currency. */
  pricePerT: string;
  /** Share of the compost sold. */
  shareSold: number;
  /** Round trip from a transfer point to the composting site, km (used where a point has no leg to it yet). */
  roundTripKm: number;
  /** Capital of the programme (decimal string) and its life; '0' for none. */
  capitalUnitCost: string;
  capitalLifeYears: number;
  omPerT: string;
}

export interface RecoveryFacilityParams {
  capacityTPerDay: number;
  capture: Record<string, number>;
  residueShare: number;
  salePricePerT: Record<string, string>;
  roundTripKm: number;
  capitalUnitCost: string;
  capitalLifeYears: number;
  omPerT: string;
}

export interface SourceSeparationParams extends Common {
  preset: 'sourceSeparation';
  /** Share of each fraction households keep out of the bin (waste banks, home composting); raises, never lowers, a zone's own. */
  sourceDiversion: Record<string, number>;
  /** A recovery facility (waste bank hub, TPS-3R) on every transfer point's first leg; null for none. */
  recovery: RecoveryFacilityParams | null;
  /** Yearly cost of running the programme (education, waste bank support), decimal string; '0' for none. */
  programmeCostPerYear: string;
}

export type DistanceRule =
  /** Each point's new round trip = its round trip to its landfill now x factor. */
  | { kind: 'factor'; factor: number }
  /** A round trip per zone region (transfer point -> zone -> region); others by factor. */
  | { kind: 'byRegion'; kmByRegion: Record<string, number>; otherFactor: number };

export interface NewDisposalSiteParams extends Common {
  preset: 'newDisposalSite';
  landfillName: string;
  remainingAirspaceM3: number;
  densityTPerM3: number;
  coverShare: number;
  openYear: number;
  openMonth: number;
  capitalUnitCost: string;
  capitalLifeYears: number;
  closureTotal: string;
  omPerT: string;
  tippingFeePerT: string;
  distance: DistanceRule;
  /** Landfill scavenger groups may also work at the new site. */
  scavengersFollow: boolean;
}

export type HaulMeans =
  | { kind: 'vehicles'; extraVehiclesPerPoint: number }
  | { kind: 'shifts'; shiftsPerDay: number }
  | {
      kind: 'station';
      stationName: string;
      /** Vehicles at the station: the far points' own, moved there, plus these. */
      extraVehicles: number;
      shiftsPerDay: number;
      storageLimitT: number;
      /** Round trip from the station to the landfill, km. */
      roundTripKm: number;
      capitalUnitCost: string;
      capitalLifeYears: number;
      omPerYear: string;
    };

export interface MoreHaulParams extends Common {
  preset: 'moreHaul';
  /** A point is far when the round trip of its last leg (to its landfill) exceeds this, km. */
  thresholdKm: number;
  means: HaulMeans;
}

export interface OutsourcingParams extends Common {
  preset: 'outsourcing';
  share: number;
  pricePerT: string;
}

export interface FeeReformParams extends Common {
  preset: 'feeReform';
  /** The household fee to change; default the city's first per-household-month fee (one is added when there is none). */
  feeId?: string;
  /** A new amount per household-month, or 'fullCost': the amount that recovers the net cost of `fromYear` in `baseline`. */
  amount: string | 'fullCost';
  collectionRate: number;
  /** The run the full-cost fee is computed from (the city's baseline); needed for amount 'fullCost'. */
  baseline?: RunResult;
}

export interface IntegrateScavengersParams extends Common {
  preset: 'integrateScavengers';
  groupId: string;
  hired: number;
  wagePerDay: string;
  daysPerYear: number;
  stage: Stage;
}

export type PresetParams =
  | CompostingParams
  | SourceSeparationParams
  | NewDisposalSiteParams
  | MoreHaulParams
  | OutsourcingParams
  | FeeReformParams
  | IntegrateScavengersParams;

/**
 * What a preset's assumptions sentence says, as data, so that src/reports can
 * write it in any language (presetAssumptionsText): the same figures the
 * English sentence is made of. Numbers raw, money as decimal strings in
 * `currency`, names as the city file (or the model) has them; an optional
 * clause is null (or 0 / false) when the English sentence leaves it out.
 */
export interface ShareFact {
  /** The fraction's name as the city file has it (the English sentence writes it in lower case). */
  name: string;
  share: number;
}

export interface CapitalFact {
  unitCost: string;
  lifeYears: number;
}

interface FactsBase {
  /** First year of the changes. */
  year: number;
  /** The city's currency (ISO code) of every amount. */
  currency: string;
}

export interface CompostingFacts extends FactsBase {
  preset: 'composting';
  facilityName: string;
  /** The facility is added by the preset, named by the model ('Composting programme'), not the city's own. */
  facilityIsNew: boolean;
  capacityTPerDay: number;
  /** Only the fractions taken (share > 0), in the knobs' order. */
  capture: ShareFact[];
  /** Transfer points that get a leg to the facility; 0: the clause is left out. */
  joinedPoints: number;
  roundTripKm: number;
  shareSold: number;
  pricePerT: string;
  capital: CapitalFact | null;
  omPerT: string;
}

export interface SourceSeparationFacts extends FactsBase {
  preset: 'sourceSeparation';
  diversion: ShareFact[];
  recovery: { capacityTPerDay: number; roundTripKm: number; capture: ShareFact[]; residueShare: number } | null;
  /** null: no programme cost (the sentence is left out). */
  programmeCostPerYear: string | null;
}

export interface NewDisposalSiteFacts extends FactsBase {
  preset: 'newDisposalSite';
  landfillName: string;
  openMonth: number;
  openYear: number;
  remainingAirspaceM3: number;
  densityTPerM3: number;
  coverShare: number;
  /** Capacity in tonnes, rounded to whole tonnes. */
  capacityT: number;
  capital: CapitalFact | null;
  omPerT: string;
  /** Year the transfer points haul to the new site. */
  switchYear: number;
  transferPoints: number;
  distance: { kind: 'factor'; factor: number } | { kind: 'byRegion'; kmByRegion: Array<{ region: string; km: number }>; otherFactor: number };
  /** Average round trip to the landfill before and after, km (1 decimal). */
  averageKmBefore: number;
  averageKmAfter: number;
  /** Landfill scavenger groups may work at the new site too. */
  scavengersFollow: boolean;
}

export interface MoreHaulFacts extends FactsBase {
  preset: 'moreHaul';
  farPoints: number;
  thresholdKm: number;
  means:
    | { kind: 'vehicles'; extraVehiclesPerPoint: number; extraVehiclesInAll: number }
    | { kind: 'shifts'; shiftsPerDay: number }
    | { kind: 'station'; stationName: string; roundTripKm: number; movedVehicles: number; extraVehicles: number; shiftsPerDay: number };
}

export interface OutsourcingFacts extends FactsBase {
  preset: 'outsourcing';
  share: number;
  nowShare: number;
  pricePerT: string;
}

export interface FeeReformFacts extends FactsBase {
  preset: 'feeReform';
  feeName: string;
  /** The fee is added by the preset, named by the model ('Household waste fee'). */
  feeIsNew: boolean;
  amount: string;
  /** How the amount was set: the full-cost amount of `year` in the baseline, up from the fee's amount now, or a new fee's. */
  how: { kind: 'fullCost' } | { kind: 'upFrom'; previousAmount: string } | { kind: 'newFee' };
  collectionRate: number;
}

export interface IntegrateScavengersFacts extends FactsBase {
  preset: 'integrateScavengers';
  hired: number;
  headcount: number;
  groupName: string;
  wagePerDay: string;
  daysPerYear: number;
  incomeThresholdPerDay: string;
}

export type PresetAssumptionFacts =
  | CompostingFacts
  | SourceSeparationFacts
  | NewDisposalSiteFacts
  | MoreHaulFacts
  | OutsourcingFacts
  | FeeReformFacts
  | IntegrateScavengersFacts;

export type PresetOutcome = { ok: true; scenario: Scenario; assumptionFacts: PresetAssumptionFacts } | { ok: false; field: string; message: string };

/** A preset's scenario (without its id) and the facts of its assumptions sentence. */
type Built = Omit<Scenario, 'id'> & { assumptionFacts: PresetAssumptionFacts };

type Json = Record<string, unknown>;

class PresetError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ------------------------------------------------------------ small helpers

/** "1234567.5" -> "1,234,567.5": digit grouping of a decimal string (no float in between). */
export function groupDigits(decimal: string): string {
  const neg = decimal.startsWith('-');
  const [int, frac] = (neg ? decimal.slice(1) : decimal).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

function num(n: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n);
}

function pct(share: number): string {
  return `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(share * 100)}%`;
}

function money(city: CityFile, amount: string): string {
  return `${groupDigits(amount)} ${city.settings.currency}`;
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The fractions taken (share > 0) with their names, in the knobs' order. */
function shareFacts(city: CityFile, shares: Record<string, number>): ShareFact[] {
  return Object.entries(shares)
    .filter(([, v]) => v > 0)
    .map(([f, v]) => ({ name: city.fractions.find((x) => x.id === f)?.name ?? f, share: v }));
}

function sharesText(list: readonly ShareFact[]): string {
  return listText(list.map((x) => `${pct(x.share)} of ${x.name.toLowerCase()}`));
}

function uniqueId(taken: Iterable<string>, base: string): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let k = 2; ; k++) if (!set.has(`${base}-${k}`)) return `${base}-${k}`;
}

function landfillIds(city: CityFile): Set<string> {
  return new Set(city.landfills.map((l) => l.id));
}

/** The landfill leg: always the last (validateCityFile). */
function lastLeg(tp: TransferPoint): { siteId: string; roundTripKm: number } {
  return tp.legs[tp.legs.length - 1];
}

function defaultResidueLandfill(city: CityFile): string {
  return city.settings.landfillFallbackOrder[0] ?? city.landfills[0].id;
}

function requireYear(city: CityFile, field: string, y: number): void {
  const first = city.settings.baseYear;
  const last = first + city.settings.horizonYears - 1;
  if (!Number.isInteger(y) || y < first || y > last) throw new PresetError(field, `must be a year in the horizon ${first}-${last}`);
}

function requireShare(field: string, x: number): void {
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new PresetError(field, 'must be a share between 0 and 1');
}

function requirePositive(field: string, x: number): void {
  if (!Number.isFinite(x) || x <= 0) throw new PresetError(field, 'must be > 0');
}

function requireNonNeg(field: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new PresetError(field, 'must be >= 0');
}

function requireMoney(field: string, s: string): void {
  if (!/^\d{1,18}(\.\d{1,10})?$/.test(s)) throw new PresetError(field, 'must be an amount like "1250" or "69.90" (no separators)');
}

function requireFractions(city: CityFile, field: string, shares: Record<string, number>): void {
  const known = new Set(city.fractions.map((f) => f.id));
  for (const [f, v] of Object.entries(shares)) {
    if (!known.has(f)) throw new PresetError(`${field}.${f}`, `unknown fraction "${f}"`);
    requireShare(`${field}.${f}`, v);
  }
}

function capital(unitCost: string, lifeYears: number): Json | undefined {
  return M(unitCost).isZero() ? undefined : { unitCost, lifeYears, salvage: '0' };
}

function estimate(note: string): Json {
  return { status: 'E', source: 'engineering-estimate', note };
}

// ------------------------------------------------------------ the presets

function composting(city: CityFile, p: CompostingParams): Built {
  requirePositive('capacityTPerDay', p.capacityTPerDay);
  requireFractions(city, 'capture', p.capture);
  requireMoney('pricePerT', p.pricePerT);
  requireShare('shareSold', p.shareSold);
  requireNonNeg('roundTripKm', p.roundTripKm);
  requireMoney('capitalUnitCost', p.capitalUnitCost);
  requireMoney('omPerT', p.omPerT);
  const y = p.fromYear;
  const changes: Change[] = [];
  const existing = city.facilities.find((f) => f.kind === 'composting');
  let facilityId: string;
  let facilityName: string;
  if (existing) {
    facilityId = existing.id;
    facilityName = existing.name;
    const base = `facilities/${existing.id}`;
    changes.push({ op: 'set', fromYear: y, path: `${base}/capacityTPerDay`, value: p.capacityTPerDay });
    changes.push({ op: 'set', fromYear: y, path: `${base}/capture`, value: { ...p.capture } });
    changes.push({ op: 'set', fromYear: y, path: `${base}/composting/pricePerT`, value: p.pricePerT });
    changes.push({ op: 'set', fromYear: y, path: `${base}/composting/shareSold`, value: p.shareSold });
    changes.push({ op: 'set', fromYear: y, path: `${base}/omPerT`, value: p.omPerT });
    const cap = capital(p.capitalUnitCost, p.capitalLifeYears);
    if (cap) changes.push({ op: 'set', fromYear: y, path: `${base}/capital`, value: cap });
    if (existing.openYear !== undefined && existing.openYear > y) changes.push({ op: 'set', fromYear: y, path: `${base}/openYear`, value: y });
    if (existing.closeYear !== undefined) changes.push({ op: 'set', fromYear: y, path: `${base}/closeYear`, value: city.settings.baseYear + city.settings.horizonYears - 1 });
  } else {
    facilityId = uniqueId(city.facilities.map((f) => f.id), 'composting-programme');
    facilityName = p.recordNames?.compostingFacility ?? 'Composting programme';
    changes.push({
      op: 'add',
      fromYear: y,
      collection: 'facilities',
      item: {
        id: facilityId,
        name: facilityName,
        kind: 'composting',
        capacityTPerDay: p.capacityTPerDay,
        operatingDaysPerYear: 360,
        openYear: y,
        capture: { ...p.capture },
        composting: { pricePerT: p.pricePerT, shareSold: p.shareSold },
        residueLandfillId: defaultResidueLandfill(city),
        ...(capital(p.capitalUnitCost, p.capitalLifeYears) ? { capital: capital(p.capitalUnitCost, p.capitalLifeYears) } : {}),
        omPerT: p.omPerT,
        provenance: { capacityTPerDay: estimate('scenario preset'), capture: estimate('scenario preset') },
      },
    });
  }
  let joined = 0;
  for (const tp of city.transferPoints) {
    if (tp.legs.some((l) => l.siteId === facilityId)) continue;
    joined++;
    changes.push({ op: 'set', fromYear: y, path: `transferPoints/${tp.id}/legs`, value: [{ siteId: facilityId, roundTripKm: p.roundTripKm }, ...tp.legs] });
  }
  const price = money(city, p.pricePerT);
  const capture = shareFacts(city, p.capture);
  return {
    name: p.name ?? PRESET_TITLES.composting,
    assumptions:
      `From ${y} composting (${facilityName}) grows to ${num(p.capacityTPerDay)} t/day and takes ${sharesText(capture)} ` +
      `of the waste hauled from the transfer points${joined > 0 ? ` (${num(joined)} points get a leg of ${num(p.roundTripKm)} km round trip to it)` : ''}, ` +
      `shared pro rata when oversubscribed; the rest goes on to the landfill. ${pct(p.shareSold)} of the compost sells at ${price}/t` +
      `${M(p.capitalUnitCost).isZero() ? '' : `; capital ${money(city, p.capitalUnitCost)} over ${num(p.capitalLifeYears)} years`}, O&M ${money(city, p.omPerT)}/t.`,
    changes,
    assumptionFacts: {
      preset: 'composting',
      year: y,
      currency: city.settings.currency,
      facilityName,
      facilityIsNew: !existing,
      capacityTPerDay: p.capacityTPerDay,
      capture,
      joinedPoints: joined,
      roundTripKm: p.roundTripKm,
      shareSold: p.shareSold,
      pricePerT: p.pricePerT,
      capital: M(p.capitalUnitCost).isZero() ? null : { unitCost: p.capitalUnitCost, lifeYears: p.capitalLifeYears },
      omPerT: p.omPerT,
    },
  };
}

function sourceSeparation(city: CityFile, p: SourceSeparationParams): Built {
  requireFractions(city, 'sourceDiversion', p.sourceDiversion);
  requireMoney('programmeCostPerYear', p.programmeCostPerYear);
  const y = p.fromYear;
  const changes: Change[] = [];
  const households = city.zones.filter((z) => z.kind === 'household');
  const merged = (own: Record<string, number>) => {
    const out: Record<string, number> = { ...own };
    for (const [f, v] of Object.entries(p.sourceDiversion)) out[f] = Math.max(out[f] ?? 0, v);
    return out;
  };
  const sameOwn = households.every((z) => JSON.stringify(z.sourceDiversion) === JSON.stringify(households[0]?.sourceDiversion));
  if (households.length === city.zones.length && sameOwn && households.length > 0) {
    changes.push({ op: 'set', fromYear: y, path: 'zones/*/sourceDiversion', value: merged(households[0].sourceDiversion) });
  } else {
    for (const z of households) changes.push({ op: 'set', fromYear: y, path: `zones/${z.id}/sourceDiversion`, value: merged(z.sourceDiversion) });
  }
  let recoveryText = '';
  let recoveryFacts: SourceSeparationFacts['recovery'] = null;
  if (p.recovery) {
    const r = p.recovery;
    requirePositive('recovery.capacityTPerDay', r.capacityTPerDay);
    requireFractions(city, 'recovery.capture', r.capture);
    requireShare('recovery.residueShare', r.residueShare);
    requireNonNeg('recovery.roundTripKm', r.roundTripKm);
    requireMoney('recovery.capitalUnitCost', r.capitalUnitCost);
    requireMoney('recovery.omPerT', r.omPerT);
    for (const [f, v] of Object.entries(r.salePricePerT)) {
      if (!city.fractions.some((x) => x.id === f)) throw new PresetError(`recovery.salePricePerT.${f}`, `unknown fraction "${f}"`);
      requireMoney(`recovery.salePricePerT.${f}`, v);
    }
    const fid = uniqueId(city.facilities.map((f) => f.id), 'waste-bank-hub');
    changes.push({
      op: 'add',
      fromYear: y,
      collection: 'facilities',
      item: {
        id: fid,
        name: p.recordNames?.recoveryHub ?? 'Waste bank hub and sorting (TPS-3R)',
        kind: 'recovery',
        capacityTPerDay: r.capacityTPerDay,
        operatingDaysPerYear: 310,
        openYear: y,
        capture: { ...r.capture },
        residueShare: r.residueShare,
        salePricePerT: { ...r.salePricePerT },
        residueLandfillId: defaultResidueLandfill(city),
        ...(capital(r.capitalUnitCost, r.capitalLifeYears) ? { capital: capital(r.capitalUnitCost, r.capitalLifeYears) } : {}),
        omPerT: r.omPerT,
        provenance: { capacityTPerDay: estimate('scenario preset'), capture: estimate('scenario preset'), salePricePerT: estimate('scenario preset') },
      },
    });
    for (const tp of city.transferPoints) {
      changes.push({ op: 'set', fromYear: y, path: `transferPoints/${tp.id}/legs`, value: [{ siteId: fid, roundTripKm: r.roundTripKm }, ...tp.legs] });
    }
    recoveryFacts = { capacityTPerDay: r.capacityTPerDay, roundTripKm: r.roundTripKm, capture: shareFacts(city, r.capture), residueShare: r.residueShare };
    recoveryText =
      ` A waste bank hub sorts the mixed waste of every transfer point first (${num(r.capacityTPerDay)} t/day, ${num(r.roundTripKm)} km round trip), ` +
      `taking ${sharesText(recoveryFacts.capture)}, with ${pct(r.residueShare)} residue to the landfill.`;
  }
  if (!M(p.programmeCostPerYear).isZero()) {
    changes.push({
      op: 'add',
      fromYear: y,
      collection: 'costLines',
      item: {
        id: uniqueId(city.costLines.map((c) => c.id), 'source-separation-programme'),
        description: p.recordNames?.programmeCostLine ?? 'Source separation and waste bank programme (education, support)',
        stage: 'formalRecovery',
        category: 'operating',
        amountPerYear: p.programmeCostPerYear,
        fromYear: y,
      },
    });
  }
  const diversion = shareFacts(city, p.sourceDiversion);
  return {
    name: p.name ?? PRESET_TITLES.sourceSeparation,
    assumptions:
      `From ${y} households in every household zone keep ${sharesText(diversion)} out of the bin (waste banks, home composting); ` +
      `less of it reaches scavengers downstream.${recoveryText}` +
      `${M(p.programmeCostPerYear).isZero() ? '' : ` The programme costs ${money(city, p.programmeCostPerYear)} a year.`}`,
    changes,
    assumptionFacts: {
      preset: 'sourceSeparation',
      year: y,
      currency: city.settings.currency,
      diversion,
      recovery: recoveryFacts,
      programmeCostPerYear: M(p.programmeCostPerYear).isZero() ? null : p.programmeCostPerYear,
    },
  };
}

function newDistance(city: CityFile, tp: TransferPoint, rule: DistanceRule): number {
  const now = lastLeg(tp).roundTripKm;
  if (rule.kind === 'factor') return round1(now * rule.factor);
  const region = tp.zoneId ? city.zones.find((z) => z.id === tp.zoneId)?.region : undefined;
  const km = region !== undefined ? rule.kmByRegion[region] : undefined;
  return km !== undefined ? km : round1(now * rule.otherFactor);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function newDisposalSite(city: CityFile, p: NewDisposalSiteParams): Built {
  requirePositive('remainingAirspaceM3', p.remainingAirspaceM3);
  requirePositive('densityTPerM3', p.densityTPerM3);
  if (!(p.coverShare >= 0 && p.coverShare < 1)) throw new PresetError('coverShare', 'must be >= 0 and < 1');
  if (!Number.isInteger(p.openYear) || p.openYear < p.fromYear) throw new PresetError('openYear', `must be a whole year, not before ${p.fromYear}`);
  requireYear(city, 'openYear', p.openYear);
  if (!Number.isInteger(p.openMonth) || p.openMonth < 1 || p.openMonth > 12) throw new PresetError('openMonth', 'must be 1-12');
  for (const k of ['capitalUnitCost', 'closureTotal', 'omPerT', 'tippingFeePerT'] as const) requireMoney(k, p[k]);
  if (p.distance.kind === 'factor') requirePositive('distance.factor', p.distance.factor);
  else {
    requirePositive('distance.otherFactor', p.distance.otherFactor);
    for (const [r, km] of Object.entries(p.distance.kmByRegion)) requireNonNeg(`distance.kmByRegion.${r}`, km);
  }
  const y = p.fromYear;
  const lid = uniqueId(landfillIds(city), 'new-landfill');
  const item: Json = {
    id: lid,
    name: p.landfillName,
    remainingAirspaceM3: p.remainingAirspaceM3,
    densityTPerM3: p.densityTPerM3,
    cover: { method: 'share', value: p.coverShare },
    openYear: p.openYear,
    openMonth: p.openMonth,
    tippingFeePerT: p.tippingFeePerT,
    omPerT: p.omPerT,
    provenance: {
      remainingAirspaceM3: estimate('scenario preset'),
      densityTPerM3: estimate('scenario preset'),
      openYear: estimate('scenario preset'),
    },
  };
  const cap = capital(p.capitalUnitCost, p.capitalLifeYears);
  if (cap) item.capital = cap;
  if (!M(p.closureTotal).isZero()) item.closure = { totalEstimate: p.closureTotal, postClosureYears: 30 };
  const changes: Change[] = [
    { op: 'add', fromYear: y, collection: 'landfills', item },
    // The new site first; the old ones take what arrives before it opens or after it fills.
    { op: 'set', fromYear: y, path: 'settings/landfillFallbackOrder', value: [lid, ...city.settings.landfillFallbackOrder.filter((x) => x !== lid)] },
  ];
  const switchYear = Math.max(y, p.openYear);
  let before = 0;
  let after = 0;
  for (const tp of city.transferPoints) {
    const km = newDistance(city, tp, p.distance);
    before += lastLeg(tp).roundTripKm;
    after += km;
    changes.push({ op: 'set', fromYear: switchYear, path: `transferPoints/${tp.id}/legs`, value: [...tp.legs.slice(0, -1), { siteId: lid, roundTripKm: km }] });
  }
  let follow = 0;
  if (p.scavengersFollow) {
    for (const g of city.scavengerGroups) {
      if (g.location !== 'landfill' || g.siteIds.length === 0) continue;
      follow++;
      changes.push({ op: 'set', fromYear: y, path: `scavengerGroups/${g.id}/siteIds`, value: [...g.siteIds, lid] });
    }
  }
  const n = city.transferPoints.length;
  const distText =
    p.distance.kind === 'factor'
      ? `each point's round trip to the landfill x ${num(p.distance.factor)}`
      : `${listText(Object.entries(p.distance.kmByRegion).map(([r, km]) => `${num(km)} km from ${r}`))}, elsewhere the round trip now x ${num(p.distance.otherFactor)}`;
  const capacityT = p.remainingAirspaceM3 * p.densityTPerM3 * (1 - p.coverShare);
  return {
    name: p.name ?? PRESET_TITLES.newDisposalSite,
    assumptions:
      `${p.landfillName} opens in month ${p.openMonth} of ${p.openYear}: ${num(p.remainingAirspaceM3)} m3 at ${num(p.densityTPerM3)} t/m3 with ${pct(p.coverShare)} cover ` +
      `(about ${num(Math.round(capacityT))} t)${cap ? `, capital ${money(city, p.capitalUnitCost)} over ${num(p.capitalLifeYears)} years` : ''}, O&M ${money(city, p.omPerT)}/t. ` +
      `From ${switchYear} all ${num(n)} transfer points haul to it (${distText}; average round trip ${num(round1(before / n))} -> ${num(round1(after / n))} km); ` +
      `the old landfills take what arrives before it opens or after it is full.` +
      `${follow > 0 ? ' Landfill scavengers may work at the new site too.' : ''}`,
    changes,
    assumptionFacts: {
      preset: 'newDisposalSite',
      year: y,
      currency: city.settings.currency,
      landfillName: p.landfillName,
      openMonth: p.openMonth,
      openYear: p.openYear,
      remainingAirspaceM3: p.remainingAirspaceM3,
      densityTPerM3: p.densityTPerM3,
      coverShare: p.coverShare,
      capacityT: Math.round(capacityT),
      capital: cap ? { unitCost: p.capitalUnitCost, lifeYears: p.capitalLifeYears } : null,
      omPerT: p.omPerT,
      switchYear,
      transferPoints: n,
      distance:
        p.distance.kind === 'factor'
          ? { kind: 'factor', factor: p.distance.factor }
          : { kind: 'byRegion', kmByRegion: Object.entries(p.distance.kmByRegion).map(([region, km]) => ({ region, km })), otherFactor: p.distance.otherFactor },
      averageKmBefore: round1(before / n),
      averageKmAfter: round1(after / n),
      scavengersFollow: follow > 0,
    },
  };
}

/** Far points: the round trip to their landfill exceeds the threshold. */
export function farTransferPoints(city: CityFile, thresholdKm: number): TransferPoint[] {
  return city.transferPoints.filter((tp) => lastLeg(tp).roundTripKm > thresholdKm);
}

function moreHaul(city: CityFile, p: MoreHaulParams): Built {
  requireNonNeg('thresholdKm', p.thresholdKm);
  const far = farTransferPoints(city, p.thresholdKm);
  if (far.length === 0) throw new PresetError('thresholdKm', `no transfer point is more than ${num(p.thresholdKm)} km (round trip) from its landfill`);
  const y = p.fromYear;
  const changes: Change[] = [];
  const m = p.means;
  let text: string;
  let means: MoreHaulFacts['means'];
  if (m.kind === 'vehicles') {
    requirePositive('means.extraVehiclesPerPoint', m.extraVehiclesPerPoint);
    for (const tp of far) changes.push({ op: 'set', fromYear: y, path: `transferPoints/${tp.id}/vehicles`, value: round2(tp.vehicles + m.extraVehiclesPerPoint) });
    means = { kind: 'vehicles', extraVehiclesPerPoint: m.extraVehiclesPerPoint, extraVehiclesInAll: round2(m.extraVehiclesPerPoint * far.length) };
    text = `${num(m.extraVehiclesPerPoint)} more vehicle${m.extraVehiclesPerPoint === 1 ? '' : 's'} each (${num(means.extraVehiclesInAll)} in all, each with its crew)`;
  } else if (m.kind === 'shifts') {
    if (!Number.isInteger(m.shiftsPerDay) || m.shiftsPerDay < 2 || m.shiftsPerDay > 3) throw new PresetError('means.shiftsPerDay', 'must be 2 or 3');
    for (const tp of far) changes.push({ op: 'set', fromYear: y, path: `transferPoints/${tp.id}/shiftsPerDay`, value: m.shiftsPerDay });
    means = { kind: 'shifts', shiftsPerDay: m.shiftsPerDay };
    text = `${m.shiftsPerDay} shifts a day for their vehicles (a crew per shift)`;
  } else {
    requireNonNeg('means.extraVehicles', m.extraVehicles);
    requirePositive('means.storageLimitT', m.storageLimitT);
    requireNonNeg('means.roundTripKm', m.roundTripKm);
    if (!Number.isInteger(m.shiftsPerDay) || m.shiftsPerDay < 1 || m.shiftsPerDay > 3) throw new PresetError('means.shiftsPerDay', 'must be 1, 2 or 3');
    requireMoney('means.capitalUnitCost', m.capitalUnitCost);
    requireMoney('means.omPerYear', m.omPerYear);
    const sid = uniqueId(city.transferPoints.map((t) => t.id), 'transfer-station');
    const farIds = new Set(far.map((t) => t.id));
    const moved = far.reduce((a, t) => a + t.vehicles, 0);
    const first = far[0];
    const item: Json = {
      id: sid,
      name: m.stationName,
      kind: 'station',
      storageLimitT: m.storageLimitT,
      vehicleTypeId: first.vehicleTypeId,
      vehicles: round2(moved + m.extraVehicles),
      shiftsPerDay: m.shiftsPerDay,
      // Treatment legs as the first far point's; the landfill leg from the station.
      legs: [...first.legs.slice(0, -1), { siteId: lastLeg(first).siteId, roundTripKm: m.roundTripKm }],
      omPerYear: m.omPerYear,
      provenance: { vehicles: estimate('scenario preset: the far points\' vehicles moved to the station, plus extra') },
    };
    const cap = capital(m.capitalUnitCost, m.capitalLifeYears);
    if (cap) item.capital = cap;
    changes.push({ op: 'add', fromYear: y, collection: 'transferPoints', item });
    for (const z of city.zones) {
      if (!z.routing.some((r) => farIds.has(r.transferPointId))) continue;
      let toStation = 0;
      const kept = z.routing.filter((r) => {
        if (!farIds.has(r.transferPointId)) return true;
        toStation += r.share;
        return false;
      });
      changes.push({ op: 'set', fromYear: y, path: `zones/${z.id}/routing`, value: [...kept.map((r) => ({ ...r })), { transferPointId: sid, share: toStation }] });
    }
    for (const tp of far) changes.push({ op: 'set', fromYear: y, path: `transferPoints/${tp.id}/vehicles`, value: 0 });
    means = { kind: 'station', stationName: m.stationName, roundTripKm: m.roundTripKm, movedVehicles: round2(moved), extraVehicles: m.extraVehicles, shiftsPerDay: m.shiftsPerDay };
    text =
      `a transfer station instead (${m.stationName}, ${num(m.roundTripKm)} km round trip to the landfill): the waste routed to them goes to the station, ` +
      `and their ${num(round2(moved))} vehicles move there with ${num(m.extraVehicles)} more, ${m.shiftsPerDay} shift${m.shiftsPerDay === 1 ? '' : 's'} a day`;
  }
  return {
    name: p.name ?? PRESET_TITLES.moreHaul,
    assumptions: `From ${y} the ${num(far.length)} transfer points more than ${num(p.thresholdKm)} km (round trip) from their landfill get ${text}.`,
    changes,
    assumptionFacts: { preset: 'moreHaul', year: y, currency: city.settings.currency, farPoints: far.length, thresholdKm: p.thresholdKm, means },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function outsourcing(city: CityFile, p: OutsourcingParams): Built {
  requireShare('share', p.share);
  requireMoney('pricePerT', p.pricePerT);
  const y = p.fromYear;
  return {
    name: p.name ?? PRESET_TITLES.outsourcing,
    assumptions:
      `From ${y} contractors haul ${pct(p.share)} of the waste (now ${pct(city.settings.haulOutsourcedShare)}) ` +
      `at ${money(city, p.pricePerT)} per tonne hauled; the city's own fleet costs fall in proportion.`,
    changes: [
      { op: 'set', fromYear: y, path: 'settings/haulOutsourcedShare', value: p.share },
      { op: 'set', fromYear: y, path: 'settings/haulContractPricePerT', value: p.pricePerT },
    ],
    assumptionFacts: { preset: 'outsourcing', year: y, currency: city.settings.currency, share: p.share, nowShare: city.settings.haulOutsourcedShare, pricePerT: p.pricePerT },
  };
}

/**
 * The amount per household-month that makes fee revenue equal the net cost of
 * `year` in `baseline`, given the other fees unchanged: the gap the other fees
 * leave, over served households x 12 x collection rate, rounded up at the
 * minor unit. Served households come from the run's full-cost fee
 * (net cost / served / 12).
 */
export function fullCostFeeAmount(city: CityFile, baseline: RunResult, year: number, feeId: string | null, collectionRate: number): string {
  const y = baseline.years.find((r) => r.year === year);
  if (!y) throw new PresetError('fromYear', `${year} is not in the baseline run`);
  const fullCost = y.payers.fullCostFeePerHouseholdMonth;
  if (fullCost === null || !y.netCost.isPositive()) throw new PresetError('amount', `the net cost of ${year} is not positive: no fee is needed to recover it`);
  const served = y.netCost.div(fullCost).div(12);
  const fee = feeId ? city.fees.find((f) => f.id === feeId) : undefined;
  const own = fee ? M(fee.amount).times(served).times(12).times(fee.collectionRate) : M('0');
  const gap = y.netCost.minus(y.payers.feeRevenue.minus(own));
  if (!gap.isPositive()) return '0';
  const amount = gap.div(served.times(12).times(collectionRate));
  return amount.toDecimalPlaces(city.settings.minorUnit, D.ROUND_UP).toFixed(city.settings.minorUnit);
}

function feeReform(city: CityFile, p: FeeReformParams): Built {
  requireShare('collectionRate', p.collectionRate);
  if (p.collectionRate === 0) throw new PresetError('collectionRate', 'must be > 0');
  const y = p.fromYear;
  const fee = p.feeId ? city.fees.find((f) => f.id === p.feeId) : city.fees.find((f) => f.basis === 'perHouseholdMonth');
  if (p.feeId && !fee) throw new PresetError('feeId', `no fee "${p.feeId}"`);
  if (fee && fee.basis !== 'perHouseholdMonth') throw new PresetError('feeId', `"${fee.id}" is not charged per household-month`);
  let amount: string;
  let how: string;
  let howFact: FeeReformFacts['how'];
  if (p.amount === 'fullCost') {
    if (!p.baseline) throw new PresetError('amount', 'the full-cost fee needs the baseline run');
    amount = fullCostFeeAmount(city, p.baseline, y, fee?.id ?? null, p.collectionRate);
    howFact = { kind: 'fullCost' };
    how = `the amount that, with the other fees, recovers the full net cost of ${y} in the baseline`;
  } else {
    requireMoney('amount', p.amount);
    amount = p.amount;
    howFact = fee ? { kind: 'upFrom', previousAmount: fee.amount } : { kind: 'newFee' };
    how = fee ? `up from ${money(city, fee.amount)}` : 'a new fee';
  }
  const changes: Change[] = [];
  let feeName: string;
  if (fee) {
    feeName = fee.name;
    changes.push({ op: 'set', fromYear: y, path: `fees/${fee.id}/amount`, value: amount });
    changes.push({ op: 'set', fromYear: y, path: `fees/${fee.id}/collectionRate`, value: p.collectionRate });
  } else {
    feeName = p.recordNames?.fee ?? 'Household waste fee';
    changes.push({
      op: 'add',
      fromYear: y,
      collection: 'fees',
      item: { id: uniqueId(city.fees.map((f) => f.id), 'household-fee'), name: feeName, payer: 'households', stage: 'secondaryHaul', basis: 'perHouseholdMonth', amount, collectionRate: p.collectionRate },
    });
  }
  return {
    name: p.name ?? PRESET_TITLES.feeReform,
    assumptions: `From ${y} the ${feeName.toLowerCase()} is ${money(city, amount)} per household-month (${how}), paid by ${pct(p.collectionRate)} of served households.`,
    changes,
    assumptionFacts: { preset: 'feeReform', year: y, currency: city.settings.currency, feeName, feeIsNew: !fee, amount, how: howFact, collectionRate: p.collectionRate },
  };
}

function integrateScavengers(city: CityFile, p: IntegrateScavengersParams): Built {
  const group = city.scavengerGroups.find((g) => g.id === p.groupId);
  if (!group) throw new PresetError('groupId', `no scavenger group "${p.groupId}"`);
  requirePositive('hired', p.hired);
  if (p.hired > group.headcount) throw new PresetError('hired', `must be at most the group's headcount (${num(group.headcount)})`);
  requireMoney('wagePerDay', p.wagePerDay);
  if (!Number.isInteger(p.daysPerYear) || p.daysPerYear < 1 || p.daysPerYear > 366) throw new PresetError('daysPerYear', 'must be 1-366');
  const y = p.fromYear;
  const iid = uniqueId(city.integration.map((i) => i.id), `${group.id}-hired`);
  return {
    name: p.name ?? PRESET_TITLES.integrateScavengers,
    assumptions:
      `From ${y} the city hires ${num(p.hired)} of the ${num(group.headcount)} ${group.name} into formal jobs at ${money(city, p.wagePerDay)} a day, ` +
      `${num(p.daysPerYear)} days a year (threshold ${money(city, city.settings.incomeThresholdPerDay)} a day); the others keep working as before.`,
    changes: [
      {
        op: 'add',
        fromYear: y,
        collection: 'integration',
        item: { id: iid, name: p.recordNames?.hired ?? `${group.name} hired into formal jobs`, groupId: group.id, hired: p.hired, wagePerDay: p.wagePerDay, daysPerYear: p.daysPerYear, stage: p.stage },
      },
    ],
    assumptionFacts: {
      preset: 'integrateScavengers',
      year: y,
      currency: city.settings.currency,
      hired: p.hired,
      headcount: group.headcount,
      groupName: group.name,
      wagePerDay: p.wagePerDay,
      daysPerYear: p.daysPerYear,
      incomeThresholdPerDay: city.settings.incomeThresholdPerDay,
    },
  };
}

/** A scenario for `city` from a preset; the scenario id is made unique among the city's. */
export function buildPreset(city: CityFile, params: PresetParams): PresetOutcome {
  try {
    requireYear(city, 'fromYear', params.fromYear);
    let built: Built;
    switch (params.preset) {
      case 'composting':
        built = composting(city, params);
        break;
      case 'sourceSeparation':
        built = sourceSeparation(city, params);
        break;
      case 'newDisposalSite':
        built = newDisposalSite(city, params);
        break;
      case 'moreHaul':
        built = moreHaul(city, params);
        break;
      case 'outsourcing':
        built = outsourcing(city, params);
        break;
      case 'feeReform':
        built = feeReform(city, params);
        break;
      case 'integrateScavengers':
        built = integrateScavengers(city, params);
        break;
    }
    const id = params.id ?? uniqueId(city.scenarios.map((s) => s.id), PRESET_SLUGS[params.preset]);
    return { ok: true, scenario: { id, name: built.name, assumptions: built.assumptions, changes: built.changes }, assumptionFacts: built.assumptionFacts };
  } catch (err) {
    if (err instanceof PresetError) return { ok: false, field: err.field, message: err.message };
    throw err;
  }
}

const PRESET_SLUGS: Record<PresetId, string> = {
  composting: 'composting-programme',
  sourceSeparation: 'source-separation',
  newDisposalSite: 'new-disposal-site',
  moreHaul: 'more-haul-far-points',
  outsourcing: 'more-outsourcing',
  feeReform: 'fee-reform',
  integrateScavengers: 'integrate-scavengers',
};

/**
 * Knobs a preset starts from for `city` (a form's initial values): the second
 * year of the horizon, and values scaled to the city (composting capacity a
 * tenth of generation, far points beyond the median round trip, ...). Every
 * default is an engineering estimate that the user is expected to change.
 */
export function presetDefaults(city: CityFile, preset: PresetId, baseline?: RunResult): PresetParams {
  const s = city.settings;
  const fromYear = Math.min(s.baseYear + 1, s.baseYear + s.horizonYears - 1);
  const zero = '0';
  const compostable = city.fractions.filter((f) => f.compostable);
  const recyclable = city.fractions.filter((f) => f.recyclable);
  const kmAll = city.transferPoints.map((tp) => lastLeg(tp).roundTripKm).sort((a, b) => a - b);
  const medianKm = kmAll[Math.floor((kmAll.length - 1) / 2)] ?? 0;
  // About a tenth of the base year's generation, t/day (household zones and bulk sources).
  const genTPerDay = city.zones.reduce((a, z) => a + (z.kind === 'bulk' ? z.bulkTonnesPerDay : (z.population * z.generationKgPerCapDay) / 1000), 0);
  const wage = city.settings.incomeThresholdPerDay;
  switch (preset) {
    case 'composting':
      return {
        preset,
        fromYear,
        capacityTPerDay: Math.max(1, Math.round(genTPerDay / 10)),
        capture: Object.fromEntries(compostable.map((f) => [f.id, 0.5])),
        pricePerT: city.facilities.find((f) => f.kind === 'composting')?.composting?.pricePerT ?? zero,
        shareSold: 0.5,
        roundTripKm: 10,
        capitalUnitCost: zero,
        capitalLifeYears: 10,
        omPerT: city.facilities.find((f) => f.kind === 'composting')?.omPerT ?? zero,
      };
    case 'sourceSeparation':
      return {
        preset,
        fromYear,
        sourceDiversion: Object.fromEntries(recyclable.map((f) => [f.id, 0.3])),
        recovery: null,
        programmeCostPerYear: zero,
      };
    case 'newDisposalSite':
      return {
        preset,
        fromYear,
        landfillName: 'New sanitary landfill',
        remainingAirspaceM3: Math.max(1000, Math.round((genTPerDay * 365 * 15) / 0.8 / 0.85 / 1000) * 1000),
        densityTPerM3: 0.8,
        coverShare: 0.15,
        openYear: fromYear,
        openMonth: 1,
        capitalUnitCost: zero,
        capitalLifeYears: 20,
        closureTotal: zero,
        omPerT: city.landfills[0].omPerT,
        tippingFeePerT: city.landfills[0].tippingFeePerT,
        distance: { kind: 'factor', factor: 1 },
        scavengersFollow: true,
      };
    case 'moreHaul':
      return { preset, fromYear, thresholdKm: medianKm, means: { kind: 'vehicles', extraVehiclesPerPoint: 0.5 } };
    case 'outsourcing': {
      // A contract price about the city's own haul cost per tonne, when it has none yet.
      const own = baseline?.years.find((y) => y.year === fromYear)?.stages.find((x) => x.stage === 'secondaryHaul')?.costPerTonne;
      const price = M(s.haulContractPricePerT).isZero() && own ? own.toDecimalPlaces(0, D.ROUND_HALF_EVEN).toFixed(s.minorUnit) : s.haulContractPricePerT;
      return { preset, fromYear, share: Math.min(1, round2(s.haulOutsourcedShare + 0.3)), pricePerT: price };
    }
    case 'feeReform':
      return { preset, fromYear, amount: 'fullCost', collectionRate: 0.8, ...(baseline ? { baseline } : {}) };
    case 'integrateScavengers': {
      const g = city.scavengerGroups.find((x) => x.location === 'landfill') ?? city.scavengerGroups[0];
      return {
        preset,
        fromYear,
        groupId: g?.id ?? '',
        hired: g ? Math.max(1, Math.round(g.headcount / 4)) : 1,
        wagePerDay: wage,
        daysPerYear: 300,
        stage: 'formalRecovery',
      };
    }
  }
}
