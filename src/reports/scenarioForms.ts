/**
 * Scenario pages' view models: the preset forms (each knob with its label,
 * unit and kind; the form body back to the preset's parameters, with a
 * message per field), a scenario's changes in year order as sentences, and
 * the form for adding a change from the field registry (src/reports/fields.ts).
 *
 * Example: describeChange(city, { op: 'set', fromYear: 2005, path: 'transferPoints/tps-rungkut-2/vehicles', value: 2 })
 *   -> 'From 2005: transfer point TPS Rungkut 2 — vehicles 0.75 → 2'
 */
import type { Change, CityFile, CollectionName, Stage } from '../model/cityFile.js';
import { COLLECTIONS, STAGES } from '../model/cityFile.js';
import { PRESET_IDS, PRESET_TITLES, presetDefaults, type PresetId, type PresetParams } from '../model/presets.js';
import type { RunResult } from '../model/results.js';
import { STAGE_LABELS } from './cityPage.js';
import { COLLECTION_LABELS, FIELDS, findField, unitFor, type FieldDef } from './fields.js';
import { translator, type Translator } from '../i18n/index.js';

export type KnobKind = 'year' | 'number' | 'integer' | 'share' | 'money' | 'text' | 'select' | 'checkbox';

export interface Knob {
  name: string;
  label: string;
  unit: string;
  kind: KnobKind;
  options?: Array<{ value: string; label: string }>;
  help?: string;
}

export interface KnobView extends Knob {
  value: string;
  checked: boolean;
  error: string | null;
  inputType: 'number' | 'text' | 'select' | 'checkbox';
  step: string;
}

export interface PresetFormView {
  preset: PresetId;
  title: string;
  description: string;
  knobs: KnobView[];
}

const DESCRIPTIONS: Record<PresetId, string> = {
  composting: 'Scales up composting (or adds a composting facility) and gives every transfer point a leg to it: kitchen and garden waste leave the haul to the landfill.',
  sourceSeparation: 'Households keep part of each fraction out of the bin (waste banks, home composting); optionally a waste bank hub sorts the mixed waste of every transfer point first.',
  newDisposalSite: 'A new landfill with its opening date; every transfer point hauls to it from then on, at a round trip set by a factor on today\'s or per region.',
  moreHaul: 'The transfer points whose round trip to the landfill exceeds a threshold get more vehicles, more shifts, or a transfer station.',
  outsourcing: 'Contractors haul a larger share of the waste at a price per tonne.',
  feeReform: 'A household fee set to an amount, or to the amount that recovers the baseline\'s full net cost in its first year.',
  integrateScavengers: 'The city hires scavengers of one group into formal jobs at a wage.',
};

