/**
 * One word per concept in every language: docs/glossary.id.md and
 * docs/glossary.zh.md give, for each English term of docs/glossary.md, the
 * term to use (in `code` in the second column) and words to avoid (in `code`
 * in the third). Every message whose English text has an English term must
 * have that language's term, and no message may use a word to avoid.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogOf, type Message } from '../../src/i18n/catalogs.js';
import { PROJECT_ROOT } from '../../src/web/paths.js';

interface Entry {
  /** As written in the first column: "transfer point", "sign in / sign out". */
  english: string;
  /** The English terms a row stands for, each with the term to use: "sign in" -> "masuk", "sign out" -> "keluar". */
  terms: Array<{ term: string; use: string }>;
  avoid: string[];
}

/**
 * "sign in / sign out" -> ["sign in", "sign out"]; "public / private city" ->
 * ["public city", "private city"] (a shorter part takes the last part's noun).
 */
export function splitTerm(english: string): string[] {
  const parts = english.split(' / ').map((p) => p.trim());
  const last = parts[parts.length - 1].split(' ');
  return parts.map((p) => {
    const words = p.split(' ');
    return words.length < last.length ? [...words, ...last.slice(words.length)].join(' ') : p;
  });
}

function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
}

const bold = (cell: string) => [...cell.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1].trim());
const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function readGlossary(name: string): Entry[] {
  const text = readFileSync(join(PROJECT_ROOT, 'docs', name), 'utf8');
  return tableRows(text).flatMap((cells) => {
    const [english] = bold(cells[0] ?? '');
    if (english === undefined) return [];
    const parts = splitTerm(english);
    const uses = code(cells[1] ?? '');
    const terms = parts.map((term, i) => ({ term, use: (uses.length === parts.length ? uses[i] : uses[0]) ?? '' }));
    return [{ english, terms, avoid: code(cells[2] ?? '') }];
  });
}

/** Every bold term in the first column of docs/glossary.md ("**supply-limited** / **labour-limited**" gives two). */
const englishTerms = tableRows(readFileSync(join(PROJECT_ROOT, 'docs', 'glossary.md'), 'utf8')).flatMap((cells) => bold(cells[0] ?? ''));

const texts = (m: Message | undefined) => (m === undefined ? [] : typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));

/** English text as read: no {placeholders}, --options or $VARIABLES, one space between words, lower case. */
function readable(text: string): string {
  return text
    .replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, ' ')
    .replace(/--[a-z][a-z-]*/g, ' ')
    .replace(/\$[A-Z_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The glossary terms in an English text, longest first, each word counted once ("gate fee" is not also "fee"). */
export function termsIn(text: string, terms: readonly string[]): string[] {
  let rest = readable(text);
  const found: string[] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const escaped = term.toLowerCase().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s');
    const re = new RegExp(`(?<![a-z-])${escaped}(?:s|es)?(?![a-z-])`, 'g');
    if (re.test(rest)) {
      found.push(term);
      rest = rest.replace(re, ' ');
    }
  }
  return found;
}

describe.each([
  ['id', 'glossary.id.md'],
  ['zh', 'glossary.zh.md'],
] as const)('%s glossary (docs/%s)', (lang, file) => {
  const entries = readGlossary(file);
  const written = new Set(entries.map((e) => e.english));
  const byTerm = new Map(entries.flatMap((e) => e.terms.map((t) => [t.term, t.use] as const)));

  it('has every English term of docs/glossary.md, each with the term to use', () => {
    expect(englishTerms.length).toBeGreaterThan(60);
    expect(englishTerms.filter((t) => !written.has(t))).toEqual([]);
    expect([...byTerm].filter(([, use]) => use === '').map(([term]) => term)).toEqual([]);
  });

  it('is what the catalog says: the term wherever the English has it', () => {
    const wrong: string[] = [];
    for (const [key, english] of catalogOf('en')) {
      // Line breaks of the CLI's help text may fall inside a term.
      const translated = texts(catalogOf(lang).get(key)).join('\n').replace(/\s+/g, ' ');
      for (const term of termsIn(texts(english).join('\n'), [...byTerm.keys()])) {
        const use = (byTerm.get(term) ?? '').replace(/\s+/g, ' ');
        const has = lang === 'id' ? translated.toLowerCase().includes(use.toLowerCase()) : translated.includes(use);
        if (!has) wrong.push(`${key}: English says "${term}", ${lang} lacks "${use}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no word to avoid in any message', () => {
    const wrong: string[] = [];
    for (const [key, message] of catalogOf(lang)) {
      const text = texts(message).join('\n');
      for (const e of entries) {
        for (const avoid of e.avoid) {
          const hit = lang === 'id' ? new RegExp(`(?<![A-Za-z])${avoid.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z])`, 'i').test(text) : text.includes(avoid);
          if (hit) wrong.push(`${key}: "${avoid}" (avoid for ${e.english}; use "${e.terms.map((t) => t.use).join('" / "')}")`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('finding terms in English', () => {
  it('splits a row that names two terms', () => {
    expect(splitTerm('sign in / sign out')).toEqual(['sign in', 'sign out']);
    expect(splitTerm('public / private city')).toEqual(['public city', 'private city']);
    expect(splitTerm('landfill')).toEqual(['landfill']);
  });

  it('takes the longest term, counts a plural, and skips options and placeholders', () => {
    const terms = ['fee', 'gate fee', 'landfill', 'transfer point', 'scenario', 'collected', 'uncollected'];
    expect(termsIn('The gate fee at {landfill} for --scenario X', terms)).toEqual(['gate fee']);
    expect(termsIn('Landfills and transfer\npoints; uncollected waste', terms)).toEqual(['transfer point', 'uncollected', 'landfill']);
    expect(termsIn('a fee per scenario', terms)).toEqual(['scenario', 'fee']);
  });
});
