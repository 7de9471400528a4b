/**
 * A new city from scratch, in six steps: basics (settings), composition, one
 * zone, one vehicle type from a template, one transfer point, one landfill.
 * Each step is a form of fields from the registry (src/reports/fields.ts);
 * each step's values are checked on their own (the record's zod schema, with
 * the records of later steps stood in for), and the whole city once more by
 * validateCityFile when the last step creates it. The rest of the city is
 * added afterwards through the data pages. Pure: form strings in, records
 * and field messages out.
 *
 * Languages: numbers are typed the page's language's way and read with
 * parseLocaleNumber ("1.250,5" in Indonesian; ambiguous input is refused with
 * a message for its field), as the record forms read them; the draft keeps
 * them canonical ("1250.5"), so a draft started in one language finishes in
 * another, and valuesForInput writes them back the language's way. Labels,
 * help, step titles and messages come from the catalogs (newCity.*, fields.*;
 * the engine's messages through problemText).
 *
 * Vehicle templates: typical values of Tchobanoglous, Theisen & Vigil (1993),
 * Integrated Solid Waste Management, ch. 8, Table 8-3 and its examples:
 *   hauled container, tilt-frame (arm-roll): pick up loaded + set down empty
 *     container pc + uc = 0.40 h/trip, at-site time s = 0.133 h/trip;
 *   stationary container, mechanically loaded compactor: empty one container
 *     uc = 0.050 h, at-site s = 0.10 h/trip, compaction ratio r = 2.0;
 *   both: off-route factor W = 0.15, speed class 40 km/h (a = 0.050 h,
 *   b = 0.025 h/km) for city roads.
 * Volumes, densities, payloads and crews are estimates to replace with local
 * figures; wages, prices and capital have no default (they are the city's).
 *
 * Example: parseStep('zone', { id: 'pusat', name: 'Pusat', population: '120000', households: '30000',
 *                              generationKgPerCapDay: '0.6', coverage: '1.5' })
 *          -> { ok: false, fieldErrors: { coverage: 'must be <= 1' } }
 *          parseStep('zone', { ...same, population: '120.000', generationKgPerCapDay: '0,6', coverage: '0,8' }, {}, 'id')
 *          -> { ok: true, values: { ..., population: '120000', generationKgPerCapDay: '0.6', coverage: '0.8' } }
 */
import { z } from 'zod';
import {
  cityFileSchema,
  fractionSchema,
  landfillSchema,
  settingsSchema,
  transferPointSchema,
  vehicleTypeSchema,
  zoneSchema,
  type CityFile,
  type CityFileInput,
} from '../model/cityFile.js';
import { translator, type Lang, type MessageKey, type Translator } from '../i18n/index.js';
import { validateCityFile } from '../model/index.js';
import { zodProblems } from '../model/validate.js';
import type { Problem } from '../model/results.js';
import { FIELDS, formToRecord, localizedField, localizedFields, recordToForm, unitFor, unitText, type FieldCollection, type FieldDef } from './fields.js';
import { numberForInput, parseLocaleNumber } from './locale.js';
import { problemText } from './problemText.js';

