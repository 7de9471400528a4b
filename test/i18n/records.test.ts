/**
 * The data pages in Bahasa Indonesia and Chinese: a collection's list, a
 * record, its edit form, the refusal to delete a record in use, the flash of
 * a save, the history with its restore buttons, the settings and seasonal
 * pages, and the city's Data menu with its weighbridge link. Each page is
 * checked for its key words in the language (the glossary's: TPS, TPA,
 * 转运站, 填埋场...) and for the absence of its English texts.
 */
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/web/paths.js';
import { createCityRepository } from '../../src/store/cities.js';
import { recordHash } from '../../src/store/cityEdits.js';
import type { Db } from '../../src/store/db.js';
import { provenanceToForm, recordToForm, type ProvenanceMap } from '../../src/reports/fields.js';
import { createUser, csrfFrom, signIn, type SignedIn } from '../web/auth-helpers.js';
import { appWithFixture } from '../web/helpers.js';

const PASSWORD = 'long password 1';
const CITY = 'kota-contoh';
const BASE = `/cities/${CITY}`;

let app: Express;
let db: Db;

beforeEach(() => {
  ({ app, db } = appWithFixture());
  createUser(db, { email: 'admin@x.org', password: PASSWORD, displayName: 'Ana Admin', roles: { [CITY]: 'cityAdmin' } });
});

/** A city administrator whose pages are in `lang` (chosen with ?lang= once, then remembered). */
async function adminIn(lang: 'id' | 'zh'): Promise<SignedIn> {
  const s = await signIn(app, 'admin@x.org', PASSWORD);
  await s.agent.get(`${BASE}?lang=${lang}`).expect(200);
  return s;
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The page's text as read (entities decoded), to look for words. */
const textOf = (html: string) => unescapeHtml(html);

function expectAbsent(html: string, english: string[]): void {
  const text = textOf(html);
  expect(english.filter((e) => text.includes(e))).toEqual([]);
}

/** What the settings form posts unchanged (Chinese writes numbers as English does). */
function bodyOfSettings(): Record<string, string> {
  const settings = createCityRepository(db).get(CITY)?.document.settings as unknown as Record<string, unknown>;
  return { ...recordToForm('settings', settings, 'zh'), ...provenanceToForm('settings', settings.provenance as ProvenanceMap | undefined) };
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!m) throw new Error(`no hidden ${name}`);
  return unescapeHtml(m[1]);
}