/** Knobs of each preset. Names are the form fields; fraction knobs are "capture.<fraction>". */
export function presetKnobs(city: CityFile, preset: PresetId): Knob[] {
  const cur = city.settings.currency;
  const from: Knob = { name: 'fromYear', label: 'From year', unit: '', kind: 'year' };
  const fractions = (prefix: string, which: (f: CityFile['fractions'][number]) => boolean, label: string): Knob[] =>
    city.fractions.filter(which).map((f) => ({ name: `${prefix}.${f.id}`, label: `${label}: ${f.name}`, unit: 'share', kind: 'share' as const }));
  switch (preset) {
    case 'composting':
      return [
        from,
        { name: 'capacityTPerDay', label: 'Composting capacity', unit: 't/day', kind: 'number' },
        ...fractions('capture', (f) => f.compostable, 'Capture'),
        { name: 'pricePerT', label: 'Compost price', unit: `${cur}/t`, kind: 'money' },
        { name: 'shareSold', label: 'Share of compost sold', unit: 'share', kind: 'share' },
        { name: 'roundTripKm', label: 'Round trip from a transfer point to the composting site', unit: 'km', kind: 'number' },
        { name: 'capitalUnitCost', label: 'Capital (0 for none)', unit: cur, kind: 'money' },
        { name: 'capitalLifeYears', label: 'Capital life', unit: 'years', kind: 'integer' },
        { name: 'omPerT', label: 'Operation and maintenance', unit: `${cur}/t`, kind: 'money' },
      ];
    case 'sourceSeparation':
      return [
        from,
        ...fractions('sourceDiversion', (f) => f.recyclable || f.compostable, 'Kept out of the bin'),
        { name: 'programmeCostPerYear', label: 'Programme cost (education, support)', unit: `${cur}/yr`, kind: 'money' },
        { name: 'hubCapacityTPerDay', label: 'Waste bank hub capacity (0 for none)', unit: 't/day', kind: 'number' },
        { name: 'hubCapture', label: 'Hub capture of each recyclable fraction', unit: 'share', kind: 'share' },
        { name: 'hubResidueShare', label: 'Hub residue to the landfill', unit: 'share', kind: 'share' },
        { name: 'hubPricePerT', label: 'Hub sale price of recyclables', unit: `${cur}/t`, kind: 'money' },
        { name: 'hubRoundTripKm', label: 'Round trip from a transfer point to the hub', unit: 'km', kind: 'number' },
        { name: 'hubOmPerT', label: 'Hub operation and maintenance', unit: `${cur}/t`, kind: 'money' },
      ];
    case 'newDisposalSite': {
      const regions = [...new Set(city.zones.map((z) => z.region).filter((r): r is string => typeof r === 'string' && r !== ''))];
      return [
        from,
        { name: 'landfillName', label: 'Name of the new landfill', unit: '', kind: 'text' },
        { name: 'remainingAirspaceM3', label: 'Airspace', unit: 'm3', kind: 'number' },
        { name: 'densityTPerM3', label: 'Density of placed waste', unit: 't/m3', kind: 'number' },
        { name: 'coverShare', label: 'Cover share of airspace', unit: 'share', kind: 'share' },
        { name: 'openYear', label: 'Opening year', unit: '', kind: 'year' },
        { name: 'openMonth', label: 'Opening month', unit: '1-12', kind: 'integer' },
        { name: 'capitalUnitCost', label: 'Capital (0 for none)', unit: cur, kind: 'money' },
        { name: 'capitalLifeYears', label: 'Capital life', unit: 'years', kind: 'integer' },
        { name: 'closureTotal', label: 'Closure and post-closure estimate (0 for none)', unit: cur, kind: 'money' },
        { name: 'omPerT', label: 'Operation and maintenance', unit: `${cur}/t`, kind: 'money' },
        { name: 'tippingFeePerT', label: 'Tipping fee', unit: `${cur}/t`, kind: 'money' },
        { name: 'distanceFactor', label: 'Round trip to the new site = round trip now x', unit: 'factor', kind: 'number' },
        ...regions.map((r) => ({ name: `regionKm.${r}`, label: `Round trip from ${r} (blank: by the factor)`, unit: 'km', kind: 'number' as const })),
        { name: 'scavengersFollow', label: 'Landfill scavengers may work at the new site', unit: '', kind: 'checkbox' },
      ];
    }
    case 'moreHaul':
      return [
        from,
        { name: 'thresholdKm', label: 'Far: round trip to the landfill above', unit: 'km', kind: 'number' },
        {
          name: 'means',
          label: 'By',
          unit: '',
          kind: 'select',
          options: [
            { value: 'vehicles', label: 'more vehicles at each far point' },
            { value: 'shifts', label: 'more shifts at each far point' },
            { value: 'station', label: 'a transfer station for the far points' },
          ],
        },
        { name: 'extraVehiclesPerPoint', label: 'More vehicles per far point', unit: 'vehicles', kind: 'number' },
        { name: 'shiftsPerDay', label: 'Shifts a day (more shifts; the station)', unit: '1-3', kind: 'integer' },
        { name: 'stationName', label: 'Station name', unit: '', kind: 'text' },
        { name: 'stationExtraVehicles', label: 'Station: vehicles beyond the far points\' own', unit: 'vehicles', kind: 'number' },
        { name: 'stationStorageLimitT', label: 'Station: storage limit', unit: 't', kind: 'number' },
        { name: 'stationRoundTripKm', label: 'Station: round trip to the landfill', unit: 'km', kind: 'number' },
        { name: 'stationCapitalUnitCost', label: 'Station: capital (0 for none)', unit: cur, kind: 'money' },
        { name: 'stationOmPerYear', label: 'Station: operation and maintenance', unit: `${cur}/yr`, kind: 'money' },
      ];
    case 'outsourcing':
      return [
        from,
        { name: 'share', label: 'Share of haul by contractors', unit: 'share', kind: 'share' },
        { name: 'pricePerT', label: 'Contract price', unit: `${cur}/t hauled`, kind: 'money' },
      ];
    case 'feeReform':
      return [
        from,
        {
          name: 'feeId',
          label: 'Fee',
          unit: '',
          kind: 'select',
          options: [
            ...city.fees.filter((f) => f.basis === 'perHouseholdMonth').map((f) => ({ value: f.id, label: f.name })),
            ...(city.fees.some((f) => f.basis === 'perHouseholdMonth') ? [] : [{ value: '', label: 'a new household fee' }]),
          ],
        },
        {
          name: 'amountMode',
          label: 'Amount',
          unit: '',
          kind: 'select',
          options: [
            { value: 'fullCost', label: 'the fee that recovers full cost' },
            { value: 'amount', label: 'the amount below' },
          ],
        },
        { name: 'amount', label: 'Amount per household per month', unit: cur, kind: 'money' },
        { name: 'collectionRate', label: 'Share of served households paying', unit: 'share', kind: 'share' },
      ];
    case 'integrateScavengers':
      return [
        from,
        { name: 'groupId', label: 'Scavenger group', unit: '', kind: 'select', options: city.scavengerGroups.map((g) => ({ value: g.id, label: g.name })) },
        { name: 'hired', label: 'Scavengers hired', unit: 'people', kind: 'number' },
        { name: 'wagePerDay', label: 'Wage', unit: `${cur}/day`, kind: 'money' },
        { name: 'daysPerYear', label: 'Days worked a year', unit: 'days', kind: 'integer' },
        { name: 'stage', label: 'Stage that pays the wages', unit: '', kind: 'select', options: STAGES.filter((s) => s !== 'administration').map((s) => ({ value: s, label: STAGE_LABELS[s] })) },
      ];
  }
}

