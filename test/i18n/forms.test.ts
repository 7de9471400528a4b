/**
 * Forms in Bahasa Indonesia and Chinese: the sign-in page, a record's edit
 * form refused with 422 (the message in the page's language beside the field,
 * the typed value kept), and numbers typed the Indonesian way: "1.250,5" is
 * saved as 1250.5, "1,250" (one thousand two hundred and fifty in English, one
 * and a quarter in Indonesian) is refused with a message that says how to
 * write each.
 */
import request from 'supertest';
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { provenanceToForm, recordToForm, type ProvenanceMap } from '../../src/reports/fields.js';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createUser, signIn, type SignedIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
const BASE = `/cities/${CITY}`;

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'editor@x.org', password: PASSWORD, displayName: 'Eddy Editor', roles: { [CITY]: 'editor' } });
});

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!m) throw new Error(`no hidden ${name}`);
  return unescapeHtml(m[1]);
}

function errorBeside(html: string, name: string): string | null {
  const m = new RegExp(`<p class="field-error" id="f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}-error">([^<]*)</p>`).exec(html);
  return m ? unescapeHtml(m[1]) : null;
}

const transferPoint = (id: string) => createCityRepository(db).get(CITY)?.document.transferPoints.find((t) => t.id === id);

/** An editor whose pages are in `lang`, and what the edit form of tps-jauh posts unchanged (numbers written the language's way). */
async function editorIn(lang: 'id' | 'zh'): Promise<{ s: SignedIn; body: Record<string, string> }> {
  const s = await signIn(app, 'editor@x.org', PASSWORD);
  const page = await s.agent.get(`${BASE}/transferPoints/tps-jauh/edit?lang=${lang}`).expect(200);
  const rec = transferPoint('tps-jauh') as unknown as Record<string, unknown>;
  return {
    s,
    body: {
      ...recordToForm('transferPoints', rec, lang),
      ...provenanceToForm('transferPoints', rec.provenance as ProvenanceMap | undefined),
      _csrf: hidden(page.text, '_csrf'),
      _baseHash: hidden(page.text, '_baseHash'),
    },
  };
}

describe('the sign-in page', () => {
  it('in Indonesian', async () => {
    const res = await request(app).get('/login?lang=id').expect(200);
    expect(res.text).toContain('<html lang="id">');
    expect(res.text).toContain('<h1>Masuk</h1>');
    expect(res.text).toContain('>Kata sandi</label>');
    expect(res.text).toContain('Belum punya akun?');
    expect(res.text).not.toMatch(/Sign in|Password|No account/);
  });

  it('in Chinese, and a wrong password is refused in Chinese', async () => {
    const res = await request(app).get('/login?lang=zh').expect(200);
    expect(res.text).toContain('<h1>登录</h1>');
    expect(res.text).toContain('>密码</label>');
    expect(res.text).toContain('>电子邮箱</label>');
    expect(res.text).not.toMatch(/Sign in|Password|No account/);
    const agent = request.agent(app);
    const form = await agent.get('/login?lang=zh').expect(200);
    const bad = await agent.post('/login').type('form').send({ _csrf: hidden(form.text, '_csrf'), email: 'editor@x.org', password: 'wrong one', next: '/' }).expect(422);
    expect(bad.text).toContain('电子邮箱或密码不正确。');
    expect(bad.text).toContain('value="editor@x.org"');
  });
});

