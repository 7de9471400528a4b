/**
 * Which language a page is in (src/web/i18n.ts), through the real app:
 * ?lang= (remembered in the session, the profile and a cookie), then the
 * session, the user's language, the cookie, the city's default, the
 * browser's Accept-Language, English. And what every page gets: <html lang>,
 * Content-Language, the language switch keeping the query string.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createCityLanguageStore } from '../../src/store/cityLanguage.js';
import { createUserRepository } from '../../src/store/users.js';
import { SESSION_COOKIE } from '../../src/web/auth.js';
import express from 'express';
import { cityOfPath, languageLinks, LANGUAGE_COOKIE, rememberLanguage } from '../../src/web/i18n.js';
import { createUser, signIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const PASSWORD = 'a long password 1';

function htmlLang(html: string): string | undefined {
  return /<html lang="([^"]+)">/.exec(html)?.[1];
}

function cookiesOf(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

describe('the language of a page', () => {
  it('is English when nothing says otherwise, with the switch to the other two', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/').expect(200);
    expect(htmlLang(res.text)).toBe('en');
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.text).toContain('<title>Cities · WastePlan</title>');
    expect(res.text).toContain('<a href="/?lang=en" hreflang="en" lang="en" aria-current="true">English</a>');
    expect(res.text).toContain('<a href="/?lang=id" hreflang="id" lang="id">Bahasa Indonesia</a>');
    expect(res.text).toContain('<a href="/?lang=zh" hreflang="zh-CN" lang="zh-CN">中文</a>');
    expect(cookiesOf(res).some((c) => c.startsWith(`${LANGUAGE_COOKIE}=`))).toBe(false);
  });

  it('follows Accept-Language', async () => {
    const { app } = appWithFixture();
    const id = await request(app).get('/').set('Accept-Language', 'id-ID,id;q=0.9,en;q=0.8').expect(200);
    expect(htmlLang(id.text)).toBe('id');
    expect(id.text).toContain('<h1>Kota</h1>');
    const zh = await request(app).get('/').set('Accept-Language', 'fr, zh-CN;q=0.5').expect(200);
    expect(htmlLang(zh.text)).toBe('zh-CN');
    expect(zh.text).toContain('<th scope="col" class="num">产生量</th>');
  });

  it('is switched by ?lang= and remembered in a cookie for a visitor', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/?lang=zh').set('Accept-Language', 'id').expect(200);
    expect(htmlLang(res.text)).toBe('zh-CN');
    const cookie = cookiesOf(res).find((c) => c.startsWith(`${LANGUAGE_COOKIE}=`));
    expect(cookie).toMatch(/^wasteplan\.lang=zh; Max-Age=31536000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    // No session row for a visitor who only chose a language.
    expect(cookiesOf(res).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    const later = await request(app).get('/').set('Cookie', 'wasteplan.lang=zh').set('Accept-Language', 'id').expect(200);
    expect(htmlLang(later.text)).toBe('zh-CN');
  });

  it('ignores a language it does not have', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/?lang=fr').set('Cookie', 'wasteplan.lang=xx').expect(200);
    expect(htmlLang(res.text)).toBe('en');
    expect(cookiesOf(res)).toEqual([]);
  });

  it("is the city's default language on its pages, before Accept-Language and after a chosen one", async () => {
    const { app, db } = appWithFixture();
    createCityLanguageStore(db).setDefault('kota-contoh', 'id');
    const page = await request(app).get('/cities/kota-contoh').set('Accept-Language', 'en-US,en;q=0.9').expect(200);
    expect(htmlLang(page.text)).toBe('id');
    expect(page.text).toContain('<a class="skip-link" href="#main">Langsung ke isi</a>');
    // The home page is about no city.
    expect(htmlLang((await request(app).get('/').expect(200)).text)).toBe('en');
    const chosen = await request(app).get('/cities/kota-contoh').set('Cookie', 'wasteplan.lang=zh').expect(200);
    expect(htmlLang(chosen.text)).toBe('zh-CN');
  });

  it('keeps the query string in the switch links', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/cities/kota-contoh?scenario=more-trucks&year=2026&lang=id').expect(200);
    expect(res.text).toContain('<a href="/cities/kota-contoh?scenario=more-trucks&amp;year=2026&amp;lang=zh" hreflang="zh-CN" lang="zh-CN">中文</a>');
    expect(res.text).toContain('aria-current="true">Bahasa Indonesia</a>');
  });

  it('answers 404 in the language', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/no/such/page').set('Accept-Language', 'zh').expect(404);
    expect(res.text).toContain('<h1>未找到</h1>');
    expect(res.text).toContain('<p>不存在页面 /no/such/page。</p>');
    expect(res.text).toContain('<a href="/">返回城市列表</a>');
  });

  it('renders an error raised before the language was chosen (a refused form) in the cookie’s language', async () => {
    const { app } = appWithFixture();
    const res = await request(app).post('/logout').set('Cookie', 'wasteplan.lang=id').type('form').send({}).expect(403);
    expect(htmlLang(res.text)).toBe('id');
    expect(res.text).toContain('Kembali ke daftar kota');
  });
});

/** The words of a page a person reads: text nodes and read attributes, without code, data or tags. */
function latinWordsOnPage(html: string, data: readonly string[]): string[] {
  let text = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*?\b(?:title|aria-label|alt|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ');
  for (const d of data) text = text.split(d).join(' ');
  text = text.replace(/&[a-z]+;|&#\d+;/g, ' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('a page in Chinese', () => {
  // Names from the city file are data, not interface text; the brand and the docs path stay as they are.
  const DATA = ['Kota Contoh', 'Bahasa Indonesia', 'Indonesia', 'IDR', 'WastePlan', 'docs/model.md', 'English'];

  it('has no English word left on the home page', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get('/?lang=zh').expect(200);
    expect(latinWordsOnPage(res.text, DATA)).toEqual([]);
  });

  it('has no English word left on the 404 page, nor on the home page without cities', async () => {
    const { app, db } = appWithFixture();
    expect(latinWordsOnPage((await request(app).get('/nowhere?lang=zh').expect(404)).text, DATA)).toEqual(['nowhere']); // the path asked for
    db.prepare("DELETE FROM cities WHERE id = 'kota-contoh'").run();
    const empty = await request(app).get('/?lang=zh').expect(200);
    expect(latinWordsOnPage(empty.text, [...DATA, 'examples/*.city.json', 'npm run wasteplan -- import <file>', 'npm run wasteplan -- import &lt;file&gt;'])).toEqual([]);
  });
});

