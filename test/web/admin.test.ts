/**
 * Accounts pages (site administrators) and a city's members page (its city
 * administrators), through HTTP.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createCityRepository } from '../../src/store/cities.js';
import type { Db } from '../../src/store/db.js';
import { createCityAccess, createUserRepository, FAST_SCRYPT_FOR_TESTS } from '../../src/store/users.js';
import { createUser, signIn, visitor } from './auth-helpers.js';
import { appWithFixture, escapeHtml, fixtureCity } from './helpers.js';

const PASSWORD = 'a long password';

function addCity(db: Db, id: string, name: string): void {
  const city = fixtureCity();
  city.city.id = id;
  city.city.name = name;
  createCityRepository(db).insert(city);
}

/** kota-contoh (public) and kota-lain (private), a site admin, and a city admin of kota-lain. */
function world() {
  const { app, db } = appWithFixture({ scrypt: FAST_SCRYPT_FOR_TESTS });
  addCity(db, 'kota-lain', 'Kota Lain');
  const root = createUser(db, { email: 'root@example.org', password: PASSWORD, displayName: 'Root', siteAdmin: true });
  const boss = createUser(db, { email: 'boss@example.org', password: PASSWORD, displayName: 'Boss', roles: { 'kota-lain': 'cityAdmin' } });
  const ed = createUser(db, { email: 'ed@example.org', password: PASSWORD, displayName: 'Ed', roles: { 'kota-lain': 'editor', 'kota-contoh': 'cityAdmin' } });
  return { app, db, root, boss, ed, users: createUserRepository(db) };
}

