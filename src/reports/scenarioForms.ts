/**
 * Scenario pages' view models: the preset forms (each knob with its label,
 * unit and kind; the form body back to the preset's parameters, with a
 * message per field), a scenario's changes in year order as sentences, and
 * the form for adding a change from the field registry (src/reports/fields.ts).
 *
 * Everything people read comes from the catalogs (presets.knob.*,
 * presets.unit.*, presets.error.*, presets.assumption.*, scenarios.change.*,
 * scenarios.error.*) in the translator's language, a preset's assumptions
 * sentence too (presetAssumptionsText, from the facts the preset returns); numbers in the forms are read and shown as that
 * language types them (parseLocaleNumber, numberForInput), so the form's
 * inputs are text inputs.
 *
 * Example: describeChange(city, { op: 'set', fromYear: 2005, path: 'transferPoints/tps-rungkut-2/vehicles', value: 2 })
 *   -> 'From 2005: transfer point TPS Rungkut 2 — vehicles 0.75 → 2'
 *          describeChange(city, same, translator('id'))
 *   -> 'Mulai 2005: TPS TPS Rungkut 2 — kendaraan 0,75 → 2'
 */
import type { Change, CityFile, CollectionName, Stage } from '../model/cityFile.js';
import { COLLECTIONS, STAGES } from '../model/cityFile.js';
import { groupDigits, PRESET_IDS, presetDefaults, type CapitalFact, type PresetAssumptionFacts, type PresetId, type PresetParams, type PresetRecordNames, type ShareFact } from '../model/presets.js';
import type { RunResult } from '../model/results.js';
import { stageName } from './cityPage.js';
import { FIELDS, fieldMessageKeys, findField, kindAndName, localizedField, numberToForm, UNIT_KEYS, unitFor, type FieldCollection, type FieldDef } from './fields.js';
import { translator, type Lang, type MessageKey, type Translator } from '../i18n/index.js';
import { localeFormatter, numberForInput, parseLocaleNumber } from './locale.js';
import { problemText } from './problemText.js';

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

