/**
 * The field registry: every editable field of every collection of the city
 * file (docs/city-file.md), of the settings, of the composition and of the
 * seasonal factors, with its label, unit, kind and one line of help. Forms,
 * record pages, CSV/XLSX columns and translations read it, so a field is
 * described once.
 *
 * Keys are paths inside one record: "name", "capital.unitCost" (a nested
 * object), "legs[].roundTripKm" (a column of repeatable sub-rows). Units use
 * "{currency}" for the city's currency ("{currency}/t" reads "IDR/t").
 *
 * Forms post flat names without brackets, so any body parser leaves them
 * alone: "capital.unitCost", "legs.0.roundTripKm", "capture.kitchen" (one
 * value per fraction), "_prov.legs.status". formToRecord turns such a body
 * into a record (money stays a decimal string; an empty optional field is
 * left out so the schema's default applies); recordToForm is its inverse.
 *
 * Example: formToRecord('landfills', { id: 'tpa-baru', name: 'New landfill', remainingAirspaceM3: '2000000' })
 *          -> { ok: true, value: { id: 'tpa-baru', name: 'New landfill', remainingAirspaceM3: 2000000, ... } }
 *          formToRecord('landfills', { ..., remainingAirspaceM3: '2,000,000' })
 *          -> { ok: false, fieldErrors: { remainingAirspaceM3: 'must be a number like 12.5 (with . as the decimal point, no separators)' } }
 */
import { COLLECTIONS, moneySchema, PAYERS, STAGES, type CityFile, type CollectionName } from '../model/cityFile.js';
import { INTL_LOCALE, translator, type Lang } from '../i18n/index.js';
import { PAYER_LABELS, STAGE_LABELS } from './cityPage.js';
import { localeFormatter, numberForInput, parseLocaleNumber, SEPARATORS } from './locale.js';
import { problemText } from './problemText.js';

export type FieldKind = 'number' | 'integer' | 'share' | 'money' | 'text' | 'enum' | 'boolean' | 'ref' | 'fractionMap' | 'rows';

/**
 * What a reference points at: a collection, the city's fractions, any site of
 * a leg (facilities and landfills), or the sites of a scavenger group (zones,
 * transfer points or landfills, by the group's location).
 */
export type RefTarget = CollectionName | 'fractions' | 'sites' | 'scavengerSites';

/** The collections of records, plus the three city-wide pages. */
export type FieldCollection = CollectionName | 'settings' | 'composition' | 'seasonal';

export interface FieldDef {
  /** Path inside the record: "name", "capital.unitCost", "legs[].roundTripKm". */
  key: string;
  /** English label. */
  label: string;
  /** "km", "t/day", "{currency}/t"; "" for none. */
  unit: string;
  kind: FieldKind;
  /** One line, in engineer's terms (docs/city-file.md). */
  help: string;
  /** Must be given (no default). In an optional group: required once the group is given. */
  required: boolean;
  /** The value the schema uses when the field is left out. */
  default?: string | number | boolean;
  /** enum: the allowed values, and their labels. */
  options?: readonly string[];
  optionLabels?: Readonly<Record<string, string>>;
  /** enum: the catalog area of the option labels when they are shared (stages.*, payers.*); otherwise fields.options.<collection>.<key>.*. */
  optionMessages?: 'stages' | 'payers';
  /** ref: what the id refers to. */
  ref?: RefTarget;
  /** fractionMap: the kind of each fraction's value. */
  valueKind?: 'share' | 'money';
  /** rows: the columns, keyed "legs[].siteId" ("siteIds[]" for a list of plain values). */
  columns?: readonly FieldDef[];
  /** rows: an array of objects, an array of plain values, or settings.payerShares (stage -> payer -> share) as rows. */
  rowsShape?: 'objects' | 'values' | 'stageShares';
  /** rows: exactly this many rows, each labelled (the 12 months). */
  fixedRows?: readonly string[];
  /** The record's field whose provenance entry covers this one ("capital" for "capital.unitCost"). */
  provenanceKey: string;
  /** For "capital.unitCost": the nested object, its label, and whether it may be left out as a whole. */
  group?: { key: string; label: string; optional: boolean };
  /** Only given when the record is created (ids). */
  createOnly?: boolean;
  /** On a translated definition (localizedFields): the English one it translates. */
  english?: FieldDef;
}

// ---------------------------------------------------------------------------
// Building blocks

type Extra = Partial<Omit<FieldDef, 'key' | 'label' | 'unit' | 'kind' | 'help'>>;

