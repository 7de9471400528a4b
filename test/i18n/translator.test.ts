/** translator(lang): lookup, {placeholders}, plural forms, parts, and what a missing message does. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  configureMissingMessages,
  languageFromAcceptLanguage,
  languageFromPosixLocale,
  languageOfTag,
  MissingMessageError,
  translator,
} from '../../src/i18n/index.js';

afterEach(() => configureMissingMessages({ mode: 'throw', warn: (line) => console.warn(line) }));

describe('translator', () => {
  it('looks a message up by its dotted key in each language', () => {
    expect(translator('en')('home.table.generation')).toBe('Generation');
    expect(translator('id')('home.table.generation')).toBe('Timbulan');
    expect(translator('zh')('home.table.generation')).toBe('产生量');
  });

  it('fills in {placeholders}; numbers in the language’s digits, grouped from five digits', () => {
    expect(translator('en')('errors.notFound.noPage', { path: '/x' })).toBe('There is no page at /x.');
    expect(translator('zh')('errors.notFound.noPage', { path: '/x' })).toBe('不存在页面 /x。');
    expect(translator('en')('cli.compute.outsideHorizon', { year: 2040, from: 2025, to: 2032 })).toBe('year 2040 is outside the horizon 2025–2032');
    expect(translator('id')('cli.problems', { count: 12500 })).toBe('12.500 masalah');
    expect(translator('en')('cli.problems', { count: 12500 })).toBe('12,500 problems');
  });

  it('chooses plural forms with Intl.PluralRules', () => {
    const en = translator('en');
    expect(en('home.scenarioCount', { count: 0 })).toBe('0 scenarios');
    expect(en('home.scenarioCount', { count: 1 })).toBe('1 scenario');
    expect(en('home.scenarioCount', { count: 2 })).toBe('2 scenarios');
    expect(translator('id')('home.scenarioCount', { count: 1 })).toBe('1 skenario');
    expect(translator('zh')('home.scenarioCount', { count: 1 })).toBe('1 个情景');
  });

  it('splits a message at its placeholders so a view can mark parameters up', () => {
    expect(translator('en').parts('home.empty', { files: 'examples/*.city.json', command: 'npm run wasteplan -- import <file>' })).toEqual([
      { text: 'No cities yet. Demo cities are loaded from ', param: null },
      { text: 'examples/*.city.json', param: 'files' },
      { text: ' on first start; import one with ', param: null },
      { text: 'npm run wasteplan -- import <file>', param: 'command' },
      { text: '.', param: null },
    ]);
  });

  it('in tests, a missing key, plural count or parameter is an error', () => {
    const t = translator('id');
    expect(() => t.dynamic('home.noSuchKey')).toThrow(MissingMessageError);
    expect(() => t.dynamic('home.noSuchKey')).toThrow('no message "home.noSuchKey" in id');
    expect(() => t('home.scenarioCount')).toThrow('needs a number "count"');
    expect(() => t('errors.notFound.noPage')).toThrow('needs the parameter "path"');
  });

  it('at run time, a missing message falls back to English (or the key) and is logged once', () => {
    const lines: string[] = [];
    configureMissingMessages({ mode: 'warn', warn: (line) => lines.push(line) });
    expect(translator('zh').dynamic('no.such.key')).toBe('no.such.key');
    expect(translator('zh').dynamic('no.such.key')).toBe('no.such.key');
    expect(translator('zh')('errors.notFound.noPage')).toBe('不存在页面 {path}。');
    expect(lines).toEqual(['i18n: no message "no.such.key" in zh', 'i18n: message "errors.notFound.noPage" needs the parameter "path"']);
  });
});

describe('choosing a language', () => {
  it.each([
    ['id', 'id'],
    ['id-ID', 'id'],
    ['in', 'id'],
    ['zh-Hans-CN', 'zh'],
    ['zh_TW', 'zh'],
    ['en-GB', 'en'],
    ['fr', null],
    ['', null],
  ])('tag %j -> %s', (tag, lang) => {
    expect(languageOfTag(tag)).toBe(lang);
  });

  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['fr-FR,fr;q=0.9,id;q=0.8,en;q=0.7', 'id'],
    ['en;q=0.5, id', 'id'],
    ['id;q=0, en;q=0.1', 'en'],
    ['de, fr', null],
    ['*', null],
    [undefined, null],
  ])('Accept-Language %j -> %s', (header, lang) => {
    expect(languageFromAcceptLanguage(header)).toBe(lang);
  });

  it('reads the shell’s locale as gettext does: LC_ALL, LC_MESSAGES, LANG', () => {
    expect(languageFromPosixLocale({ LANG: 'id_ID.UTF-8' })).toBe('id');
    expect(languageFromPosixLocale({ LANG: 'id_ID.UTF-8', LC_ALL: 'zh_CN.UTF-8' })).toBe('zh');
    expect(languageFromPosixLocale({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'C' })).toBe(null);
    expect(languageFromPosixLocale({ LANG: 'C.UTF-8' })).toBe(null);
    expect(languageFromPosixLocale({})).toBe(null);
  });
});
