/**
 * The city file: the whole city model (settings, zones, facilities, cost
 * inputs, scavenger groups, scenarios, sources) as one JSON document.
 * Documented in docs/city-file.md; its JSON Schema (docs/city-file.schema.json)
 * is generated from these zod schemas, so this module is the single definition.
 *
 * Conventions:
 * - every money amount is a decimal string in the city's currency ("130000",
 *   "69.90"), never a JSON number: it becomes a Decimal without passing a float;
 * - shares and rates are plain numbers in [0, 1] unless named otherwise;
 * - references between records use the records' `id` (a slug), never indices;
 * - `provenance` on a record maps a field name to its status (S = sourced,
 *   E = estimate) and a source id from the file's `sources` list.
 */
import { z } from 'zod';

export const CITY_FILE_VERSION = 1;

/** A money amount: optional minus, digits, optional decimals. No exponent, no separators. */
export const moneySchema = z
  .string()
  .regex(/^-?\d{1,18}(\.\d{1,10})?$/, 'must be a decimal amount like "1250" or "69.90" (no separators, no exponent)');
/** Money that must not be negative (a price, a cost). */
export const nonNegMoney = moneySchema.refine((s) => !s.startsWith('-'), 'must be >= 0');

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a slug: lower-case letters, digits and hyphens, at most 80 characters');
const name = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const share = z.number().finite().min(0, 'must be >= 0').max(1, 'must be <= 1');
const nonNeg = z.number().finite().min(0, 'must be >= 0');
const positive = z.number().finite().gt(0, 'must be > 0');
const rate = z.number().finite().gt(-1, 'must be > -1').max(1, 'must be <= 1');
const year = z.number().int('must be a whole year').min(1900, 'must be >= 1900').max(2200, 'must be <= 2200');
const month = z.number().int('must be a whole number').min(1, 'must be 1-12').max(12, 'must be 1-12');

export const provenanceEntry = z.object({
  status: z.enum(['S', 'S-later', 'E']),
  source: z.string().max(120, 'must be at most 120 characters').optional(),
  note: z.string().max(500, 'must be at most 500 characters').optional(),
});
const provenance = z.record(z.string(), provenanceEntry).optional();

export const STAGES = [
  'primaryCollection',
  'transfer',
  'secondaryHaul',
  'composting',
  'formalRecovery',
  'incineration',
  'finalDisposal',
  'administration',
] as const;
export type Stage = (typeof STAGES)[number];
export const stageSchema = z.enum(STAGES);