function field(key: string, kind: FieldKind, label: string, unit: string, help: string, extra: Extra = {}): FieldDef {
  const top = key.split(/[.[]/)[0];
  return { key, label, unit, kind, help, required: extra.default === undefined, provenanceKey: top, ...extra };
}
const opt = (extra: Extra = {}): Extra => ({ required: false, ...extra });

const idField = (what: string): FieldDef =>
  field('id', 'text', 'Id', '', `Slug naming this ${what}: lower-case letters, digits and hyphens; other records refer to it, so it cannot change.`, { createOnly: true });
const nameField = (what: string, help = `Name of the ${what} as people know it.`): FieldDef => field('name', 'text', 'Name', '', help);

function enumField(key: string, label: string, options: readonly string[], labels: Record<string, string>, help: string, extra: Extra = {}): FieldDef {
  return field(key, 'enum', label, '', help, { options, optionLabels: labels, ...extra });
}

const STAGE_OPTIONS: Record<string, string> = { ...STAGE_LABELS };
const PAYER_OPTIONS: Record<string, string> = { ...PAYER_LABELS };

/** The three fields of a capital item (MODEL.md section 8) under `key`. */
function capitalFields(key: string, label: string, optional: boolean, what: string): FieldDef[] {
  const group = { key, label, optional };
  return [
    field(`${key}.unitCost`, 'money', 'Unit cost', '{currency}', `Purchase price P of one ${what}.`, { group }),
    field(`${key}.lifeYears`, 'integer', 'Life', 'years', `Service life n of one ${what}, 1-100 years.`, { group }),
    field(`${key}.salvage`, 'money', 'Salvage value', '{currency}', `Value S of one ${what} at the end of its life.`, { group, default: '0' }),
  ];
}

// ---------------------------------------------------------------------------
// The registry

const zones = [
  idField('zone'),
  nameField('zone', 'District, kecamatan or bulk source (a market, street sweeping).'),
  field('region', 'text', 'Region', '', 'Descriptive: the larger area the zone lies in (e.g. Surabaya Barat).', opt()),
  enumField('kind', 'Kind', ['household', 'bulk'], { household: 'Households (population x rate)', bulk: 'Bulk source (t/day)' },
    'Household zones generate population x per-capita rate; bulk sources (markets, sweeping) are given in t/day.', { default: 'household' }),
  field('population', 'number', 'Population', 'people', 'Residents at 1 January of the base year.', { default: 0 }),
  field('populationGrowth', 'number', 'Population growth', '/yr', 'Growth rate as a decimal (0.01 = 1 %/yr), > -1; also grows the households.', { default: 0 }),
  field('households', 'number', 'Households', 'households', 'Households at the base year (for fees and primary collection).', { default: 0 }),
  field('generationKgPerCapDay', 'number', 'Generation per person', 'kg/cap/day', 'Per-capita generation g0 of a household zone.', { default: 0 }),
  field('generationGrowth', 'number', 'Generation growth', '/yr', 'Growth of the per-capita rate (and of a bulk source\'s t/day), as a decimal.', { default: 0 }),
  field('bulkTonnesPerDay', 'number', 'Bulk generation', 't/day', 'Bulk sources only: tonnes a day at the base year.', { default: 0 }),
  field('coverage', 'share', 'Coverage', 'share', 'Share of set-out that enters the formal system (0-1).'),
  field('sourceDiversion', 'fractionMap', 'Source diversion', 'share', 'Share of each fraction kept out at the household (home composting, waste banks, itinerant buyers).', { default: '{}', valueKind: 'share' }),
  field('composition', 'fractionMap', 'Own composition', 'share', 'The zone\'s own mass shares by fraction, summing to 1; leave empty to use the city\'s.', opt({ valueKind: 'share' })),
  field('routing', 'rows', 'Routing', '', 'Transfer points the collected waste goes to, with shares summing to 1.', {
    rowsShape: 'objects',
    columns: [
      field('routing[].transferPointId', 'ref', 'Transfer point', '', 'A transfer point receiving part of the zone\'s collected waste.', { ref: 'transferPoints', provenanceKey: 'routing' }),
      field('routing[].share', 'share', 'Share', 'share', 'Share of the zone\'s collected waste going there (0-1).', { provenanceKey: 'routing' }),
    ],
  }),
  field('primarySystemId', 'ref', 'Primary system', '', 'The door-to-door collection system serving the zone.', opt({ ref: 'primarySystems' })),
];

const primarySystems = [
  idField('primary system'),
  nameField('primary system', 'A way of door-to-door collection (handcarts, motor carts) that zones refer to.'),
  field('householdsPerCartPerDay', 'number', 'Households per cart', 'households/cart/day', 'Households one cart serves in a day (> 0).'),
  field('collectionsPerWeek', 'number', 'Collections per week', '/week', 'Rounds a week per household, 1-7.', { default: 7 }),
  field('crewPerCart', 'number', 'Crew per cart', 'people', 'People working one cart (> 0).'),
  field('wagePerDay', 'money', 'Wage', '{currency}/person-day', 'Wage per person-day of the crew.'),
  field('workingDaysPerYear', 'integer', 'Working days', 'days/yr', 'Days a year the crews are paid, 1-366.'),
  ...capitalFields('cart', 'Cart', false, 'cart'),
  field('maintenanceShareOfCapital', 'share', 'Maintenance', 'share of unit cost /yr', 'Maintenance per cart per year as a share of its unit cost.', { default: 0.1 }),
  field('fuelPerCartDay', 'money', 'Fuel', '{currency}/cart-day', 'Fuel cost per cart-day (motor carts).', { default: '0' }),
];

const vehicleTypes = [
  idField('vehicle type'),
  nameField('vehicle type', 'A secondary haul vehicle (arm-roll, compactor) and its trip-model parameters.'),
  enumField('system', 'Container system', ['hauled', 'stationary'], { hauled: 'Hauled container', stationary: 'Stationary container' },
    'Hauled container (arm-roll, hook-lift) or stationary container (compactor) trip model.'),
  field('volumeM3', 'number', 'Volume', 'm3', 'Hauled: container volume. Stationary: truck body volume v.'),
  field('compactionRatio', 'number', 'Compaction ratio', '', 'Stationary: r, loose volume per body volume, 1-6.', { default: 1 }),
  field('looseDensityTPerM3', 'number', 'Loose density', 't/m3', 'Density of loose waste in the containers (> 0).'),
  field('fillFactor', 'share', 'Fill factor', 'share', 'Container fill factor f, in (0, 1].', { default: 1 }),
  field('containerVolumeM3', 'number', 'Collection container volume', 'm3', 'Stationary: volume c of one collection container; required for stationary.', opt()),
  field('legalPayloadT', 'number', 'Legal payload', 't', 'Legal payload; caps the payload per trip.'),
  field('pickupHours', 'number', 'Pick-up time', 'h', 'Hauled: pc, pick up a loaded container. Stationary: uc, per container emptied.'),
  field('unloadHours', 'number', 'Unload time', 'h', 'Hauled: uc, unload the empty container.', { default: 0 }),
  field('betweenStopsHours', 'number', 'Between stops', 'h', 'dbc, driving between stops.'),
  field('atSiteHours', 'number', 'At the site', 'h', 's, time at the destination per trip.'),
  enumField('speedClassKmh', 'Speed class', ['88', '72', '56', '40'], { '88': '88 km/h', '72': '72 km/h', '56': '56 km/h', '40': '40 km/h' },
    'Selects the constants (a, b) of the haul time a + b x.', { default: '40' }),
  field('workdayHours', 'number', 'Workday', 'h', 'H, hours of a working day (> 0).'),
  field('offRouteFactor', 'share', 'Off-route factor', 'share', 'W, share of the day off route.', { default: 0.15 }),
  field('garageToFirstHours', 'number', 'Garage to first stop', 'h', 't1, from the garage to the first stop.'),
  field('lastToGarageHours', 'number', 'Last stop to garage', 'h', 't2, from the last stop back to the garage.'),
  field('crewPerVehicle', 'number', 'Crew per vehicle', 'people', 'People per vehicle and shift (> 0).'),
  field('wagePerDay', 'money', 'Wage', '{currency}/person-day', 'Wage per person-day of the crew.'),
  field('workingDaysPerYear', 'integer', 'Working days', 'days/yr', 'Days a year the crews are paid, 1-366.'),
  ...capitalFields('capital', 'Capital (one vehicle)', false, 'vehicle'),
  field('maintenanceShareOfCapital', 'share', 'Maintenance', 'share of unit cost /yr', 'Maintenance per vehicle per year as a share of its unit cost.', { default: 0.1 }),
  field('fuelLitresPerKm', 'number', 'Fuel use', 'l/km', 'Litres of fuel per km driven.'),
  field('fuelPricePerLitre', 'money', 'Fuel price', '{currency}/l', 'Price of a litre of fuel.'),
];

const stationGroup = { key: 'station', label: 'Transfer station economics', optional: true };
const transferPoints = [
  idField('transfer point'),
  nameField('transfer point', 'A TPS, depot, transfer station or curb where collected waste waits for the haul.'),
  enumField('kind', 'Kind', ['tps', 'station', 'direct'], { tps: 'TPS with containers', station: 'Transfer station', direct: 'Direct loading at the curb' },
    'Descriptive: a TPS with containers, a transfer station, or direct loading at the curb.', { default: 'tps' }),
  field('zoneId', 'ref', 'Zone', '', 'Descriptive: the zone the point stands in.', opt({ ref: 'zones' })),
  field('containers', 'integer', 'Containers', 'containers', 'Descriptive: number of containers at the point.', { default: 0 }),
  field('containerVolumeM3', 'number', 'Container volume', 'm3', 'Descriptive: volume of one container.', { default: 0 }),
  field('storageLimitT', 'number', 'Storage limit', 't', 'What can wait at the point before it overflows.'),
  field('vehicleTypeId', 'ref', 'Vehicle type', '', 'The type of the vehicles hauling from this point.', { ref: 'vehicleTypes' }),
  field('vehicles', 'number', 'Vehicles', 'vehicles', 'Vehicles assigned; fractional when a vehicle is shared between points.'),
  field('shiftsPerDay', 'integer', 'Shifts', 'shifts/day', 'Haul shifts a day, 1-3.', { default: 1 }),
  field('pickupLocationsPerTrip', 'integer', 'Pick-up locations per trip', '', 'Stationary system: n_p, containers emptied per trip.', { default: 1 }),
  field('legs', 'rows', 'Legs', '', 'Destinations of the haul in order: treatment facilities first, the landfill last.', {
    rowsShape: 'objects',
    columns: [
      field('legs[].siteId', 'ref', 'Site', '', 'A treatment facility, or (last leg) a landfill.', { ref: 'sites', provenanceKey: 'legs' }),
      field('legs[].roundTripKm', 'number', 'Round trip', 'km', 'Round-trip distance x to the site.', { provenanceKey: 'legs' }),
    ],
  }),
  ...capitalFields('capital', 'Capital (the point itself)', true, 'point (pad, walls, containers)'),
  field('omPerYear', 'money', 'Operation and maintenance', '{currency}/yr', 'Yearly cost of running the point.', { default: '0' }),
  field('station.collectionVehicleHourlyCost', 'money', 'Collection vehicle cost', '{currency}/h', 'Hourly cost of a collection vehicle, for the break-even distance D*.', { group: stationGroup }),
  field('station.collectionPayloadT', 'number', 'Collection vehicle payload', 't', 'Payload of a collection vehicle (> 0).', { group: stationGroup }),
  field('station.transferVehicleHourlyCost', 'money', 'Transfer vehicle cost', '{currency}/h', 'Hourly cost of a long-haul transfer vehicle.', { group: stationGroup }),
  field('station.transferPayloadT', 'number', 'Transfer vehicle payload', 't', 'Payload of a transfer vehicle (> 0).', { group: stationGroup }),
  field('station.averageSpeedKmh', 'number', 'Average speed', 'km/h', 'Average haul speed (> 0).', { group: stationGroup }),
];

const compostGroup = { key: 'composting', label: 'Composting', optional: true };
const incinerationGroup = { key: 'incineration', label: 'Incineration', optional: true };
const facilities = [
  idField('facility'),
  nameField('facility', 'A composting centre, recovery facility (waste bank hub, TPS-3R, MRF) or incinerator.'),
  enumField('kind', 'Kind', ['composting', 'recovery', 'incinerator'], { composting: 'Composting', recovery: 'Recovery', incinerator: 'Incinerator' },
    'What the facility does with the waste it takes.'),
  field('capacityTPerDay', 'number', 'Capacity', 't/day', 'Tonnes it can take on an operating day.'),
  field('operatingDaysPerYear', 'integer', 'Operating days', 'days/yr', 'Capacity a year = capacity x operating days, 1-366.', { default: 365 }),
  field('openYear', 'integer', 'Opens', 'year', 'Open from 1 January of this year; empty: open from the start.', opt()),
  field('closeYear', 'integer', 'Closes', 'year', 'Open through 31 December of this year; empty: never closes.', opt()),
  field('capture', 'fractionMap', 'Capture', 'share', 'Share of each fraction reaching it that it takes (composting: kitchen, garden; recovery: recyclables).', { valueKind: 'share' }),
  field('residueShare', 'share', 'Residue', 'share', 'Recovery: share of intake that is residue, sent to a landfill.', { default: 0 }),
  field('salePricePerT', 'fractionMap', 'Sale price', '{currency}/t', 'Recovery: sale price per tonne by fraction.', { default: '{}', valueKind: 'money' }),
  field('composting.rejectShare', 'share', 'Rejects', 'share', 'Share of compost feed screened out and landfilled.', { group: compostGroup, default: 0.15 }),
  field('composting.moistureIn', 'share', 'Moisture of feed', 'share', 'Water share of the feed.', { group: compostGroup, default: 0.7 }),
  field('composting.volatileSolids', 'share', 'Volatile solids', 'share of dry matter', 'Volatile share of the feed\'s dry matter.', { group: compostGroup, default: 0.75 }),
  field('composting.vsDegraded', 'share', 'Volatile solids degraded', 'share', 'Share of the volatile solids broken down.', { group: compostGroup, default: 0.5 }),
  field('composting.moistureOut', 'share', 'Moisture of compost', 'share', 'Water share of the product, below 1.', { group: compostGroup, default: 0.35 }),
  field('composting.shareSold', 'share', 'Compost sold', 'share', 'Share of the compost product that is sold.', { group: compostGroup, default: 1 }),
  field('composting.pricePerT', 'money', 'Compost price', '{currency}/t', 'Sale price of a tonne of compost.', { group: compostGroup, default: '0' }),
  field('incineration.bottomAshShare', 'share', 'Bottom ash', 'share of intake', 'Bottom ash per tonne burnt, sent to a landfill.', { group: incinerationGroup, default: 0.22 }),
  field('incineration.flyAshShare', 'share', 'Fly ash', 'share of intake', 'Fly ash per tonne burnt, disposed of as hazardous waste.', { group: incinerationGroup, default: 0.03 }),
  field('incineration.netMWhPerT', 'number', 'Net electricity', 'MWh/t', 'Electricity sold per tonne burnt.', { group: incinerationGroup, default: 0 }),
  field('incineration.tariffPerMWh', 'money', 'Electricity tariff', '{currency}/MWh', 'Price paid for the electricity.', { group: incinerationGroup, default: '0' }),
  field('incineration.hazardousDisposalPerT', 'money', 'Fly ash disposal', '{currency}/t', 'Cost of disposing of a tonne of fly ash.', { group: incinerationGroup, default: '0' }),
  field('residueLandfillId', 'ref', 'Residue landfill', '', 'Where rejects, residue and bottom ash go; empty: the first of the fallback order.', opt({ ref: 'landfills' })),
  ...capitalFields('capital', 'Capital', true, 'facility'),
  field('omPerT', 'money', 'Operation per tonne', '{currency}/t', 'Operating cost per tonne taken.', { default: '0' }),
  field('omPerYear', 'money', 'Operation per year', '{currency}/yr', 'Fixed operating cost per year.', { default: '0' }),
  field('gateFeePerT', 'money', 'Gate fee', '{currency}/t', 'Paid by the city per tonne delivered (BOT/PPP operator).', { default: '0' }),
];

const coverGroup = { key: 'cover', label: 'Soil cover', optional: true };
const closureGroup = { key: 'closure', label: 'Closure and post-closure', optional: true };
const landfills = [
  idField('landfill'),
  nameField('landfill', 'A final disposal site: sanitary or controlled landfill, open dump.'),
  field('remainingAirspaceM3', 'number', 'Remaining airspace', 'm3', 'V_rem at 1 January of the base year.'),
  field('densityTPerM3', 'number', 'In-place density', 't/m3', 'Density of placed waste (0.5-0.6 for an uncompacted dump).', { default: 0.8 }),
  enumField('cover.method', 'Cover stated as', ['share', 'wasteToSoilRatio', 'multiplier'],
    { share: 'Share of airspace f', wasteToSoilRatio: 'Waste to soil ratio R:1', multiplier: 'Multiplier E = (waste + cover) / waste' },
    'How the soil cover is stated: a share f, a ratio R:1 (f = 1/(R+1)) or a multiplier E (f = 1 - 1/E).', { group: coverGroup, default: 'share' }),
  field('cover.value', 'number', 'Cover value', '', 'f in [0, 1), R > 0, or E >= 1, by the method; leave both empty for a 0.15 share.', { group: coverGroup }),
  field('usedBeforeBaseT', 'number', 'Placed before the base year', 't', 'Tonnes placed before the base year (GASB 18 share used).', { default: 0 }),
  field('openYear', 'integer', 'Opens', 'year', 'Accepts waste from this year; empty: open from the start.', opt()),
  field('openMonth', 'integer', 'Opening month', 'month', 'Accepts waste from the first day of this month (1-12; January if empty).', opt()),
  field('closureYear', 'integer', 'Closes', 'year', 'Accepts waste through 31 December of this year.', opt()),
  field('closure.totalEstimate', 'money', 'Closure estimate', '{currency}', 'Closure and post-closure cost, accrued by share of capacity used.', { group: closureGroup }),
  field('closure.postClosureYears', 'integer', 'Post-closure care', 'years', 'Descriptive: years of care after closure, 0-100.', { group: closureGroup, default: 30 }),
  field('tippingFeePerT', 'money', 'Tipping fee', '{currency}/t', 'Paid by the city to the operator per tonne placed.', { default: '0' }),
  field('omPerT', 'money', 'Operation per tonne', '{currency}/t', 'Operating cost per tonne placed.', { default: '0' }),
  field('omPerYear', 'money', 'Operation per year', '{currency}/yr', 'Fixed operating cost per year.', { default: '0' }),
  ...capitalFields('capital', 'Capital', true, 'site'),
];

const scavengerGroups = [
  idField('scavenger group'),
  nameField('scavenger group', 'Scavengers who work at one kind of place with one set of rates.'),
  enumField('location', 'Works at', ['source', 'transferPoint', 'landfill', 'street'],
    { source: 'At source (zones)', transferPoint: 'Transfer points', landfill: 'Landfills', street: 'Street' },
    'Where they work (model.md, section 10).'),
  field('siteIds', 'rows', 'Sites', '', 'Zones (at source), transfer points or landfills they work at; none = all of that kind; street groups: none.', {
    default: '[]',
    rowsShape: 'values',
    columns: [field('siteIds[]', 'ref', 'Site', '', 'A zone, transfer point or landfill, by the group\'s location.', { ref: 'scavengerSites', provenanceKey: 'siteIds' })],
  }),
  field('headcount', 'number', 'Headcount', 'people', 'Scavengers in the group.'),
  field('workingDaysPerYear', 'integer', 'Working days', 'days/yr', 'Days a year they work, 1-366.'),
  field('maxKgPerPickerDay', 'number', 'Labour capacity', 'kg/picker-day', 'What one scavenger can recover in a day.'),
  field('captureEfficiency', 'share', 'Capture', 'share', 'Share of their materials passing their point they can take.'),
  field('pricePerKg', 'fractionMap', 'Price at first sale', '{currency}/kg', 'Price per kg by fraction; the fractions listed are the ones they pick.', { valueKind: 'money' }),
  field('middlemanShare', 'share', 'Middleman\'s share', 'share', 'Share of the price kept by the buyer at first sale.', { default: 0 }),
];

const integration = [
  idField('integration programme'),
  nameField('integration programme', 'A programme hiring scavengers into formal jobs at a wage.'),
  field('groupId', 'ref', 'Scavenger group', '', 'The group they come from; its headcount falls by the people hired.', { ref: 'scavengerGroups' }),
  field('hired', 'number', 'People hired', 'people', 'People hired by the programme.'),
  field('wagePerDay', 'money', 'Wage', '{currency}/person-day', 'Wage per person-day.'),
  field('daysPerYear', 'integer', 'Days worked', 'days/yr', 'Paid days a year, 1-366.'),
  enumField('stage', 'Stage', STAGES, STAGE_OPTIONS, 'The stage that pays the wages.', { default: 'formalRecovery', optionMessages: 'stages' }),
];

const industrialStreams = [
  idField('industrial stream'),
  nameField('industrial stream', 'Industrial solid waste computed apart: coal slag, steel slag, coal ash ...'),
  field('tonnesPerYear', 'number', 'Generation', 't/yr', 'Tonnes a year at the base year.'),
  field('growth', 'number', 'Growth', '/yr', 'Growth rate as a decimal (0.05 = 5 %/yr), > -1.', { default: 0 }),
  field('utilisationRate', 'share', 'Utilisation', 'share', 'Share used (cement, bricks, road base).'),
  field('netRevenuePerTUtilised', 'money', 'Net revenue per tonne used', '{currency}/t', 'Revenue per tonne utilised if positive, cost if negative.', { default: '0' }),
  field('disposalCostPerT', 'money', 'Disposal cost', '{currency}/t', 'Cost per tonne of the rest, at a dedicated site.', { default: '0' }),
];

const costLines = [
  idField('cost line'),
  field('description', 'text', 'Description', '', 'What the cost is (offices, a contract, administration).'),
  enumField('stage', 'Stage', STAGES, STAGE_OPTIONS, 'The stage the cost belongs to; administration is allocated to the others as overhead.', { optionMessages: 'stages' }),
  enumField('category', 'Category', ['upFront', 'operating', 'backEnd', 'overhead'],
    { upFront: 'Up-front', operating: 'Operating', backEnd: 'Back-end', overhead: 'Overhead' }, 'Full-cost-accounting category.'),
  field('amountPerYear', 'money', 'Amount', '{currency}/yr', 'Amount a year.'),
  field('fromYear', 'integer', 'From', 'year', 'First year the line applies (in the horizon); empty: from the base year.', opt()),
  field('toYear', 'integer', 'To', 'year', 'Last year the line applies (inclusive); empty: to the end of the horizon.', opt()),
];

const fees = [
  idField('fee'),
  nameField('fee', 'A charge paid by households or businesses for a stage (retribusi, iuran RT/RW).'),
  enumField('payer', 'Paid by', ['households', 'businesses'], { households: 'Households', businesses: 'Businesses' }, 'Who pays the fee.', { optionMessages: 'payers' }),
  enumField('stage', 'Stage', STAGES, STAGE_OPTIONS, 'The stage the fee pays for.', { optionMessages: 'stages' }),
  enumField('basis', 'Basis', ['perHouseholdMonth', 'perYear'], { perHouseholdMonth: 'Per household and month', perYear: 'Total per year' },
    'Per served household per month, or a total per year.'),
  field('amount', 'money', 'Amount', '{currency} per basis', 'Per household-month or per year, by the basis.'),
  field('collectionRate', 'share', 'Collection rate', 'share', 'Share of the fee actually paid.', { default: 1 }),
];

const settings = [
  field('currency', 'text', 'Currency', '', 'ISO 4217 code: IDR, CNY, ...'),
  field('minorUnit', 'integer', 'Minor unit', 'decimals', 'Decimals at which amounts are booked: 0 for IDR, 2 for CNY.'),
  field('baseYear', 'integer', 'Base year', 'year', 'First year of the run; capacities and populations are at 1 January of it.'),
  field('horizonYears', 'integer', 'Horizon', 'years', 'Years in the run, 1-60.', { default: 20 }),
  field('discountRate', 'number', 'Discount rate', '/yr', 'For NPV and levelised cost, as a decimal (0.1 = 10 %/yr), 0-0.5.'),
  field('capitalInterestRate', 'number', 'Capital interest rate', '/yr', 'Interest rate i of the capital recovery factor; empty: the discount rate.', opt()),
  enumField('costMethod', 'Cost method', ['capitalRecovery', 'straightLine'], { capitalRecovery: 'Capital recovery factor', straightLine: 'Straight-line depreciation' },
    'How up-front costs are annualised.', { default: 'capitalRecovery' }),
  enumField('overheadBasis', 'Overhead basis', ['tonnes', 'directCost', 'labourHours'], { tonnes: 'Tonnes', directCost: 'Direct cost', labourHours: 'Labour hours' },
    'Basis for allocating administration to the other stages.', { default: 'tonnes' }),
  field('collectionDaysPerWeek', 'integer', 'Collection days', 'days/week', 'Days a week vehicles haul, 1-7; the week starts on 1 January.', { default: 7 }),
  field('incomeThresholdPerDay', 'money', 'Income threshold', '{currency}/picker-day', 'Scavenger income per picker-day to compare with (minimum wage, poverty line).'),
  field('landfillFallbackOrder', 'rows', 'Landfill fallback order', '', 'Order in which landfills take waste a full or closed landfill cannot; others follow in file order.', {
    default: '[]',
    rowsShape: 'values',
    columns: [field('landfillFallbackOrder[]', 'ref', 'Landfill', '', 'A landfill, in fallback order.', { ref: 'landfills', provenanceKey: 'landfillFallbackOrder' })],
  }),
  field('haulOutsourcedShare', 'share', 'Haul outsourced', 'share', 'Share of secondary haul done by contractors.', { default: 0 }),
  field('haulContractPricePerT', 'money', 'Haul contract price', '{currency}/t', 'Contractors\' price per tonne hauled.', { default: '0' }),
  field('withoutSiteCostPerT', 'money', 'Disposal without a site', '{currency}/t', 'Cost per tonne once no landfill is open (emergency dumping, clean-up); 0 leaves it uncosted.', { default: '0' }),
  field('payerShares', 'rows', 'Payer shares', '', 'Who bears each stage\'s net cost; each stage\'s shares sum to 1; a stage not listed is paid by the city budget.', {
    default: '{}',
    rowsShape: 'stageShares',
    columns: [
      enumField('payerShares[].stage', 'Stage', STAGES, STAGE_OPTIONS, 'The stage.', { provenanceKey: 'payerShares', optionMessages: 'stages' }),
      enumField('payerShares[].payer', 'Payer', PAYERS, PAYER_OPTIONS, 'Who pays.', { provenanceKey: 'payerShares', optionMessages: 'payers' }),
      field('payerShares[].share', 'share', 'Share', 'share', 'Share of the stage\'s net cost this payer bears.', { provenanceKey: 'payerShares' }),
    ],
  }),
];

const composition = [
  field('fractions', 'rows', 'Composition', '', 'Waste fractions and their mass shares of set-out waste, summing to 1.', {
    rowsShape: 'objects',
    columns: [
      field('fractions[].id', 'text', 'Id', '', 'Slug of the fraction (kitchen, paper ...); zones, facilities and scavengers refer to it.', { provenanceKey: 'fractions' }),
      field('fractions[].name', 'text', 'Name', '', 'Name of the fraction.', { provenanceKey: 'fractions' }),
      field('fractions[].share', 'share', 'Share', 'share', 'Mass share of set-out waste.', { provenanceKey: 'fractions' }),
      field('fractions[].recyclable', 'boolean', 'Recyclable', '', 'Descriptive: a recyclable material (reports, presets).', { provenanceKey: 'fractions', default: false }),
      field('fractions[].compostable', 'boolean', 'Compostable', '', 'Descriptive: accepted by composting.', { provenanceKey: 'fractions', default: false }),
    ],
  }),
];

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

const seasonal = [
  field('seasonalFactors', 'rows', 'Seasonal factors', '', '12 monthly factors on generation, January first, 0-5; their day-weighted mean must be 1. All empty: no seasonality.', {
    required: false,
    rowsShape: 'values',
    fixedRows: MONTH_NAMES,
    provenanceKey: 'seasonalFactors',
    columns: [field('seasonalFactors[]', 'number', 'Factor', '', 'Factor on the month\'s generation.', { provenanceKey: 'seasonalFactors' })],
  }),
];

export const FIELDS: Readonly<Record<FieldCollection, readonly FieldDef[]>> = {
  zones,
  primarySystems,
  vehicleTypes,
  transferPoints,
  facilities,
  landfills,
  scavengerGroups,
  integration,
  industrialStreams,
  costLines,
  fees,
  settings,
  composition,
  seasonal,
};

/** Names of the collections for people: "transfer point", "transfer points", and the record's name field. */
export const COLLECTION_LABELS: Readonly<Record<CollectionName, { singular: string; plural: string; title: string }>> = {
  zones: { singular: 'zone', plural: 'zones', title: 'Zones' },
  primarySystems: { singular: 'primary system', plural: 'primary systems', title: 'Primary systems' },
  vehicleTypes: { singular: 'vehicle type', plural: 'vehicle types', title: 'Vehicle types' },
  transferPoints: { singular: 'transfer point', plural: 'transfer points', title: 'Transfer points' },
  facilities: { singular: 'facility', plural: 'facilities', title: 'Facilities' },
  landfills: { singular: 'landfill', plural: 'landfills', title: 'Landfills' },
  scavengerGroups: { singular: 'scavenger group', plural: 'scavenger groups', title: 'Scavenger groups' },
  integration: { singular: 'integration programme', plural: 'integration programmes', title: 'Integration programmes' },
  industrialStreams: { singular: 'industrial stream', plural: 'industrial streams', title: 'Industrial streams' },
  costLines: { singular: 'cost line', plural: 'cost lines', title: 'Cost lines' },
  fees: { singular: 'fee', plural: 'fees', title: 'Fees' },
};

/** The order collections are offered in menus: the flow of waste, then money. */
export const COLLECTION_ORDER: readonly CollectionName[] = [
  'zones', 'primarySystems', 'vehicleTypes', 'transferPoints', 'facilities', 'landfills',
  'scavengerGroups', 'integration', 'industrialStreams', 'costLines', 'fees',
];

/** The columns of a collection's list page (keys of top-level fields), after the name. */
export const LIST_COLUMNS: Readonly<Record<CollectionName, readonly string[]>> = {
  zones: ['id', 'region', 'kind', 'population', 'coverage', 'primarySystemId'],
  primarySystems: ['id', 'householdsPerCartPerDay', 'crewPerCart', 'wagePerDay'],
  vehicleTypes: ['id', 'system', 'volumeM3', 'legalPayloadT', 'crewPerVehicle'],
  transferPoints: ['id', 'zoneId', 'vehicleTypeId', 'vehicles', 'storageLimitT', 'legs'],
  facilities: ['id', 'kind', 'capacityTPerDay', 'openYear', 'closeYear'],
  landfills: ['id', 'remainingAirspaceM3', 'densityTPerM3', 'openYear', 'closureYear', 'tippingFeePerT'],
  scavengerGroups: ['id', 'location', 'headcount', 'captureEfficiency'],
  integration: ['id', 'groupId', 'hired', 'wagePerDay', 'stage'],
  industrialStreams: ['id', 'tonnesPerYear', 'utilisationRate', 'disposalCostPerT'],
  costLines: ['id', 'stage', 'category', 'amountPerYear', 'fromYear', 'toYear'],
  fees: ['id', 'payer', 'stage', 'basis', 'amount'],
};

/** The field naming a record for people: "name", or "description" for cost lines. */
export function nameKey(collection: CollectionName): 'name' | 'description' {
  return collection === 'costLines' ? 'description' : 'name';
}

export function isCollection(name: string): name is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(name);
}

