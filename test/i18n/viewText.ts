/**
 * Finds user-visible English in an EJS template: text between tags and the
 * attributes people read or hear (placeholder, title, aria-label,
 * aria-description, alt, label, and the value of input buttons), outside
 * <%= %> output. Everything a person reads must come from t('...') (the
 * catalogs in locales/), so a template whose text is all in <%= t(...) %>
 * has no finding.
 *
 * Example: englishInTemplate('<h1>Cities</h1>\n<p><%= t("home.lead") %></p>')
 *          -> [{ line: 1, text: 'Cities' }]
 */

export interface Finding {
  line: number;
  text: string;
}

/** Same length, same line breaks: positions keep their line numbers. */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** Marks where a value is printed (<%= %>, <%- %>): not literal text. */
const OUTPUT = '\u0001';

const READ_ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'aria-description', 'alt', 'label'];

/** Letters of a word: two or more Latin letters ("t" for tonnes alone is a unit symbol, not English). */
const WORD = /[A-Za-z]{2,}/;

function visible(text: string): string {
  return text
    .replace(new RegExp(OUTPUT, 'g'), ' ')
    .replace(/&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function englishInTemplate(source: string): Finding[] {
  let s = source
    .replace(/<%#[\s\S]*?%>/g, blank)
    .replace(/<%[=-][\s\S]*?[-_]?%>/g, (m) => OUTPUT + blank(m.slice(1)))
    .replace(/<%[\s\S]*?%>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
  // Script and style bodies are code or data, not text.
  s = s.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi, (_m, open: string, body: string, close: string) => open + blank(body) + close);
  s = s.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_m, open: string, body: string, close: string) => open + blank(body) + close);

  const findings: Finding[] = [];
  const lineAt = (index: number) => s.slice(0, index).split('\n').length;
  const check = (text: string, index: number) => {
    const v = visible(text);
    if (WORD.test(v)) findings.push({ line: lineAt(index), text: v });
  };

  const tag = /<\/?([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>|<!doctype[^>]*>/gi;
  let last = 0;
  for (const m of s.matchAll(tag)) {
    const at = m.index ?? 0;
    check(s.slice(last, at), last);
    last = at + m[0].length;
    const attrs = m[2] ?? '';
    for (const a of attrs.matchAll(/([a-zA-Z-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      const name = a[1].toLowerCase();
      const value = a[3] ?? a[4] ?? '';
      const isButtonValue = name === 'value' && /\btype\s*=\s*["']?(submit|button|reset)\b/i.test(attrs);
      if (READ_ATTRIBUTES.includes(name) || isButtonValue) check(value, at + (a.index ?? 0));
    }
  }
  check(s.slice(last), last);
  return findings;
}

/** The message keys a template names: t('a.b'), t.parts('a.b', ...), t.dynamic is not allowed in views. */
export function keysInTemplate(source: string): string[] {
  return [...source.matchAll(/\bt(?:\.parts)?\(\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
}