function numText(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

/** Form values of a preset's parameters (its defaults, for a new form). */
export function presetFormValues(city: CityFile, params: PresetParams): Record<string, string> {
  const v: Record<string, string> = { fromYear: String(params.fromYear) };
  const put = (o: Record<string, unknown>, prefix = '') => {
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === 'number') v[`${prefix}${k}`] = numText(x);
      else if (typeof x === 'string') v[`${prefix}${k}`] = x;
      else if (typeof x === 'boolean') v[`${prefix}${k}`] = x ? 'on' : '';
    }
  };
  switch (params.preset) {
    case 'composting':
      put(params as unknown as Record<string, unknown>);
      put(params.capture, 'capture.');
      break;
    case 'sourceSeparation':
      for (const f of city.fractions) if (f.recyclable || f.compostable) v[`sourceDiversion.${f.id}`] = '0';
      put(params.sourceDiversion, 'sourceDiversion.');
      v.programmeCostPerYear = params.programmeCostPerYear;
      v.hubCapacityTPerDay = params.recovery ? numText(params.recovery.capacityTPerDay) : '0';
      v.hubCapture = '0.3';
      v.hubResidueShare = '0.1';
      v.hubPricePerT = '0';
      v.hubRoundTripKm = '10';
      v.hubOmPerT = '0';
      break;
    case 'newDisposalSite':
      put(params as unknown as Record<string, unknown>);
      v.distanceFactor = params.distance.kind === 'factor' ? numText(params.distance.factor) : numText(params.distance.otherFactor);
      if (params.distance.kind === 'byRegion') put(params.distance.kmByRegion, 'regionKm.');
      break;
    case 'moreHaul': {
      v.thresholdKm = numText(params.thresholdKm);
      v.means = params.means.kind;
      v.extraVehiclesPerPoint = params.means.kind === 'vehicles' ? numText(params.means.extraVehiclesPerPoint) : '0.5';
      v.shiftsPerDay = params.means.kind === 'vehicles' ? '2' : numText(params.means.shiftsPerDay);
      v.stationName = 'Transfer station';
      v.stationExtraVehicles = '0';
      v.stationStorageLimitT = '200';
      v.stationRoundTripKm = String(Math.round(params.thresholdKm / 2));
      v.stationCapitalUnitCost = '0';
      v.stationOmPerYear = '0';
      break;
    }
    case 'feeReform':
      v.feeId = params.feeId ?? city.fees.find((f) => f.basis === 'perHouseholdMonth')?.id ?? '';
      v.amountMode = params.amount === 'fullCost' ? 'fullCost' : 'amount';
      v.amount = params.amount === 'fullCost' ? (city.fees.find((f) => f.id === v.feeId)?.amount ?? '0') : params.amount;
      v.collectionRate = numText(params.collectionRate);
      break;
    default:
      put(params as unknown as Record<string, unknown>);
  }
  delete v.preset;
  return v;
}