/** The field with this key, searching rows' columns too; undefined when unknown. */
export function findField(collection: FieldCollection, key: string): FieldDef | undefined {
  for (const f of FIELDS[collection]) {
    if (f.key === key) return f;
    for (const c of f.columns ?? []) if (c.key === key) return c;
  }
  return undefined;
}

/** "{currency}/t" -> "IDR/t". */
export function unitFor(unit: string, currency: string): string {
  return unit.replaceAll('{currency}', currency);
}

// ---------------------------------------------------------------------------
// Languages: the registry's English is the reference (CSV/XLSX column notes
// read it); the pages read localizedFields(collection, lang), whose labels,
// help, units, option labels and group labels come from the catalogs:
//   fields.<collection>.<segment>.label / .help   (segment: fieldKeySegment)
//   fields.groups.<collection>.<group key>
//   fields.options.<collection>.<segment>.<value> (stages.* / payers.* where shared)
//   fields.units.<UNIT_KEYS[unit]>
// test/i18n/fields.test.ts holds every field to having its messages.

/**
 * A field key as one segment of a message key: "legs[].roundTripKm" ->
 * "legs_roundTripKm", "capital.unitCost" -> "capital_unitCost", "siteIds[]" -> "siteIds_item".
 */
export function fieldKeySegment(key: string): string {
  return key.replace(/\[\]$/, '_item').replace(/\[\]\./g, '_').replace(/\./g, '_');
}