export const CATEGORIES = ['upFront', 'operating', 'backEnd', 'overhead', 'revenue'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PAYERS = ['households', 'businesses', 'cityBudget', 'privateOperators', 'higherGovernment', 'lendersDonors'] as const;
export type Payer = (typeof PAYERS)[number];
export const payerSchema = z.enum(PAYERS);

/** Capital item: price P, life n years, salvage S (MODEL.md section 8). */
export const capitalSchema = z.object({
  unitCost: nonNegMoney,
  lifeYears: z.number().int('must be a whole number').min(1, 'must be >= 1').max(100, 'must be <= 100'),
  salvage: nonNegMoney.default('0'),
});

export const fractionSchema = z.object({
  id,
  name,
  /** Mass share of set-out waste (all fractions sum to 1 within 1e-6). */
  share,
  /** A recyclable material (reports, presets such as source separation). Scavengers pick the fractions they have a price for. */
  recyclable: z.boolean(),
  /** Accepted by composting (kitchen, garden). */
  compostable: z.boolean(),
  provenance,
});

const shareByFraction = z.record(z.string(), share);

export const zoneSchema = z.object({
  id,
  name,
  region: z.string().max(120, 'must be at most 120 characters').optional(),
  /** 'household' zones use population x per-capita rate; 'bulk' sources (markets, sweeping) give t/day. */
  kind: z.enum(['household', 'bulk']).default('household'),
  population: nonNeg.default(0),
  populationGrowth: rate.default(0),
  households: nonNeg.default(0),
  generationKgPerCapDay: nonNeg.default(0),
  generationGrowth: rate.default(0),
  /** For bulk sources: t/day in the base year, growing at generationGrowth. */
  bulkTonnesPerDay: nonNeg.default(0),
  /** Share of set-out that enters the formal system, c(y). */
  coverage: share,
  /** Share of each fraction diverted at source (home composting, waste banks, itinerant buyers). */
  sourceDiversion: shareByFraction.default({}),
  /** Optional per-zone composition: fraction id -> share (sums to 1). */
  composition: shareByFraction.optional(),
  /** Collected waste goes to transfer points by shares summing to 1. */
  routing: z.array(z.object({ transferPointId: id, share })).min(1, 'needs at least one transfer point'),
  primarySystemId: id.optional(),
  provenance,
});

/** Door-to-door collection (MODEL.md section 3). */
export const primarySystemSchema = z.object({
  id,
  name,
  householdsPerCartPerDay: positive,
  /** Collection rounds per week for a household (3 means each cart serves its households every other day). */
  collectionsPerWeek: z.number().min(1, 'must be >= 1').max(7, 'must be <= 7').default(7),
  crewPerCart: positive,
  wagePerDay: nonNegMoney,
  workingDaysPerYear: z.number().int('must be a whole number').min(1, 'must be >= 1').max(366, 'must be <= 366'),
  cart: capitalSchema,
  maintenanceShareOfCapital: share.default(0.1),
  fuelPerCartDay: nonNegMoney.default('0'),
  provenance,
});

/** Tchobanoglous speed classes: km/h -> (a h/trip, b h/km). MODEL.md section 4. */
export const SPEED_CLASSES = { '88': [0.016, 0.0112], '72': [0.022, 0.014], '56': [0.034, 0.018], '40': [0.05, 0.025] } as const;

export const vehicleTypeSchema = z.object({
  id,
  name,
  system: z.enum(['hauled', 'stationary']),
  /** Hauled: container volume (m3). Stationary: truck body volume v (m3). */
  volumeM3: positive,
  /** Stationary only: compaction ratio r (loose volume per body volume). */
  compactionRatio: z.number().min(1, 'must be >= 1').max(6, 'must be <= 6').default(1),
  /** Loose density of waste in containers, t/m3. */
  looseDensityTPerM3: positive,
  /** Container fill factor f. */
  fillFactor: z.number().gt(0, 'must be > 0').max(1, 'must be <= 1').default(1),
  /** Stationary: volume of one collection container c (m3). */
  containerVolumeM3: positive.optional(),
  legalPayloadT: positive,
  pickupHours: nonNeg,        // pc (hauled) or uc per container (stationary)
  unloadHours: nonNeg.default(0), // uc (hauled only)
  betweenStopsHours: nonNeg,  // dbc
  atSiteHours: nonNeg,        // s
  speedClassKmh: z.enum(['88', '72', '56', '40']).default('40'),
  workdayHours: positive,     // H
  offRouteFactor: share.default(0.15), // W
  garageToFirstHours: nonNeg, // t1
  lastToGarageHours: nonNeg,  // t2
  crewPerVehicle: positive,
  wagePerDay: nonNegMoney,
  workingDaysPerYear: z.number().int('must be a whole number').min(1, 'must be >= 1').max(366, 'must be <= 366'),
  capital: capitalSchema,
  maintenanceShareOfCapital: share.default(0.1),
  fuelLitresPerKm: nonNeg,
  fuelPricePerLitre: nonNegMoney,
  provenance,
});

/** A leg from a transfer point to a destination site, with its round-trip distance x. */
const legSchema = z.object({ siteId: id, roundTripKm: nonNeg });

export const transferPointSchema = z.object({
  id,
  name,
  /** tps: a collection point with containers; station: a transfer station; direct: trucks load at the curb (no storage). */
  kind: z.enum(['tps', 'station', 'direct']).default('tps'),
  zoneId: id.optional(),
  containers: z.number().int('must be a whole number').min(0, 'must be >= 0').default(0),
  containerVolumeM3: nonNeg.default(0),
  /** Waste that can wait at the point before it overflows (t). */
  storageLimitT: nonNeg,
  vehicleTypeId: id,
  /** Vehicles assigned (fractional when a vehicle is shared between points). */
  vehicles: nonNeg,
  shiftsPerDay: z.number().int('must be a whole number').min(1, 'must be >= 1').max(3, 'must be <= 3').default(1),
  /** Stationary system: pick-up locations per trip n_p. */
  pickupLocationsPerTrip: z.number().int('must be a whole number').min(1, 'must be >= 1').default(1),
  /** Ordered: treatment sites first, then the disposal site (a landfill), each with its round-trip distance. */
  legs: z.array(legSchema).min(1, 'needs at least a disposal site'),
  capital: capitalSchema.optional(),
  omPerYear: nonNegMoney.default('0'),
  /** Transfer station economics for the break-even distance D* (MODEL.md section 4). */
  station: z
    .object({
      collectionVehicleHourlyCost: nonNegMoney,
      collectionPayloadT: positive,
      transferVehicleHourlyCost: nonNegMoney,
      transferPayloadT: positive,
      averageSpeedKmh: positive,
    })
    .optional(),
  provenance,
});

const compostingParams = z.object({
  rejectShare: share.default(0.15),
  moistureIn: share.default(0.7),
  volatileSolids: share.default(0.75),
  vsDegraded: share.default(0.5),
  moistureOut: z.number().min(0, 'must be >= 0').lt(1, 'must be < 1').default(0.35),
  shareSold: share.default(1),
  pricePerT: nonNegMoney.default('0'),
});
const incinerationParams = z.object({
  bottomAshShare: share.default(0.22),
  flyAshShare: share.default(0.03),
  netMWhPerT: nonNeg.default(0),
  tariffPerMWh: nonNegMoney.default('0'),
  hazardousDisposalPerT: nonNegMoney.default('0'),
});

export const facilitySchema = z.object({
  id,
  name,
  kind: z.enum(['composting', 'recovery', 'incinerator']),
  capacityTPerDay: nonNeg,
  operatingDaysPerYear: z.number().int('must be a whole number').min(1, 'must be >= 1').max(366, 'must be <= 366').default(365),
  openYear: year.optional(),
  closeYear: year.optional(),
  /** Share of each fraction in the waste reaching it that the facility takes (composting: kitchen, garden; recovery: recyclables; incinerator: usually 1 for all). */
  capture: shareByFraction,
  /** Recovery: share of intake that is residue (to landfill). */
  residueShare: share.default(0),
  /** Recovery: sale price per tonne by fraction. */
  salePricePerT: z.record(z.string(), nonNegMoney).default({}),
  composting: compostingParams.optional(),
  incineration: incinerationParams.optional(),
  residueLandfillId: id.optional(),
  capital: capitalSchema.optional(),
  omPerT: nonNegMoney.default('0'),
  omPerYear: nonNegMoney.default('0'),
  /** Gate fee paid by the city per tonne delivered (BOT / PPP operator). */
  gateFeePerT: nonNegMoney.default('0'),
  provenance,
});

export const coverSchema = z.discriminatedUnion('method', [
  /** f: share of airspace taken by soil cover. */
  z.object({ method: z.literal('share'), value: z.number().min(0, 'must be >= 0').lt(1, 'must be < 1') }),
  /** R:1 waste to soil volume ratio: f = 1/(R+1). */
  z.object({ method: z.literal('wasteToSoilRatio'), value: positive }),
  /** E = (waste + cover)/waste: f = 1 - 1/E. */
  z.object({ method: z.literal('multiplier'), value: z.number().min(1, 'must be >= 1') }),
]);

export const landfillSchema = z.object({
  id,
  name,
  remainingAirspaceM3: nonNeg,
  densityTPerM3: positive.default(0.8),
  cover: coverSchema.default({ method: 'share', value: 0.15 }),
  /** Tonnes placed before the base year (for the GASB 18 accrual). */
  usedBeforeBaseT: nonNeg.default(0),
  openYear: year.optional(),
  openMonth: month.optional(),
  closureYear: year.optional(),
  closure: z
    .object({
      totalEstimate: nonNegMoney,
      postClosureYears: z.number().int('must be a whole number').min(0, 'must be >= 0').max(100, 'must be <= 100').default(30),
    })
    .optional(),
  tippingFeePerT: nonNegMoney.default('0'),
  omPerT: nonNegMoney.default('0'),
  omPerYear: nonNegMoney.default('0'),
  capital: capitalSchema.optional(),
  provenance,
});

export const scavengerGroupSchema = z.object({
  id,
  name,
  location: z.enum(['source', 'transferPoint', 'landfill', 'street']),
  /** Where they work: transfer point or landfill ids; empty = all points of that kind. */
  siteIds: z.array(id).default([]),
  headcount: nonNeg,
  workingDaysPerYear: z.number().int('must be a whole number').min(1, 'must be >= 1').max(366, 'must be <= 366'),
  maxKgPerPickerDay: nonNeg,
  captureEfficiency: share,
  pricePerKg: z.record(z.string(), nonNegMoney),
  middlemanShare: share.default(0),
  provenance,
});

export const integrationSchema = z.object({
  id,
  name,
  groupId: id,
  hired: nonNeg,
  wagePerDay: nonNegMoney,
  daysPerYear: z.number().int('must be a whole number').min(1, 'must be >= 1').max(366, 'must be <= 366'),
  stage: stageSchema.default('formalRecovery'),
  provenance,
});

export const industrialStreamSchema = z.object({
  id,
  name,
  tonnesPerYear: nonNeg,
  growth: rate.default(0),
  utilisationRate: share,
  /** Per tonne utilised: revenue if positive, cost if negative. */
  netRevenuePerTUtilised: moneySchema.default('0'),
  /** The rest: disposal cost per tonne at a dedicated site. */
  disposalCostPerT: nonNegMoney.default('0'),
  provenance,
});

export const costLineSchema = z.object({
  id,
  description: name,
  stage: stageSchema,
  category: z.enum(['upFront', 'operating', 'backEnd', 'overhead']),
  amountPerYear: nonNegMoney,
  fromYear: year.optional(),
  toYear: year.optional(),
  provenance,
});

export const feeSchema = z.object({
  id,
  name,
  payer: z.enum(['households', 'businesses']),
  stage: stageSchema,
  /** Households: per served household per month. Businesses: total per year. */
  basis: z.enum(['perHouseholdMonth', 'perYear']),
  amount: nonNegMoney,
  collectionRate: share.default(1),
  provenance,
});

const payerShares = z.record(z.string(), share);

export const settingsSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like IDR'),
  /** Decimals of the currency's minor unit used when amounts are booked (IDR 0, CNY 2). */
  minorUnit: z.number().int('must be a whole number').min(0, 'must be >= 0').max(4, 'must be <= 4'),
  baseYear: year,
  horizonYears: z.number().int('must be a whole number').min(1, 'must be >= 1').max(60, 'must be <= 60').default(20),
  discountRate: z.number().min(0, 'must be >= 0').max(0.5, 'must be <= 0.5'),
  /** Interest rate for the capital recovery factor; defaults to the discount rate. */
  capitalInterestRate: z.number().min(0, 'must be >= 0').max(0.5, 'must be <= 0.5').optional(),
  costMethod: z.enum(['capitalRecovery', 'straightLine']).default('capitalRecovery'),
  overheadBasis: z.enum(['tonnes', 'directCost', 'labourHours']).default('tonnes'),
  collectionDaysPerWeek: z.number().int('must be a whole number').min(1, 'must be >= 1').max(7, 'must be <= 7').default(7),
  /** 12 monthly factors on generation, day-weighted mean 1. */
  seasonalFactors: z.array(z.number().min(0, 'must be >= 0').max(5, 'must be <= 5')).length(12, 'needs 12 monthly factors').optional(),
  incomeThresholdPerDay: nonNegMoney,
  landfillFallbackOrder: z.array(id).default([]),
  /** Share of secondary haul operated by contractors, and their price per tonne hauled. */
  haulOutsourcedShare: share.default(0),
  haulContractPricePerT: nonNegMoney.default('0'),
  /** Cost per tonne of disposal without a site (emergency dumping, clean-up) once no landfill is open; 0 = not costed. */
  withoutSiteCostPerT: nonNegMoney.default('0'),
  /** Who bears each stage's net cost: stage -> payer -> share (sums to 1). Missing stage: city budget 100%. */
  payerShares: z.record(z.string(), payerShares).default({}),
  provenance,
});