function inputType(k: KnobKind): KnobView['inputType'] {
  if (k === 'select' || k === 'checkbox') return k;
  return k === 'text' || k === 'money' ? 'text' : 'number';
}

function step(k: KnobKind): string {
  return k === 'year' || k === 'integer' ? '1' : 'any';
}

export function presetFormView(city: CityFile, preset: PresetId, values: Record<string, string>, errors: Record<string, string>, t: Translator = translator('en')): PresetFormView {
  return {
    preset,
    title: t.dynamic(`presets.${preset}.title`),
    description: t.dynamic(`presets.${preset}.description`),
    knobs: presetKnobs(city, preset).map((k) => ({
      ...k,
      unit: k.unit,
      value: values[k.name] ?? '',
      checked: values[k.name] === 'on' || values[k.name] === 'true',
      error: errors[k.name] ?? null,
      inputType: inputType(k.kind),
      step: step(k.kind),
    })),
  };
}

/** The presets to start from, titled in the language (presets.<id>.*; PRESET_TITLES is the model's English). */
export function presetChoices(t: Translator = translator('en')): Array<{ id: PresetId; title: string; description: string }> {
  return PRESET_IDS.map((id) => ({ id, title: t.dynamic(`presets.${id}.title`), description: t.dynamic(`presets.${id}.description`) }));
}

export type ParsedPreset = { ok: true; params: PresetParams } | { ok: false; errors: Record<string, string> };

/**
 * The form body (flat strings) back to a preset's parameters; every knob is
 * checked for its kind here, the preset checks the rest (and names the field).
 */