/** The message keys of a field's label and help. */
export function fieldMessageKeys(collection: FieldCollection, key: string): { label: string; help: string } {
  const base = `fields.${collection}.${fieldKeySegment(key)}`;
  return { label: `${base}.label`, help: `${base}.help` };
}

/** The message key of a group's label ("Soil cover"): fields.groups.landfills.cover. */
export function groupMessageKey(collection: FieldCollection, groupKey: string): string {
  return `fields.groups.${collection}.${groupKey}`;
}

/** The message key of an enum option's label. */
export function optionMessageKey(collection: FieldCollection, f: FieldDef, value: string): string {
  if (f.optionMessages) return `${f.optionMessages}.${value}`;
  return `fields.options.${collection}.${fieldKeySegment(f.key)}.${value}`;
}

/** Each unit of the registry and its message (fields.units.<name>); "{currency}" stays a placeholder (alone it needs no message). */
export const UNIT_KEYS: Readonly<Record<string, string>> = {
  people: 'people',
  '/yr': 'perYear',
  households: 'households',
  'kg/cap/day': 'kgPerCapDay',
  't/day': 'tPerDay',
  share: 'share',
  'households/cart/day': 'householdsPerCartDay',
  '/week': 'perWeek',
  '{currency}/person-day': 'moneyPerPersonDay',
  'days/yr': 'daysPerYear',
  years: 'years',
  'share of unit cost /yr': 'shareOfUnitCostPerYear',
  '{currency}/cart-day': 'moneyPerCartDay',
  m3: 'm3',
  't/m3': 'tPerM3',
  t: 't',
  h: 'h',
  'l/km': 'lPerKm',
  '{currency}/l': 'moneyPerL',
  containers: 'containers',
  vehicles: 'vehicles',
  'shifts/day': 'shiftsPerDay',
  km: 'km',
  '{currency}/yr': 'moneyPerYear',
  '{currency}/h': 'moneyPerH',
  'km/h': 'kmPerH',
  year: 'year',
  '{currency}/t': 'moneyPerT',
  'share of dry matter': 'shareOfDryMatter',
  'share of intake': 'shareOfIntake',
  'MWh/t': 'mwhPerT',
  '{currency}/MWh': 'moneyPerMwh',
  month: 'month',
  'kg/picker-day': 'kgPerPickerDay',
  '{currency}/kg': 'moneyPerKg',
  't/yr': 'tPerYear',
  '{currency} per basis': 'moneyPerBasis',
  decimals: 'decimals',
  'days/week': 'daysPerWeek',
  '{currency}/picker-day': 'moneyPerPickerDay',
};

