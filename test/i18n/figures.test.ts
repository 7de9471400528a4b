/**
 * The figures side in Bahasa Indonesia and Chinese: the city page (dashboard)
 * of both demo cities uses the glossary words, leaves no English of its own,
 * and writes money as Intl writes it in the language (rupiah without decimals,
 * yuan with two); engine warnings are worded in the language from their
 * structured details.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { computeCity } from '../../src/model/index.js';
import type { RunResult } from '../../src/model/results.js';
import { collectWarnings, warningText } from '../../src/reports/cityPage.js';
import { localeFormatter } from '../../src/reports/locale.js';
import { createCityRepository } from '../../src/store/cities.js';
import { seedDemoCities } from '../../src/store/seed.js';
import { createApp } from '../../src/web/app.js';
import { EXAMPLES_DIR } from '../../src/web/paths.js';
import { createRunCache } from '../../src/web/runs.js';
import { freshDb } from '../store/helpers.js';
import { escapeHtml } from '../web/helpers.js';

/** Every string of a city file: names and descriptions are data, not interface text. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Latin words a person reads on the page (text and read attributes), once the data is taken out. */
function latinWords(html: string, data: readonly string[]): string[] {
  let text = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*?\b(?:title|aria-label|alt|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ');
  for (const d of [...data].sort((a, b) => b.length - a.length)) if (d.length > 1) text = text.split(escapeHtml(d)).join(' ');
  text = text.replace(/&[a-z]+;|&#\d+;/g, ' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}

const db = freshDb();
seedDemoCities(db, EXAMPLES_DIR);
const runs = createRunCache(computeCity);
const app = createApp({ db, runs, log: () => {} });
const repo = createCityRepository(db);

function baseline(id: string): { run: RunResult; data: string[] } {
  const city = repo.get(id);
  if (!city) throw new Error(`${id} not seeded`);
  const outcome = runs.get(city, null, () => city.document);
  if (!outcome.ok) throw new Error(`${id} refused`);
  return { run: outcome.result, data: stringsOf(city.document) };
}

/** Interface words that stay as they are in every language: the brand, language names, currency codes, abbreviations. */
const KEPT = ['WastePlan', 'English', 'Bahasa Indonesia', 'IDR', 'CNY', 'NPV', 'CSV', 'XLSX', 'docs/model.md', 'fly ash', 'APBD'];

describe('the Chongqing dashboard in Chinese', () => {
  let html = '';
  beforeAll(async () => {
    html = (await request(app).get('/cities/chongqing?lang=zh').expect(200)).text;
  });

  it('uses the glossary words', () => {
    for (const word of ['垃圾产生量', '收集量', '转运站', '清运率', '积存', '填埋场', '拾荒者', '净成本', '付费方', '管理费用', '基准情景', '情景', '最终处置']) {
      expect(html, word).toContain(word);
    }
  });

  it('has no English word of its own left (names from the city file aside)', () => {
    const { data } = baseline('chongqing');
    // The city's data menu (views/partials/city-nav.ejs) is translated by the records side.
    expect(latinWords(html.replace(/<nav class="city-nav"[\s\S]*?<\/nav>/, ''), [...data, ...KEPT])).toEqual([]);
  });

  it('writes yuan as Intl writes them in Chinese: ¥ and two decimals', () => {
    const { run } = baseline('chongqing');
    const y = run.years[0];
    const cny = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: 'halfEven' });
    const expected = cny.format(y.costPerTonneCollected!.toFixed(2) as Intl.StringNumericLiteral);
    expect(expected).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(html).toContain(`<span class="figure-value">${expected}</span>`);
  });

  it('puts Chinese chart titles and labels in the embedded chart data', () => {
    const json = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const chart = JSON.parse(json);
    expect(chart.massFlow.title).toMatch(/^垃圾流向，\d{4}年，吨\/日$/);
    expect(chart.massFlow.names.landfill).toBe('送达填埋场');
    expect(chart.costByStage.labels).toContain('上门收集');
    expect(chart.landfillFill.axisTitle).toBe('填充率 %');
  });
});

describe('the Surabaya dashboard in Bahasa Indonesia', () => {
  let html = '';
  beforeAll(async () => {
    html = (await request(app).get('/cities/surabaya?lang=id').expect(200)).text;
  });

  it('uses the glossary words', () => {
    for (const word of ['Timbulan sampah', 'Terkumpul', 'TPS', 'Tingkat pengangkutan', 'Tumpukan', 'TPA', 'Pemulung', 'Biaya bersih', 'Biaya umum', 'pembayar', 'Kondisi dasar', 'Skenario', 'Pemrosesan akhir', 'Peringatan']) {
      expect(html, word).toContain(word);
    }
  });

  it('has none of the English headings, labels and column names', () => {
    const en = translator('en');
    const english = [
      'Waste flows', 'Cost by stage', 'Who pays', 'Transfer points', 'Landfills', 'Scavengers', 'Warnings', 'Net cost', 'Pick-up rate', 'Backlog',
      'Baseline', 'Overhead', 'Share of generation', 'Cost per tonne collected', 'Remaining landfill life', 'is full', 'NO OPEN LANDFILL', 'not full by',
      en('stages.primaryCollection'), en('stages.finalDisposal'), en('payers.households'), en('payers.cityBudget'),
    ];
    const { data } = baseline('surabaya');
    let text = html.replace(/<nav class="city-nav"[\s\S]*?<\/nav>/, '');
    for (const d of data) text = text.split(escapeHtml(d)).join(' ');
    for (const e of english) expect(text, e).not.toContain(e);
  });

  it('writes rupiah as Intl writes them in Indonesian: Rp and no decimals', () => {
    const { run } = baseline('surabaya');
    const y = run.years[0];
    const idr = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0, roundingMode: 'halfEven' });
    const expected = idr.format(y.costPerTonneCollected!.toFixed(0) as Intl.StringNumericLiteral);
    expect(expected).toMatch(/^Rp\u00a0\d{1,3}(\.\d{3})+$/);
    expect(html).toContain(`<span class="figure-value">${expected}</span>`);
    expect(html).toContain(`<span class="figure-value">${idr.format(run.npvNetCost.toFixed(0) as Intl.StringNumericLiteral)}</span>`);
  });

  it('words the engine warnings in Indonesian with tonnes and months formatted', () => {
    const { run } = baseline('surabaya');
    const full = run.warningDetails.find((w) => w.code === 'landfillFull');
    expect(full, 'Surabaya fills TPA Benowo within its horizon').toBeDefined();
    if (full?.code !== 'landfillFull') return;
    const text = warningText(full, translator('id'), localeFormatter('id'));
    expect(text).toBe(`${full.year}: TPA ${full.landfillName} penuh (${localeFormatter('id').monthYear(full.year, full.month)}); sampahnya dialihkan ke lokasi berikutnya dalam urutan cadangan`);
    expect(html).toContain(escapeHtml(text));
    const none = run.warningDetails.find((w) => w.code === 'noOpenLandfill');
    if (none?.code === 'noOpenLandfill') expect(warningText(none, translator('id'), localeFormatter('id'))).toContain(`${localeFormatter('id').tonnes(none.tonnes)} pembuangan tanpa lokasi`);
    // English keeps the engine's wording.
    expect(collectWarnings(run, 'en')).toEqual(run.warnings);
  });
});
