/**
 * View models of the data-entry forms and record pages, built from the field
 * registry (src/reports/fields.ts): one section per field of a record (a
 * value, a group such as a capital item, one value per fraction, or a table
 * of rows), each with its unit and its provenance ("sourced" / "estimate" and
 * the source). Templates only print what is prepared here.
 *
 * Form inputs are named as fields.ts posts them ("capital.unitCost",
 * "legs.0.roundTripKm", "capture.kitchen"); `values` holds the strings to
 * show (recordToForm's, or what the person typed when the form comes back
 * with errors) and `errors` the message beside each input.
 *
 * Example: formSections('landfills', recordToForm('landfills', lf), {}, ctx, { isNew: false, provenance: lf.provenance })
 *          -> [{ key: 'name', kind: 'input', input: { name: 'name', value: 'TPA Benowo', ... } }, ...]
 */
import { translator, type Lang } from '../i18n/index.js';
import type { CityFile, CollectionName } from '../model/cityFile.js';
import type { Problem } from '../model/results.js';
import {
  collectionNames,
  kindAndName,
  displayValue,
  formName,
  fractionFormName,
  MONTH_NAMES,
  localizedFields,
  nameKey,
  problemFormName,
  provenanceFormNames,
  provenanceLabel,
  rowsOf,
  unitFor,
  type FieldCollection,
  type FieldDef,
  type ProvenanceMap,
  type ProvenanceStatus,
  type RefTarget,
} from '../reports/fields.js';

/** Names, not values: no provenance marker or editor. */
const UNSOURCED_KEYS = new Set(['id', 'name', 'description']);

/** Empty rows offered under a table of rows, for adding. */
export const BLANK_ROWS = 3;

export interface CityContext {
  cityId: string;
  doc: CityFile;
  /** The page's language (labels, help, units, numbers shown); English without one. */
  lang?: Lang;
}

function langOf(ctx: CityContext): Lang {
  return ctx.lang ?? 'en';
}

/** "transfer point" -> "Transfer point"; "TPS" stays. */
function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface ProvenanceView {
  status: ProvenanceStatus;
  /** "sourced", "sourced (later year)", "estimate". */
  label: string;
  /** CSS modifier: "sourced" or "estimate". */
  tone: 'sourced' | 'estimate';
  sourceId: string | null;
  /** The citation of the source, when the file lists it. */
  citation: string | null;
  /** Link to the source in the page's list of sources. */
  sourceHref: string | null;
  note: string | null;
  /** True when the record has no entry for the field (an estimate by default). */
  implicit: boolean;
}

export interface InputView {
  name: string;
  id: string;
  label: string;
  unit: string;
  help: string;
  control: 'text' | 'select' | 'checkbox';
  inputMode: 'decimal' | 'numeric' | 'text';
  value: string;
  options: Option[];
  checked: boolean;
  required: boolean;
  error: string | null;
  /** Width class: "short" for numbers, "long" for names. */
  size: 'short' | 'medium' | 'long';
}

export interface ProvenanceEditorView {
  statusName: string;
  statusId: string;
  sourceName: string;
  sourceId: string;
  statusOptions: Option[];
  sourceOptions: Option[];
  error: string | null;
}

export interface TableView {
  columns: Array<{ label: string; unit: string }>;
  /** Each row: an optional label (a month), and its cells. */
  rows: Array<{ label: string | null; cells: InputView[] }>;
}

export interface FormSection {
  key: string;
  label: string;
  help: string;
  unit: string;
  kind: 'input' | 'group' | 'map' | 'rows';
  input: InputView | null;
  inputs: InputView[];
  table: TableView | null;
  /** A message about the whole section (a sum, a missing list). */
  error: string | null;
  provenance: ProvenanceView | null;
  provenanceEditor: ProvenanceEditorView | null;
  /** The id of the element holding the section's error, for aria-describedby. */
  errorId: string;
}