/** A unit in the language, "{currency}" kept for unitFor: "{currency}/t" -> "{currency}/吨". */
export function unitText(unit: string, lang: Lang): string {
  if (unit === '' || lang === 'en') return unit;
  const key = UNIT_KEYS[unit];
  return key === undefined ? unit : translator(lang).dynamic(`fields.units.${key}`, { currency: '{currency}' });
}

function translateField(collection: FieldCollection, f: FieldDef, lang: Lang): FieldDef {
  const t = translator(lang);
  const keys = fieldMessageKeys(collection, f.key);
  const out: FieldDef = { ...f, label: t.dynamic(keys.label), help: t.dynamic(keys.help), unit: unitText(f.unit, lang), english: f };
  if (f.options) out.optionLabels = Object.fromEntries(f.options.map((o) => [o, t.dynamic(optionMessageKey(collection, f, o))]));
  if (f.group) out.group = { ...f.group, label: t.dynamic(groupMessageKey(collection, f.group.key)) };
  if (f.columns) out.columns = f.columns.map((c) => translateField(collection, c, lang));
  if (f.fixedRows) {
    const fmt = localeFormatter(lang);
    out.fixedRows = f.fixedRows.map((_, i) => fmt.monthName(i + 1));
  }
  return out;
}

const localized = new Map<string, readonly FieldDef[]>();

/**
 * The fields of a collection in a language: labels, help, units, option and
 * group labels (and month names of fixed rows) translated, everything else as
 * in FIELDS; each keeps its English definition in `english`. English is FIELDS itself.
 *
 * Example: localizedFields('landfills', 'id').find((f) => f.key === 'remainingAirspaceM3')?.label -> "Sisa ruang timbun"
 */
export function localizedFields(collection: FieldCollection, lang: Lang): readonly FieldDef[] {
  if (lang === 'en') return FIELDS[collection];
  const cacheKey = `${lang}:${collection}`;
  let fields = localized.get(cacheKey);
  if (!fields) {
    fields = FIELDS[collection].map((f) => translateField(collection, f, lang));
    localized.set(cacheKey, fields);
  }
  return fields;
}

/** findField in a language. */
export function localizedField(collection: FieldCollection, key: string, lang: Lang): FieldDef | undefined {
  for (const f of localizedFields(collection, lang)) {
    if (f.key === key) return f;
    for (const c of f.columns ?? []) if (c.key === key) return c;
  }
  return undefined;
}

/** A collection's names for people in a language: "transfer point" / "TPS" / "转运站", the plural, and the title. */
/**
 * A record named with its kind: "landfill TPA Benowo" in English; the kind is
 * left out when the name already starts with it, as Indonesian names do
 * ("TPA Benowo", not "TPA TPA Benowo"; "TPS Pasar").
 */
