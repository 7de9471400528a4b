/**
 * View models of the data pages around the forms: the city's "Data" menu,
 * a collection's list (search, sort, paging), a record flattened field by
 * field (for the history's before/after and the conflict page's two
 * versions), and the history entries.
 *
 * Example: listView('transferPoints', doc, { q: 'tandes', sort: 'vehicles', dir: 'desc', page: 1 })
 *          -> { rows: [...points whose id or name contains "tandes", most vehicles first], paging: {...} }
 */
import { translator, type Lang } from '../i18n/index.js';
import type { Change, CityFile, CollectionName } from '../model/cityFile.js';
import { M } from '../model/money.js';
import {
  COLLECTION_LABELS,
  COLLECTION_ORDER,
  collectionNames,
  kindAndName,
  displayValue,
  LIST_COLUMNS,
  localizedFields,
  nameKey,
  numberText,
  provenanceLabel,
  rowsOf,
  unitFor,
  type FieldCollection,
  type FieldDef,
  type ProvenanceMap,
} from '../reports/fields.js';
import { localeFormatter } from '../reports/locale.js';
import { describeChange } from '../reports/scenarioForms.js';
import type { AuditEntry } from '../store/audit.js';
import { stableJson, type EditCollection } from '../store/cityEdits.js';
import { cityHref, recordHref, recordName, refChoices, unitShown } from './forms.js';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

/**
 * The city's "Data" menu: every collection, then settings, composition,
 * seasonal factors, the weighbridge page and history. Every page it links
 * needs the city's viewer role, as the data pages that show it do.
 */
export function cityNav(cityId: string, current: string | null, lang: Lang = 'en'): NavLink[] {
  const t = translator(lang);
  const base = cityHref(cityId);
  const links: Array<{ key: string; href: string; label: string }> = COLLECTION_ORDER.map((c) => ({ key: c, href: `${base}/${c}`, label: t(`records.collections.${c}`) }));
  links.push(
    { key: 'settings', href: `${base}/settings`, label: t('records.nav.settings') },
    { key: 'composition', href: `${base}/composition`, label: t('records.nav.composition') },
    { key: 'seasonal', href: `${base}/seasonal`, label: t('records.nav.seasonal') },
    { key: 'weighbridge', href: `${base}/weighbridge`, label: t('records.nav.weighbridge') },
    { key: 'history', href: `${base}/history`, label: t('records.nav.history') },
  );
  return links.map((l) => ({ href: l.href, label: l.label, current: l.key === current }));
}

// ---------------------------------------------------------------------------
// Lists

export const PER_PAGE = 50;

export interface ListQuery {
  q: string;
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
}

export interface ListColumn {
  key: string;
  label: string;
  unit: string;
  numeric: boolean;
  href: string;
  /** aria-sort of the header: the column the list is sorted by says how. */
  ariaSort: 'ascending' | 'descending' | null;
}

export interface ListView {
  columns: ListColumn[];
  rows: Array<{ href: string; name: string; cells: Array<{ text: string; numeric: boolean }> }>;
  total: number;
  matching: number;
  summary: string;
  pages: Array<{ label: string; href: string; current: boolean }>;
  prevHref: string | null;
  nextHref: string | null;
  q: string;
  sort: string;
  dir: 'asc' | 'desc';
}

type SortKey = { kind: 'number'; n: number } | { kind: 'money'; s: string } | { kind: 'text'; s: string } | { kind: 'none' };

function listColumns(collection: CollectionName): string[] {
  return [nameKey(collection), ...LIST_COLUMNS[collection]];
}

/** ?q=&sort=&dir=&page= with anything unknown replaced by the default (name, ascending, page 1). */
export function parseListQuery(collection: CollectionName, query: Record<string, unknown>): ListQuery {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const sort = str(query.sort);
  const page = /^\d{1,6}$/.test(str(query.page)) ? Math.max(1, Number(query.page)) : 1;
  return {
    q: str(query.q).trim().slice(0, 200),
    sort: listColumns(collection).includes(sort) ? sort : nameKey(collection),
    dir: query.dir === 'desc' ? 'desc' : 'asc',
    page,
  };
}

type RefNames = (f: FieldDef, id: string) => string | undefined;

/** Names of referenced records, looked up once per target for a whole list. */
function refNamesOf(doc: CityFile, lang: Lang): RefNames {
  const cache = new Map<string, Map<string, string>>();
  return (f, id) => {
    const target = f.ref ?? 'zones';
    let names = cache.get(target);
    if (!names) {
      names = new Map(refChoices(doc, target, lang).map((c) => [c.value, c.name]));
      cache.set(target, names);
    }
    return names.get(id);
  };
}