export interface ShowValue {
  text: string;
  href: string | null;
}

export interface ShowSection {
  key: string;
  label: string;
  help: string;
  unit: string;
  kind: 'value' | 'group' | 'map' | 'rows';
  value: ShowValue | null;
  items: Array<{ label: string; unit: string; value: ShowValue }>;
  table: { columns: Array<{ label: string; unit: string }>; rows: ShowValue[][] } | null;
  provenance: ProvenanceView | null;
}

export interface SourceView {
  id: string;
  anchor: string;
  citation: string;
  url: string | null;
}

// ---------------------------------------------------------------------------

export function cityHref(cityId: string): string {
  return `/cities/${encodeURIComponent(cityId)}`;
}

export function recordHref(cityId: string, collection: CollectionName, recordId: string): string {
  return `${cityHref(cityId)}/${collection}/${encodeURIComponent(recordId)}`;
}

/** A field's unit with the city's currency; none for a plain share (in any language: the English unit says). */
export function unitShown(f: FieldDef, currency: string): string {
  return (f.english ?? f).unit === 'share' ? '' : unitFor(f.unit, currency);
}

/** The unit to print beside a field: none when it only repeats the label ("Vehicles", "vehicles"). */
function shownUnit(f: FieldDef, label: string, currency: string): string {
  return f.unit.toLowerCase() === label.toLowerCase() ? '' : unitShown(f, currency);
}

function htmlId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function sourceAnchor(id: string): string {
  return `source-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The sources the file lists, for the list at the foot of a record page. */
export function sourceViews(doc: CityFile, used: ReadonlyArray<ProvenanceView | null>): SourceView[] {
  const ids = new Set(used.map((p) => p?.sourceId).filter((s): s is string => typeof s === 'string'));
  return doc.sources
    .filter((s) => ids.has(s.id))
    .map((s) => ({ id: s.id, anchor: sourceAnchor(s.id), citation: s.citation, url: s.url && /^https?:\/\//.test(s.url) ? s.url : null }));
}

export function provenanceView(doc: CityFile, provenance: ProvenanceMap | undefined, key: string, lang: Lang = 'en'): ProvenanceView {
  const entry = provenance?.[key];
  const status: ProvenanceStatus = entry?.status ?? 'E';
  const sourceId = entry?.source ?? null;
  const source = sourceId === null ? undefined : doc.sources.find((s) => s.id === sourceId);
  return {
    status,
    label: provenanceLabel(status, lang),
    tone: status === 'E' ? 'estimate' : 'sourced',
    sourceId,
    citation: source?.citation ?? null,
    sourceHref: source ? `#${sourceAnchor(source.id)}` : null,
    note: entry?.note ?? null,
    implicit: entry === undefined,
  };
}

function provenanceEditor(doc: CityFile, key: string, values: Readonly<Record<string, string>>, errors: Readonly<Record<string, string>>, lang: Lang): ProvenanceEditorView {
  const t = translator(lang);
  const names = provenanceFormNames(key);
  const status = values[names.status] ?? 'E';
  const source = values[names.source] ?? '';
  const sourceOptions: Option[] = [{ value: '', label: t('forms.noSource'), selected: source === '' }];
  for (const s of doc.sources) sourceOptions.push({ value: s.id, label: s.id, selected: s.id === source });
  if (source !== '' && !doc.sources.some((s) => s.id === source)) sourceOptions.push({ value: source, label: t('forms.notInSources', { source }), selected: true });
  return {
    statusName: names.status,
    statusId: htmlId(names.status),
    sourceName: names.source,
    sourceId: htmlId(names.source),
    statusOptions: (['S', 'S-later', 'E'] as const).map((s) => ({ value: s, label: `${s}: ${provenanceLabel(s, lang)}`, selected: s === status })),
    sourceOptions,
    error: errors[names.status] ?? errors[names.source] ?? null,
  };
}