export const STEP_KEYS = ['basics', 'composition', 'zone', 'vehicle', 'transferPoint', 'landfill'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

/** A step's title in a language: "Basics", "Data dasar", "基本信息". */
export function stepTitle(step: StepKey, lang: Lang = 'en'): string {
  return translator(lang)(`newCity.stepTitles.${step}`);
}

/** Form strings of every step done so far (the draft kept in the session). */
export type Draft = Partial<Record<StepKey, Record<string, string>>>;

/** Stand-in ids for records of later steps while one step is checked alone. */
const LATER = { transferPoint: 'transfer-point', vehicle: 'vehicle', landfill: 'landfill' };

interface LocalField {
  key: string;
  label: string;
  unit: string;
  kind: FieldDef['kind'];
  help: string;
  required: boolean;
  options?: readonly string[];
  optionLabels?: Readonly<Record<string, string>>;
}

/** The step's own fields (not in the registry), by key; label and help from newCity.fields.<key>. */
const OWN_FIELDS: Record<'id' | 'name' | 'country' | 'roundTripKm', Omit<LocalField, 'label' | 'help'>> = {
  id: { key: 'id', unit: '', kind: 'text', required: true },
  name: { key: 'name', unit: '', kind: 'text', required: true },
  country: { key: 'country', unit: '', kind: 'text', required: false },
  roundTripKm: { key: 'roundTripKm', unit: 'km', kind: 'number', required: true },
};

function ownField(key: keyof typeof OWN_FIELDS, lang: Lang): LocalField {
  const t = translator(lang);
  const f = OWN_FIELDS[key];
  return { ...f, label: t(`newCity.fields.${key}.label`), help: t(`newCity.fields.${key}.help`), unit: unitText(f.unit, lang) };
}

const fieldOf = (collection: FieldCollection, key: string, lang: Lang) => {
  const f = localizedField(collection, key, lang);
  if (!f) throw new Error(`no field ${collection}.${key}`);
  return f;
};

/**
 * The fields each step asks for (composition is rows of fractions, apart),
 * labelled in `lang`; kinds, keys and English units as the registry has them
 * in English (`lang` 'en').
 */
export function stepFields(step: StepKey, lang: Lang = 'en'): LocalField[] {
  switch (step) {
    case 'basics':
      return [
        ...(['id', 'name', 'country'] as const).map((k) => ownField(k, lang)),
        ...['currency', 'minorUnit', 'baseYear', 'horizonYears', 'discountRate', 'incomeThresholdPerDay'].map((k) => fieldOf('settings', k, lang)),
      ];
    case 'zone':
      return ['id', 'name', 'population', 'households', 'generationKgPerCapDay', 'coverage'].map((k) => fieldOf('zones', k, lang));
    case 'vehicle':
      return localizedFields('vehicleTypes', lang).filter((f) => f.kind !== 'rows');
    case 'transferPoint':
      return [...['id', 'name', 'storageLimitT', 'vehicles', 'shiftsPerDay'].map((k) => fieldOf('transferPoints', k, lang)), ownField('roundTripKm', lang)];
    case 'landfill':
      return ['id', 'name', 'remainingAirspaceM3', 'densityTPerM3', 'cover.method', 'cover.value'].map((k) => fieldOf('landfills', k, lang));
    case 'composition':
      return [];
  }
}

// ---------------------------------------------------------------- defaults

export const TEMPLATE_SOURCE = {
  id: 'tchobanoglous1993',
  citation: 'Tchobanoglous, G., Theisen, H., Vigil, S. (1993). Integrated Solid Waste Management: Engineering Principles and Management Issues. McGraw-Hill. Ch. 8 (hauled and stationary container systems, Table 8-3).',
};

export type VehicleTemplate = 'hauled' | 'stationary';
export const VEHICLE_TEMPLATE_KEYS: readonly VehicleTemplate[] = ['hauled', 'stationary'];

/** Template values as form strings; the fields from the textbook are listed in `textbook`. */
export const VEHICLE_TEMPLATES: Record<VehicleTemplate, { values: Record<string, string>; textbook: string[] }> = {
  hauled: {
    values: {
      id: 'arm-roll', name: 'Arm-roll truck', system: 'hauled', volumeM3: '8', compactionRatio: '1', looseDensityTPerM3: '0.3', fillFactor: '1',
      containerVolumeM3: '', legalPayloadT: '6', pickupHours: '0.4', unloadHours: '0', betweenStopsHours: '0', atSiteHours: '0.133',
      speedClassKmh: '40', workdayHours: '8', offRouteFactor: '0.15', garageToFirstHours: '0.25', lastToGarageHours: '0.25', crewPerVehicle: '2',
      wagePerDay: '', workingDaysPerYear: '300', 'capital.unitCost': '', 'capital.lifeYears': '8', 'capital.salvage': '0',
      maintenanceShareOfCapital: '0.1', fuelLitresPerKm: '0.3', fuelPricePerLitre: '',
    },
    textbook: ['pickupHours', 'unloadHours', 'betweenStopsHours', 'atSiteHours', 'speedClassKmh', 'offRouteFactor'],
  },
  stationary: {
    values: {
      id: 'compactor', name: 'Compactor truck', system: 'stationary', volumeM3: '14', compactionRatio: '2', looseDensityTPerM3: '0.3', fillFactor: '0.7',
      containerVolumeM3: '1.1', legalPayloadT: '8', pickupHours: '0.05', unloadHours: '0', betweenStopsHours: '0.05', atSiteHours: '0.1',
      speedClassKmh: '40', workdayHours: '8', offRouteFactor: '0.15', garageToFirstHours: '0.25', lastToGarageHours: '0.25', crewPerVehicle: '3',
      wagePerDay: '', workingDaysPerYear: '300', 'capital.unitCost': '', 'capital.lifeYears': '8', 'capital.salvage': '0',
      maintenanceShareOfCapital: '0.1', fuelLitresPerKm: '0.35', fuelPricePerLitre: '',
    },
    textbook: ['pickupHours', 'betweenStopsHours', 'atSiteHours', 'compactionRatio', 'speedClassKmh', 'offRouteFactor'],
  },
};

/** The fractions a composition starts with: ids fixed, names from newCity.fractionNames.<name> ("other" is a plural form's name in a catalog). */
const DEFAULT_FRACTIONS = [
  { id: 'kitchen', name: 'kitchen', share: 0.55, recyclable: false, compostable: true },
  { id: 'garden', name: 'garden', share: 0.05, recyclable: false, compostable: true },
  { id: 'paper', name: 'paper', share: 0.1, recyclable: true, compostable: false },
  { id: 'plastic', name: 'plastic', share: 0.12, recyclable: true, compostable: false },
  { id: 'other', name: 'rest', share: 0.18, recyclable: false, compostable: false },
] as const;

/**
 * What a step's form holds before anything was typed, canonical like a
 * draft ("0.133"); the names it suggests (fractions, the vehicle) in `lang`.
 */
export function stepDefaults(step: StepKey, template: VehicleTemplate = 'hauled', lang: Lang = 'en'): Record<string, string> {
  const t = translator(lang);
  switch (step) {
    case 'basics':
      return { id: '', name: '', country: '', currency: '', minorUnit: '0', baseYear: String(new Date().getUTCFullYear()), horizonYears: '20', discountRate: '0.1', incomeThresholdPerDay: '' };
    case 'composition':
      return recordToForm('composition', { fractions: DEFAULT_FRACTIONS.map((f) => ({ ...f, name: t(`newCity.fractionNames.${f.name}`) })) });
    case 'zone':
      return { id: '', name: '', population: '', households: '', generationKgPerCapDay: '', coverage: '' };
    case 'vehicle':
      return { ...VEHICLE_TEMPLATES[template].values, name: t(`newCity.vehicleNames.${template}`) };
    case 'transferPoint':
      return { id: '', name: '', storageLimitT: '', vehicles: '1', shiftsPerDay: '1', roundTripKm: '' };
    case 'landfill':
      return { id: '', name: '', remainingAirspaceM3: '', densityTPerM3: '0.8', 'cover.method': 'share', 'cover.value': '0.15' };
  }
}

// ---------------------------------------------------------------- parsing

export type StepOutcome = { ok: true; values: Record<string, string> } | { ok: false; values: Record<string, string>; fieldErrors: Record<string, string> };

/** Strings of a posted body for these names (everything else is ignored). */
function pick(body: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = body[n];
    out[n] = typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
  }
  return out;
}