describe('accounts pages', () => {
  it('are for site administrators: a visitor is sent to sign in, anybody else gets 403', async () => {
    const { app } = world();
    const anon = await request(app).get('/admin/users').expect(303);
    expect(anon.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
    const boss = await signIn(app, 'boss@example.org', PASSWORD);
    const res = await boss.agent.get('/admin/users').expect(403);
    expect(res.text).toContain('This needs the <strong>site administrator</strong> role.');
    await boss.agent.get('/admin/users/1').expect(403);
    const token = await boss.csrf();
    await boss.agent.post('/admin/users').type('form').send({ _csrf: token, email: 'x@example.org', displayName: 'X', password: PASSWORD, password2: PASSWORD }).expect(403);
    await boss.agent.post('/admin/users/2').type('form').send({ _csrf: token, action: 'account', displayName: 'Boss', siteAdmin: '1' }).expect(403);
    expect((await boss.agent.get('/').expect(200)).text).not.toContain('href="/admin/users"');
  });

  it('list every account with its cities and roles, names escaped', async () => {
    const { app, db } = world();
    createUser(db, { email: 'evil@example.org', password: PASSWORD, displayName: '<img src=x onerror=alert(1)>' });
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const page = await root.agent.get('/admin/users').expect(200);
    expect(page.text).toContain('<a href="/admin/users/2">Boss</a>');
    expect(page.text).toContain('Kota Contoh (city administrator), Kota Lain (editor)');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
    expect((await root.agent.get('/').expect(200)).text).toContain('<a href="/admin/users">Accounts</a>');
  });

  it('create an account (303 to its page), refusing bad fields (422) and a taken email in any case (409)', async () => {
    const { app, users } = world();
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const token = await root.csrf();
    const bad = await root.agent.post('/admin/users').type('form').send({ _csrf: token, email: 'nope', displayName: '', password: 'short', password2: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter an email address like name@example.org.');
    expect(bad.text).toContain('Use at least 10 characters.');
    expect(bad.text).toContain('value="nope"');
    const taken = await root.agent.post('/admin/users').type('form').send({ _csrf: token, email: 'BOSS@example.org', displayName: 'Boss 2', password: PASSWORD, password2: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('An account with this email already exists.');
    expect(users.count()).toBe(3);

    const ok = await root.agent.post('/admin/users').type('form').send({ _csrf: token, email: 'new@example.org', displayName: 'Nina', password: PASSWORD, password2: PASSWORD });
    expect(ok.status).toBe(303);
    const nina = users.findByEmail('new@example.org');
    expect(nina).toMatchObject({ displayName: 'Nina', siteAdmin: false });
    expect(ok.headers.location).toBe(`/admin/users/${nina?.id}`);
    const page = await root.agent.get(ok.headers.location).expect(200);
    expect(page.text).toContain('Account created for Nina.');
    await signIn(app, 'new@example.org', PASSWORD);
  });

  it('answer 404 for an account that does not exist', async () => {
    const { app } = world();
    const root = await signIn(app, 'root@example.org', PASSWORD);
    await root.agent.get('/admin/users/999').expect(404);
    await root.agent.get('/admin/users/abc').expect(404);
    const token = await root.csrf();
    await root.agent.post('/admin/users/999').type('form').send({ _csrf: token, action: 'roles' }).expect(404);
  });

  it("set a person's role in each city in one form; a role not in the list is 422 and changes nothing", async () => {
    const { app, boss, users } = world();
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const page = await root.agent.get(`/admin/users/${boss.id}`).expect(200);
    expect(page.text).toContain('<option value="cityAdmin" selected>city administrator</option>');
    const token = await root.csrf();
    const bad = await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'roles', 'role_kota-contoh': 'owner', 'role_kota-lain': '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Choose a role from the list.');
    expect(users.roleFor(boss.id, 'kota-lain')).toBe('cityAdmin');
    await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'roles', 'role_kota-contoh': 'viewer', 'role_kota-lain': '' }).expect(303);
    expect(users.membershipsOf(boss.id).map((m) => [m.cityId, m.role])).toEqual([['kota-contoh', 'viewer']]);
  });

  it('disable an account: it is signed out at once and cannot sign in', async () => {
    const { app, boss, users } = world();
    const bossSession = await signIn(app, 'boss@example.org', PASSWORD);
    await bossSession.agent.get('/cities/kota-lain').expect(200);
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const token = await root.csrf();
    await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'account', displayName: 'Boss', disabled: '1' }).expect(303);
    expect(users.findById(boss.id)?.disabled).toBe(true);
    await bossSession.agent.get('/cities/kota-lain').expect(303);
    await expect(signIn(app, 'boss@example.org', PASSWORD)).rejects.toThrow(/answered 422/);
  });

  it('make someone a site administrator, but never take that from yourself or disable yourself (409)', async () => {
    const { app, root, boss, users } = world();
    const s = await signIn(app, 'root@example.org', PASSWORD);
    const token = await s.csrf();
    await s.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'account', displayName: 'Big Boss', siteAdmin: '1' }).expect(303);
    expect(users.findById(boss.id)).toMatchObject({ displayName: 'Big Boss', siteAdmin: true });
    const unAdmin = await s.agent.post(`/admin/users/${root.id}`).type('form').send({ _csrf: token, action: 'account', displayName: 'Root' });
    expect(unAdmin.status).toBe(409);
    expect(unAdmin.text).toContain('You cannot take this away from your own account');
    const disable = await s.agent.post(`/admin/users/${root.id}`).type('form').send({ _csrf: token, action: 'account', displayName: 'Root', siteAdmin: '1', disabled: '1' });
    expect(disable.status).toBe(409);
    expect(users.findById(root.id)).toMatchObject({ siteAdmin: true, disabled: false });
    const noName = await s.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'account', displayName: ' ' });
    expect(noName.status).toBe(422);
  });

  it("reset a password: the old one stops working and the person's sessions end", async () => {
    const { app, boss } = world();
    const bossSession = await signIn(app, 'boss@example.org', PASSWORD);
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const token = await root.csrf();
    const mismatch = await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'password', password: 'brand new password', password2: 'brand new passwort' });
    expect(mismatch.status).toBe(422);
    await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token, action: 'password', password: 'brand new password', password2: 'brand new password' }).expect(303);
    await bossSession.agent.get('/account').expect(303);
    await expect(signIn(app, 'boss@example.org', PASSWORD)).rejects.toThrow(/answered 422/);
    await signIn(app, 'boss@example.org', 'brand new password');
  });

  it('refuse a form without an action (400)', async () => {
    const { app, boss } = world();
    const root = await signIn(app, 'root@example.org', PASSWORD);
    const token = await root.csrf();
    await root.agent.post(`/admin/users/${boss.id}`).type('form').send({ _csrf: token }).expect(400);
  });
});