interface RefChoice {
  value: string;
  /** "Facility: Compost houses (compost-houses)". */
  label: string;
  /** "Compost houses". */
  name: string;
  collection: CollectionName | null;
}

/** What a reference field may point at, with names for people (the kind of a mixed list's records named in `lang`). */
export function refChoices(doc: CityFile, target: RefTarget, lang: Lang = 'en'): RefChoice[] {
  const from = (c: CollectionName, withKind = false): RefChoice[] => {
    const prefix = withKind ? `${capitalised(collectionNames(c, lang).singular)}${lang === 'zh' ? '：' : ': '}` : '';
    return (doc[c] as Array<{ id: string; name?: string; description?: string }>).map((r) => {
      const name = (c === 'costLines' ? r.description : r.name) ?? r.id;
      return { value: r.id, label: `${prefix}${name} (${r.id})`, name, collection: c };
    });
  };
  switch (target) {
    case 'fractions':
      return doc.fractions.map((f) => ({ value: f.id, label: `${f.name} (${f.id})`, name: f.name, collection: null }));
    case 'sites':
      return [...from('facilities', true), ...from('landfills', true)];
    case 'scavengerSites':
      return [...from('zones', true), ...from('transferPoints', true), ...from('landfills', true)];
    default:
      return from(target);
  }
}

function selectOptions(choices: ReadonlyArray<{ value: string; label: string }>, value: string, emptyLabel: string | null, lang: Lang): Option[] {
  const out: Option[] = [];
  if (emptyLabel !== null) out.push({ value: '', label: emptyLabel, selected: value === '' });
  for (const c of choices) out.push({ value: c.value, label: c.label, selected: c.value === value });
  if (value !== '' && !choices.some((c) => c.value === value)) out.push({ value, label: translator(lang)('forms.unknownValue', { value }), selected: true });
  return out;
}

function emptyChoice(f: FieldDef, lang: Lang): string | null {
  const t = translator(lang);
  if (f.default !== undefined) return t('forms.defaultChoice', { value: f.optionLabels?.[String(f.default)] ?? String(f.default) });
  return f.required ? t('forms.choose') : t('forms.none');
}

function inputFor(f: FieldDef, name: string, label: string, ctx: CityContext, values: Readonly<Record<string, string>>, errors: Readonly<Record<string, string>>): InputView {
  const lang = langOf(ctx);
  const value = values[name] ?? '';
  const base: InputView = {
    name,
    id: htmlId(name),
    label,
    unit: shownUnit(f, f.label, ctx.doc.settings.currency),
    help: f.help,
    control: 'text',
    inputMode: 'text',
    value,
    options: [],
    checked: false,
    required: f.required,
    error: errors[name] ?? null,
    size: 'short',
  };
  switch (f.kind) {
    case 'number':
    case 'share':
    case 'money':
      return { ...base, inputMode: 'decimal' };
    case 'integer':
      return { ...base, inputMode: 'numeric' };
    case 'boolean':
      return { ...base, control: 'checkbox', checked: value === 'true' || value === 'on' };
    case 'enum':
      return { ...base, control: 'select', options: selectOptions((f.options ?? []).map((o) => ({ value: o, label: f.optionLabels?.[o] ?? o })), value, emptyChoice(f, lang), lang), size: 'medium' };
    case 'ref':
      return { ...base, control: 'select', options: selectOptions(refChoices(ctx.doc, f.ref ?? 'zones', lang), value, emptyChoice(f, lang), lang), size: 'long' };
    default:
      return { ...base, size: f.key === 'id' || f.key.endsWith('.id') ? 'medium' : 'long' };
  }
}

/** Rows shown for a rows field: the filled ones, then BLANK_ROWS empty ones (fixed rows: exactly those). */
function rowCount(f: FieldDef, values: Readonly<Record<string, string>>): number {
  if (f.fixedRows) return f.fixedRows.length;
  let last = -1;
  const prefix = `${f.key}.`;
  for (const [name, v] of Object.entries(values)) {
    if (!name.startsWith(prefix) || v === '' || v === 'false') continue;
    const m = /^(\d+)/.exec(name.slice(prefix.length));
    if (m) last = Math.max(last, Number(m[1]));
  }
  return last + 1 + BLANK_ROWS;
}