/** The composition's posted names: fractions.<row>.<column> for up to MAX_FRACTION_ROWS rows. */
export const MAX_FRACTION_ROWS = 12;
const FRACTION_COLUMNS = ['id', 'name', 'share', 'recyclable', 'compostable'] as const;
export function fractionNames(row: number): Record<(typeof FRACTION_COLUMNS)[number], string> {
  return Object.fromEntries(FRACTION_COLUMNS.map((c) => [c, `fractions.${row}.${c}`])) as Record<(typeof FRACTION_COLUMNS)[number], string>;
}

function stepNames(step: StepKey): string[] {
  if (step === 'composition') return Array.from({ length: MAX_FRACTION_ROWS }, (_, i) => Object.values(fractionNames(i))).flat();
  return stepFields(step).map((f) => f.key);
}

const NUMERIC_KINDS: ReadonlySet<FieldDef['kind']> = new Set(['number', 'integer', 'share', 'money']);

/** The step's numeric fields by form name: kind, and whether the value is a year (written without grouping). */
function numericFields(step: StepKey): Array<{ name: string; kind: FieldDef['kind']; year: boolean }> {
  if (step === 'composition') return Array.from({ length: MAX_FRACTION_ROWS }, (_, i) => ({ name: fractionNames(i).share, kind: 'share' as const, year: false }));
  return stepFields(step)
    .filter((f) => NUMERIC_KINDS.has(f.kind))
    .map((f) => ({ name: f.key, kind: f.kind, year: f.unit === 'year' }));
}