describe('a signed-in user', () => {
  it('switches, and the choice is kept in the session and the profile: a new session opens in it too', async () => {
    const { app, db } = appWithFixture();
    const user = createUser(db, { email: 'ani@example.org', password: PASSWORD });
    const { agent } = await signIn(app, 'ani@example.org', PASSWORD);
    const switched = await agent.get('/?lang=id').expect(200);
    expect(htmlLang(switched.text)).toBe('id');
    expect(createUserRepository(db).findById(user.id)?.language).toBe('id');
    // Same session, another page, a browser asking for Chinese: still Indonesian.
    expect(htmlLang((await agent.get('/cities/kota-contoh').set('Accept-Language', 'zh').expect(200)).text)).toBe('id');

    // Another browser, no language cookie: the profile decides.
    const elsewhere = await signIn(app, 'ani@example.org', PASSWORD);
    const page = await request(app).get('/').set('Cookie', elsewhere.cookie).set('Accept-Language', 'zh').expect(200);
    expect(htmlLang(page.text)).toBe('id');
    expect(page.text).toContain('Masuk sebagai <a href="/account">ani</a>');
  });

  it('opens in the default language of the cities they belong to, wherever they are', async () => {
    const { app, db } = appWithFixture();
    createCityLanguageStore(db).setDefault('kota-contoh', 'zh');
    createUser(db, { email: 'li@example.org', password: PASSWORD, roles: { 'kota-contoh': 'editor' } });
    const { cookie } = await signIn(app, 'li@example.org', PASSWORD);
    const home = await request(app).get('/').set('Cookie', cookie).set('Accept-Language', 'en').expect(200);
    expect(htmlLang(home.text)).toBe('zh-CN');
    expect(home.text).toContain('<button type="submit">退出登录</button>');
  });
});

describe('helpers', () => {
  it.each([
    ['/cities/surabaya', 'surabaya'],
    ['/cities/surabaya/records/zones', 'surabaya'],
    ['/cities/kota-contoh?x=1', null], // req.path has no query
    ['/cities/', null],
    ['/citiesx/surabaya', null],
    ['/', null],
  ])('cityOfPath(%j) -> %s', (path, city) => {
    expect(cityOfPath(path)).toBe(city);
  });

  it('rememberLanguage sets or clears the cookie (for pages that save a language, such as /account)', async () => {
    const app = express();
    app.get('/set', (req, res) => {
      rememberLanguage(req, res, 'zh');
      res.end();
    });
    app.get('/clear', (req, res) => {
      rememberLanguage(req, res, null);
      res.end();
    });
    expect(cookiesOf(await request(app).get('/set'))).toEqual([expect.stringMatching(/^wasteplan\.lang=zh; Max-Age=31536000;/)]);
    expect(cookiesOf(await request(app).get('/set').set('Cookie', 'wasteplan.lang=zh'))).toEqual([]);
    expect(cookiesOf(await request(app).get('/clear').set('Cookie', 'wasteplan.lang=zh'))).toEqual([expect.stringMatching(/^wasteplan\.lang=; Path=\/; Expires=Thu, 01 Jan 1970/)]);
  });

  it('builds switch links that keep every other parameter', () => {
    expect(languageLinks('/x?b=2&lang=id&a=%C3%A9', 'id').map((l) => l.href)).toEqual(['/x?b=2&lang=en&a=%C3%A9', '/x?b=2&lang=id&a=%C3%A9', '/x?b=2&lang=zh&a=%C3%A9']);
    expect(languageLinks('/', 'en').map((l) => [l.name, l.current])).toEqual([
      ['English', true],
      ['Bahasa Indonesia', false],
      ['中文', false],
    ]);
  });
});
