/**
 * The accounts pages in Bahasa Indonesia and Chinese: an account's creation
 * date written the language's way (not ISO), and the refusals of the accounts
 * form in the language.
 */
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { createUser, signIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const PASSWORD = 'long password 1';
let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'admin@x.org', password: PASSWORD, siteAdmin: true });
  createUser(db, { email: 'eda@x.org', password: PASSWORD, displayName: 'Eda' });
});

const setCreated = (email: string, at: string) => db.prepare('UPDATE users SET created_at = ? WHERE email = ?').run(at, email);

describe('an account\'s page', () => {
  it('writes its creation date the language\'s way', async () => {
    setCreated('eda@x.org', '2026-03-05T08:00:00.000Z');
    const s = await signIn(app, 'admin@x.org', PASSWORD);
    const id = (db.prepare('SELECT id FROM users WHERE email = ?').pluck().get('eda@x.org') as number);
    const zh = await s.agent.get(`/admin/users/${id}?lang=zh`).expect(200);
    expect(zh.text).toContain('创建于 2026年3月5日');
    expect(zh.text).not.toContain('2026-03-05');
    const idn = await s.agent.get(`/admin/users/${id}?lang=id`).expect(200);
    expect(idn.text).toContain('akun dibuat 5 Maret 2026');
    const en = await s.agent.get(`/admin/users/${id}?lang=en`).expect(200);
    expect(en.text).toContain('account created March 5, 2026');
  });

  it('refuses a taken email in Indonesian, beside the field', async () => {
    const s = await signIn(app, 'admin@x.org', PASSWORD);
    await s.agent.get('/admin/users?lang=id').expect(200);
    const res = await s.agent.post('/admin/users').type('form').send({
      _csrf: await s.csrf('/admin/users'), email: 'eda@x.org', displayName: 'Eda 2', password: 'another long one', password2: 'another long one',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Sudah ada akun dengan email ini.');
    expect(res.text).not.toContain('already exists');
  });
});