/** The currency a step's money is typed in: the one the basics give (the basics step's own field while on it). */
function currencyOf(step: StepKey, values: Record<string, string>, draft: Draft): string {
  return (step === 'basics' ? values.currency : (draft.basics?.currency ?? '')).trim().toUpperCase();
}

/**
 * Typed numbers to canonical strings ("1.250,5" -> "1250.5" in Indonesian);
 * a number that cannot be read unambiguously keeps its text and gets the
 * reason, in the language, as its field's message.
 */
function readNumbers(step: StepKey, typed: Record<string, string>, draft: Draft, lang: Lang): { values: Record<string, string>; errors: Record<string, string> } {
  const values = { ...typed };
  const errors: Record<string, string> = {};
  const currency = currencyOf(step, typed, draft);
  for (const f of numericFields(step)) {
    const raw = typed[f.name] ?? '';
    if (raw === '') continue;
    const read = parseLocaleNumber(raw, lang, f.kind === 'money' && /^[A-Z]{3}$/.test(currency) ? { currency } : {});
    if (read.ok) values[f.name] = read.value;
    else errors[f.name] = read.message;
  }
  return { values, errors };
}

/**
 * A draft's canonical values as the step's form shows them in `lang`:
 * numbers grouped and with the language's decimal mark ("1.250,5" in
 * Indonesian), years ungrouped; anything else as it is.
 */
export function valuesForInput(step: StepKey, values: Record<string, string>, lang: Lang): Record<string, string> {
  const out = { ...values };
  for (const f of numericFields(step)) {
    const v = values[f.name];
    if (v !== undefined && v !== '' && !f.year) out[f.name] = numberForInput(v, lang);
  }
  return out;
}

/** Problems of a zod parse as field messages keyed by form name (path "legs[0].roundTripKm" -> the `rename` of it). */
function issuesToFields(error: z.ZodError, rename: (path: string) => string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of zodProblems(error)) {
    const name = rename(p.path);
    if (name !== null && out[name] === undefined) out[name] = p.message;
  }
  return out;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Checks one step's posted values, numbers typed the `lang` way; `draft`
 * gives the ids of earlier steps. On success `values` are canonical (for the
 * draft); on failure they are as typed, with each field's message in `lang`.
 */
export function parseStep(step: StepKey, body: Readonly<Record<string, unknown>>, draft: Draft = {}, lang: Lang = 'en'): StepOutcome {
  const typed = pick(body, stepNames(step));
  const { values, errors } = readNumbers(step, typed, draft, lang);
  const built = buildStep(step, values, draft, translator(lang));
  const fieldErrors = { ...(built.ok ? {} : inLanguage(built.fieldErrors, lang)), ...errors };
  if (Object.keys(fieldErrors).length > 0) return { ok: false, values: typed, fieldErrors };
  return { ok: true, values };
}

/** The engine's English messages in the language (problemText); ours are in it already and pass through unchanged. */
function inLanguage(errors: Record<string, string>, lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, problemText(m, lang)]));
}

type Built = { ok: true; value: unknown } | { ok: false; fieldErrors: Record<string, string> };

function formErrors(collection: FieldCollection, values: Record<string, string>): { value: Record<string, unknown> } | { fieldErrors: Record<string, string> } {
  const parsed = formToRecord(collection, values);
  return parsed.ok ? { value: parsed.value } : { fieldErrors: parsed.fieldErrors };
}