/** Knobs of each preset, labelled in t's language. Names are the form fields; fraction knobs are "capture.<fraction>". */
export function presetKnobs(city: CityFile, preset: PresetId, t: Translator = translator('en')): Knob[] {
  const currency = city.settings.currency;
  const k = (name: string, label: MessageKey, unit: string, kind: KnobKind, params?: Record<string, string>): Knob => ({ name, label: t(label, params), unit, kind });
  const u = {
    share: t('presets.unit.share'),
    tPerDay: t('presets.unit.tPerDay'),
    perTonne: t('presets.unit.perTonne', { currency }),
    perTonneHauled: t('presets.unit.perTonneHauled', { currency }),
    perYear: t('presets.unit.perYear', { currency }),
    perDay: t('presets.unit.perDay', { currency }),
    km: 'km',
    m3: t('presets.unit.m3'),
    tPerM3: t('presets.unit.tPerM3'),
    years: t('presets.unit.years'),
    factor: t('presets.unit.factor'),
    vehicles: t('presets.unit.vehicles'),
    t: t('presets.unit.t'),
    people: t('presets.unit.people'),
    days: t('presets.unit.days'),
  };
  const from = k('fromYear', 'presets.knob.fromYear', '', 'year');
  const fractions = (prefix: string, which: (f: CityFile['fractions'][number]) => boolean, label: MessageKey): Knob[] =>
    city.fractions.filter(which).map((f) => k(`${prefix}.${f.id}`, label, u.share, 'share', { fraction: f.name }));
  switch (preset) {
    case 'composting':
      return [
        from,
        k('capacityTPerDay', 'presets.knob.capacityTPerDay', u.tPerDay, 'number'),
        ...fractions('capture', (f) => f.compostable, 'presets.knob.capture'),
        k('pricePerT', 'presets.knob.compostPrice', u.perTonne, 'money'),
        k('shareSold', 'presets.knob.shareSold', u.share, 'share'),
        k('roundTripKm', 'presets.knob.compostRoundTripKm', u.km, 'number'),
        k('capitalUnitCost', 'presets.knob.capitalUnitCost', currency, 'money'),
        k('capitalLifeYears', 'presets.knob.capitalLifeYears', u.years, 'integer'),
        k('omPerT', 'presets.knob.omPerT', u.perTonne, 'money'),
      ];
    case 'sourceSeparation':
      return [
        from,
        ...fractions('sourceDiversion', (f) => f.recyclable || f.compostable, 'presets.knob.sourceDiversion'),
        k('programmeCostPerYear', 'presets.knob.programmeCostPerYear', u.perYear, 'money'),
        k('hubCapacityTPerDay', 'presets.knob.hubCapacityTPerDay', u.tPerDay, 'number'),
        k('hubCapture', 'presets.knob.hubCapture', u.share, 'share'),
        k('hubResidueShare', 'presets.knob.hubResidueShare', u.share, 'share'),
        k('hubPricePerT', 'presets.knob.hubPricePerT', u.perTonne, 'money'),
        k('hubRoundTripKm', 'presets.knob.hubRoundTripKm', u.km, 'number'),
        k('hubOmPerT', 'presets.knob.hubOmPerT', u.perTonne, 'money'),
      ];
    case 'newDisposalSite': {
      const regions = [...new Set(city.zones.map((z) => z.region).filter((r): r is string => typeof r === 'string' && r !== ''))];
      return [
        from,
        k('landfillName', 'presets.knob.landfillName', '', 'text'),
        k('remainingAirspaceM3', 'presets.knob.remainingAirspaceM3', u.m3, 'number'),
        k('densityTPerM3', 'presets.knob.densityTPerM3', u.tPerM3, 'number'),
        k('coverShare', 'presets.knob.coverShare', u.share, 'share'),
        k('openYear', 'presets.knob.openYear', '', 'year'),
        k('openMonth', 'presets.knob.openMonth', '1-12', 'integer'),
        k('capitalUnitCost', 'presets.knob.capitalUnitCost', currency, 'money'),
        k('capitalLifeYears', 'presets.knob.capitalLifeYears', u.years, 'integer'),
        k('closureTotal', 'presets.knob.closureTotal', currency, 'money'),
        k('omPerT', 'presets.knob.omPerT', u.perTonne, 'money'),
        k('tippingFeePerT', 'presets.knob.tippingFeePerT', u.perTonne, 'money'),
        k('distanceFactor', 'presets.knob.distanceFactor', u.factor, 'number'),
        ...regions.map((r) => k(`regionKm.${r}`, 'presets.knob.regionKm', u.km, 'number', { region: r })),
        k('scavengersFollow', 'presets.knob.scavengersFollow', '', 'checkbox'),
      ];
    }
    case 'moreHaul':
      return [
        from,
        k('thresholdKm', 'presets.knob.thresholdKm', u.km, 'number'),
        {
          ...k('means', 'presets.knob.means', '', 'select'),
          options: [
            { value: 'vehicles', label: t('presets.knob.meansVehicles') },
            { value: 'shifts', label: t('presets.knob.meansShifts') },
            { value: 'station', label: t('presets.knob.meansStation') },
          ],
        },
        k('extraVehiclesPerPoint', 'presets.knob.extraVehiclesPerPoint', u.vehicles, 'number'),
        k('shiftsPerDay', 'presets.knob.shiftsPerDay', '1-3', 'integer'),
        k('stationName', 'presets.knob.stationName', '', 'text'),
        k('stationExtraVehicles', 'presets.knob.stationExtraVehicles', u.vehicles, 'number'),
        k('stationStorageLimitT', 'presets.knob.stationStorageLimitT', u.t, 'number'),
        k('stationRoundTripKm', 'presets.knob.stationRoundTripKm', u.km, 'number'),
        k('stationCapitalUnitCost', 'presets.knob.stationCapitalUnitCost', currency, 'money'),
        k('stationOmPerYear', 'presets.knob.stationOmPerYear', u.perYear, 'money'),
      ];
    case 'outsourcing':
      return [from, k('share', 'presets.knob.outsourcedShare', u.share, 'share'), k('pricePerT', 'presets.knob.contractPrice', u.perTonneHauled, 'money')];
    case 'feeReform':
      return [
        from,
        {
          ...k('feeId', 'presets.knob.feeId', '', 'select'),
          options: [
            ...city.fees.filter((f) => f.basis === 'perHouseholdMonth').map((f) => ({ value: f.id, label: f.name })),
            ...(city.fees.some((f) => f.basis === 'perHouseholdMonth') ? [] : [{ value: '', label: t('presets.knob.newFee') }]),
          ],
        },
        {
          ...k('amountMode', 'presets.knob.amountMode', '', 'select'),
          options: [
            { value: 'fullCost', label: t('presets.knob.amountFullCost') },
            { value: 'amount', label: t('presets.knob.amountGiven') },
          ],
        },
        k('amount', 'presets.knob.amount', currency, 'money'),
        k('collectionRate', 'presets.knob.collectionRate', u.share, 'share'),
      ];
    case 'integrateScavengers':
      return [
        from,
        { ...k('groupId', 'presets.knob.groupId', '', 'select'), options: city.scavengerGroups.map((g) => ({ value: g.id, label: g.name })) },
        k('hired', 'presets.knob.hired', u.people, 'number'),
        k('wagePerDay', 'presets.knob.wagePerDay', u.perDay, 'money'),
        k('daysPerYear', 'presets.knob.daysPerYear', u.days, 'integer'),
        { ...k('stage', 'presets.knob.stage', '', 'select'), options: STAGES.filter((s) => s !== 'administration').map((s) => ({ value: s, label: stageName(t, s) })) },
      ];
  }
}

function numText(n: number): string {
  return Number.isFinite(n) ? numberToForm(n) : '';
}