describe('a collection list', () => {
  it('in Indonesian: TPS, the column labels, the summary', async () => {
    const s = await adminIn('id');
    const res = await s.agent.get(`${BASE}/transferPoints`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('1–3 dari 3 TPS');
    expect(text).toContain('Jenis kendaraan');
    expect(text).toContain('Daya tampung (ton)');
    expect(text).toContain('Tujuan angkut (TPA terakhir)');
    expect(text).toContain('tpa-contoh 60 km');
    expect(text).toContain('TPS baru');
    expectAbsent(res.text, ['of 3 transfer points', 'Vehicle type', 'Storage limit', 'Legs (haul', 'New transfer point']);
    const none = await s.agent.get(`${BASE}/transferPoints?q=nowhere`).expect(200);
    expect(textOf(none.text)).toContain('Tidak ada TPS yang cocok dengan “nowhere”.');
  });

  it('in Chinese: 转运站 and numbers grouped the Chinese way', async () => {
    const s = await adminIn('zh');
    const res = await s.agent.get(`${BASE}/landfills`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('共 1 个填埋场');
    expect(text).toContain('剩余库容');
    expect(text).toContain('60,000');
    expectAbsent(res.text, ['Remaining airspace', 'In-place density', 'of 1 landfill', 'Tipping fee']);
  });
});

describe('a record', () => {
  it('in Chinese: labels, groups, units and the referrers', async () => {
    const s = await adminIn('zh');
    const res = await s.agent.get(`${BASE}/landfills/tpa-contoh`).expect(200);
    const text = textOf(res.text);
    for (const word of ['填埋场 TPA Contoh', '剩余库容', '立方米', '覆盖土', '关闭及关闭后维护', '库容占比 f', '清运至此（第 1 个去向，往返 60 公里）', '设置：填埋场备选顺序列有它（第 1 位）']) {
      expect(text, word).toContain(word);
    }
    expect(text).toContain('20,000,000,000');
    expectAbsent(res.text, ['Remaining airspace', 'Soil cover', 'Closure and post-closure', 'Share of airspace', 'hauls here', 'round trip', 'fallback order', 'Landfill TPA Contoh']);
    // The delete question is in the page's language, for public/js/records.js to ask.
    const fee = await s.agent.get(`${BASE}/fees/retribusi`).expect(200);
    expect(textOf(fee.text)).toMatch(/data-confirm="删除垃圾处理费 [^"]+？/);
  });

  it('in Indonesian: numbers and money written the Indonesian way', async () => {
    const s = await adminIn('id');
    const res = await s.agent.get(`${BASE}/landfills/tpa-contoh`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('Sisa ruang timbun');
    expect(text).toContain('60.000');
    expect(text).toContain('20.000.000.000');
    expect(text).toContain('0,7');
    expect(text).toContain('Penghentian operasi dan pemeliharaan sesudahnya');
    expectAbsent(res.text, ['Remaining airspace', 'In-place density', 'Tipping fee per', 'Operation per tonne']);
  });
});

describe('the edit form', () => {
  it('in Indonesian: labels, help, choices and group notes', async () => {
    const s = await adminIn('id');
    const res = await s.agent.get(`${BASE}/transferPoints/tps-jauh/edit`).expect(200);
    const text = textOf(res.text);
    for (const word of [
      'Ubah TPS Jauh <far>',
      'Daya tampung',
      'Tujuan angkut',
      'Jumlah yang dapat menunggu di TPS sebelum terjadi luapan.',
      'Kosongkan seluruhnya bila tidak ada.',
      'Tambahkan baris di baris kosong',
      'Ekonomi SPA',
      'TPA: TPA Contoh (tpa-contoh)',
      'bawaan (TPS dengan kontainer)',
      '0,5',
      'perkiraan',
      'Simpan',
    ]) expect(text, word).toContain(word);
    expectAbsent(res.text, ['Storage limit', 'Leave all of it empty', 'Add a row', 'Transfer station economics', 'Landfill: ', 'Facility: ', 'default (', '— choose —', 'Edit transfer point']);
  });

  it('saves with a confirmation in Chinese, and the history offers the restore in Chinese', async () => {
    const s = await adminIn('zh');
    const page = await s.agent.get(`${BASE}/transferPoints/tps-jauh/edit`).expect(200);
    const rec = createCityRepository(db).get(CITY)?.document.transferPoints.find((t) => t.id === 'tps-jauh') as unknown as Record<string, unknown>;
    const body = {
      ...recordToForm('transferPoints', rec, 'zh'),
      ...provenanceToForm('transferPoints', rec.provenance as ProvenanceMap | undefined),
      storageLimitT: '12.5',
      _csrf: hidden(page.text, '_csrf'),
      _baseHash: hidden(page.text, '_baseHash'),
    };
    await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send(body).expect(303);
    const shown = await s.agent.get(`${BASE}/transferPoints/tps-jauh`).expect(200);
    expect(textOf(shown.text)).toContain('已保存转运站 TPS Jauh <far>。');
    expect(shown.text).not.toContain('Saved transfer point');

    const history = await s.agent.get(`${BASE}/history`).expect(200);
    const text = textOf(history.text);
    for (const word of ['Ana Admin', '修改了', '转运站 TPS Jauh <far> (tps-jauh)', '1 个值：修改前与修改后', '存放上限', '恢复此次修改前的值', '1 次修改，最新的在前']) {
      expect(text, word).toContain(word);
    }
    expect(history.text).toContain('name="which" value="before"');
    expectAbsent(history.text, ['Restore the value', 'before and after', 'changes, newest first', 'Storage limit', ' changed ']);

    const restore = await s.agent
      .post(`${BASE}/history/${/id="change-(\d+)"/.exec(history.text)?.[1]}/restore`)
      .type('form')
      .send({ _csrf: csrfFrom(history.text), _baseHash: hidden(history.text, '_baseHash'), which: 'before' })
      .expect(303);
    expect(restore.headers.location).toBe(`${BASE}/history`);
    const after = await s.agent.get(`${BASE}/history`).expect(200);
    expect(textOf(after.text)).toMatch(/已将转运站 TPS Jauh <far>恢复为修改 \d+ 之前的值。/);
    expect(textOf(after.text)).toContain('恢复了');
  });

  it('a refused delete names its referrers in Indonesian', async () => {
    const s = await adminIn('id');
    const page = await s.agent.get(`${BASE}/landfills/tpa-contoh`).expect(200);
    // The record's kind is not said twice: "TPA Contoh", not "TPA TPA Contoh".
    expect(page.text).toContain('<h1>TPA Contoh</h1>');
    expect(page.text).not.toContain('TPA TPA');
    const res = await s.agent
      .post(`${BASE}/landfills/tpa-contoh/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), _baseHash: recordHash(createCityRepository(db).get(CITY)?.document.landfills[0]) })
      .expect(409);
    const text = textOf(res.text);
    expect(text).toContain('TPA Contoh tidak dihapus');
    expect(text).toContain('Isian lain masih merujuk kepadanya.');
    expect(text).toContain('TPS Jauh <far> (transferPoints/tps-jauh) mengangkut ke sini (tujuan angkut ke-1, 60 km pulang-pergi)');
    expect(text).toContain('pengaturan: urutan cadangan TPA mencantumkannya (urutan ke-1)');
    expectAbsent(res.text, ['was not deleted', 'Other inputs still refer', 'hauls here', 'fallback order']);
  });

  it('a conflict (someone saved meanwhile) is shown in Indonesian, both versions field by field', async () => {
    const s = await adminIn('id');
    const page = await s.agent.get(`${BASE}/transferPoints/tps-jauh/edit`).expect(200);
    const rec = createCityRepository(db).get(CITY)?.document.transferPoints.find((t) => t.id === 'tps-jauh') as unknown as Record<string, unknown>;
    const body = {
      ...recordToForm('transferPoints', rec, 'id'),
      ...provenanceToForm('transferPoints', rec.provenance as ProvenanceMap | undefined),
      storageLimitT: '11',
      _csrf: hidden(page.text, '_csrf'),
      _baseHash: 'stale',
    };
    const res = await s.agent.post(`${BASE}/transferPoints/tps-jauh`).type('form').send(body).expect(409);
    const text = textOf(res.text);
    expect(text).toContain('Diubah orang lain: TPS Jauh <far>');
    expect(text).toContain('Daya tampung');
    expect(text).toContain('10 ton');
    expect(text).toContain('11 ton');
    expectAbsent(res.text, ['Changed by someone else', 'Storage limit', 'transfer point']);
  });

  it('restore refusals in Chinese: an unknown change is a 404, a missing which=before|after a 400', async () => {
    const s = await adminIn('zh');
    const page = await s.agent.get(`${BASE}/settings`).expect(200);
    const body = { ...bodyOfSettings(), _csrf: csrfFrom(page.text), _baseHash: hidden(page.text, '_baseHash'), discountRate: '0.09' };
    await s.agent.post(`${BASE}/settings`).type('form').send(body).expect(303);
    const history = await s.agent.get(`${BASE}/history`).expect(200);
    const id = /id="change-(\d+)"/.exec(history.text)?.[1];
    expect(id).toBeDefined();
    const bad = await s.agent.post(`${BASE}/history/${id}/restore`).type('form').send({ _csrf: csrfFrom(history.text), which: 'sideways' }).expect(400);
    expect(textOf(bad.text)).toContain('请说明要恢复哪个值：which=before 或 which=after。');
    const missing = await s.agent.post(`${BASE}/history/999999/restore`).type('form').send({ _csrf: csrfFrom(history.text), which: 'before' }).expect(404);
    expect(textOf(missing.text)).toContain('没有编号为 999999 的修改。');
    expect(bad.text + missing.text).not.toMatch(/Say which value|has no change number|Bad request|Not found/);
  });

  it('a missing record is a 404 in the language', async () => {
    const s = await adminIn('zh');
    const res = await s.agent.get(`${BASE}/landfills/no-such`).expect(404);
    expect(textOf(res.text)).toContain('没有填埋场“no-such”。');
    expect(res.text).not.toContain('has no landfill');
  });
});

describe('the city-wide pages', () => {
  it('settings in Chinese', async () => {
    const s = await adminIn('zh');
    const res = await s.agent.get(`${BASE}/settings`).expect(200);
    const text = textOf(res.text);
    for (const word of ['货币、基年、规划期限、折现率', '折现率', '填埋场备选顺序', '付费方分摊', '资本回收系数', '清运日']) expect(text, word).toContain(word);
    expectAbsent(res.text, ['Discount rate', 'Currency, base year', 'Landfill fallback order', 'Payer shares', 'Capital recovery factor']);
  });

  it('seasonal factors in Indonesian: month names, the intro and the saved mean', async () => {
    const s = await adminIn('id');
    const res = await s.agent.get(`${BASE}/seasonal`).expect(200);
    const text = textOf(res.text);
    for (const word of ['Faktor musiman', 'Januari', 'Desember', 'Faktor bulanan pada timbulan', 'Belum ada faktor musiman yang disimpan']) expect(text, word).toContain(word);
    expectAbsent(res.text, ['January', 'Monthly factors', 'No seasonal factors saved']);
  });

  it('composition in Chinese: a fraction in use is not removed, and says who uses it', async () => {
    const s = await adminIn('zh');
    const page = await s.agent.get(`${BASE}/composition`).expect(200);
    const fractions = createCityRepository(db).get(CITY)?.document.fractions ?? [];
    const body: Record<string, string> = { _csrf: csrfFrom(page.text), _baseHash: hidden(page.text, '_baseHash') };
    // Keep all but plastic, with kitchen taking its share.
    fractions
      .filter((f) => f.id !== 'plastic')
      .forEach((f, i) => {
        body[`fractions.${i}.id`] = f.id;
        body[`fractions.${i}.name`] = f.name;
        body[`fractions.${i}.share`] = String(f.id === 'kitchen' ? f.share + (fractions.find((x) => x.id === 'plastic')?.share ?? 0) : f.share);
      });
    const res = await s.agent.post(`${BASE}/composition`).type('form').send(body).expect(422);
    const text = textOf(res.text);
    expect(text).toContain('组分 ');
    expect(text).toContain('不能删除：');
    expectAbsent(res.text, ['cannot be removed', 'captures it', 'sells it', 'picks it']);
  });
});

describe('the Data menu', () => {
  it('links the weighbridge page in each language', async () => {
    for (const [lang, label] of [['id', 'Jembatan timbang'], ['zh', '地磅']] as const) {
      const s = await adminIn(lang);
      const res = await s.agent.get(`${BASE}/zones`).expect(200);
      expect(res.text).toContain(`<a href="${BASE}/weighbridge">${label}</a>`);
      await s.agent.get(`${BASE}/weighbridge`).expect(200);
    }
  });

  it('public/js/records.js has no question of its own: it asks what the page wrote', () => {
    const script = readFileSync(join(PROJECT_ROOT, 'public', 'js', 'records.js'), 'utf8');
    expect(script).not.toMatch(/Are you sure/);
    expect(script).toContain("getAttribute('data-confirm')");
  });
});