function strip(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/**
 * One step's record(s) from its canonical form strings, checked by the
 * records' schemas. The engine's messages are English (the caller words them
 * with problemText); this module's own are in `t`'s language.
 */
function buildStep(step: StepKey, values: Record<string, string>, draft: Draft, t: Translator): Built {
  switch (step) {
    case 'basics': {
      const errors: Record<string, string> = {};
      if (!SLUG.test(values.id)) errors.id = values.id === '' ? 'is required' : 'must be a slug: lower-case letters, digits and hyphens, at most 80 characters';
      else if (values.id === 'new' || values.id === 'import') errors.id = t('newCity.check.reserved', { id: values.id });
      const settings = formErrors('settings', { ...values, landfillFallbackOrder: '' });
      if ('fieldErrors' in settings) {
        for (const [k, m] of Object.entries(settings.fieldErrors)) if (k in values) errors[k] = m;
      }
      const city = cityFileSchema.shape.city.safeParse({ id: values.id, name: values.name, country: values.country });
      if (!city.success) Object.assign(errors, issuesToFields(city.error, (p) => (p in errors ? null : p)));
      const s = 'value' in settings ? settingsSchema.safeParse(strip(settings.value)) : null;
      if (s && !s.success) Object.assign(errors, issuesToFields(s.error, (p) => p));
      if (Object.keys(errors).length > 0 || !s?.success || !city.success) return { ok: false, fieldErrors: errors };
      return { ok: true, value: { city: city.data, settings: s.data } };
    }
    case 'composition': {
      const parsed = formToRecord('composition', values);
      if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
      const rows = (parsed.value.fractions ?? []) as unknown[];
      const rowMap = parsed.rowMap.fractions ?? [];
      const list = z.array(fractionSchema).min(1, t('newCity.check.atLeastOneFraction')).safeParse(rows);
      if (!list.success) {
        const errors = issuesToFields(list.error, (p) => {
          const m = /^\[(\d+)\]\.(\w+)$/.exec(p);
          return m ? `fractions.${rowMap[Number(m[1])] ?? m[1]}.${m[2]}` : 'fractions';
        });
        return { ok: false, fieldErrors: errors };
      }
      const errors: Record<string, string> = {};
      const seen = new Set<string>();
      list.data.forEach((f, i) => {
        if (seen.has(f.id)) errors[`fractions.${rowMap[i]}.id`] = t('newCity.check.fractionTwice', { id: f.id });
        seen.add(f.id);
      });
      const sum = list.data.reduce((a, f) => a + f.share, 0);
      if (Math.abs(sum - 1) > 1e-6) {
        const rounded = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 6 }).format(Math.round(sum * 1e6) / 1e6);
        errors.fractions = t('newCity.check.sharesSum', { sum: rounded });
      }
      return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, value: list.data };
    }
    case 'zone': {
      const form = formErrors('zones', values);
      if ('fieldErrors' in form) return { ok: false, fieldErrors: onlyKnown(form.fieldErrors, values) };
      const record = { ...strip(form.value), routing: [{ transferPointId: draft.transferPoint?.id || LATER.transferPoint, share: 1 }] };
      const z1 = zoneSchema.safeParse(record);
      return z1.success ? { ok: true, value: z1.data } : { ok: false, fieldErrors: issuesToFields(z1.error, (p) => p) };
    }
    case 'vehicle': {
      const form = formErrors('vehicleTypes', values);
      if ('fieldErrors' in form) return { ok: false, fieldErrors: form.fieldErrors };
      const v = vehicleTypeSchema.safeParse(strip(form.value));
      if (!v.success) return { ok: false, fieldErrors: issuesToFields(v.error, (p) => p) };
      if (v.data.system === 'stationary' && v.data.containerVolumeM3 === undefined) {
        return { ok: false, fieldErrors: { containerVolumeM3: t('newCity.check.containerVolume') } };
      }
      return { ok: true, value: v.data };
    }
    case 'transferPoint': {
      const { roundTripKm, ...rest } = values;
      const form = formErrors('transferPoints', { ...rest, vehicleTypeId: draft.vehicle?.id || LATER.vehicle, 'legs.0.siteId': draft.landfill?.id || LATER.landfill, 'legs.0.roundTripKm': roundTripKm });
      if ('fieldErrors' in form) return { ok: false, fieldErrors: renameLegs(form.fieldErrors) };
      const t = transferPointSchema.safeParse(strip(form.value));
      if (!t.success) return { ok: false, fieldErrors: renameLegs(issuesToFields(t.error, (p) => p)) };
      return { ok: true, value: t.data };
    }
    case 'landfill': {
      const form = formErrors('landfills', values);
      if ('fieldErrors' in form) return { ok: false, fieldErrors: form.fieldErrors };
      const l = landfillSchema.safeParse(strip(form.value));
      return l.success ? { ok: true, value: l.data } : { ok: false, fieldErrors: issuesToFields(l.error, (p) => p) };
    }
  }
}

