/**
 * No English typed into a template: every text a person reads in views/ comes
 * from a message key (<%= t('...') %>), so it exists in English, Bahasa
 * Indonesia and Chinese. A template's text nodes and read attributes
 * (placeholder, title, aria-label, alt, label, button values) are scanned
 * (test/i18n/viewText.ts); pages added by anyone are scanned too.
 *
 * NOT_YET_CONVERTED lists the templates still in English: phase 2 converts
 * them and removes them from the list. A listed template that has become
 * clean fails too (take it off the list), so the list stays the true to-do
 * list and a converted template can never slip back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/i18n/catalogs.js';
import { PROJECT_ROOT } from '../../src/web/paths.js';
import { englishInTemplate, keysInTemplate } from './viewText.js';

/** Templates with English text, to convert in phase 2 (paths from the repository root). */
const NOT_YET_CONVERTED = new Set<string>([
]);

function templates(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? templates(p) : p.endsWith('.ejs') ? [p] : [];
    })
    .sort();
}

const files = templates(join(PROJECT_ROOT, 'views')).map((p) => ({ path: relative(PROJECT_ROOT, p).split('\\').join('/'), source: readFileSync(p, 'utf8') }));

describe('templates', () => {
  it('are found', () => {
    expect(files.map((f) => f.path)).toContain('views/home.ejs');
  });

  for (const { path, source } of files) {
    const findings = englishInTemplate(source);
    if (NOT_YET_CONVERTED.has(path)) {
      it(`${path} is still in English (phase 2 converts it)`, () => {
        expect(findings.length, `${path} has no English text left: remove it from NOT_YET_CONVERTED in test/i18n/views.test.ts`).toBeGreaterThan(0);
      });
    } else {
      it(`${path} has no English outside message keys`, () => {
        const where = findings.map((f) => `${path}:${f.line}: "${f.text}"`);
        expect(
          where,
          `English text in ${path}: put it in locales/{en,id,zh}.json and print it with <%= t('...') %> ` +
            '(or, for a page still being written, add the file to NOT_YET_CONVERTED in test/i18n/views.test.ts)',
        ).toEqual([]);
      });
    }
    it(`${path} names only message keys that exist`, () => {
      const unknown = keysInTemplate(source).filter((k) => !catalogOf('en').has(k));
      expect(unknown, `${path}: keys not in locales/en.json`).toEqual([]);
    });
  }

  it('lists no template that does not exist', () => {
    const paths = new Set(files.map((f) => f.path));
    expect([...NOT_YET_CONVERTED].filter((p) => !paths.has(p))).toEqual([]);
  });
});

describe('the scanner', () => {
  it('finds text nodes and read attributes, not code, data or printed values', () => {
    const source = [
      '<%- include("partials/head", { title }) %>',
      '<h1>Cities</h1>',
      '<p title="Hello there"><%= t("home.lead") %> &middot; <%= count %></p>',
      '<% if (x > 1) { %><input type="submit" value="Save"><input type="hidden" name="_csrf" value="abc"><% } %>',
      '<script type="application/json">{"label": "Not text"}</script>',
      '<!-- a comment --><img alt="">',
      '<td class="num"><%= fmt.tonnes(t) %> t</td>',
    ].join('\n');
    expect(englishInTemplate(source)).toEqual([
      { line: 2, text: 'Cities' },
      { line: 3, text: 'Hello there' },
      { line: 4, text: 'Save' },
    ]);
    expect(keysInTemplate('<%= t("home.lead") %> <% for (const p of t.parts(\'home.empty\', {})) { %>')).toEqual(['home.lead', 'home.empty']);
  });
});