interface SectionOptions {
  /** A new record: the id is an input. */
  isNew: boolean;
  /** The record's provenance (for the markers). */
  provenance: ProvenanceMap | undefined;
  /** Offer a status/source editor per field. */
  provenanceEditable: boolean;
}

/** The form's sections, in registry order; nested fields gathered into their group. */
export function formSections(
  collection: FieldCollection,
  values: Readonly<Record<string, string>>,
  errors: Readonly<Record<string, string>>,
  ctx: CityContext,
  options: SectionOptions,
): FormSection[] {
  const out: FormSection[] = [];
  const currency = ctx.doc.settings.currency;
  const lang = langOf(ctx);
  const t = translator(lang);
  const section = (key: string, f: FieldDef, label: string, kind: FormSection['kind']): FormSection => ({
    key,
    label,
    help: f.help,
    unit: shownUnit(f, label, currency),
    kind,
    input: null,
    inputs: [],
    table: null,
    error: errors[key] ?? null,
    // The composition has no provenance in the city file: an estimate by default, nothing to edit.
    provenance: UNSOURCED_KEYS.has(key) ? null : provenanceView(ctx.doc, collection === 'composition' ? undefined : options.provenance, f.provenanceKey, lang),
    provenanceEditor: options.provenanceEditable && collection !== 'composition' && !UNSOURCED_KEYS.has(key) ? provenanceEditor(ctx.doc, f.provenanceKey, values, errors, lang) : null,
    errorId: `${htmlId(key)}-section-error`,
  });

  for (const f of localizedFields(collection, lang)) {
    if (f.key === 'id' && !options.isNew) continue;
    if (f.group) {
      let g = out.find((s) => s.key === f.group?.key);
      if (!g) {
        g = section(f.group.key, f, f.group.label, 'group');
        g.help = f.group.optional ? t('forms.groupOptional') : '';
        g.unit = '';
        out.push(g);
      }
      g.inputs.push(inputFor(f, f.key, f.label, ctx, values, errors));
      continue;
    }
    if (f.kind === 'fractionMap') {
      const s = section(f.key, f, f.label, 'map');
      const valueField: FieldDef = { ...f, kind: f.valueKind ?? 'share', required: false };
      const ids = ctx.doc.fractions.map((fr) => ({ id: fr.id, label: fr.name }));
      const prefix = `${f.key}.`;
      for (const name of Object.keys(values)) {
        const fid = name.slice(prefix.length);
        if (name.startsWith(prefix) && !ids.some((x) => x.id === fid)) ids.push({ id: fid, label: t('forms.notAFraction', { id: fid }) });
      }
      s.inputs = ids.map((x) => inputFor(valueField, fractionFormName(f.key, x.id), x.label, ctx, values, errors));
      out.push(s);
      continue;
    }
    if (f.kind === 'rows') {
      const s = section(f.key, f, f.label, 'rows');
      const columns = f.columns ?? [];
      const n = rowCount(f, values);
      const rows: TableView['rows'] = [];
      for (let i = 0; i < n; i++) {
        const rowLabel = f.fixedRows?.[i] ?? null;
        rows.push({
          label: rowLabel,
          cells: columns.map((c) => inputFor(c, formName(c.key, i), `${f.label}, ${rowLabel ?? t('forms.row', { n: String(i + 1) })}: ${c.label}`, ctx, values, errors)),
        });
      }
      s.table = { columns: columns.map((c) => ({ label: c.label, unit: unitShown(c, currency) })), rows };
      s.help = f.fixedRows ? f.help : `${f.help} ${t('forms.rowsHelp')}`;
      out.push(s);
      continue;
    }
    const s = section(f.key, f, f.label, 'input');
    s.input = inputFor(f, f.key, f.label, ctx, values, errors);
    out.push(s);
  }
  return out;
}