function cell(collection: CollectionName, key: string, rec: Record<string, unknown>, refName: RefNames, lang: Lang): { text: string; sort: SortKey; numeric: boolean } {
  const f = localizedFields(collection, lang).find((x) => x.key === key) as FieldDef;
  const v = rec[key];
  if (key === 'legs') {
    const legs = rowsOf(f, v) as Array<{ siteId: string; roundTripKm: number }>;
    const last = legs.at(-1);
    return {
      text: legs.map((l) => `${l.siteId} ${numberText(l.roundTripKm, lang)} km`).join(' → '),
      sort: last ? { kind: 'number', n: last.roundTripKm } : { kind: 'none' },
      numeric: false,
    };
  }
  if (v === undefined || v === null || v === '') return { text: '—', sort: { kind: 'none' }, numeric: false };
  if (f.kind === 'ref') {
    const text = refName(f, String(v)) ?? String(v);
    return { text, sort: { kind: 'text', s: text.toLowerCase() }, numeric: false };
  }
  if (f.kind === 'money') return { text: displayValue(f, v, lang), sort: { kind: 'money', s: String(v) }, numeric: true };
  if (typeof v === 'number') return { text: displayValue(f, v, lang), sort: { kind: 'number', n: v }, numeric: true };
  const text = displayValue(f, v, lang);
  return { text, sort: { kind: 'text', s: text.toLowerCase() }, numeric: false };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind ? 0 : a.kind === 'none' ? 1 : -1;
  if (a.kind === 'number' && b.kind === 'number') return a.n - b.n;
  if (a.kind === 'money' && b.kind === 'money') return M(a.s).comparedTo(M(b.s));
  const sa = a.kind === 'text' || a.kind === 'money' ? a.s : String((a as { n: number }).n);
  const sb = b.kind === 'text' || b.kind === 'money' ? b.s : String((b as { n: number }).n);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function listHref(base: string, q: ListQuery, over: Partial<ListQuery>): string {
  const merged = { ...q, ...over };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  params.set('sort', merged.sort);
  params.set('dir', merged.dir);
  if (merged.page > 1) params.set('page', String(merged.page));
  return `${base}?${params.toString()}`;
}

/** One page of a collection: the records whose id or name contains q (any case), sorted, 50 a page; texts and numbers in `lang`. */
export function listView(collection: CollectionName, doc: CityFile, cityId: string, query: ListQuery, lang: Lang = 'en'): ListView {
  const t = translator(lang);
  const fmt = localeFormatter(lang);
  const fields = localizedFields(collection, lang);
  const base = `${cityHref(cityId)}/${collection}`;
  const records = doc[collection] as unknown as Array<Record<string, unknown> & { id: string }>;
  const needle = query.q.toLowerCase();
  const keys = listColumns(collection);
  const matching = records.filter((r) => needle === '' || r.id.toLowerCase().includes(needle) || recordName(collection, r).toLowerCase().includes(needle));
  const refName = refNamesOf(doc, lang);
  const withCells = matching.map((r) => ({ r, cells: keys.map((k) => cell(collection, k, r, refName, lang)) }));
  const sortIndex = keys.indexOf(query.sort);
  const sign = query.dir === 'desc' ? -1 : 1;
  withCells.sort((a, b) => {
    const byKey = compareKeys(a.cells[sortIndex].sort, b.cells[sortIndex].sort);
    // Records without a value stay last either way; ties keep the file's order.
    if (a.cells[sortIndex].sort.kind === 'none' || b.cells[sortIndex].sort.kind === 'none') return byKey;
    return sign * byKey;
  });
  const pageCount = Math.max(1, Math.ceil(withCells.length / PER_PAGE));
  const page = Math.min(query.page, pageCount);
  const q = { ...query, page };
  const shown = withCells.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const first = withCells.length === 0 ? 0 : (page - 1) * PER_PAGE + 1;
  const last = (page - 1) * PER_PAGE + shown.length;
  const what = collectionNames(collection, lang);
  const range = { first: fmt.integer(first), last: fmt.integer(last), total: fmt.integer(withCells.length), noun: withCells.length === 1 ? what.singular : what.plural };
  const summary =
    withCells.length === 0
      ? query.q
        ? t('forms.listNoneMatch', { plural: what.plural, q: query.q })
        : t('forms.listNone', { plural: what.plural })
      : query.q
        ? t('forms.listRangeMatching', { ...range, q: query.q, all: fmt.integer(records.length) })
        : t('forms.listRange', range);
  const currency = doc.settings.currency;
  return {
    columns: keys.map((k) => {
      const f = fields.find((x) => x.key === k) as FieldDef;
      const sorted = query.sort === k;
      return {
        key: k,
        label: k === 'legs' ? t('forms.legsColumn') : f.label,
        unit: f.unit.toLowerCase() === f.label.toLowerCase() ? '' : unitShown(f, currency),
        numeric: ['number', 'integer', 'share', 'money'].includes(f.kind),
        href: listHref(base, q, { sort: k, dir: sorted && query.dir === 'asc' ? 'desc' : 'asc', page: 1 }),
        ariaSort: sorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : null,
      };
    }),
    rows: shown.map(({ r, cells }) => ({
      href: recordHref(cityId, collection, r.id),
      name: cells[0].text,
      cells: cells.slice(1).map((c) => ({ text: c.text, numeric: c.numeric })),
    })),
    total: records.length,
    matching: withCells.length,
    summary,
    pages: pageCount > 1 ? Array.from({ length: pageCount }, (_, i) => ({ label: String(i + 1), href: listHref(base, q, { page: i + 1 }), current: i + 1 === page })) : [],
    prevHref: page > 1 ? listHref(base, q, { page: page - 1 }) : null,
    nextHref: page < pageCount ? listHref(base, q, { page: page + 1 }) : null,
    q: query.q,
    sort: query.sort,
    dir: query.dir,
  };
}

// ---------------------------------------------------------------------------
// A record field by field

export interface FlatField {
  name: string;
  label: string;
  value: string;
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const p of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function withUnit(text: string, unit: string): string {
  if (text === '' || text === '—') return '—';
  return unit ? `${text} ${unit}` : text;
}

/** The value with its unit (none for a plain share), in the language of `f` (a localizedFields definition). */
function flatValue(f: FieldDef, v: unknown, currency: string, lang: Lang): string {
  const unit = (f.english ?? f).unit === 'share' ? '' : unitFor(f.unit, currency);
  return withUnit(displayValue(f, v, lang), unit);
}

/** "TPA Benowo (benowo)" for a reference to benowo. */
function refName(doc: CityFile, f: FieldDef, id: string, lang: Lang): string {
  const choice = refChoices(doc, f.ref ?? 'zones', lang).find((c) => c.value === id);
  return choice ? `${choice.name} (${id})` : id;
}

/** The registry collections a stored record is shown with: settings also has its seasonal factors. */
function registriesOf(collection: Exclude<EditCollection, 'scenarios'>): FieldCollection[] {
  if (collection === 'settings') return ['settings', 'seasonal'];
  if (collection === 'fractions') return ['composition'];
  return [collection];
}

/**
 * Every value of a record as label and display string, in form order:
 * "Legs 2: Round trip" -> "35.1 km", "Capital: Unit cost" -> "45,000,000 IDR",
 * and its provenance entries ("Provenance: Legs" -> "estimate, engineering-estimate").
 */
/** A scenario as rows: its name, its assumptions and each change as the sentence the scenario page shows. */
function flattenScenario(record: Readonly<Record<string, unknown>>, doc: CityFile, lang: Lang): FlatField[] {
  const t = translator(lang);
  const changes = Array.isArray(record.changes) ? (record.changes as Change[]) : [];
  return [
    { name: 'name', label: t('history.scenario.name'), value: String(record.name ?? '') },
    { name: 'assumptions', label: t('history.scenario.assumptions'), value: String(record.assumptions ?? '') || '—' },
    ...changes.map((c, i) => ({ name: `changes.${i}`, label: t('history.scenario.change', { n: i + 1 }), value: describeChange(doc, c, t) })),
  ];
}

export function flattenRecord(collection: EditCollection, record: unknown, doc: CityFile, lang: Lang = 'en'): FlatField[] {
  if (record === null || record === undefined) return [];
  if (collection === 'scenarios') return flattenScenario(record as Record<string, unknown>, doc, lang);
  const t = translator(lang);
  const currency = doc.settings.currency;
  const rec = (collection === 'fractions' ? { fractions: record } : record) as Record<string, unknown>;
  const out: FlatField[] = [];
  for (const reg of registriesOf(collection)) {
    for (const f of localizedFields(reg, lang)) {
      const v = getPath(rec, f.key);
      if (f.kind === 'rows') {
        rowsOf(f, v).forEach((row, i) => {
          for (const c of f.columns ?? []) {
            const col = c.key.slice(c.key.indexOf('[]') + 2).replace(/^\./, '');
            const x = col === '' ? row : (row as Record<string, unknown>)[col];
            const value = c.kind === 'ref' && typeof x === 'string' ? refName(doc, c, x, lang) : flatValue(c, x, currency, lang);
            out.push({ name: `${f.key}.${i}.${col}`, label: `${f.label} ${f.fixedRows?.[i] ?? i + 1}${col ? `: ${c.label}` : ''}`, value });
          }
        });
        continue;
      }
      if (f.kind === 'fractionMap') {
        for (const [fid, x] of Object.entries((v ?? {}) as Record<string, unknown>)) {
          const fraction = doc.fractions.find((fr) => fr.id === fid);
          out.push({ name: `${f.key}.${fid}`, label: `${f.label}: ${fraction?.name ?? fid}`, value: flatValue({ ...f, kind: f.valueKind ?? 'share' }, x, currency, lang) });
        }
        continue;
      }
      const label = f.group ? `${f.group.label}: ${f.label}` : f.label;
      if (f.kind === 'ref' && typeof v === 'string') {
        out.push({ name: f.key, label, value: refName(doc, f, v, lang) });
        continue;
      }
      out.push({ name: f.key, label, value: flatValue(f, v, currency, lang) });
    }
  }
  const provenance = (rec.provenance ?? undefined) as ProvenanceMap | undefined;
  for (const [key, entry] of Object.entries(provenance ?? {})) {
    const f = localizedFields(registriesOf(collection)[0], lang).find((x) => x.provenanceKey === key);
    const label = f?.group?.label ?? f?.label ?? key;
    const status = ['S', 'S-later', 'E'].includes(entry.status) ? provenanceLabel(entry.status, lang) : entry.status;
    const parts = [status, entry.source, entry.note].filter((p): p is string => typeof p === 'string' && p !== '');
    out.push({ name: `_prov.${key}`, label: t('forms.provenanceOf', { label }), value: parts.join(', ') });
  }
  return out;
}

export interface CompareRow {
  label: string;
  theirs: string;
  mine: string;
  differs: boolean;
}

/** Two versions of a record side by side, field by field (a field only one has shows "—" in the other). */
export function compareRecords(collection: EditCollection, theirs: unknown, mine: unknown, doc: CityFile, lang: Lang = 'en'): CompareRow[] {
  const a = flattenRecord(collection, theirs, doc, lang);
  const b = flattenRecord(collection, mine, doc, lang);
  const byName = new Map<string, CompareRow>();
  for (const x of a) byName.set(x.name, { label: x.label, theirs: x.value, mine: '—', differs: true });
  for (const x of b) {
    const row = byName.get(x.name);
    if (row) row.mine = x.value;
    else byName.set(x.name, { label: x.label, theirs: '—', mine: x.value, differs: true });
  }
  const rows = [...byName.values()].filter((r) => r.theirs !== '—' || r.mine !== '—');
  for (const r of rows) r.differs = r.theirs !== r.mine;
  return rows;
}

// ---------------------------------------------------------------------------
// History

export const ACTION_LABELS: Readonly<Record<AuditEntry['action'], string>> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  restore: 'restored',
  import: 'imported',
  settings: 'changed',
};

/** A change of more fields than this (a created record) starts folded. */
const CHANGES_SHOWN_OPEN = 12;

export interface HistoryEntryView {
  id: number;
  at: string;
  atIso: string;
  who: string;
  action: string;
  what: string;
  whatHref: string | null;
  /** The fields that differ: `theirs` is the value before, `mine` after. */
  changes: CompareRow[];
  changesOpen: boolean;
  changesSummary: string;
  /** Restore buttons (city administrators), with the hash of the record as it is now; `buttons` are before's and after's that are offered, in order. */
  restore: { action: string; baseHash: string; before: string | null; after: string | null; buttons: Array<{ which: 'before' | 'after'; label: string }> } | null;
}

/**
 * Restore buttons of a change: the value before it and the value after it,
 * each only when it differs from the record now (settings cannot be deleted,
 * so a settings change offers no "none").
 */
function restoreButtons(entry: AuditEntry, cityId: string, now: { hash: string; json: string } | null, lang: Lang): HistoryEntryView['restore'] {
  if (now === null) return null;
  const t = translator(lang);
  const isRecord = entry.collection in COLLECTION_LABELS;
  const offer = (v: unknown) => (v !== null || isRecord) && stableJson(v) !== now.json;
  const label = (v: unknown, which: 'before' | 'after') =>
    !offer(v)
      ? null
      : v === null
        ? t(which === 'before' ? 'history.restore.deleteAsBefore' : 'history.restore.deleteAgain')
        : t(which === 'before' ? 'history.restore.before' : 'history.restore.after');
  const before = label(entry.before, 'before');
  const after = label(entry.after, 'after');
  if (!before && !after) return null;
  const buttons: Array<{ which: 'before' | 'after'; label: string }> = [];
  if (before) buttons.push({ which: 'before', label: before });
  if (after) buttons.push({ which: 'after', label: after });
  return { action: `${cityHref(cityId)}/history/${entry.id}/restore`, baseHash: now.hash, before, after, buttons };
}

/** "2026-11-29T14:47:03.120Z" -> "2026-11-29 14:47 UTC". */
export function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** When a change was made: "2026-11-29 14:47 UTC" in English, the language's date and time (UTC) otherwise. */
function changeTime(iso: string, lang: Lang): string {
  if (lang === 'en') return shortTime(iso);
  try {
    return `${localeFormatter(lang).dateTime(iso, 'UTC')} UTC`;
  } catch {
    return shortTime(iso);
  }
}

function whatOf(entry: AuditEntry, doc: CityFile, cityId: string, lang: Lang): { text: string; href: string | null } {
  const t = translator(lang);
  const c = entry.collection;
  if (c === 'settings') return { text: t('records.nav.settings'), href: `${cityHref(cityId)}/settings` };
  if (c === 'fractions') return { text: t('records.nav.composition'), href: `${cityHref(cityId)}/composition` };
  if (c === 'scenarios' && entry.recordId !== null) {
    const rec = (entry.after ?? entry.before ?? {}) as { name?: unknown };
    const exists = doc.scenarios.some((x) => x.id === entry.recordId);
    return {
      text: `${t('history.scenario.what', { name: String(rec.name ?? entry.recordId) })} (${entry.recordId})`,
      href: exists ? `${cityHref(cityId)}/scenarios/${encodeURIComponent(entry.recordId)}` : null,
    };
  }
  if (c in COLLECTION_LABELS && entry.recordId !== null) {
    const collection = c as CollectionName;
    const rec = (entry.after ?? entry.before ?? { id: entry.recordId }) as Record<string, unknown>;
    const exists = (doc[collection] as Array<{ id: string }>).some((r) => r.id === entry.recordId);
    return {
      text: `${kindAndName(collectionNames(collection, lang).singular, recordName(collection, rec))} (${entry.recordId})`,
      href: exists ? recordHref(cityId, collection, entry.recordId) : null,
    };
  }
  return { text: c === 'city' ? t('history.wholeCity') : c, href: null };
}

export function historyEntryView(
  entry: AuditEntry,
  doc: CityFile,
  cityId: string,
  restore: { canRestore: boolean; current: (e: AuditEntry) => { hash: string; json: string } },
  lang: Lang = 'en',
): HistoryEntryView {
  const t = translator(lang);
  const what = whatOf(entry, doc, cityId, lang);
  const editable = entry.collection === 'settings' || entry.collection === 'fractions' || entry.collection === 'scenarios' || entry.collection in COLLECTION_LABELS;
  const collection = entry.collection as EditCollection;
  const now = restore.canRestore && editable ? restore.current(entry) : null;
  const changes = editable ? compareRecords(collection, entry.before, entry.after, doc, lang).filter((r) => r.differs) : [];
  return {
    id: entry.id,
    at: changeTime(entry.at, lang),
    atIso: entry.at,
    who: entry.userName ?? (entry.userId === null ? t('history.noAccount') : t('history.user', { id: String(entry.userId) })),
    action: lang === 'en' ? ACTION_LABELS[entry.action] : t.dynamic(`history.actions.${entry.action}`),
    what: what.text,
    whatHref: what.href,
    changes,
    changesOpen: changes.length <= CHANGES_SHOWN_OPEN,
    changesSummary: t('history.changesSummary', { count: changes.length }),
    restore: restoreButtons(entry, cityId, now, lang),
  };
}
