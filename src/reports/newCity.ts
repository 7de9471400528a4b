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
import { validateCityFile } from '../model/index.js';
import { zodProblems } from '../model/validate.js';
import type { Problem } from '../model/results.js';
import { FIELDS, formToRecord, recordToForm, unitFor, type FieldCollection, type FieldDef } from './fields.js';

export const STEP_KEYS = ['basics', 'composition', 'zone', 'vehicle', 'transferPoint', 'landfill'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const STEP_TITLES: Record<StepKey, string> = {
  basics: 'Basics',
  composition: 'Composition',
  zone: 'A zone',
  vehicle: 'A vehicle type',
  transferPoint: 'A transfer point',
  landfill: 'A landfill',
};

const STEP_INTROS: Record<StepKey, string> = {
  basics: 'The city, its currency and the years the plan covers.',
  composition: 'The waste fractions and their mass shares of set-out waste (they must add up to 1). Leave a row empty to drop it.',
  zone: 'One zone to start with: a district and its waste. Add the other zones afterwards.',
  vehicle: 'One secondary haul vehicle type, from a template with textbook values (Tchobanoglous et al. 1993, ch. 8). Replace the estimates with local figures.',
  transferPoint: 'One transfer point where the zone\'s collected waste waits for the haul, with its vehicles and the haul distance to the landfill.',
  landfill: 'The landfill the transfer point hauls to. The city is created when you finish this step.',
};

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

const CITY_FIELDS: LocalField[] = [
  { key: 'id', label: 'Id', unit: '', kind: 'text', required: true, help: 'Slug naming the city in addresses: lower-case letters, digits and hyphens (e.g. "kota-baru"); it cannot change later.' },
  { key: 'name', label: 'Name', unit: '', kind: 'text', required: true, help: 'The city as people know it.' },
  { key: 'country', label: 'Country', unit: '', kind: 'text', required: false, help: 'Descriptive.' },
];

const settingsField = (key: string) => FIELDS.settings.find((f) => f.key === key) as FieldDef;
const fieldOf = (collection: FieldCollection, key: string) => {
  const f = FIELDS[collection].find((x) => x.key === key);
  if (!f) throw new Error(`no field ${collection}.${key}`);
  return f;
};

/** The fields each step asks for (composition is rows of fractions, apart). */
export function stepFields(step: StepKey): LocalField[] {
  switch (step) {
    case 'basics':
      return [...CITY_FIELDS, ...['currency', 'minorUnit', 'baseYear', 'horizonYears', 'discountRate', 'incomeThresholdPerDay'].map(settingsField)];
    case 'zone':
      return ['id', 'name', 'population', 'households', 'generationKgPerCapDay', 'coverage'].map((k) => fieldOf('zones', k));
    case 'vehicle':
      return FIELDS.vehicleTypes.filter((f) => f.kind !== 'rows');
    case 'transferPoint':
      return [
        ...['id', 'name', 'storageLimitT', 'vehicles', 'shiftsPerDay'].map((k) => fieldOf('transferPoints', k)),
        { key: 'roundTripKm', label: 'Haul distance to the landfill, round trip', unit: 'km', kind: 'number', required: true, help: 'Round-trip distance x from the point to the landfill of the next step.' },
      ];
    case 'landfill':
      return ['id', 'name', 'remainingAirspaceM3', 'densityTPerM3', 'cover.method', 'cover.value'].map((k) => fieldOf('landfills', k));
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
export const TEMPLATE_LABELS: Record<VehicleTemplate, string> = {
  hauled: 'Arm-roll truck, hauled container system',
  stationary: 'Compactor truck, stationary container system',
};

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

/** What a step's form shows before anything was typed. */
export function stepDefaults(step: StepKey, template: VehicleTemplate = 'hauled'): Record<string, string> {
  switch (step) {
    case 'basics':
      return { id: '', name: '', country: '', currency: '', minorUnit: '0', baseYear: String(new Date().getUTCFullYear()), horizonYears: '20', discountRate: '0.1', incomeThresholdPerDay: '' };
    case 'composition':
      return recordToForm('composition', {
        fractions: [
          { id: 'kitchen', name: 'Kitchen and food', share: 0.55, recyclable: false, compostable: true },
          { id: 'garden', name: 'Garden', share: 0.05, recyclable: false, compostable: true },
          { id: 'paper', name: 'Paper', share: 0.1, recyclable: true, compostable: false },
          { id: 'plastic', name: 'Plastic', share: 0.12, recyclable: true, compostable: false },
          { id: 'other', name: 'Other', share: 0.18, recyclable: false, compostable: false },
        ],
      });
    case 'zone':
      return { id: '', name: '', population: '', households: '', generationKgPerCapDay: '', coverage: '' };
    case 'vehicle':
      return { ...VEHICLE_TEMPLATES[template].values };
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

/** Checks one step's posted values; `draft` gives the ids of earlier steps. */
export function parseStep(step: StepKey, body: Readonly<Record<string, unknown>>, draft: Draft = {}): StepOutcome {
  const values = pick(body, stepNames(step));
  const fail = (fieldErrors: Record<string, string>): StepOutcome => ({ ok: false, values, fieldErrors });
  const built = buildStep(step, values, draft);
  if (!built.ok) return fail(built.fieldErrors);
  return { ok: true, values };
}

type Built = { ok: true; value: unknown } | { ok: false; fieldErrors: Record<string, string> };

function formErrors(collection: FieldCollection, values: Record<string, string>): { value: Record<string, unknown> } | { fieldErrors: Record<string, string> } {
  const parsed = formToRecord(collection, values);
  return parsed.ok ? { value: parsed.value } : { fieldErrors: parsed.fieldErrors };
}

function strip(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** One step's record(s) from its form strings, checked by the records' schemas. */
function buildStep(step: StepKey, values: Record<string, string>, draft: Draft): Built {
  switch (step) {
    case 'basics': {
      const errors: Record<string, string> = {};
      if (!SLUG.test(values.id)) errors.id = values.id === '' ? 'is required' : 'must be a slug: lower-case letters, digits and hyphens, at most 80 characters';
      else if (values.id === 'new' || values.id === 'import') errors.id = `"${values.id}" is the name of a page (/cities/${values.id}); choose another id`;
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
      const list = z.array(fractionSchema).min(1, 'give at least one fraction').safeParse(rows);
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
        if (seen.has(f.id)) errors[`fractions.${rowMap[i]}.id`] = `"${f.id}" is given twice`;
        seen.add(f.id);
      });
      const sum = list.data.reduce((a, f) => a + f.share, 0);
      if (Math.abs(sum - 1) > 1e-6) errors.fractions = `the shares add up to ${Math.round(sum * 1e6) / 1e6}, not 1`;
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
        return { ok: false, fieldErrors: { containerVolumeM3: 'is required for the stationary container system' } };
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

/** The city of a finished draft, validated whole; or the problems, each with the step it belongs to. */
export function buildCity(draft: Draft): { ok: true; city: CityFile } | { ok: false; problems: Array<Problem & { step: StepKey | null }> } {
  const built: Partial<Record<StepKey, unknown>> = {};
  const stepProblems: Array<Problem & { step: StepKey }> = [];
  for (const step of STEP_KEYS) {
    const b = buildStep(step, draft[step] ?? stepDefaults(step), draft);
    if (b.ok) built[step] = b.value;
    else for (const [path, message] of Object.entries(b.fieldErrors)) stepProblems.push({ path, message, step });
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
        ? { ...vehicle, provenance: Object.fromEntries(fromBook.map((k) => [k, { status: 'E' as const, source: TEMPLATE_SOURCE.id, note: 'typical value of the textbook template' }])) }
        : vehicle,
    ],
    transferPoints: [built.transferPoint as CityFile['transferPoints'][number]],
    landfills: [built.landfill as CityFile['landfills'][number]],
    sources: fromBook.length > 0 ? [TEMPLATE_SOURCE] : [],
  };
  const v = validateCityFile(input);
  if (!v.ok) return { ok: false, problems: v.problems.map((p) => ({ ...p, step: stepOfPath(p.path) })) };
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

function fieldView(f: LocalField, value: string, error: string | undefined, currency: string): FieldView {
  const options = f.kind === 'enum' ? (f.options ?? []).map((o) => ({ value: o, label: f.optionLabels?.[o] ?? o, selected: o === value })) : [];
  const group = 'group' in f ? (f as FieldDef).group : undefined;
  return {
    name: f.key,
    id: `f-${f.key.replace(/\./g, '-')}`,
    label: group ? `${group.label}: ${f.label}` : f.label,
    unit: unitFor(f.unit, currency || 'money'),
    help: f.help,
    kind: f.kind === 'enum' ? 'select' : 'text',
    value,
    error: error ?? null,
    options,
  };
}

export function toStepView(
  step: StepKey,
  values: Record<string, string>,
  fieldErrors: Record<string, string>,
  draft: Draft,
  extra: { template?: VehicleTemplate; problems?: Array<Problem & { step: StepKey | null }> } = {},
): StepView {
  const n = STEP_KEYS.indexOf(step);
  const currency = draft.basics?.currency ?? '';
  const fractionRows: StepView['fractionRows'] = [];
  if (step === 'composition') {
    for (let i = 0; i < MAX_FRACTION_ROWS; i++) {
      const names = fractionNames(i);
      const cols = FIELDS.composition[0].columns ?? [];
      const col = (c: string) => cols.find((x) => x.key === `fractions[].${c}`) as FieldDef;
      fractionRows.push({
        cells: (['id', 'name', 'share'] as const).map((c) => fieldView({ ...col(c), key: names[c] }, values[names[c]] ?? '', fieldErrors[names[c]], currency)),
        checks: (['recyclable', 'compostable'] as const).map((c) => ({ name: names[c], id: `f-${names[c].replace(/\./g, '-')}`, label: col(c).label, checked: values[names[c]] === 'true' || values[names[c]] === 'on' })),
      });
    }
  }
  return {
    title: `New city, step ${n + 1} of ${STEP_KEYS.length}: ${STEP_TITLES[step]}`,
    number: String(n + 1),
    key: step,
    intro: STEP_INTROS[step],
    steps: STEP_KEYS.map((k, i) => ({
      number: String(i + 1),
      title: STEP_TITLES[k],
      href: i < n || draft[k] !== undefined ? stepHref(k) : null,
      current: k === step,
      done: draft[k] !== undefined,
    })),
    fields: stepFields(step).map((f) => fieldView(f, values[f.key] ?? '', fieldErrors[f.key], currency)),
    fractionRows,
    formError: fieldErrors.fractions ?? null,
    action: stepHref(step),
    backHref: n > 0 ? stepHref(STEP_KEYS[n - 1]) : '/cities/new',
    submitLabel: n === STEP_KEYS.length - 1 ? 'Create the city' : 'Next',
    templates: step === 'vehicle' ? (Object.keys(TEMPLATE_LABELS) as VehicleTemplate[]).map((t) => ({ value: t, label: TEMPLATE_LABELS[t], selected: t === (extra.template ?? 'hauled') })) : null,
    templateNote: step === 'vehicle' ? `Times, off-route factor, speed class and compaction ratio are typical values from ${TEMPLATE_SOURCE.citation} Volumes, densities, payloads and crews are estimates; wages, prices and the vehicle's cost are yours to give.` : null,
    problems: (extra.problems ?? []).map((p) => ({ path: p.path, message: p.message, stepHref: p.step ? stepHref(p.step) : null })),
  };
}