function onlyKnown(errors: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => k in values));
}

function renameLegs(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(errors)) out[/^legs/.test(k) ? 'roundTripKm' : k] = m;
  return out;
}

/**
 * The city of a finished draft, validated whole; or the problems (in
 * `lang`), each with the step it belongs to. The textbook template's
 * provenance notes are written in `lang`: the city is its creator's.
 */
export function buildCity(draft: Draft, lang: Lang = 'en'): { ok: true; city: CityFile } | { ok: false; problems: Array<Problem & { step: StepKey | null }> } {
  const t = translator(lang);
  const built: Partial<Record<StepKey, unknown>> = {};
  const stepProblems: Array<Problem & { step: StepKey }> = [];
  for (const step of STEP_KEYS) {
    const b = buildStep(step, draft[step] ?? stepDefaults(step, 'hauled', lang), draft, t);
    if (b.ok) built[step] = b.value;
    else for (const [path, message] of Object.entries(b.fieldErrors)) stepProblems.push({ path, message: problemText(message, lang), step });
  }
  if (stepProblems.length > 0) return { ok: false, problems: stepProblems };
  const basics = built.basics as { city: CityFile['city']; settings: CityFile['settings'] };
  const vehicle = built.vehicle as CityFile['vehicleTypes'][number];
  const template = (Object.keys(VEHICLE_TEMPLATES) as VehicleTemplate[]).find((t) => VEHICLE_TEMPLATES[t].values.system === vehicle.system) ?? 'hauled';
  const fromBook = VEHICLE_TEMPLATES[template].textbook.filter((k) => draft.vehicle?.[k] === VEHICLE_TEMPLATES[template].values[k]);
  const input: CityFileInput = {
    fileVersion: 1,
    city: basics.city,
    settings: basics.settings,
    fractions: built.composition as CityFile['fractions'],
    zones: [built.zone as CityFile['zones'][number]],
    vehicleTypes: [
      fromBook.length > 0
        ? { ...vehicle, provenance: Object.fromEntries(fromBook.map((k) => [k, { status: 'E' as const, source: TEMPLATE_SOURCE.id, note: t('newCity.templateProvenance') }])) }
        : vehicle,
    ],
    transferPoints: [built.transferPoint as CityFile['transferPoints'][number]],
    landfills: [built.landfill as CityFile['landfills'][number]],
    sources: fromBook.length > 0 ? [TEMPLATE_SOURCE] : [],
  };
  const v = validateCityFile(input);
  if (!v.ok) return { ok: false, problems: v.problems.map((p) => ({ ...p, message: problemText(p.message, lang), step: stepOfPath(p.path) })) };
  return { ok: true, city: v.city };
}

function stepOfPath(path: string): StepKey | null {
  if (/^(city|settings)\b/.test(path)) return 'basics';
  if (path.startsWith('fractions')) return 'composition';
  if (path.startsWith('zones')) return 'zone';
  if (path.startsWith('vehicleTypes')) return 'vehicle';
  if (path.startsWith('transferPoints')) return 'transferPoint';
  if (path.startsWith('landfills')) return 'landfill';
  return null;
}

// ---------------------------------------------------------------- view models

export interface FieldView {
  name: string;
  id: string;
  label: string;
  unit: string;
  help: string;
  kind: 'text' | 'select';
  value: string;
  error: string | null;
  options: Array<{ value: string; label: string; selected: boolean }>;
}

