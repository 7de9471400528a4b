/** GET /cities/:id/compare (src/web/routes/compare.ts) with supertest. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toComparison } from '../../src/reports/comparison.js';
import { createUser, makePrivate, signIn } from './auth-helpers.js';
import { appWithFixture, escapeHtml, fixtureCity, fixtureRun } from './helpers.js';

const CITY = '/cities/kota-contoh';

describe('compare page', () => {
  it('without runs: the chooser, baseline ticked', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/compare`).expect(200);
    expect(res.text).toContain('<input type="checkbox" name="s" value="baseline" checked>');
    expect(res.text).not.toContain('compare-chart-data');
  });

  it('baseline and a scenario: every row of the view model, values and deltas, and the chart data', async () => {
    const { app } = appWithFixture();
    const res = await request(app).get(`${CITY}/compare?s=baseline&s=more-trucks&year=2027`).expect(200);
    const view = toComparison({ city: fixtureCity(), runs: [fixtureRun(), fixtureRun('more-trucks')], year: 2027 });
    for (const s of view.sections) {
      for (const r of s.rows) {
        expect(res.text).toContain(`<tr data-row="${r.key}"><th scope="row">${escapeHtml(r.label)}</th><td><span class="value">${escapeHtml(r.cells[0].value)}</span></td><td><span class="value">${escapeHtml(r.cells[1].value)}</span>${r.cells[1].delta ? `<span class="delta ${r.cells[1].trend}">${escapeHtml(r.cells[1].delta)}</span>` : ''}</td></tr>`);
      }
    }
    expect(res.text).toContain('<script type="application/json" id="compare-chart-data">');
    expect(res.text).toContain('<script src="/public/js/compare.js" defer></script>');
  });

  it('one run or five: 400 with the message; an unknown scenario 404; a bad year 400', async () => {
    const { app } = appWithFixture();
    const one = await request(app).get(`${CITY}/compare?s=baseline`).expect(400);
    expect(one.text).toContain('Choose 2 to 4 different runs to compare.');
    await request(app).get(`${CITY}/compare?s=baseline&s=baseline`).expect(400);
    await request(app).get(`${CITY}/compare?s=baseline&s=more-trucks&s=a&s=b&s=c`).expect(400);
    await request(app).get(`${CITY}/compare?s=baseline&s=atlantis`).expect(404);
    await request(app).get(`${CITY}/compare?s=baseline&s=more-trucks&year=1999`).expect(400);
    await request(app).get('/cities/atlantis/compare?s=baseline&s=x').expect(404);
  });

  it('a private city: a visitor is sent to sign in, a non-member gets 403, a member reads it', async () => {
    const { app, db } = appWithFixture();
    makePrivate(db, 'kota-contoh');
    createUser(db, { email: 'out@x.org', password: 'long password 1' });
    createUser(db, { email: 'in@x.org', password: 'long password 1', roles: { 'kota-contoh': 'viewer' } });
    await request(app).get(`${CITY}/compare?s=baseline&s=more-trucks`).expect(303);
    const out = await signIn(app, 'out@x.org', 'long password 1');
    await out.agent.get(`${CITY}/compare?s=baseline&s=more-trucks`).expect(403);
    const member = await signIn(app, 'in@x.org', 'long password 1');
    await member.agent.get(`${CITY}/compare?s=baseline&s=more-trucks`).expect(200);
  });
});