export const changeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('set'),
    fromYear: year,
    /** "settings/discountRate", "transferPoints/tps-12/vehicles", "zones/*\/coverage" (all records). */
    path: z.string().min(3, 'must have at least 3 characters').max(300, 'must be at most 300 characters'),
    value: z.unknown(),
    note: z.string().max(500, 'must be at most 500 characters').optional(),
  }),
  z.object({
    op: z.literal('add'),
    fromYear: year,
    collection: z.enum([
      'zones', 'transferPoints', 'vehicleTypes', 'facilities', 'landfills', 'scavengerGroups',
      'integration', 'costLines', 'fees', 'primarySystems', 'industrialStreams',
    ]),
    item: z.record(z.string(), z.unknown()),
    note: z.string().max(500, 'must be at most 500 characters').optional(),
  }),
  z.object({
    op: z.literal('retire'),
    fromYear: year,
    collection: z.enum([
      'zones', 'transferPoints', 'vehicleTypes', 'facilities', 'landfills', 'scavengerGroups',
      'integration', 'costLines', 'fees', 'primarySystems', 'industrialStreams',
    ]),
    id,
    note: z.string().max(500, 'must be at most 500 characters').optional(),
  }),
]);

export const scenarioSchema = z.object({
  id,
  name,
  /** A sentence or two on what the scenario assumes; printed in reports. */
  assumptions: z.string().max(2000, 'must be at most 2000 characters').default(''),
  changes: z.array(changeSchema).default([]),
});

