/**
 * What the engine returns. Tonnages are plain numbers (t or t/yr); every money
 * amount is a Decimal booked at the currency's minor unit, so every total is
 * exactly the sum of its lines. Each stage total carries its lines (quantity,
 * rate, amount, where the rate comes from) so a report can show how it was made.
 */
import type { Decimal } from 'decimal.js';
import type { Category, Payer, Stage } from './cityFile.js';

export interface Problem {
  /** Path of the offending field, e.g. "transferPoints[12].legs[0].roundTripKm". */
  path: string;
  message: string;
}

export interface CostLineResult {
  stage: Stage;
  category: Category;
  /** What it is, e.g. "Arm-roll trucks: fuel". */
  label: string;
  /** Record it belongs to, e.g. "transferPoints/tps-tandes-1". */
  ref?: string;
  quantity: number;
  unit: string;
  /** Rate per unit as a decimal string in the city's currency. */
  rate: string;
  /** Booked amount (rounded to the minor unit). Revenue lines are negative. */
  amount: Decimal;
  /** Where the rate comes from: a field path in the city file. */
  source: string;
}

/** The ends every generated tonne reaches in a year (MODEL.md section 1), t/yr. */
export interface MassBalance {
  generated: number;
  sourceDiverted: number;
  informalRecovered: number;
  formalRecovered: number;
  compostProduct: number;
  compostProcessLoss: number;
  incinerationMassLoss: number;
  hazardousAsh: number;
  landfilled: number;
  disposalWithoutSite: number;
  uncollected: number;
  /** Waiting at transfer points at the end of the year minus at its start. */
  waitingChange: number;
  /** generated - (all the ends + waitingChange); |residual| <= 0.365 t/yr. */
  residual: number;
}

export interface TripModel {
  system: 'hauled' | 'stationary';
  roundTripKm: number;
  /** Hours per trip T. */
  hoursPerTrip: number;
  /** Trips per vehicle-day before flooring. */
  tripsPerDayRaw: number;
  /** N_d (floored). */
  tripsPerDay: number;
  payloadT: number;
  /** For the stationary system: containers emptied per trip C_t. */
  containersPerTrip?: number;
}

export interface TransferPointYear {
  id: string;
  name: string;
  inflowT: number;
  /** Taken by scavengers at the point before haul. */
  pickedT: number;
  haulCapacityTPerDay: number;
  hauledT: number;
  overflowT: number;
  backlogEndT: number;
  maxBacklogT: number;
  /** hauled / delivered (delivered = inflow net of picking). */
  pickupRate: number;
  vehiclesAssigned: number;
  /** Vehicles the point's daily tonnage needs (ceil(trips needed / N_d)); null when a trip cannot be made in a day. */
  vehiclesNeeded: number | null;
  legs: Array<{ siteId: string; tonnes: number; trips: number; trip: TripModel }>;
  /** Break-even distance D* (km, round trip) for transfer stations. */
  breakEvenKm?: number;
}

export interface LandfillYear {
  id: string;
  name: string;
  intakeT: number;
  /** Taken by scavengers at the tip face. */
  pickedT: number;
  cumulativeT: number;
  capacityT: number;
  fillShare: number;
  open: boolean;
  full: boolean;
}

export interface LandfillLife {
  id: string;
  name: string;
  capacityT: number;
  /** Decimal years from 1 January of the base year, or null when it does not fill in the horizon. */
  depletionYears: number | null;
  depletionYear: number | null;
  depletionMonth: number | null;
  /** Remaining life in years from the start of the base year (extrapolated at the last year's intake when beyond the horizon). */
  remainingLifeYears: number | null;
  extrapolated: boolean;
}

export interface FacilityYear {
  id: string;
  name: string;
  kind: 'composting' | 'recovery' | 'incinerator';
  intakeT: number;
  capacityT: number;
  /** composting: product; recovery: recovered; incinerator: energy MWh in `energyMWh`. */
  productT: number;
  residueT: number;
  lossT: number;
  energyMWh: number;
  revenue: Decimal;
}

export interface ScavengerGroupYear {
  id: string;
  name: string;
  location: string;
  headcount: number;
  availableT: number;
  recoveredT: number;
  /** Supply-limited when capture x available < labour capacity. */
  limitedBy: 'supply' | 'labour' | 'noAccess';
  incomeTotal: Decimal;
  incomePerPickerYear: Decimal;
  incomePerPickerDay: Decimal;
  belowThreshold: number;
  /** Pickers hired into formal jobs by integration programmes this year. */
  integrated: number;
  /** recovered x (haul + disposal cost per tonne). */
  municipalCostSaved: Decimal;
}

export interface StageYear {
  stage: Stage;
  tonnes: number;
  byCategory: Record<Category, Decimal>;
  /** Direct cost (before overhead), excluding revenue. */
  directCost: Decimal;
  overheadAllocated: Decimal;
  revenue: Decimal;
  /** direct + overhead - revenue. Administration's own is 0 after allocation. */
  netCost: Decimal;
  costPerTonne: Decimal | null;
  lines: CostLineResult[];
}

export interface PayerMatrix {
  /** stage -> payer -> amount. */
  cells: Record<Stage, Record<Payer, Decimal>>;
  byPayer: Record<Payer, Decimal>;
  feeRevenue: Decimal;
  costRecoveryRatio: number | null;
  budgetSubsidy: Decimal;
  fullCostFeePerHouseholdMonth: Decimal | null;
}

export interface IndustrialYear {
  id: string;
  name: string;
  generatedT: number;
  utilisedT: number;
  disposedT: number;
  net: Decimal;
}

/**
 * A warning with its data, so a report can word and format it in any language.
 * `message` is the English text also found in `warnings`.
 */
export type RunWarning =
  | { code: 'landfillFull'; year: number; landfillId: string; landfillName: string; month: number; message: string }
  | { code: 'noOpenLandfill'; year: number; tonnes: number; message: string }
  | { code: 'checkFailed'; year: number; check: 'massBalance' | 'negativeTonnage' | 'costTotals'; detail: string; message: string };

export interface YearResult {
  year: number;
  population: number;
  households: number;
  mass: MassBalance;
  collectedT: number;
  transferPoints: TransferPointYear[];
  facilities: FacilityYear[];
  landfills: LandfillYear[];
  scavengers: ScavengerGroupYear[];
  industrial: IndustrialYear[];
  stages: StageYear[];
  grossCost: Decimal;
  revenue: Decimal;
  netCost: Decimal;
  costPerTonneCollected: Decimal | null;
  costPerCapita: Decimal | null;
  costPerHouseholdMonth: Decimal | null;
  payers: PayerMatrix;
  diversionRate: number;
  /** Loud warnings (e.g. "no open landfill: 12,345 t disposed without a site"). */
  warnings: string[];
  /** The same warnings with their data (code, year, tonnes...). */
  warningDetails: RunWarning[];
}

export interface RunResult {
  cityId: string;
  scenarioId: string | null;
  currency: string;
  minorUnit: number;
  baseYear: number;
  years: YearResult[];
  landfillLife: LandfillLife[];
  npvNetCost: Decimal;
  npvByStage: Record<Stage, Decimal>;
  discountedTonnes: number;
  levelisedCostPerTonne: Decimal | null;
  warnings: string[];
  /** Every year's warning details, in year order. */
  warningDetails: RunWarning[];
}

export type ComputeOutcome = { ok: true; result: RunResult } | { ok: false; problems: Problem[] };
