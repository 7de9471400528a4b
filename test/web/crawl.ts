/**
 * Reading the app as a browser would, for tests that must cover pages and
 * routes added later without being edited: the routes from Express's router
 * stack, the forms of a rendered page (what a browser would post), its links,
 * and which route a URL belongs to.
 *
 *   appRoutes(app)                      -> [{ method: 'GET', path: '/cities/:id' }, ...]
 *   parseForms(html)                    -> [{ method: 'post', action: '/cities/x/zones/y', fields: [...] }]
 *   formValues(form)                    -> { name: 'Utara', population: '50000', _csrf: '...' }
 *   routeOf('GET', '/cities/x/zones/y', routes) -> { method: 'GET', path: '/cities/:id/zones/:recordId' }
 */
import type { Express } from 'express';

export interface AppRoute {
  method: string;
  path: string;
}

/** Every route of the app (method upper case, path as declared), in the order Express tries them. */
export function appRoutes(app: Express): AppRoute[] {
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const found: AppRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  const seen = new Set<string>();
  return found.filter((r) => {
    const k = `${r.method} ${r.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A regular expression for an Express 5 path: `:name` one segment, `{...}` optional, `*name` the rest. */
export function pathPattern(path: string): RegExp {
  let re = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') re += '(?:';
    else if (c === '}') re += ')?';
    else if (c === ':' || c === '*') {
      const m = /^[A-Za-z0-9_]+/.exec(path.slice(i + 1));
      const name = m?.[0] ?? '';
      re += c === ':' ? '[^/]+' : '.+';
      i += name.length;
    } else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}/?$`);
}

/** The first route (in Express's order) that answers `method` at `urlPath`; null when none does. */
export function routeOf(method: string, urlPath: string, routes: readonly AppRoute[]): AppRoute | null {
  const path = urlPath.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep as sent
  }
  return routes.find((r) => (r.method === method || r.method === 'ALL') && (pathPattern(r.path).test(path) || pathPattern(r.path).test(decoded))) ?? null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** The attributes of one tag's text (`<input type="text" name="x" checked>`), names lower case, values decoded. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

export interface FormField {
  tag: 'input' | 'select' | 'textarea' | 'button';
  name: string;
  /** input type (text when absent), 'select', 'textarea' or 'submit' for a button. */
  type: string;
  value: string;
  checked: boolean;
  /** The id, to find its <label for>. */
  id: string | null;
  /** The options of a select. */
  options: string[];
  /** The text of its label, when the page has one. */
  label: string | null;
}

export interface PageForm {
  method: string;
  action: string;
  enctype: string;
  fields: FormField[];
}

/** The forms of a page, each with its fields in document order; `action` as written (decoded), '' when absent. */
export function parseForms(html: string): PageForm[] {
  const labels = new Map<string, string>();
  for (const m of html.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    const forId = attributes(`<label${m[1]}>`).for;
    if (forId) labels.set(forId, decodeEntities(m[2].replace(/<[^>]+>/g, '')).trim());
  }
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attributes(`<form${m[1]}>`);
    const fields: FormField[] = [];
    const body = m[2];
    for (const t of body.matchAll(/<(input|button)\b[^>]*>|<select\b([^>]*)>([\s\S]*?)<\/select>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const text = t[0];
      if (/^<select/i.test(text)) {
        const sa = attributes(`<select${t[2]}>`);
        if (!sa.name) continue;
        const options = [...t[3].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => {
          const oa = attributes(`<option${o[1]}>`);
          return { value: 'value' in oa ? oa.value : decodeEntities(o[2]).trim(), selected: 'selected' in oa };
        });
        const chosen = options.find((o) => o.selected) ?? options[0];
        fields.push({ tag: 'select', name: sa.name, type: 'select', value: chosen?.value ?? '', checked: false, id: sa.id ?? null, options: options.map((o) => o.value), label: sa.id ? (labels.get(sa.id) ?? null) : null });
      } else if (/^<textarea/i.test(text)) {
        const ta = attributes(`<textarea${t[4]}>`);
        if (!ta.name) continue;
        fields.push({ tag: 'textarea', name: ta.name, type: 'textarea', value: decodeEntities(t[5]), checked: false, id: ta.id ?? null, options: [], label: ta.id ? (labels.get(ta.id) ?? null) : null });
      } else {
        const ia = attributes(text);
        if (!ia.name) continue;
        const tag = text.toLowerCase().startsWith('<button') ? 'button' : 'input';
        const type = tag === 'button' ? 'submit' : (ia.type ?? 'text').toLowerCase();
        fields.push({ tag, name: ia.name, type, value: ia.value ?? (type === 'checkbox' ? 'on' : ''), checked: 'checked' in ia, id: ia.id ?? null, options: [], label: ia.id ? (labels.get(ia.id) ?? null) : (ia['aria-label'] ?? null) });
      }
    }
    forms.push({ method: (a.method ?? 'get').toLowerCase(), action: a.action ?? '', enctype: (a.enctype ?? 'application/x-www-form-urlencoded').toLowerCase(), fields });
  }
  return forms;
}

/** What a browser posts for the form as shown: checked boxes only, the selected option, no buttons, no files. */
export function formValues(form: PageForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    if (f.tag === 'button' || f.type === 'submit' || f.type === 'file' || f.type === 'reset' || f.type === 'image') continue;
    if ((f.type === 'checkbox' || f.type === 'radio') && !f.checked) continue;
    if (!(f.name in out)) out[f.name] = f.value;
  }
  return out;
}

/** The same-site links of a page (href of <a>), without fragments. */
export function pageLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/gi)) {
    const href = decodeEntities(m[1]).split('#')[0];
    if (href.startsWith('/') && !href.startsWith('//')) out.push(href);
  }
  return out;
}