export function kindAndName(kind: string, name: string): string {
  return name.toLowerCase().startsWith(`${kind.toLowerCase()} `) || name.toLowerCase() === kind.toLowerCase() ? name : `${kind} ${name}`;
}

export function collectionNames(collection: CollectionName, lang: Lang): { singular: string; plural: string; title: string } {
  if (lang === 'en') return COLLECTION_LABELS[collection];
  const t = translator(lang);
  return {
    singular: t.dynamic(`fields.collections.${collection}.singular`),
    plural: t.dynamic(`fields.collections.${collection}.plural`),
    title: t(`records.collections.${collection}`),
  };
}

// ---------------------------------------------------------------------------
// Form names

/** Form name of a scalar or group field ("capital.unitCost"), or of a row's cell ("legs.0.roundTripKm", "siteIds.2"). */
export function formName(key: string, row?: number): string {
  if (!key.includes('[]')) return key;
  if (row === undefined) throw new RangeError(`${key} is a column of rows: give the row`);
  return key.replace('[]', `.${row}`);
}

/** Form name of one fraction's value in a fraction map: "capture.kitchen". */
export function fractionFormName(key: string, fractionId: string): string {
  return `${key}.${fractionId}`;
}

/** Form names of a field's provenance editor. */
export function provenanceFormNames(provenanceKey: string): { status: string; source: string } {
  return { status: `_prov.${provenanceKey}.status`, source: `_prov.${provenanceKey}.source` };
}

/**
 * A problem path relative to the record ("legs[0].roundTripKm") as the form
 * name it belongs to ("legs.2.roundTripKm" when the user's third row became
 * the first after blank rows were dropped).
 */
export function problemFormName(relativePath: string, rowMap: Readonly<Record<string, readonly number[]>> = {}): string {
  return relativePath.replace(/^([A-Za-z]+)\[(\d+)\]/, (_m, key: string, i: string) => {
    const rows = rowMap[key];
    const formRow = rows?.[Number(i)] ?? Number(i);
    return `${key}.${formRow}`;
  }).replace(/\[(\d+)\]/g, '.$1');
}

// ---------------------------------------------------------------------------
// Parsing a form

export type FormBody = Readonly<Record<string, unknown>>;

export type FormOutcome =
  | { ok: true; value: Record<string, unknown>; rowMap: Record<string, number[]> }
  | { ok: false; fieldErrors: Record<string, string> };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;
const MONEY = moneySchema;

export const MESSAGES = {
  required: 'is required',
  number: 'must be a number like 12.5 (with . as the decimal point, no separators)',
  integer: 'must be a whole number',
  option: (options: readonly string[]) => `must be one of ${options.join(', ')}`,
  groupIncomplete: 'is required when the rest of this group is given (or leave the group empty)',
  fixedRows: (n: number) => `give all ${n} values or none`,
} as const;

/** The form messages in `lang`; MESSAGES (English) without one. */
function messagesFor(lang: Lang | undefined): { required: string; groupIncomplete: string; fixedRows: (n: number) => string } {
  if (lang === undefined) return MESSAGES;
  const t = translator(lang);
  return { required: t('validation.required'), groupIncomplete: t('forms.groupIncomplete'), fixedRows: (n) => t('forms.fixedRows', { count: n }) };
}

/** One form value as a trimmed string; the first when a name was posted twice. */
function text(body: FormBody, name: string): string {
  let v = body[name];
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v.trim() : '';
}

type Parsed = { value: unknown } | { error: string };

/** A checkbox posts "on" (or our "true") when ticked and nothing when not. */
function isChecked(raw: string): boolean {
  return raw === 'true' || raw === 'on' || raw === '1' || raw === 'yes';
}

/**
 * How a form is read: without a language, numbers are canonical ("1250.5", as
 * CSV cells and the city file write them) and messages English (MESSAGES);
 * with one, numbers are typed the language's way (parseLocaleNumber: "1.250,5"
 * in Indonesian, ambiguous ones refused) and messages are in that language.
 */
export interface ReadOptions {
  lang?: Lang;
  /** The city's currency: its symbol or code may be typed into a money field ("Rp 1.250"). */
  currency?: string;
}

/**
 * An amount keeps the decimals it was typed with ("60,000,000.00" ->
 * "60000000.00", not "60000000"), as the city file wrote it, so saving a form
 * unchanged changes no amount.
 */
function withTypedDecimals(canonical: string, raw: string, lang: Lang): string {
  const typed = new RegExp(`\\${SEPARATORS[lang].decimal}(\\d+)\\D*$`).exec(raw.trim());
  if (!typed) return canonical;
  const [int, frac = ''] = canonical.split('.');
  return frac.length >= typed[1].length ? canonical : `${int}.${frac.padEnd(typed[1].length, '0')}`;
}

/** A non-empty form string as the field's value, read the language's way. */
function parseLocaleScalar(f: FieldDef, raw: string, lang: Lang, currency: string | undefined): Parsed {
  const t = translator(lang);
  switch (f.kind) {
    case 'number':
    case 'share':
    case 'integer':
    case 'money': {
      const r = parseLocaleNumber(raw, lang, f.kind === 'money' && currency ? { currency } : {});
      if (!r.ok) return { error: r.message };
      if (f.kind === 'integer' && r.value.includes('.')) return { error: t('validation.integer') };
      if (f.kind === 'money') {
        const value = withTypedDecimals(r.value, raw, lang);
        const m = MONEY.safeParse(value);
        return m.success ? { value } : { error: problemText(m.error.issues[0]?.message ?? '', lang) };
      }
      return { value: Number(r.value) };
    }
    case 'enum':
      return f.options?.includes(raw) ? { value: raw } : { error: t('validation.option', { options: (f.options ?? []).join(', ') }) };
    default:
      return parseScalar(f, raw);
  }
}

/** A non-empty form string as the field's value. */
function parseScalar(f: FieldDef, raw: string, read: ReadOptions = {}): Parsed {
  if (read.lang !== undefined) return parseLocaleScalar(f, raw, read.lang, read.currency);
  switch (f.kind) {
    case 'number':
    case 'share':
      return NUMBER.test(raw) ? { value: Number(raw) } : { error: MESSAGES.number };
    case 'integer':
      return INTEGER.test(raw) ? { value: Number(raw) } : { error: MESSAGES.integer };
    case 'money': {
      const r = MONEY.safeParse(raw);
      return r.success ? { value: raw } : { error: r.error.issues[0]?.message ?? MESSAGES.number };
    }
    case 'enum':
      return f.options?.includes(raw) ? { value: raw } : { error: MESSAGES.option(f.options ?? []) };
    case 'boolean':
      return { value: isChecked(raw) };
    default:
      return { value: raw };
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = obj[parts[i]];
    if (typeof next !== 'object' || next === null) obj[parts[i]] = {};
    obj = obj[parts[i]] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1]] = value;
}

/** Row numbers posted for a rows field ("legs.0.siteId", "legs.3.roundTripKm" -> [0, 3]). */
function postedRows(body: FormBody, key: string): number[] {
  const prefix = `${key}.`;
  const rows = new Set<number>();
  for (const name of Object.keys(body)) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d{1,4})(\.|$)/.exec(name.slice(prefix.length));
    if (m) rows.add(Number(m[1]));
  }
  return Array.from(rows).sort((a, b) => a - b);
}

/** Fraction ids posted for a fraction map ("capture.kitchen" -> kitchen). */
function postedKeys(body: FormBody, key: string): string[] {
  const prefix = `${key}.`;
  return Object.keys(body)
    .filter((n) => n.startsWith(prefix) && /^[a-z0-9][a-z0-9-]*$/.test(n.slice(prefix.length)))
    .map((n) => n.slice(prefix.length));
}

/**
 * Parses a posted form into a record of `collection` (for 'settings',
 * 'composition' and 'seasonal': the part of the city they edit). Only shape is
 * checked here (numbers, whole numbers, money form, enum values, required
 * fields); ranges, sums and references are the engine's validateCityFile's job
 * on the whole city. `id` fixes the record's id (an edit: the id is not a form
 * field). Every top-level field is in the value, undefined when left empty.
 */