/** The errors of a form as links to their inputs, for the summary at the top. */
export function errorLinks(sections: readonly FormSection[], lang: Lang = 'en'): Array<{ href: string; text: string }> {
  const status = translator(lang)('forms.status');
  const out: Array<{ href: string; text: string }> = [];
  for (const s of sections) {
    if (s.error) out.push({ href: `#${s.kind === 'input' && s.input ? s.input.id : s.errorId}`, text: `${s.label}: ${s.error}` });
    const inputs = [...(s.input ? [s.input] : []), ...s.inputs, ...(s.table?.rows.flatMap((r) => r.cells) ?? [])];
    for (const i of inputs) {
      if (!i.error || (s.kind === 'input' && s.error === i.error)) continue;
      out.push({ href: `#${i.id}`, text: `${s.kind === 'group' || s.kind === 'map' ? `${s.label}, ${i.label}` : i.label}: ${i.error}` });
    }
    if (s.provenanceEditor?.error) out.push({ href: `#${s.provenanceEditor.statusId}`, text: `${s.label}, ${status}: ${s.provenanceEditor.error}` });
  }
  return out;
}

/** The form names of every input of these sections. */
export function inputNames(sections: readonly FormSection[]): Set<string> {
  const names = new Set<string>();
  for (const s of sections) {
    if (s.input) names.add(s.input.name);
    for (const i of s.inputs) names.add(i.name);
    for (const r of s.table?.rows ?? []) for (const c of r.cells) names.add(c.name);
  }
  return names;
}

/**
 * Puts each engine problem beside its input: paths under `prefix` (the
 * record's path plus ".", e.g. "transferPoints[12].") become form names
 * ("legs.2.roundTripKm", using rowMap to find the row the person typed in);
 * a problem about a whole list or map goes to its section; the rest (other
 * records, scenarios) are listed at the top with their paths.
 */
export function assignProblems(
  problems: readonly Problem[],
  prefix: string,
  rowMap: Readonly<Record<string, readonly number[]>>,
  known: ReadonlySet<string>,
  sectionKeys: ReadonlySet<string>,
): { fieldErrors: Record<string, string>; topErrors: string[] } {
  const fieldErrors: Record<string, string> = {};
  const topErrors: string[] = [];
  for (const p of problems) {
    if (prefix === '' || p.path.startsWith(prefix)) {
      const name = problemFormName(p.path.slice(prefix.length), rowMap);
      let target: string | null = null;
      const parts = name.split('.');
      for (let n = parts.length; n > 0 && target === null; n--) {
        const candidate = parts.slice(0, n).join('.');
        if (known.has(candidate) || sectionKeys.has(candidate)) target = candidate;
      }
      if (target !== null) {
        fieldErrors[target] = fieldErrors[target] ? `${fieldErrors[target]}; ${p.message}` : p.message;
        continue;
      }
    }
    topErrors.push(`${p.path}: ${p.message}`);
  }
  return { fieldErrors, topErrors };
}

// ---------------------------------------------------------------------------
// Reading a record

function refValue(ctx: CityContext, target: RefTarget, id: string): ShowValue {
  const choice = refChoices(ctx.doc, target, langOf(ctx)).find((c) => c.value === id);
  if (!choice) return { text: translator(langOf(ctx))('forms.unknownValue', { value: id }), href: null };
  if (choice.collection === null) return { text: choice.label, href: `${cityHref(ctx.cityId)}/composition` };
  return { text: choice.label, href: recordHref(ctx.cityId, choice.collection, id) };
}