describe('a record form in the page language', () => {
  it('shows the numbers as Indonesian writes them', async () => {
    const { s } = await editorIn('id');
    const page = await s.agent.get(`${BASE}/transferPoints/tps-jauh/edit`).expect(200);
    const storage = transferPoint('tps-jauh')?.storageLimitT as number;
    expect(page.text).toContain(`name="storageLimitT" value="${recordToForm('transferPoints', { storageLimitT: storage }, 'id').storageLimitT}"`);
  });

  it('Indonesian: "1.250,5" is saved as 1250.5', async () => {
    const { s, body } = await editorIn('id');
    await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...body, storageLimitT: '1.250,5' }).expect(303);
    expect(transferPoint('tps-jauh')?.storageLimitT).toBe(1250.5);
  });

  it('Indonesian: "1,250" is refused (422) with both readings, the typed value kept, nothing saved', async () => {
    const { s, body } = await editorIn('id');
    const before = transferPoint('tps-jauh')?.storageLimitT;
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...body, storageLimitT: '1,250' }).expect(422);
    expect(errorBeside(res.text, 'storageLimitT')).toBe(
      '“1,250” bisa dibaca dua cara: sebagai bilangan bulat dengan pemisah ribuan, atau sebagai bilangan desimal. Tulis 1.250 untuk bilangan bulat atau 1,25 untuk bilangan desimal.',
    );
    expect(res.text).toMatch(/name="storageLimitT" value="1,250"/);
    expect(transferPoint('tps-jauh')?.storageLimitT).toBe(before);
  });

  it('Chinese: a value the engine refuses is explained in Chinese beside its input, the value kept', async () => {
    const { s, body } = await editorIn('zh');
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...body, 'legs.0.roundTripKm': '-3' }).expect(422);
    expect(errorBeside(res.text, 'legs.0.roundTripKm')).toBe('必须大于或等于 0');
    expect(res.text).toMatch(/name="legs.0.roundTripKm" value="-3"/);
  });

  it('Indonesian: a missing required field says so in Indonesian', async () => {
    const { s, body } = await editorIn('id');
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send({ ...body, name: '' }).expect(422);
    expect(errorBeside(res.text, 'name')).toBe('wajib diisi');
  });
});

describe('the members page', () => {
  it('in Chinese: roles, buttons and the visibility in Chinese, no English of its own', async () => {
    createUser(db, { email: 'admin@x.org', password: PASSWORD, displayName: 'Ada Admin', roles: { [CITY]: 'cityAdmin' } });
    const s = await signIn(app, 'admin@x.org', PASSWORD);
    const res = await s.agent.get(`${BASE}/members?lang=zh`).expect(200);
    expect(res.text).toContain('谁可以查看');
    expect(res.text).toContain('<option value="editor">编辑者</option>');
    expect(res.text).toContain('城市管理员');
    expect(res.text).not.toMatch(/Who may read|Add a member|Make it (public|private)|city administrator/);
  });
});

describe('an import preview', () => {
  it('in Indonesian and Chinese: each problem of a city file in the page language, by path; nothing saved', async () => {
    const s = await signIn(app, 'editor@x.org', PASSWORD);
    const doc = structuredClone(createCityRepository(db).get(CITY)?.document) as unknown as {
      city: { id: string };
      transferPoints: Array<{ legs: Array<{ roundTripKm: number }> }>;
      landfills: Array<{ densityTPerM3: number }>;
    };
    doc.city.id = 'kota-baru';
    doc.transferPoints[0].legs[0].roundTripKm = -5;
    doc.landfills[0].densityTPerM3 = 0;
    const file = Buffer.from(JSON.stringify(doc));
    const expected = {
      id: ['harus 0 atau lebih', 'harus lebih dari 0'],
      zh: ['必须大于或等于 0', '必须大于 0'],
    } as const;
    for (const lang of ['id', 'zh'] as const) {
      const page = await s.agent.get(`/cities/import?lang=${lang}`).expect(200);
      const token = hidden(page.text, '_csrf');
      const res = await s.agent.post(`/cities/import?_csrf=${encodeURIComponent(token)}`).attach('file', file, 'bad.city.json').expect(422);
      expect(res.text).toContain(`<li><code>transferPoints[0].legs[0].roundTripKm</code>: ${expected[lang][0]}</li>`);
      expect(res.text).toContain(`<li><code>landfills[0].densityTPerM3</code>: ${expected[lang][1]}</li>`);
      expect(res.text).not.toContain('must be &gt;');
      expect(res.text).toContain(lang === 'id' ? 'Berkas ini tidak dapat diimpor: 2 masalah' : '无法导入该文件：2 个问题');
      expect(res.text).not.toMatch(/cannot be imported|Upload another file/);
    }
    expect(createCityRepository(db).get('kota-baru')).toBeUndefined();
  });
});

describe('the Data menu of a city', () => {
  it('is in the page language on a data page', async () => {
    const res = await request(app).get(`${BASE}/landfills?lang=zh`).expect(200);
    expect(res.text).toContain('<nav class="city-nav" aria-label="城市数据">');
    expect(res.text).toMatch(/<a href="\/cities\/kota-contoh\/transferPoints"[^>]*>转运站<\/a>/);
    expect(res.text).toMatch(/<a href="\/cities\/kota-contoh\/settings"[^>]*>设置<\/a>/);
    const id = await request(app).get(`${BASE}/landfills?lang=id`).expect(200);
    expect(id.text).toMatch(/<a href="\/cities\/kota-contoh\/fees"[^>]*>Retribusi<\/a>/);
  });
});
