/**
 * PDF of a page, printed by Debian's Chromium through playwright-core: the
 * page's own HTML (rendered by the route) is loaded at a private origin whose
 * stylesheets, scripts and chart.js are served from the project's folders, so
 * printing needs no listening server and no session. Print media, A4, the
 * background printed, and a header (city, scenario, date) and footer (page n
 * of N) drawn by Chromium on every page (CSS @page margin boxes are not
 * supported by Chromium).
 *
 * When Chromium is missing, chromiumAvailable() is false and the route
 * answers 503 with the command that installs it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { CHART_JS_DIR, PUBLIC_DIR } from './paths.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The command that installs Chromium on Debian (named, untranslated, in report.error.noChromium). */
export const CHROMIUM_INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';
/** The English message of report.error.noChromium (the route words it in the page's language). */
export const CHROMIUM_MISSING_MESSAGE = `PDF printing needs Chromium, which is not installed on this server. An administrator can install it with: ${CHROMIUM_INSTALL_COMMAND}`;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const ORIGIN = 'http://wasteplan.print';
const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A file under `root` for a URL path below `prefix`, or null (never outside root). */
function fileUnder(root: string, rest: string): string | null {
  const path = normalize(join(root, decodeURIComponent(rest)));
  if (!path.startsWith(root + sep)) return null;
  return existsSync(path) && statSync(path).isFile() ? path : null;
}

export interface PdfOptions {
  /** Running header text, e.g. "Surabaya · Baseline · 2005 · printed 2026-01-05". */
  header: string;
  /**
   * Running footer as message parts (t.parts('report.pdf.footer', { page: '', total: '' })): the
   * `page` and `total` parameters become Chromium's page counters. English "Page n of m" when omitted.
   */
  footer?: ReadonlyArray<{ text: string; param: string | null }>;
  /** Extra folders to serve: URL prefix -> folder (e.g. the Sankey plug-in). */
  assets?: Record<string, string>;
}

/** Prints `html` (a whole page whose links are root-relative) to an A4 PDF. */
export async function htmlToPdf(html: string, options: PdfOptions): Promise<Buffer> {
  // Loaded on the first PDF only: playwright-core costs the server about 70 MB of memory at start.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const assets: Record<string, string> = { '/public/': PUBLIC_DIR, '/vendor/chart.js/': CHART_JS_DIR, ...options.assets };
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      if (url.pathname === '/page') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      for (const [prefix, dir] of Object.entries(assets)) {
        if (!url.pathname.startsWith(prefix)) continue;
        const file = fileUnder(dir, url.pathname.slice(prefix.length));
        if (file) return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${ORIGIN}/page`, { waitUntil: 'load' });
    // report.js marks the page once its charts are drawn (animation off).
    await page.waitForFunction(() => document.documentElement.dataset.chartsReady === 'yes' || !document.querySelector('canvas'), undefined, { timeout: 10_000 });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
      headerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#333;font-family:sans-serif;">${escapeHtml(options.header)}</div>`,
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;text-align:right;color:#333;font-family:sans-serif;">${footerHtml(options.footer)}</div>`,
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

const PAGE_COUNTER: Record<string, string> = { page: '<span class="pageNumber"></span>', total: '<span class="totalPages"></span>' };

function footerHtml(parts: PdfOptions['footer']): string {
  if (!parts) return 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>';
  return parts.map((p) => (p.param !== null && PAGE_COUNTER[p.param] ? PAGE_COUNTER[p.param] : escapeHtml(p.text))).join('');
}