export interface StepView {
  title: string;
  number: string;
  key: StepKey;
  intro: string;
  steps: Array<{ number: string; title: string; href: string | null; current: boolean; done: boolean }>;
  fields: FieldView[];
  fractionRows: Array<{ cells: FieldView[]; checks: Array<{ name: string; id: string; label: string; checked: boolean }> }>;
  formError: string | null;
  action: string;
  backHref: string | null;
  submitLabel: string;
  templates: Array<{ value: string; label: string; selected: boolean }> | null;
  templateNote: string | null;
  problems: Array<{ path: string; message: string; stepHref: string | null }>;
}

export function stepHref(step: StepKey): string {
  return `/cities/new/scratch/${STEP_KEYS.indexOf(step) + 1}`;
}

/** A field of the form; `f` is labelled in the page's language already; `currency` is the city's, or a word for it before step 1 gives it. */
function fieldView(f: LocalField, value: string, error: string | undefined, currency: string): FieldView {
  const options = f.kind === 'enum' ? (f.options ?? []).map((o) => ({ value: o, label: f.optionLabels?.[o] ?? o, selected: o === value })) : [];
  const group = 'group' in f ? (f as FieldDef).group : undefined;
  return {
    name: f.key,
    id: `f-${f.key.replace(/\./g, '-')}`,
    label: group ? `${group.label}: ${f.label}` : f.label,
    unit: unitFor(f.unit, currency),
    help: f.help,
    kind: f.kind === 'enum' ? 'select' : 'text',
    value,
    error: error ?? null,
    options,
  };
}

/**
 * The page of a step in `lang`. `values` are what the form shows: the
 * person's own text after a refused post, or valuesForInput of the draft.
 * `extra.problems` are worded already (buildCity's, or the route's).
 */
export function toStepView(
  step: StepKey,
  values: Record<string, string>,
  fieldErrors: Record<string, string>,
  draft: Draft,
  extra: { template?: VehicleTemplate; problems?: Array<Problem & { step: StepKey | null }> } = {},
  lang: Lang = 'en',
): StepView {
  const t = translator(lang);
  const n = STEP_KEYS.indexOf(step);
  const currency = draft.basics?.currency || t('newCity.currencyWord');
  const fractionRows: StepView['fractionRows'] = [];
  if (step === 'composition') {
    for (let i = 0; i < MAX_FRACTION_ROWS; i++) {
      const names = fractionNames(i);
      const col = (c: string) => fieldOf('composition', `fractions[].${c}`, lang);
      fractionRows.push({
        cells: (['id', 'name', 'share'] as const).map((c) => fieldView({ ...col(c), key: names[c] }, values[names[c]] ?? '', fieldErrors[names[c]], currency)),
        checks: (['recyclable', 'compostable'] as const).map((c) => ({ name: names[c], id: `f-${names[c].replace(/\./g, '-')}`, label: col(c).label, checked: values[names[c]] === 'true' || values[names[c]] === 'on' })),
      });
    }
  }
  return {
    title: t('newCity.stepTitle', { n: String(n + 1), total: String(STEP_KEYS.length), title: stepTitle(step, lang) }),
    number: String(n + 1),
    key: step,
    intro: t(`newCity.stepIntros.${step}` as MessageKey),
    steps: STEP_KEYS.map((k, i) => ({
      number: String(i + 1),
      title: stepTitle(k, lang),
      href: i < n || draft[k] !== undefined ? stepHref(k) : null,
      current: k === step,
      done: draft[k] !== undefined,
    })),
    fields: stepFields(step, lang).map((f) => fieldView(f, values[f.key] ?? '', fieldErrors[f.key], currency)),
    fractionRows,
    formError: fieldErrors.fractions ?? null,
    action: stepHref(step),
    backHref: n > 0 ? stepHref(STEP_KEYS[n - 1]) : '/cities/new',
    submitLabel: n === STEP_KEYS.length - 1 ? t('newCity.create') : t('newCity.next'),
    templates:
      step === 'vehicle'
        ? VEHICLE_TEMPLATE_KEYS.map((k) => ({ value: k, label: t(`newCity.templates.${k}`), selected: k === (extra.template ?? 'hauled') }))
        : null,
    templateNote: step === 'vehicle' ? t('newCity.templateNote', { citation: TEMPLATE_SOURCE.citation }) : null,
    problems: (extra.problems ?? []).map((p) => ({ path: p.path, message: p.message, stepHref: p.step ? stepHref(p.step) : null })),
  };
}