export function parsePresetForm(city: CityFile, preset: PresetId, body: Readonly<Record<string, unknown>>, baseline: RunResult | undefined): ParsedPreset {
  const errors: Record<string, string> = {};
  const knobs = presetKnobs(city, preset);
  const n: Record<string, number> = {};
  const s: Record<string, string> = {};
  const str = (name: string) => {
    const raw = body[name];
    return typeof raw === 'string' ? raw.trim() : '';
  };
  for (const k of knobs) {
    const raw = str(k.name);
    if (k.kind === 'checkbox') {
      s[k.name] = raw === 'on' || raw === 'true' ? 'on' : '';
      continue;
    }
    if (k.kind === 'text' || k.kind === 'select') {
      if (k.kind === 'select' && k.options && !k.options.some((o) => o.value === raw)) errors[k.name] = 'choose one of the options';
      else if (k.kind === 'text' && raw === '' && k.name !== 'stationName') errors[k.name] = 'is required';
      s[k.name] = raw;
      continue;
    }
    if (k.kind === 'money') {
      if (!/^\d{1,18}(\.\d{1,10})?$/.test(raw)) errors[k.name] = 'must be an amount like 1250 or 69.90 (digits, no separators)';
      s[k.name] = raw;
      continue;
    }
    if (raw === '' && k.name.startsWith('regionKm.')) continue;
    if (raw === '' || !/^-?\d+(\.\d+)?$/.test(raw)) {
      errors[k.name] = 'must be a number';
      continue;
    }
    const x = Number(raw);
    if ((k.kind === 'year' || k.kind === 'integer') && !Number.isInteger(x)) errors[k.name] = 'must be a whole number';
    else if (k.kind === 'share' && (x < 0 || x > 1)) errors[k.name] = 'must be a share between 0 and 1';
    else if (x < 0) errors[k.name] = 'must be >= 0';
    n[k.name] = x;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const byPrefix = (prefix: string) =>
    Object.fromEntries(Object.entries(n).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));
  const fromYear = n.fromYear;
  let params: PresetParams;
  switch (preset) {
    case 'composting':
      params = { preset, fromYear, capacityTPerDay: n.capacityTPerDay, capture: byPrefix('capture'), pricePerT: s.pricePerT, shareSold: n.shareSold, roundTripKm: n.roundTripKm, capitalUnitCost: s.capitalUnitCost, capitalLifeYears: n.capitalLifeYears, omPerT: s.omPerT };
      break;
    case 'sourceSeparation': {
      const recyclable = city.fractions.filter((f) => f.recyclable).map((f) => f.id);
      params = {
        preset,
        fromYear,
        // A fraction left at 0 is not part of the programme.
        sourceDiversion: Object.fromEntries(Object.entries(byPrefix('sourceDiversion')).filter(([, x]) => x > 0)),
        programmeCostPerYear: s.programmeCostPerYear,
        recovery:
          n.hubCapacityTPerDay > 0
            ? {
                capacityTPerDay: n.hubCapacityTPerDay,
                capture: Object.fromEntries(recyclable.map((f) => [f, n.hubCapture])),
                residueShare: n.hubResidueShare,
                salePricePerT: Object.fromEntries(recyclable.map((f) => [f, s.hubPricePerT])),
                roundTripKm: n.hubRoundTripKm,
                capitalUnitCost: '0',
                capitalLifeYears: 10,
                omPerT: s.hubOmPerT,
              }
            : null,
      };
      break;
    }
    case 'newDisposalSite': {
      const regions = byPrefix('regionKm');
      params = {
        preset,
        fromYear,
        landfillName: s.landfillName,
        remainingAirspaceM3: n.remainingAirspaceM3,
        densityTPerM3: n.densityTPerM3,
        coverShare: n.coverShare,
        openYear: n.openYear,
        openMonth: n.openMonth,
        capitalUnitCost: s.capitalUnitCost,
        capitalLifeYears: n.capitalLifeYears,
        closureTotal: s.closureTotal,
        omPerT: s.omPerT,
        tippingFeePerT: s.tippingFeePerT,
        distance: Object.keys(regions).length > 0 ? { kind: 'byRegion', kmByRegion: regions, otherFactor: n.distanceFactor } : { kind: 'factor', factor: n.distanceFactor },
        scavengersFollow: s.scavengersFollow === 'on',
      };
      break;
    }
    case 'moreHaul':
      params = {
        preset,
        fromYear,
        thresholdKm: n.thresholdKm,
        means:
          s.means === 'vehicles'
            ? { kind: 'vehicles', extraVehiclesPerPoint: n.extraVehiclesPerPoint }
            : s.means === 'shifts'
              ? { kind: 'shifts', shiftsPerDay: n.shiftsPerDay }
              : {
                  kind: 'station',
                  stationName: s.stationName || 'Transfer station',
                  extraVehicles: n.stationExtraVehicles,
                  shiftsPerDay: n.shiftsPerDay,
                  storageLimitT: n.stationStorageLimitT,
                  roundTripKm: n.stationRoundTripKm,
                  capitalUnitCost: s.stationCapitalUnitCost,
                  capitalLifeYears: 20,
                  omPerYear: s.stationOmPerYear,
                },
      };
      break;
    case 'outsourcing':
      params = { preset, fromYear, share: n.share, pricePerT: s.pricePerT };
      break;
    case 'feeReform':
      params = { preset, fromYear, ...(s.feeId ? { feeId: s.feeId } : {}), amount: s.amountMode === 'fullCost' ? 'fullCost' : s.amount, collectionRate: n.collectionRate, ...(baseline ? { baseline } : {}) };
      break;
    case 'integrateScavengers':
      params = { preset, fromYear, groupId: s.groupId, hired: n.hired, wagePerDay: s.wagePerDay, daysPerYear: n.daysPerYear, stage: s.stage as Stage };
      break;
  }
  return { ok: true, params };
}

/** A preset error's field (a parameter path) as the form field that shows it. */
export function presetFieldToKnob(preset: PresetId, field: string): string {
  const map: Record<string, string> = {
    'means.extraVehiclesPerPoint': 'extraVehiclesPerPoint',
    'means.shiftsPerDay': 'shiftsPerDay',
    'means.storageLimitT': 'stationStorageLimitT',
    'means.roundTripKm': 'stationRoundTripKm',
    'means.extraVehicles': 'stationExtraVehicles',
    'means.capitalUnitCost': 'stationCapitalUnitCost',
    'means.omPerYear': 'stationOmPerYear',
    'distance.factor': 'distanceFactor',
    'distance.otherFactor': 'distanceFactor',
    'recovery.capacityTPerDay': 'hubCapacityTPerDay',
    'recovery.residueShare': 'hubResidueShare',
    'recovery.roundTripKm': 'hubRoundTripKm',
    'recovery.omPerT': 'hubOmPerT',
    amount: preset === 'feeReform' ? 'amount' : 'amount',
  };
  if (field.startsWith('distance.kmByRegion.')) return `regionKm.${field.slice('distance.kmByRegion.'.length)}`;
  if (field.startsWith('recovery.')) return 'hubCapacityTPerDay';
  return map[field] ?? field;
}