export const sourceSchema = z.object({
  id: z.string().min(1, 'is required').max(120, 'must be at most 120 characters'),
  citation: z.string().min(1, 'is required').max(1000, 'must be at most 1000 characters'),
  url: z.string().max(500, 'must be at most 500 characters').optional(),
});

export const cityFileSchema = z.object({
  fileVersion: z.literal(CITY_FILE_VERSION),
  city: z.object({
    id,
    name,
    country: z.string().max(120, 'must be at most 120 characters').default(''),
    description: z.string().max(4000, 'must be at most 4000 characters').default(''),
  }),
  settings: settingsSchema,
  fractions: z.array(fractionSchema).min(1, 'needs at least one'),
  zones: z.array(zoneSchema).min(1, 'needs at least one'),
  primarySystems: z.array(primarySystemSchema).default([]),
  vehicleTypes: z.array(vehicleTypeSchema).min(1, 'needs at least one'),
  transferPoints: z.array(transferPointSchema).min(1, 'needs at least one'),
  facilities: z.array(facilitySchema).default([]),
  landfills: z.array(landfillSchema).min(1, 'needs at least one'),
  scavengerGroups: z.array(scavengerGroupSchema).default([]),
  integration: z.array(integrationSchema).default([]),
  industrialStreams: z.array(industrialStreamSchema).default([]),
  costLines: z.array(costLineSchema).default([]),
  fees: z.array(feeSchema).default([]),
  scenarios: z.array(scenarioSchema).default([]),
  sources: z.array(sourceSchema).default([]),
});