function showValue(f: FieldDef, v: unknown, ctx: CityContext): ShowValue {
  if (v === undefined || v === null || v === '') return { text: '—', href: null };
  if (f.kind === 'ref') return refValue(ctx, f.ref ?? 'zones', String(v));
  return { text: displayValue(f, v, langOf(ctx)), href: null };
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The record for reading: every field with its unit and provenance. */
export function showSections(collection: FieldCollection, record: Readonly<Record<string, unknown>>, ctx: CityContext, provenance: ProvenanceMap | undefined): ShowSection[] {
  const out: ShowSection[] = [];
  const currency = ctx.doc.settings.currency;
  const lang = langOf(ctx);
  const base = (key: string, f: FieldDef, label: string, kind: ShowSection['kind']): ShowSection => ({
    key,
    label,
    help: f.help,
    unit: shownUnit(f, label, currency),
    kind,
    value: null,
    items: [],
    table: null,
    provenance: UNSOURCED_KEYS.has(key) ? null : provenanceView(ctx.doc, collection === 'composition' ? undefined : provenance, f.provenanceKey, lang),
  });
  for (const f of localizedFields(collection, lang)) {
    if (f.key === 'id') continue; // in the page's header
    if (f.group) {
      let g = out.find((s) => s.key === f.group?.key);
      if (!g) {
        g = base(f.group.key, f, f.group.label, 'group');
        g.unit = '';
        out.push(g);
      }
      g.items.push({ label: f.label, unit: unitShown(f, currency), value: showValue(f, getPath(record, f.key), ctx) });
      continue;
    }
    const v = getPath(record, f.key);
    if (f.kind === 'fractionMap') {
      const s = base(f.key, f, f.label, 'map');
      const valueField: FieldDef = { ...f, kind: f.valueKind ?? 'share' };
      for (const [fid, x] of Object.entries((v ?? {}) as Record<string, unknown>)) {
        const fraction = ctx.doc.fractions.find((fr) => fr.id === fid);
        s.items.push({ label: fraction?.name ?? fid, unit: unitShown(f, currency), value: showValue(valueField, x, ctx) });
      }
      out.push(s);
      continue;
    }
    if (f.kind === 'rows') {
      const s = base(f.key, f, f.label, 'rows');
      const columns = f.columns ?? [];
      const rows = rowsOf(f, v).map((row, i) => {
        const cells = columns.map((c) => {
          const col = c.key.slice(c.key.indexOf('[]') + 2).replace(/^\./, '');
          return showValue(c, col === '' ? row : (row as Record<string, unknown>)[col], ctx);
        });
        return f.fixedRows ? [{ text: f.fixedRows[i] ?? '', href: null }, ...cells] : cells;
      });
      const cols = columns.map((c) => ({ label: c.label, unit: unitShown(c, currency) }));
      s.table = { columns: f.fixedRows ? [{ label: translator(lang)('records.month'), unit: '' }, ...cols] : cols, rows };
      out.push(s);
      continue;
    }
    const s = base(f.key, f, f.label, 'value');
    s.value = showValue(f, v, ctx);
    out.push(s);
  }
  // A value not given has nothing to be sourced or estimated.
  for (const s of out) {
    const empty =
      s.kind === 'value' ? s.value?.text === '—' : s.kind === 'rows' ? (s.table?.rows.length ?? 0) === 0 : s.items.every((i) => i.value.text === '—');
    if (empty) s.provenance = null;
  }
  return out;
}

/** A record's name for people: its name (a cost line's description), else its id. */
export function recordName(collection: CollectionName, record: Readonly<Record<string, unknown>>): string {
  const n = record[nameKey(collection)];
  return typeof n === 'string' && n !== '' ? n : String(record.id);
}

/** "Landfill TPA Benowo" / "TPA Benowo" (not "TPA TPA Benowo") / "填埋场 TPA Benowo". */
export function recordTitle(collection: CollectionName, record: Readonly<Record<string, unknown>>, lang: Lang = 'en'): string {
  return kindAndName(capitalised(collectionNames(collection, lang).singular), recordName(collection, record));
}

export { MONTH_NAMES };