export function formToRecord(collection: FieldCollection, body: FormBody, options: { id?: string } & ReadOptions = {}): FormOutcome {
  const read: ReadOptions = { lang: options.lang, currency: options.currency };
  const msg = messagesFor(options.lang);
  const value: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const rowMap: Record<string, number[]> = {};
  const groups = new Map<string, { optional: boolean; fields: FieldDef[] }>();

  for (const f of FIELDS[collection]) {
    if (f.group) {
      const g = groups.get(f.group.key) ?? { optional: f.group.optional, fields: [] };
      g.fields.push(f);
      groups.set(f.group.key, g);
      continue;
    }
    if (f.key === 'id' && options.id !== undefined) {
      value.id = options.id;
      continue;
    }
    if (f.kind === 'rows') {
      const out = parseRows(f, body, errors, read);
      if (out) {
        value[f.key] = out.value;
        rowMap[f.key] = out.rows;
      } else value[f.key] = undefined;
      continue;
    }
    if (f.kind === 'fractionMap') {
      value[f.key] = parseFractionMap(f, body, errors, read);
      continue;
    }
    const raw = text(body, f.key);
    if (f.kind === 'boolean') {
      value[f.key] = isChecked(raw);
      continue;
    }
    if (raw === '') {
      if (f.required) errors[f.key] = msg.required;
      value[f.key] = undefined;
      continue;
    }
    const p = parseScalar(f, raw, read);
    if ('error' in p) errors[f.key] = p.error;
    else value[f.key] = p.value;
  }

  for (const [key, g] of groups) {
    const raws = g.fields.map((f) => text(body, f.key));
    if (g.optional && raws.every((r) => r === '')) {
      value[key] = undefined;
      continue;
    }
    const obj: Record<string, unknown> = {};
    g.fields.forEach((f, i) => {
      const sub = f.key.slice(key.length + 1);
      if (raws[i] === '') {
        if (f.required) errors[f.key] = g.optional ? msg.groupIncomplete : msg.required;
        return;
      }
      const p = parseScalar(f, raws[i], read);
      if ('error' in p) errors[f.key] = p.error;
      else setPath(obj, sub, p.value);
    });
    value[key] = obj;
  }

  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, value, rowMap };
}

function parseFractionMap(f: FieldDef, body: FormBody, errors: Record<string, string>, read: ReadOptions): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const valueField: FieldDef = { ...f, kind: f.valueKind ?? 'share' };
  let any = false;
  for (const fraction of postedKeys(body, f.key)) {
    const name = fractionFormName(f.key, fraction);
    const raw = text(body, name);
    if (raw === '') continue;
    const p = parseScalar(valueField, raw, read);
    if ('error' in p) errors[name] = p.error;
    else {
      out[fraction] = p.value;
      any = true;
    }
  }
  if (!any) {
    if (f.required) return {}; // an empty map is a map (capture of nothing); the schema decides
    return undefined;
  }
  return out;
}

/** Rows of a rows field; blank rows are dropped. undefined when none is given and the field may be left out. */
function parseRows(f: FieldDef, body: FormBody, errors: Record<string, string>, read: ReadOptions): { value: unknown; rows: number[] } | undefined {
  const msg = messagesFor(read.lang);
  const columns = f.columns ?? [];
  const fixed = f.fixedRows;
  const rowNumbers = fixed ? fixed.map((_, i) => i) : postedRows(body, f.key);
  const cells = rowNumbers.map((row) => columns.map((c) => ({ c, name: formName(c.key, row), raw: text(body, formName(c.key, row)) })));
  const filled = cells
    .map((row, i) => ({ row, formRow: rowNumbers[i] }))
    .filter(({ row }) => row.some(({ c, raw }) => raw !== '' && c.kind !== 'boolean'));

  if (fixed && filled.length > 0 && filled.length < fixed.length) {
    for (const row of cells) for (const cell of row) if (cell.raw === '') errors[cell.name] = msg.fixedRows(fixed.length);
    return undefined;
  }
  if (filled.length === 0) return f.required ? { value: [], rows: [] } : undefined;

  const parsedRows: Array<Record<string, unknown>> = [];
  for (const { row } of filled) {
    const obj: Record<string, unknown> = {};
    for (const { c, name, raw } of row) {
      const col = c.key.slice(c.key.indexOf('[]') + 2).replace(/^\./, '');
      if (c.kind === 'boolean') {
        obj[col] = isChecked(raw);
        continue;
      }
      if (raw === '') {
        if (c.required) errors[name] = msg.required;
        continue;
      }
      const p = parseScalar(c, raw, read);
      if ('error' in p) errors[name] = p.error;
      else obj[col] = p.value;
    }
    parsedRows.push(obj);
  }
  const rows = filled.map(({ formRow }) => formRow);
  if (f.rowsShape === 'values') return { value: parsedRows.map((r) => r['']), rows };
  if (f.rowsShape === 'stageShares') {
    const out: Record<string, Record<string, unknown>> = {};
    for (const r of parsedRows) {
      const stage = String(r.stage ?? '');
      const payer = String(r.payer ?? '');
      out[stage] ??= {};
      out[stage][payer] = r.share;
    }
    return { value: out, rows };
  }
  return { value: parsedRows, rows };
}

// ---------------------------------------------------------------------------
// A record as form strings

/** A number as typed in a form: no exponent ("0.0000001", not "1e-7"). */
export function numberToForm(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const fixed = n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  return fixed;
}

function scalarToForm(f: FieldDef, v: unknown, lang?: Lang): string {
  if (v === undefined || v === null) return f.kind === 'boolean' ? 'false' : '';
  // A year is written as people write years, never grouped ("2003", not "2,003" or "2.003").
  if (typeof v === 'number' && (f.english ?? f).unit === 'year') return numberToForm(v);
  if (typeof v === 'number') return lang ? numberForInput(numberToForm(v), lang) : numberToForm(v);
  if (f.kind === 'money' && typeof v === 'string' && lang) return numberForInput(v, lang);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/**
 * The record's values as the strings a form shows, by form name. Rows are
 * numbered from 0 in the record's order; fraction maps give one name per
 * fraction present. For 'settings' pass the settings object, for
 * 'composition' `{ fractions }`, for 'seasonal' `{ seasonalFactors }`.
 * With `lang`, numbers and money are written as that language types them
 * (numberForInput: "1.250,5" in Indonesian), so formToRecord with the same
 * language reads them back; without it, canonical ("1250.5", for CSV cells).
 */
export function recordToForm(collection: FieldCollection, record: Readonly<Record<string, unknown>>, lang?: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS[collection]) {
    const v = getPath(record, f.key);
    if (f.kind === 'rows') {
      for (const [i, row] of rowsOf(f, v).entries()) {
        for (const c of f.columns ?? []) {
          const col = c.key.slice(c.key.indexOf('[]') + 2).replace(/^\./, '');
          out[formName(c.key, i)] = scalarToForm(c, col === '' ? row : (row as Record<string, unknown>)[col], lang);
        }
      }
      continue;
    }
    if (f.kind === 'fractionMap') {
      for (const [fraction, x] of Object.entries((v ?? {}) as Record<string, unknown>)) {
        out[fractionFormName(f.key, fraction)] = scalarToForm({ ...f, kind: f.valueKind ?? 'share' }, x, lang);
      }
      continue;
    }
    out[f.key] = scalarToForm(f, v, lang);
  }
  return out;
}

/** The rows of a rows field's value, as an array (payerShares flattened to { stage, payer, share }). */
export function rowsOf(f: FieldDef, v: unknown): unknown[] {
  if (f.rowsShape === 'stageShares') {
    const out: unknown[] = [];
    for (const [stage, payers] of Object.entries((v ?? {}) as Record<string, Record<string, number>>)) {
      for (const [payer, share] of Object.entries(payers)) out.push({ stage, payer, share });
    }
    return out;
  }
  return Array.isArray(v) ? v : [];
}

// ---------------------------------------------------------------------------
// Provenance

export type ProvenanceStatus = 'S' | 'S-later' | 'E';
export interface ProvenanceEntry {
  status: ProvenanceStatus;
  source?: string;
  note?: string;
}
export type ProvenanceMap = Record<string, ProvenanceEntry>;

export const PROVENANCE_LABELS: Readonly<Record<ProvenanceStatus, string>> = {
  S: 'sourced',
  'S-later': 'sourced (later year)',
  E: 'estimate',
};

/** The provenance keys of a collection's fields, in form order. */
export function provenanceKeys(collection: FieldCollection): string[] {
  return Array.from(new Set(FIELDS[collection].map((f) => f.provenanceKey)));
}

/** The provenance editor's values: status and source of each field ("E" and "" without an entry: an estimate). */
export function provenanceToForm(collection: FieldCollection, provenance: ProvenanceMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of provenanceKeys(collection)) {
    const names = provenanceFormNames(key);
    out[names.status] = provenance?.[key]?.status ?? 'E';
    out[names.source] = provenance?.[key]?.source ?? '';
  }
  return out;
}

/**
 * The record's provenance after an edit: each entry as it was, unless the
 * form changed that field's status or source (the note is kept). A field
 * without an entry shown as "E" and no source that stays so gets no entry
 * (an estimate is the default). Unknown statuses are errors.
 */