export type CityFile = z.infer<typeof cityFileSchema>;
export type CityFileInput = z.input<typeof cityFileSchema>;
export type Settings = CityFile['settings'];
export type Fraction = CityFile['fractions'][number];
export type Zone = CityFile['zones'][number];
export type PrimarySystem = CityFile['primarySystems'][number];
export type VehicleType = CityFile['vehicleTypes'][number];
export type TransferPoint = CityFile['transferPoints'][number];
export type Facility = CityFile['facilities'][number];
export type Landfill = CityFile['landfills'][number];
export type ScavengerGroup = CityFile['scavengerGroups'][number];
export type Integration = CityFile['integration'][number];
export type IndustrialStream = CityFile['industrialStreams'][number];
export type CostLine = CityFile['costLines'][number];
export type Fee = CityFile['fees'][number];
export type Scenario = CityFile['scenarios'][number];
export type Change = Scenario['changes'][number];
export type Capital = z.infer<typeof capitalSchema>;
export type Cover = z.infer<typeof coverSchema>;

export const COLLECTIONS = [
  'zones', 'transferPoints', 'vehicleTypes', 'facilities', 'landfills', 'scavengerGroups',
  'integration', 'costLines', 'fees', 'primarySystems', 'industrialStreams',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** The schema of one record of each collection (and of a fraction), for checking records one at a time. */
export const RECORD_SCHEMAS: Readonly<Record<CollectionName | 'fractions', z.ZodType>> = {
  fractions: fractionSchema,
  zones: zoneSchema,
  primarySystems: primarySystemSchema,
  vehicleTypes: vehicleTypeSchema,
  transferPoints: transferPointSchema,
  facilities: facilitySchema,
  landfills: landfillSchema,
  scavengerGroups: scavengerGroupSchema,
  integration: integrationSchema,
  industrialStreams: industrialStreamSchema,
  costLines: costLineSchema,
  fees: feeSchema,
};