describe("a city's members page", () => {
  it('is for its city administrators and site administrators only', async () => {
    const { app } = world();
    const boss = await signIn(app, 'boss@example.org', PASSWORD);
    const page = await boss.agent.get('/cities/kota-lain/members').expect(200);
    expect(page.text).toContain('<th scope="row">Boss <span class="tag">you</span></th>');
    expect(page.text).toContain('private — only its members may read it');
    // A city administrator of one city is nobody special in another.
    await boss.agent.get('/cities/kota-contoh/members').expect(403);
    const ed = await signIn(app, 'ed@example.org', PASSWORD);
    await ed.agent.get('/cities/kota-lain/members').expect(403); // editor only there
    await ed.agent.get('/cities/kota-contoh/members').expect(200);
    const root = await signIn(app, 'root@example.org', PASSWORD);
    await root.agent.get('/cities/kota-lain/members').expect(200);
    const anon = await request(app).get('/cities/kota-contoh/members').expect(303);
    expect(anon.headers.location).toBe('/login?next=%2Fcities%2Fkota-contoh%2Fmembers');
  });

  it('adds a member by email with a role; unknown email 422, already a member 409', async () => {
    const { app, db, users } = world();
    const nina = createUser(db, { email: 'nina@example.org', password: PASSWORD, displayName: 'Nina' });
    const boss = await signIn(app, 'boss@example.org', PASSWORD);
    const token = await boss.csrf();
    const unknown = await boss.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'ghost@example.org', role: 'viewer' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('No account has this email.');
    expect(unknown.text).toContain('value="ghost@example.org"');
    const badRole = await boss.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'nina@example.org', role: 'owner' });
    expect(badRole.status).toBe(422);
    const already = await boss.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'ED@example.org', role: 'viewer' });
    expect(already.status).toBe(409);
    expect(already.text).toContain('Ed is already a member (editor)');
    expect(users.roleFor(nina.id, 'kota-lain')).toBeNull();

    const ok = await boss.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'add', email: 'nina@example.org', role: 'editor' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/cities/kota-lain/members');
    expect(users.roleFor(nina.id, 'kota-lain')).toBe('editor');
    const page = await boss.agent.get('/cities/kota-lain/members').expect(200);
    expect(page.text).toContain('Nina is now editor of Kota Lain.');
    const ninaSession = await signIn(app, 'nina@example.org', PASSWORD);
    await ninaSession.agent.get('/cities/kota-lain').expect(200);
  });

  it("changes and removes a member's role, but not the city administrator's own (409)", async () => {
    const { app, boss, ed, users } = world();
    const s = await signIn(app, 'boss@example.org', PASSWORD);
    const token = await s.csrf();
    await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'change', userId: String(ed.id), role: 'viewer' }).expect(303);
    expect(users.roleFor(ed.id, 'kota-lain')).toBe('viewer');
    const badRole = await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'change', userId: String(ed.id), role: 'boss' });
    expect(badRole.status).toBe(422);
    const self = await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'remove', userId: String(boss.id) });
    expect(self.status).toBe(409);
    expect(users.roleFor(boss.id, 'kota-lain')).toBe('cityAdmin');
    const notMember = await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'remove', userId: '1' });
    expect(notMember.status).toBe(404);
    await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'remove', userId: String(ed.id) }).expect(303);
    expect(users.roleFor(ed.id, 'kota-lain')).toBeNull();
    const edSession = await signIn(app, 'ed@example.org', PASSWORD);
    await edSession.agent.get('/cities/kota-lain').expect(403);
  });

  it('makes the city public or private', async () => {
    const { app, db } = world();
    const s = await signIn(app, 'boss@example.org', PASSWORD);
    const token = await s.csrf();
    await request(app).get('/cities/kota-lain').expect(303);
    await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'visibility', public: '1' }).expect(303);
    expect(createCityAccess(db).lookup('kota-lain')?.isPublic).toBe(true);
    await request(app).get('/cities/kota-lain').expect(200);
    await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'visibility', public: 'yes' }).expect(422);
    await s.agent.post('/cities/kota-lain/members').type('form').send({ _csrf: token, action: 'visibility', public: '0' }).expect(303);
    await request(app).get('/cities/kota-lain').expect(303);
  });

  it('answers 404 for an unknown city and 401 to a visitor posting', async () => {
    const { app } = world();
    const root = await signIn(app, 'root@example.org', PASSWORD);
    await root.agent.get('/cities/nowhere/members').expect(404);
    const v = await visitor(app);
    const token = await v.csrf();
    await v.agent.post('/cities/kota-contoh/members').type('form').send({ _csrf: token, action: 'visibility', public: '0' }).expect(401);
  });
});