const NUMERIC_KINDS: ReadonlySet<KnobKind> = new Set(['number', 'integer', 'share', 'money']);

/**
 * Form values of a preset's parameters (its defaults, for a new form). With
 * a translator, numbers are written as its language types them ("0,3",
 * "1.250" in Indonesian; years stay "2026"); without, canonical ("0.3").
 */
export function presetFormValues(city: CityFile, params: PresetParams, t?: Translator): Record<string, string> {
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
      v.stationName = (t ?? translator('en'))('presets.knob.stationDefaultName');
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
  if (t) {
    // The model's default name (English) as a name in the form's language; a name the person typed stays.
    if (v.landfillName === translator('en')('presets.knob.landfillDefaultName')) v.landfillName = t('presets.knob.landfillDefaultName');
    for (const k of presetKnobs(city, params.preset, t)) if (NUMERIC_KINDS.has(k.kind) && v[k.name] !== undefined) v[k.name] = numberForInput(v[k.name], t.lang);
  }
  return v;
}

/** Numbers are text inputs: a number input would refuse "1.250,5" before the server reads it the language's way. */
function inputType(k: KnobKind): KnobView['inputType'] {
  if (k === 'select' || k === 'checkbox') return k;
  return k === 'year' ? 'number' : 'text';
}

function step(k: KnobKind): string {
  return k === 'year' || k === 'integer' ? '1' : 'any';
}