export { presetDefaults };

// ------------------------------------------------------------ changes as sentences

const SINGULAR: Record<string, string> = {
  zones: 'zone',
  primarySystems: 'primary system',
  vehicleTypes: 'vehicle type',
  transferPoints: 'transfer point',
  facilities: 'facility',
  landfills: 'landfill',
  scavengerGroups: 'scavenger group',
  integration: 'integration programme',
  industrialStreams: 'industrial stream',
  costLines: 'cost line',
  fees: 'fee',
  fractions: 'fraction',
};

function short(v: unknown): string {
  if (v === undefined) return '(not set)';
  // Legs read as "benowo 42 km, new-site 32.9 km".
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && 'siteId' in x && 'roundTripKm' in x)) {
    return (v as Array<{ siteId: unknown; roundTripKm: unknown }>).map((l) => `${String(l.siteId)} ${String(l.roundTripKm)} km`).join(', ');
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function getDeep(o: unknown, keys: string[]): unknown {
  let cur = o;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function recordName(city: CityFile, collection: string, id: string): string {
  const list = (city as unknown as Record<string, Array<{ id: string; name?: string; description?: string }>>)[collection] ?? [];
  const r = list.find((x) => x.id === id);
  return r?.name ?? r?.description ?? id;
}

function fieldLabel(collection: string, keys: string[]): string {
  const fc = collection as keyof typeof FIELDS;
  const f: FieldDef | undefined = FIELDS[fc] ? findField(fc, keys.join('.')) : undefined;
  return f ? f.label.toLowerCase() : keys.join(' ');
}

/** One change as a sentence: 'From 2005: transfer point TPS Rungkut 2 — vehicles 0.75 → 2'. */
export function describeChange(city: CityFile, change: Change): string {
  const from = `From ${change.fromYear}: `;
  if (change.op === 'add') {
    const item = change.item as { id?: unknown; name?: unknown; description?: unknown };
    return `${from}add ${SINGULAR[change.collection] ?? change.collection} ${String(item.name ?? item.description ?? item.id ?? '')}`;
  }
  if (change.op === 'retire') return `${from}retire ${SINGULAR[change.collection] ?? change.collection} ${recordName(city, change.collection, change.id)}`;
  const parts = change.path.split('/').filter((p) => p !== '');
  const [head] = parts;
  if (head === 'settings' || head === 'city') {
    const keys = parts.slice(1);
    return `${from}${head} — ${fieldLabel('settings', keys)} ${short(getDeep(city[head], keys))} → ${short(change.value)}`;
  }
  const [, id, ...keys] = parts;
  const label = fieldLabel(head, keys);
  if (id === '*') return `${from}every ${SINGULAR[head] ?? head} — ${label} → ${short(change.value)}`;
  const list = (city as unknown as Record<string, Array<{ id: string }>>)[head] ?? [];
  const rec = list.find((r) => r.id === id);
  const before = rec ? short(getDeep(rec, keys)) : '(added by the scenario)';
  return `${from}${SINGULAR[head] ?? head} ${recordName(city, head, id)} — ${label} ${before} → ${short(change.value)}`;
}

export interface ChangeRow {
  /** Index in the scenario's list (the delete form's target). */
  index: number;
  year: string;
  text: string;
  note: string;
}

/** The scenario's changes in year order (list order within a year), each readable. */
export function changeRows(city: CityFile, changes: readonly Change[]): ChangeRow[] {
  return changes
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.fromYear - b.c.fromYear || a.index - b.index)
    .map(({ c, index }) => ({ index, year: String(c.fromYear), text: describeChange(city, c), note: c.note ?? '' }));
}

// ------------------------------------------------------------ the add-a-change form

export interface ChangeFormView {
  collections: Array<{ value: string; label: string }>;
  /** Per collection: its records (plus "*" for every record) and its scalar fields with kind and unit. */
  catalogueJson: string;
}

const SCALAR_KINDS = new Set(['number', 'integer', 'share', 'money', 'text', 'enum', 'boolean']);

/** The collections, records and fields a set-change may name (the field registry's scalar fields). */
export function changeCatalogue(city: CityFile): { collections: Array<{ value: string; label: string }>; catalogue: Record<string, { records: Array<{ id: string; name: string }>; fields: Array<{ key: string; label: string; unit: string; kind: string; options?: readonly string[] }> }> } {
  const cur = city.settings.currency;
  const catalogue: Record<string, { records: Array<{ id: string; name: string }>; fields: Array<{ key: string; label: string; unit: string; kind: string; options?: readonly string[] }> }> = {};
  const fieldsOf = (fc: keyof typeof FIELDS) =>
    FIELDS[fc].filter((f) => SCALAR_KINDS.has(f.kind) && !f.createOnly && f.key !== 'name' && f.key !== 'id').map((f) => ({ key: f.key, label: f.label, unit: unitFor(f.unit, cur), kind: f.kind, ...(f.options ? { options: f.options } : {}) }));
  catalogue.settings = { records: [], fields: fieldsOf('settings') };
  const collections = [{ value: 'settings', label: 'Settings' }];
  for (const c of COLLECTIONS as readonly CollectionName[]) {
    const list = city[c] as ReadonlyArray<{ id: string; name?: string; description?: string }>;
    if (list.length === 0) continue;
    catalogue[c] = { records: [{ id: '*', name: `every ${SINGULAR[c] ?? c}` }, ...list.map((r) => ({ id: r.id, name: r.name ?? r.description ?? r.id }))], fields: fieldsOf(c) };
    collections.push({ value: c, label: COLLECTION_LABELS[c].plural });
  }
  return { collections, catalogue };
}

export type ParsedChange = { ok: true; change: Change } | { ok: false; errors: Record<string, string> };

/** The add-a-change form (op set|retire, fromYear, collection, record, field, value) as a change. */
export function parseChangeForm(city: CityFile, body: Readonly<Record<string, unknown>>): ParsedChange {
  const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const errors: Record<string, string> = {};
  const op = get('op');
  const yearText = get('fromYear');
  const first = city.settings.baseYear;
  const last = first + city.settings.horizonYears - 1;
  const fromYear = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || fromYear < first || fromYear > last) errors.fromYear = `must be a year in the horizon ${first}-${last}`;
  const collection = get('collection');
  const { catalogue } = changeCatalogue(city);
  const entry = catalogue[collection];
  if (!entry) errors.collection = 'choose what to change';
  const record = get('record');
  if (op === 'retire') {
    if (collection === 'settings' || !entry) errors.collection = 'choose a collection whose record retires';
    else if (!entry.records.some((r) => r.id === record && r.id !== '*')) errors.record = 'choose the record that retires';
    if (Object.keys(errors).length) return { ok: false, errors };
    return { ok: true, change: { op: 'retire', fromYear, collection: collection as CollectionName, id: record } };
  }
  if (op !== 'set') return { ok: false, errors: { ...errors, op: 'choose set or retire' } };
  if (entry && collection !== 'settings' && !entry.records.some((r) => r.id === record)) errors.record = 'choose a record (or every record)';
  const field = entry?.fields.find((f) => f.key === get('field'));
  if (entry && !field) errors.field = 'choose a field';
  if (Object.keys(errors).length || !field) return { ok: false, errors };
  const raw = get('value');
  let value: unknown;
  switch (field.kind) {
    case 'money':
      if (!/^-?\d{1,18}(\.\d{1,10})?$/.test(raw)) errors.value = 'must be an amount like 1250 or 69.90 (digits, no separators)';
      value = raw;
      break;
    case 'number':
    case 'integer':
    case 'share':
      if (!/^-?\d+(\.\d+)?$/.test(raw)) errors.value = 'must be a number';
      else if (field.kind === 'integer' && !Number.isInteger(Number(raw))) errors.value = 'must be a whole number';
      else if (field.kind === 'share' && (Number(raw) < 0 || Number(raw) > 1)) errors.value = 'must be a share between 0 and 1';
      value = Number(raw);
      break;
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') errors.value = 'must be true or false';
      value = raw === 'true';
      break;
    case 'enum':
      if (field.options && !field.options.includes(raw)) errors.value = `must be one of ${field.options.join(', ')}`;
      value = raw;
      break;
    default:
      if (raw === '') errors.value = 'is required';
      value = raw;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const path = collection === 'settings' ? `settings/${field.key.replaceAll('.', '/')}` : `${collection}/${record}/${field.key.replaceAll('.', '/')}`;
  const note = get('note');
  return { ok: true, change: { op: 'set', fromYear, path, value, ...(note ? { note } : {}) } };
}