export function formToProvenance(
  collection: FieldCollection,
  body: FormBody,
  existing: ProvenanceMap | undefined,
  lang?: Lang,
): { ok: true; value: ProvenanceMap | undefined } | { ok: false; fieldErrors: Record<string, string> } {
  const out: ProvenanceMap = { ...(existing ?? {}) };
  const errors: Record<string, string> = {};
  for (const key of provenanceKeys(collection)) {
    const names = provenanceFormNames(key);
    if (!(names.status in body)) continue; // the form had no editor for it
    const status = text(body, names.status);
    const source = text(body, names.source);
    if (status !== 'S' && status !== 'S-later' && status !== 'E') {
      errors[names.status] = lang === undefined ? MESSAGES.option(['S', 'S-later', 'E']) : translator(lang)('validation.option', { options: 'S, S-later, E' });
      continue;
    }
    const before = existing?.[key];
    if ((before?.status ?? 'E') === status && (before?.source ?? '') === source) continue;
    const entry: ProvenanceEntry = { status };
    if (source !== '') entry.source = source;
    if (before?.note !== undefined) entry.note = before.note;
    out[key] = entry;
  }
  if (Object.keys(errors).length > 0) return { ok: false, fieldErrors: errors };
  return { ok: true, value: Object.keys(out).length > 0 ? out : existing === undefined ? undefined : out };
}

// ---------------------------------------------------------------------------
// Display

/**
 * A decimal string with its digits grouped as the language writes them (en,
 * zh: "25,000,000,000", "-1,234.50"; id: "25.000.000.000", "-1.234,50").
 * Exact: digits are only grouped, never rounded.
 */
export function groupDigits(decimal: string, lang: Lang = 'en'): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) return decimal;
  const { decimal: point, group } = SEPARATORS[lang];
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, group)}${m[3] === undefined ? '' : point + m[3]}`;
}

/** A number for reading: grouped from 10,000 up ("720,000", "720.000" in id), the language's decimal mark ("0,7" in id). */
export function numberText(n: number, lang: Lang = 'en'): string {
  const s = numberToForm(n);
  if (Math.abs(n) >= 10000) return groupDigits(s, lang);
  return s.replace('.', SEPARATORS[lang].decimal);
}

/** "yes" / "ya" / "是". */
export function yesNo(v: boolean, lang: Lang = 'en'): string {
  return translator(lang)(v ? 'fields.yes' : 'fields.no');
}

/**
 * A stored value for reading: enum labels (from `f`: pass a localizedFields
 * definition for another language), numbers and money grouped the
 * language's way, yes/no; "" when not given.
 */
export function displayValue(f: FieldDef, v: unknown, lang: Lang = 'en'): string {
  if (v === undefined || v === null || v === '') return '';
  if (f.kind === 'enum') return f.optionLabels?.[String(v)] ?? String(v);
  if (f.kind === 'boolean') return yesNo(Boolean(v), lang);
  if (f.kind === 'money') return groupDigits(String(v), lang);
  if (typeof v === 'number') return numberText(v, lang);
  return String(v);
}

/** "sourced" / "bersumber" / "有来源". */
export function provenanceLabel(status: ProvenanceStatus, lang: Lang = 'en'): string {
  if (lang === 'en') return PROVENANCE_LABELS[status];
  const t = translator(lang);
  return status === 'S' ? t('fields.provenance.sourced') : status === 'S-later' ? t('fields.provenance.sourcedLater') : t('fields.provenance.estimate');
}

// ---------------------------------------------------------------------------
// References: who would break if a record went away

export interface Referrer {
  /** "zones", "transferPoints", "settings". */
  collection: CollectionName | 'settings';
  /** The referring record's id (none for settings). */
  recordId: string | null;
  /** "zone Tegalsari (zones/tegalsari) routes 12% of its waste here". */
  message: string;
}

function pct(share: number, lang: Lang): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** "zone Tegalsari (zones/tegalsari)" / "zona Tegalsari (zones/tegalsari)". */
function label(collection: CollectionName, rec: { id: string; name?: string; description?: string }, lang: Lang): string {
  const name = collection === 'costLines' ? rec.description : rec.name;
  return `${kindAndName(collectionNames(collection, lang).singular, name ?? rec.id)} (${collection}/${rec.id})`;
}

type ReferrerKey =
  | 'routes'
  | 'worksHere'
  | 'standsInZone'
  | 'servedBy'
  | 'usesVehicleType'
  | 'haulsHere'
  | 'sendsResidue'
  | 'hires'
  | 'divertsAtSource'
  | 'ownComposition'
  | 'captures'
  | 'sells'
  | 'picks';

/**
 * Every record (and setting) that refers to `collection`/`id`; a delete is
 * refused while any remain. Each message names the referrer and how it
 * refers, in `lang` (fields.referrers.*).
 */
export function findReferrers(city: CityFile, collection: CollectionName, id: string, lang: Lang = 'en'): Referrer[] {
  const t = translator(lang);
  const out: Referrer[] = [];
  const push = (c: CollectionName, rec: { id: string; name?: string; description?: string }, how: ReferrerKey, params: Record<string, string> = {}) =>
    out.push({ collection: c, recordId: rec.id, message: t.dynamic(`fields.referrers.${how}`, { record: label(c, rec, lang), ...params }) });
  const haul = (t: CityFile['transferPoints'][number], leg: number) => ({ leg: String(leg + 1), km: numberText(t.legs[leg].roundTripKm, lang) });

  switch (collection) {
    case 'transferPoints':
      for (const z of city.zones) {
        const share = z.routing.filter((r) => r.transferPointId === id).reduce((a, r) => a + r.share, 0);
        if (z.routing.some((r) => r.transferPointId === id)) push('zones', z, 'routes', { share: pct(share, lang) });
      }
      for (const g of city.scavengerGroups) if (g.location === 'transferPoint' && g.siteIds.includes(id)) push('scavengerGroups', g, 'worksHere');
      break;
    case 'zones':
      for (const tp of city.transferPoints) if (tp.zoneId === id) push('transferPoints', tp, 'standsInZone');
      for (const g of city.scavengerGroups) if (g.location === 'source' && g.siteIds.includes(id)) push('scavengerGroups', g, 'worksHere');
      break;
    case 'primarySystems':
      for (const z of city.zones) if (z.primarySystemId === id) push('zones', z, 'servedBy');
      break;
    case 'vehicleTypes':
      for (const tp of city.transferPoints) if (tp.vehicleTypeId === id) push('transferPoints', tp, 'usesVehicleType', { vehicles: numberText(tp.vehicles, lang) });
      break;
    case 'facilities':
      for (const tp of city.transferPoints) {
        const leg = tp.legs.findIndex((l) => l.siteId === id);
        if (leg >= 0) push('transferPoints', tp, 'haulsHere', haul(tp, leg));
      }
      break;
    case 'landfills': {
      for (const tp of city.transferPoints) {
        const leg = tp.legs.findIndex((l) => l.siteId === id);
        if (leg >= 0) push('transferPoints', tp, 'haulsHere', haul(tp, leg));
      }
      for (const f of city.facilities) if (f.residueLandfillId === id) push('facilities', f, 'sendsResidue');
      for (const g of city.scavengerGroups) if (g.location === 'landfill' && g.siteIds.includes(id)) push('scavengerGroups', g, 'worksHere');
      const pos = city.settings.landfillFallbackOrder.indexOf(id);
      if (pos >= 0) out.push({ collection: 'settings', recordId: null, message: t('fields.referrers.fallbackOrder', { position: String(pos + 1) }) });
      break;
    }
    case 'scavengerGroups':
      for (const it of city.integration) if (it.groupId === id) push('integration', it, 'hires', { hired: numberText(it.hired, lang) });
      break;
    default:
      break;
  }
  return out;
}

/** Every place a fraction is named (zones' diversion and composition, facilities' capture and prices, scavengers' prices). */
export function findFractionReferrers(city: CityFile, fractionId: string, lang: Lang = 'en'): Referrer[] {
  const t = translator(lang);
  const out: Referrer[] = [];
  const push = (c: CollectionName, rec: { id: string; name?: string }, how: ReferrerKey) =>
    out.push({ collection: c, recordId: rec.id, message: t.dynamic(`fields.referrers.${how}`, { record: label(c, rec, lang) }) });
  for (const z of city.zones) {
    if (fractionId in z.sourceDiversion) push('zones', z, 'divertsAtSource');
    if (z.composition && fractionId in z.composition) push('zones', z, 'ownComposition');
  }
  for (const f of city.facilities) {
    if (fractionId in f.capture) push('facilities', f, 'captures');
    if (fractionId in f.salePricePerT) push('facilities', f, 'sells');
  }
  for (const g of city.scavengerGroups) if (fractionId in g.pricePerKg) push('scavengerGroups', g, 'picks');
  return out;
}