export function presetFormView(city: CityFile, preset: PresetId, values: Record<string, string>, errors: Record<string, string>, t: Translator = translator('en')): PresetFormView {
  return {
    preset,
    title: t.dynamic(`presets.${preset}.title`),
    description: t.dynamic(`presets.${preset}.description`),
    knobs: presetKnobs(city, preset, t).map((k) => ({
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
export function parsePresetForm(city: CityFile, preset: PresetId, body: Readonly<Record<string, unknown>>, baseline: RunResult | undefined, t: Translator = translator('en')): ParsedPreset {
  const errors: Record<string, string> = {};
  const knobs = presetKnobs(city, preset, t);
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
      if (k.kind === 'select' && k.options && !k.options.some((o) => o.value === raw)) errors[k.name] = t('presets.error.chooseOption');
      else if (k.kind === 'text' && raw === '' && k.name !== 'stationName') errors[k.name] = t('validation.required');
      s[k.name] = raw;
      continue;
    }
    if (k.kind === 'money') {
      const r = parseLocaleNumber(raw, t.lang, { currency: city.settings.currency, allowNegative: false });
      if (r.ok) s[k.name] = r.value;
      else errors[k.name] = r.message;
      continue;
    }
    if (raw === '' && k.name.startsWith('regionKm.')) continue;
    const r = parseLocaleNumber(raw, t.lang, { allowNegative: false });
    if (!r.ok) {
      errors[k.name] = r.message;
      continue;
    }
    const x = Number(r.value);
    if ((k.kind === 'year' || k.kind === 'integer') && !Number.isInteger(x)) errors[k.name] = t('validation.integer');
    else if (k.kind === 'share' && x > 1) errors[k.name] = t('presets.error.share');
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
                  stationName: s.stationName || t('presets.knob.stationDefaultName'),
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

/** A preset's refusal (src/model/presets.ts words it in English) in t's language; engine problems through problemText. */
export function presetErrorText(message: string, t: Translator): string {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [/^must be a year in the horizon (\d+)-(\d+)$/, (m) => t('presets.error.horizonYear', { from: m[1], to: m[2] })],
    [/^must be a share between 0 and 1$/, () => t('presets.error.share')],
    [/^must be an amount like "1250" or "69.90" \(no separators\)$/, () => t('validation.money', { example: '1250' })],
    [/^must be >= 0 and < 1$/, () => t('presets.error.coverShare')],
    [/^must be a whole year, not before (\d+)$/, (m) => t('presets.error.openYear', { year: m[1] })],
    [/^no transfer point is more than (.+) km \(round trip\) from its landfill$/, (m) => t('presets.error.noFarPoint', { km: localNumber(m[1], t) })],
    [/^must be 2 or 3$/, () => t('presets.error.shifts23')],
    [/^must be 1, 2 or 3$/, () => t('presets.error.shifts123')],
    [/^(\d+) is not in the baseline run$/, (m) => t('presets.error.notInBaseline', { year: m[1] })],
    [/^the net cost of (\d+) is not positive: no fee is needed to recover it$/, (m) => t('presets.error.netCostNotPositive', { year: m[1] })],
    [/^no fee "(.*)"$/, (m) => t('presets.error.noFee', { id: m[1] })],
    [/^"(.*)" is not charged per household-month$/, (m) => t('presets.error.feeBasis', { id: m[1] })],
    [/^the full-cost fee needs the baseline run$/, () => t('presets.error.needsBaseline')],
    [/^no scavenger group "(.*)"$/, (m) => t('presets.error.noGroup', { id: m[1] })],
    [/^must be at most the group's headcount \((.+)\)$/, (m) => t('presets.error.atMostHeadcount', { count: localNumber(m[1], t) })],
    [/^must be 1-366$/, () => t('presets.error.days')],
  ];
  for (const [re, text] of patterns) {
    const m = re.exec(message);
    if (m) return text(m);
  }
  return problemText(message, t.lang);
}

const plainNumbers = new Map<string, Intl.NumberFormat>();

/**
 * A figure as the language writes it: 0.75 -> "0,75" (id). Grouped from five
 * digits like the translator's numbers ("12500" -> "12.500", a year 2030
 * stays "2030"); amounts of money always ("5000" -> "5.000").
 */
function localNumber(value: number | string, t: Translator, money = false): string {
  const key = `${t.locale}:${money}`;
  let f = plainNumbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(t.locale, { useGrouping: money ? 'always' : 'min2', maximumFractionDigits: 10 });
    plainNumbers.set(key, f);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? f.format(value) : String(value);
  const plain = value.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(plain) ? f.format(plain as Intl.StringNumericLiteral) : value;
}

// ------------------------------------------------------------ changes as sentences

/** A collection's noun in a change sentence: "transfer point", "TPS", "转运站". */
function singular(collection: string, t: Translator): string {
  const key = `scenarios.change.collection.${collection}`;
  return t.has(key) ? t.dynamic(key) : collection;
}

/** "transfer point TPS Rungkut 2"; the noun is left out when the name already starts with it ("TPA Benowo", not "TPA TPA Benowo"). */
function named(noun: string, name: string): { target: string } {
  return { target: kindAndName(noun, name) };
}

/** Where a value sits, so an object value can name its parts: the collection, the field's path, the field. */
interface ValueAt {
  city: CityFile;
  collection: string;
  keys: string[];
  field: FieldDef | undefined;
}

/**
 * An object value, a group such as capital or a fraction map such as capture,
 * as "unit cost 3,000,000,000, life 10" or "kitchen waste 0.5, garden waste
 * 0.6": each part by its label (a fraction by its name) and its value the
 * language's way, instead of JSON.
 */
function objectText(v: Record<string, unknown>, t: Translator, at: ValueAt): string {
  const parts = Object.entries(v).map(([k, x]) => {
    if (at.field?.kind === 'fractionMap') return `${at.city.fractions.find((fr) => fr.id === k)?.name ?? k} ${short(x, t, at.field.valueKind)}`;
    const sub = fieldOf(at.collection, [...at.keys, k]);
    return sub ? `${inSentence(fieldLabelText(at.collection, sub, t), t)} ${short(x, t, sub.kind)}` : `${k} ${short(x, t, undefined)}`;
  });
  return parts.length === 0 ? '—' : parts.join(t.lang === 'zh' ? '，' : ', ');
}

function short(v: unknown, t: Translator, kind: string | undefined, at?: ValueAt): string {
  if (v === undefined) return t('scenarios.change.notSet');
  if (at && v !== null && typeof v === 'object' && !Array.isArray(v)) return objectText(v as Record<string, unknown>, t, at);
  // Legs read as "benowo 42 km, new-site 32.9 km".
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && 'siteId' in x && 'roundTripKm' in x)) {
    return (v as Array<{ siteId: unknown; roundTripKm: unknown }>).map((l) => `${String(l.siteId)} ${typeof l.roundTripKm === 'number' ? localNumber(l.roundTripKm, t) : String(l.roundTripKm)} km`).join(', ');
  }
  if (typeof v === 'number') return localNumber(v, t);
  if (typeof v === 'boolean') return t(v ? 'scenarios.booleanValue.true' : 'scenarios.booleanValue.false');
  if (typeof v === 'string' && kind === 'money' && /^-?\d+(\.\d+)?$/.test(v)) return localNumber(v, t, true);
  // A list of ids (a fallback order) reads as "benowo, new-site".
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length === 0 ? '—' : v.join(t.lang === 'zh' ? '、' : ', ');
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

/**
 * A field's label in t's language: fields.<collection>.<field>.label when the
 * catalog has it, else the registry's English label.
 */
export function fieldLabelText(collection: string, f: FieldDef, t: Translator): string {
  const key = fieldMessageKeys(collection as FieldCollection, f.key).label;
  return t.has(key) ? t.dynamic(key) : f.label;
}

/** A field's unit in t's language (fields.units.*, when the catalog has it), the currency filled in. */
function fieldUnitText(unit: string, currency: string, t: Translator): string {
  const key = UNIT_KEYS[unit];
  const translated = key !== undefined && t.lang !== 'en' && t.has(`fields.units.${key}`) ? t.dynamic(`fields.units.${key}`, { currency: '{currency}' }) : unit;
  return unitFor(translated, currency);
}

/** The label inside a sentence: lower case in English ("vehicles"), only a leading capital lowered in Indonesian, as is in Chinese. */
function inSentence(label: string, t: Translator): string {
  if (t.lang === 'en') return label.toLowerCase();
  if (t.lang === 'id' && /^\p{Lu}\p{Ll}/u.test(label)) return label[0].toLowerCase() + label.slice(1);
  return label;
}

/** A nested object's label ("capital": fields.groups.<collection>.capital), else the path's keys. */
function groupLabel(collection: string, keys: string[], t: Translator): string {
  const key = `fields.groups.${collection}.${keys.join('.')}`;
  return keys.length === 1 && t.has(key) ? inSentence(t.dynamic(key), t) : keys.join(' ');
}

function fieldOf(collection: string, keys: string[]): FieldDef | undefined {
  const fc = collection as keyof typeof FIELDS;
  return FIELDS[fc] ? findField(fc, keys.join('.')) : undefined;
}

/** One change as a sentence in t's language: 'From 2005: transfer point TPS Rungkut 2 — vehicles 0.75 → 2'. */
export function describeChange(city: CityFile, change: Change, t: Translator = translator('en')): string {
  const year = String(change.fromYear);
  if (change.op === 'add') {
    const item = change.item as { id?: unknown; name?: unknown; description?: unknown };
    return t('scenarios.change.add', { year, ...named(singular(change.collection, t), String(item.name ?? item.description ?? item.id ?? '')) });
  }
  if (change.op === 'retire') return t('scenarios.change.retire', { year, ...named(singular(change.collection, t), recordName(city, change.collection, change.id)) });
  const parts = change.path.split('/').filter((p) => p !== '');
  const [head] = parts;
  if (head === 'settings' || head === 'city') {
    const keys = parts.slice(1);
    const f = fieldOf('settings', keys);
    const at: ValueAt = { city, collection: 'settings', keys, field: f };
    return t('scenarios.change.setSection', {
      year,
      section: t(head === 'settings' ? 'scenarios.change.settings' : 'scenarios.change.city'),
      field: f ? inSentence(fieldLabelText('settings', f, t), t) : groupLabel('settings', keys, t),
      before: short(getDeep(city[head], keys), t, f?.kind, at),
      after: short(change.value, t, f?.kind, at),
    });
  }
  const [, id, ...keys] = parts;
  const f = fieldOf(head, keys);
  const at: ValueAt = { city, collection: head, keys, field: f };
  const field = f ? inSentence(fieldLabelText(head, f, t), t) : groupLabel(head, keys, t);
  const after = short(change.value, t, f?.kind, at);
  if (id === '*') return t('scenarios.change.setEvery', { year, collection: singular(head, t), field, after });
  const list = (city as unknown as Record<string, Array<{ id: string }>>)[head] ?? [];
  const rec = list.find((r) => r.id === id);
  const before = rec ? short(getDeep(rec, keys), t, f?.kind, at) : t('scenarios.change.addedByScenario');
  return t('scenarios.change.set', { year, ...named(singular(head, t), recordName(city, head, id)), field, before, after });
}

export interface ChangeRow {
  /** Index in the scenario's list (the delete form's target). */
  index: number;
  year: string;
  text: string;
  note: string;
}

/** The scenario's changes in year order (list order within a year), each readable. */
export function changeRows(city: CityFile, changes: readonly Change[], t: Translator = translator('en')): ChangeRow[] {
  return changes
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.fromYear - b.c.fromYear || a.index - b.index)
    .map(({ c, index }) => ({ index, year: String(c.fromYear), text: describeChange(city, c, t), note: c.note ?? '' }));
}

// ------------------------------------------------------------ the add-a-change form

export interface ChangeFormView {
  collections: Array<{ value: string; label: string }>;
  /** Per collection: its records (plus "*" for every record) and its scalar fields with kind and unit. */
  catalogueJson: string;
}

const SCALAR_KINDS = new Set(['number', 'integer', 'share', 'money', 'text', 'enum', 'boolean']);

type CatalogueField = { key: string; label: string; unit: string; kind: string; options?: readonly string[] };
type Catalogue = Record<string, { records: Array<{ id: string; name: string }>; fields: CatalogueField[] }>;

/** The collections, records and fields a set-change may name (the field registry's scalar fields), labelled in t's language. */
export function changeCatalogue(city: CityFile, t: Translator = translator('en')): { collections: Array<{ value: string; label: string }>; catalogue: Catalogue } {
  const cur = city.settings.currency;
  const catalogue: Catalogue = {};
  const fieldsOf = (fc: keyof typeof FIELDS) =>
    FIELDS[fc]
      .filter((f) => SCALAR_KINDS.has(f.kind) && !f.createOnly && f.key !== 'name' && f.key !== 'id')
      .map((f) => ({ key: f.key, label: fieldLabelText(fc, f, t), unit: fieldUnitText(f.unit, cur, t), kind: f.kind, ...(f.options ? { options: f.options } : {}) }));
  catalogue.settings = { records: [], fields: fieldsOf('settings') };
  const collections = [{ value: 'settings', label: t('scenarios.change.settingsCollection') }];
  for (const c of COLLECTIONS as readonly CollectionName[]) {
    const list = city[c] as ReadonlyArray<{ id: string; name?: string; description?: string }>;
    if (list.length === 0) continue;
    catalogue[c] = { records: [{ id: '*', name: t('scenarios.change.every', { collection: singular(c, t) }) }, ...list.map((r) => ({ id: r.id, name: r.name ?? r.description ?? r.id }))], fields: fieldsOf(c) };
    collections.push({ value: c, label: t.dynamic(`report.collections.${c}`) });
  }
  return { collections, catalogue };
}

/**
 * The choices of a yes/no or enum field in the add-a-change form, labelled in
 * the page's language (the value posted stays the file's: "true", "landfill").
 *
 * Example: valueChoices('landfills', { key: 'engineered', kind: 'boolean' }, t, 'id')
 *          -> [{ value: 'true', label: 'ya' }, { value: 'false', label: 'tidak' }]
 */
export function valueChoices(collection: string, field: { key: string; kind: string; options?: readonly string[] }, t: Translator, lang: Lang): Array<{ value: string; label: string }> {
  if (field.kind === 'boolean') return [true, false].map((v) => ({ value: String(v), label: t(v ? 'scenarios.booleanValue.true' : 'scenarios.booleanValue.false') }));
  const labels = localizedField(collection as FieldCollection, field.key, lang)?.optionLabels ?? {};
  return (field.options ?? []).map((o) => ({ value: o, label: labels[o] ?? o }));
}

/**
 * Names of the records a preset adds, in t's language, for buildPreset's
 * recordNames; undefined in English, where the model's own names are used
 * (the same words: presets.recordName.* and the sentence's new names).
 *
 * Example: presetRecordNames(city, { preset: 'feeReform', ... }, translator('id'), 'id')
 *          -> { fee: 'Retribusi sampah rumah tangga', ... }
 */
export function presetRecordNames(city: CityFile, params: PresetParams, t: Translator, lang: Lang): PresetRecordNames | undefined {
  if (lang === 'en') return undefined;
  const group = params.preset === 'integrateScavengers' ? city.scavengerGroups.find((g) => g.id === params.groupId) : undefined;
  return {
    compostingFacility: t('presets.assumption.composting.newFacilityName'),
    recoveryHub: t('presets.recordName.recoveryHub'),
    programmeCostLine: t('presets.recordName.programmeCostLine'),
    fee: t('presets.assumption.feeReform.newFeeName'),
    ...(group ? { hired: t('presets.recordName.hired', { group: group.name }) } : {}),
  };
}

export type ParsedChange = { ok: true; change: Change } | { ok: false; errors: Record<string, string> };

/** The add-a-change form (op set|retire, fromYear, collection, record, field, value) as a change; numbers read as t's language types them. */
export function parseChangeForm(city: CityFile, body: Readonly<Record<string, unknown>>, t: Translator = translator('en')): ParsedChange {
  const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const errors: Record<string, string> = {};
  const op = get('op');
  const yearText = get('fromYear');
  const first = city.settings.baseYear;
  const last = first + city.settings.horizonYears - 1;
  const fromYear = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || fromYear < first || fromYear > last) errors.fromYear = t('scenarios.error.fromYear', { from: String(first), to: String(last) });
  const collection = get('collection');
  const { catalogue } = changeCatalogue(city, t);
  const entry = catalogue[collection];
  if (!entry) errors.collection = t('scenarios.error.chooseCollection');
  const record = get('record');
  if (op === 'retire') {
    if (collection === 'settings' || !entry) errors.collection = t('scenarios.error.chooseRetireCollection');
    else if (!entry.records.some((r) => r.id === record && r.id !== '*')) errors.record = t('scenarios.error.chooseRetireRecord');
    if (Object.keys(errors).length) return { ok: false, errors };
    return { ok: true, change: { op: 'retire', fromYear, collection: collection as CollectionName, id: record } };
  }
  if (op !== 'set') return { ok: false, errors: { ...errors, op: t('scenarios.error.chooseOp') } };
  if (entry && collection !== 'settings' && !entry.records.some((r) => r.id === record)) errors.record = t('scenarios.error.chooseRecord');
  const field = entry?.fields.find((f) => f.key === get('field'));
  if (entry && !field) errors.field = t('scenarios.error.chooseField');
  if (Object.keys(errors).length || !field) return { ok: false, errors };
  const raw = get('value');
  let value: unknown;
  switch (field.kind) {
    case 'money': {
      const r = parseLocaleNumber(raw, t.lang, { currency: city.settings.currency });
      if (r.ok) value = r.value;
      else errors.value = r.message;
      break;
    }
    case 'number':
    case 'integer':
    case 'share': {
      const r = parseLocaleNumber(raw, t.lang);
      if (!r.ok) errors.value = r.message;
      else if (field.kind === 'integer' && !Number.isInteger(Number(r.value))) errors.value = t('validation.integer');
      else if (field.kind === 'share' && (Number(r.value) < 0 || Number(r.value) > 1)) errors.value = t('presets.error.share');
      value = r.ok ? Number(r.value) : raw;
      break;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') errors.value = t('scenarios.error.boolean');
      value = raw === 'true';
      break;
    case 'enum':
      if (field.options && !field.options.includes(raw)) errors.value = t('validation.option', { options: field.options.join(', ') });
      value = raw;
      break;
    default:
      if (raw === '') errors.value = t('validation.required');
      value = raw;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const path = collection === 'settings' ? `settings/${field.key.replaceAll('.', '/')}` : `${collection}/${record}/${field.key.replaceAll('.', '/')}`;
  const note = get('note');
  return { ok: true, change: { op: 'set', fromYear, path, value, ...(note ? { note } : {}) } };
}

// ------------------------------------------------------------ a preset's assumptions sentence

/** How a preset sentence writes its figures in one language. */
interface SentenceFigures {
  num(n: number): string;
  pct(share: number): string;
  money(amount: string): string;
  list(items: string[]): string;
  /** A name inside a sentence: lower case in English (as the model writes it), a leading capital lowered in Indonesian, as is in Chinese. */
  inSentence(name: string): string;
  /** Joins sentences: a space, none in Chinese. */
  sentences(parts: string[]): string;
  /** The finished sentence: in Chinese a space between Han characters and Latin words next to them (names from the city file). */
  finish(text: string): string;
}

const EN_NUM = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const EN_PCT = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** Fewest decimals (up to `max`) that show `x` as `max` decimals would: 0.5 -> 1, 12 -> 0. */
function decimalsOf(x: number, max: number): number {
  const full = Number(x.toFixed(max));
  for (let d = 0; d < max; d++) if (Number(x.toFixed(d)) === full) return d;
  return max;
}

function sentenceFigures(city: CityFile, currency: string, lang: Lang): SentenceFigures {
  if (lang === 'en') {
    // Exactly as src/model/presets.ts writes its English sentence ("45,000 IDR", "50%", "0.5").
    return {
      num: (n) => EN_NUM.format(n),
      pct: (s) => `${EN_PCT.format(s * 100)}%`,
      money: (a) => `${groupDigits(a)} ${currency}`,
      list: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
      inSentence: (name) => name.toLowerCase(),
      sentences: (parts) => parts.join(' '),
      finish: (text) => text,
    };
  }
  const f = localeFormatter(lang);
  const m = f.forCurrency(currency, city.settings.minorUnit);
  const lists = new Intl.ListFormat(f.locale, { type: 'conjunction' });
  return {
    num: (n) => f.decimal(n, decimalsOf(n, 2)),
    pct: (s) => f.percent(s, decimalsOf(s * 100, 1)),
    money: (a) => m.money(a),
    list: (items) => lists.format(items),
    inSentence: (name) => (lang === 'id' && /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name),
    sentences: (parts) => parts.join(lang === 'zh' ? '' : ' '),
    finish: (text) => (lang === 'zh' ? text.replace(/(\p{Script=Han})(?=[A-Za-z])/gu, '$1 ').replace(/([A-Za-z%])(?=\p{Script=Han})/gu, '$1 ') : text),
  };
}

/**
 * A preset's assumptions sentence in t's language, from the facts the preset
 * returned (buildPreset(...).assumptionFacts): in English exactly the model's
 * own sentence; in Indonesian and Chinese with the glossary's words and the
 * language's numbers and money ("Rp 45.000", "¥15.40"). Names from the city
 * file stay as they are; the names the model gives (a new composting
 * programme, a new household fee) are the language's.
 *
 * Example: presetAssumptionsText({ preset: 'outsourcing', year: 2005, currency: 'IDR', share: 0.5, nowShare: 0, pricePerT: '45000' }, surabaya, translator('id'), 'id')
 *   -> 'Mulai 2005 kontraktor mengangkut 50% sampah (sekarang 0%) dengan harga Rp 45.000 per ton yang diangkut; …'
 */
export function presetAssumptionsText(facts: PresetAssumptionFacts, city: CityFile, t: Translator, lang: Lang): string {
  const fig = sentenceFigures(city, facts.currency, lang);
  return fig.finish(presetSentence(facts, t, fig));
}

function presetSentence(facts: PresetAssumptionFacts, t: Translator, fig: SentenceFigures): string {
  const year = String(facts.year);
  const shares = (list: readonly ShareFact[]) => fig.list(list.map((x) => t('presets.assumption.shareOf', { share: fig.pct(x.share), fraction: fig.inSentence(x.name) })));
  const capital = (key: 'presets.assumption.composting.capital' | 'presets.assumption.newDisposalSite.capital', c: CapitalFact | null) =>
    c ? t(key, { amount: fig.money(c.unitCost), years: fig.num(c.lifeYears) }) : '';
  switch (facts.preset) {
    case 'composting':
      return t('presets.assumption.composting.sentence', {
        year,
        facility: facts.facilityIsNew ? t('presets.assumption.composting.newFacilityName') : facts.facilityName,
        capacity: fig.num(facts.capacityTPerDay),
        shares: shares(facts.capture),
        joined: facts.joinedPoints > 0 ? t('presets.assumption.composting.joined', { points: fig.num(facts.joinedPoints), km: fig.num(facts.roundTripKm) }) : '',
        sold: fig.pct(facts.shareSold),
        price: fig.money(facts.pricePerT),
        capital: capital('presets.assumption.composting.capital', facts.capital),
        om: fig.money(facts.omPerT),
      });
    case 'sourceSeparation': {
      const r = facts.recovery;
      return fig.sentences([
        t('presets.assumption.sourceSeparation.sentence', { year, shares: shares(facts.diversion) }),
        ...(r ? [t('presets.assumption.sourceSeparation.recovery', { capacity: fig.num(r.capacityTPerDay), km: fig.num(r.roundTripKm), shares: shares(r.capture), residue: fig.pct(r.residueShare) })] : []),
        ...(facts.programmeCostPerYear !== null ? [t('presets.assumption.sourceSeparation.programmeCost', { amount: fig.money(facts.programmeCostPerYear) })] : []),
      ]);
    }
    case 'newDisposalSite': {
      const d = facts.distance;
      const distance =
        d.kind === 'factor'
          ? t('presets.assumption.newDisposalSite.distanceFactor', { factor: fig.num(d.factor) })
          : t('presets.assumption.newDisposalSite.distanceByRegion', {
              regions: fig.list(d.kmByRegion.map((x) => t('presets.assumption.newDisposalSite.regionKm', { km: fig.num(x.km), region: x.region }))),
              factor: fig.num(d.otherFactor),
            });
      return fig.sentences([
        t('presets.assumption.newDisposalSite.sentence', {
          landfill: facts.landfillName,
          month: String(facts.openMonth),
          openYear: String(facts.openYear),
          airspace: fig.num(facts.remainingAirspaceM3),
          density: fig.num(facts.densityTPerM3),
          cover: fig.pct(facts.coverShare),
          capacity: fig.num(facts.capacityT),
          capital: capital('presets.assumption.newDisposalSite.capital', facts.capital),
          om: fig.money(facts.omPerT),
          switchYear: String(facts.switchYear),
          points: fig.num(facts.transferPoints),
          distance,
          before: fig.num(facts.averageKmBefore),
          after: fig.num(facts.averageKmAfter),
        }),
        ...(facts.scavengersFollow ? [t('presets.assumption.newDisposalSite.scavengersFollow')] : []),
      ]);
    }
    case 'moreHaul': {
      const m = facts.means;
      const means =
        m.kind === 'vehicles'
          ? t('presets.assumption.moreHaul.vehicles', { count: Number(m.extraVehiclesPerPoint.toFixed(2)), total: fig.num(m.extraVehiclesInAll) })
          : m.kind === 'shifts'
            ? t('presets.assumption.moreHaul.shifts', { shifts: fig.num(m.shiftsPerDay) })
            : t('presets.assumption.moreHaul.station', { station: m.stationName, km: fig.num(m.roundTripKm), moved: fig.num(m.movedVehicles), extra: fig.num(m.extraVehicles), count: m.shiftsPerDay });
      return t('presets.assumption.moreHaul.sentence', { year, points: fig.num(facts.farPoints), km: fig.num(facts.thresholdKm), means });
    }
    case 'outsourcing':
      return t('presets.assumption.outsourcing.sentence', { year, share: fig.pct(facts.share), now: fig.pct(facts.nowShare), price: fig.money(facts.pricePerT) });
    case 'feeReform': {
      const h = facts.how;
      const how =
        h.kind === 'fullCost'
          ? t('presets.assumption.feeReform.fullCost', { year })
          : h.kind === 'upFrom'
            ? t('presets.assumption.feeReform.upFrom', { amount: fig.money(h.previousAmount) })
            : t('presets.assumption.feeReform.newFee');
      return t('presets.assumption.feeReform.sentence', {
        year,
        fee: fig.inSentence(facts.feeIsNew ? t('presets.assumption.feeReform.newFeeName') : facts.feeName),
        amount: fig.money(facts.amount),
        how,
        rate: fig.pct(facts.collectionRate),
      });
    }
    case 'integrateScavengers':
      return t('presets.assumption.integrateScavengers.sentence', {
        year,
        hired: fig.num(facts.hired),
        headcount: fig.num(facts.headcount),
        group: facts.groupName,
        wage: fig.money(facts.wagePerDay),
        days: fig.num(facts.daysPerYear),
        threshold: fig.money(facts.incomeThresholdPerDay),
      });
  }
}
