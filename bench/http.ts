/**
 * HTTP benchmark: autocannon on loopback against the pages officials open
 * most, on the demo data, with a trivial route of the same app as the
 * ceiling, in one run on this machine.
 *
 * The server is the real one, started as `npm start` starts it (src/startCommand.ts:
 * the same Node flags, the heap budget among them), in a child process with a fresh
 * database in a temporary folder (demo cities seeded on its first start), so
 * its memory is its own: /proc/<pid>/status VmHWM (the kernel's high-water
 * mark of resident memory) after all runs. Pages are read as a visitor (the
 * demo cities are public), which is how most officials read them.
 *
 * Cases, each 50 connections for 20 s after a warm-up of 200 requests:
 *   ceiling     GET /healthz (a SELECT 1 and a small JSON answer, before sessions)
 *   dashboard   GET /cities/surabaya
 *   comparison  GET /cities/surabaya/compare?s=baseline&s=<first demo scenario>
 *   report      GET /cities/surabaya/report
 * read as a visitor (the demo cities are public, so pages come from the page
 * cache, src/web/pageCache.ts, after the first), then the same three pages
 * signed in (rendered for each request) for reference.
 * Targets: each visitor's page at least 30% of the ceiling's requests per
 * second with p99 latency under 100 ms; the server's peak resident memory
 * (over all cases) under 300 MB. A page that answers 404 is reported
 * "missing" (not built yet).
 *
 * Options (environment): BENCH_SECONDS (20) shortens a smoke run;
 * BENCH_CONNECTIONS (50); BENCH_NODE_ENV (production) is the server's
 * NODE_ENV: Express caches compiled templates only in production.
 *
 *   npx tsx bench/http.ts
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { emitRows, failed, printTable, type BenchRow } from './report.js';
import { ROOT, startBenchServer } from './server.js';

export const HTTP_TARGETS = { shareOfCeiling: 0.3, p99Ms: 100, peakRssMB: 300 };

const seconds = Number(process.env.BENCH_SECONDS ?? '20');
const connections = Number(process.env.BENCH_CONNECTIONS ?? '50');
const nodeEnv = process.env.BENCH_NODE_ENV ?? 'production';

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, headers: Record<string, string> = {}): Promise<Measured> {
  await autocannon({ url, connections: Math.min(10, connections), amount: 200, headers });
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

function firstScenario(): string {
  const doc = JSON.parse(readFileSync(join(ROOT, 'examples', 'surabaya.city.json'), 'utf8')) as { scenarios?: Array<{ id: string }> };
  return doc.scenarios?.[0]?.id ?? 'none';
}

const PAGES: Array<{ name: string; path: string }> = [
  { name: 'dashboard', path: '/cities/surabaya' },
  { name: 'comparison', path: `/cities/surabaya/compare?s=baseline&s=${firstScenario()}` },
  { name: 'report', path: '/cities/surabaya/report' },
];

const ADMIN = { email: 'bench@example.org', password: 'a long benchmark password' };

/** Signs in through the form as the server's administrator; the session cookie. */
async function signIn(url: string): Promise<string> {
  const cookieOf = (res: Response) => (res.headers.getSetCookie().find((c) => c.startsWith('wasteplan.sid=')) ?? '').split(';')[0];
  const login = await fetch(`${url}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrf, email: ADMIN.email, password: ADMIN.password, next: '/' }),
    headers: { cookie: cookieOf(login) },
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`signing in answered ${res.status}`);
  return cookieOf(res);
}

export async function runHttpBench(log: (line: string) => void = (l) => console.log(l)): Promise<BenchRow[]> {
  log(`WastePlan HTTP benchmark: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  log(`autocannon 9.0.0 on loopback, ${connections} connections, ${seconds} s per case after 200 warm-up requests; server NODE_ENV=${nodeEnv}.\n`);
  const server = await startBenchServer({ NODE_ENV: nodeEnv, WASTEPLAN_ADMIN_EMAIL: ADMIN.email, WASTEPLAN_ADMIN_PASSWORD: ADMIN.password });
  const rows: BenchRow[] = [];
  try {
    const startMB = server.memory().rssMB;
    const ceiling = await measure(`${server.url}/healthz`);
    const lat = (m: Measured) => `p50 ${m.p50} ms, p99 ${m.p99} ms`;
    rows.push({
      name: 'ceiling GET /healthz',
      measured: `${ceiling.rps.toFixed(0)} req/s`,
      target: '—',
      ratio: '1.00',
      verdict: ceiling.errors === 0 && ceiling.non2xx === 0 ? 'n/a' : 'FAIL',
      note: `${lat(ceiling)}${ceiling.errors ? `; ${ceiling.errors} errors` : ''}`,
    });
    for (const page of PAGES) {
      const probe = await fetch(`${server.url}${page.path}`);
      await probe.arrayBuffer();
      if (probe.status === 404) {
        rows.push({ name: `${page.name} GET ${page.path}`, measured: '—', target: '—', ratio: '—', verdict: 'missing', note: 'the page answers 404: not built yet' });
        continue;
      }
      if (probe.status !== 200) {
        rows.push({ name: `${page.name} GET ${page.path}`, measured: '—', target: '—', ratio: '—', verdict: 'REFUSED', note: `the page answers ${probe.status}` });
        continue;
      }
      const m = await measure(`${server.url}${page.path}`);
      const share = m.rps / ceiling.rps;
      const ok = share >= HTTP_TARGETS.shareOfCeiling && m.p99 < HTTP_TARGETS.p99Ms && m.errors === 0 && m.non2xx === 0;
      rows.push({
        name: `${page.name} GET ${page.path}`,
        measured: `${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms`,
        target: `>= ${(HTTP_TARGETS.shareOfCeiling * 100).toFixed(0)}% of ceiling, p99 < ${HTTP_TARGETS.p99Ms} ms`,
        ratio: `${(share * 100).toFixed(1)}%`,
        verdict: ok ? 'PASS' : 'FAIL',
        note: `${lat(m)}; ${(share * 100).toFixed(1)}% of the ceiling's throughput${m.non2xx ? `; ${m.non2xx} answers not 2xx` : ''}${m.errors ? `; ${m.errors} errors` : ''}`,
      });
    }
    const visitorsPeakMB = server.memory().peakRssMB;
    // The same pages for a signed-in official: no page cache (the page is personal), a session read and touched per request.
    const cookie = await signIn(server.url);
    for (const page of PAGES) {
      const probe = await fetch(`${server.url}${page.path}`, { headers: { cookie } });
      await probe.arrayBuffer();
      if (probe.status !== 200) continue;
      const m = await measure(`${server.url}${page.path}`, { cookie });
      const share = m.rps / ceiling.rps;
      const met = share >= HTTP_TARGETS.shareOfCeiling && m.p99 < HTTP_TARGETS.p99Ms;
      rows.push({
        name: `${page.name}, signed in (for reference)`,
        measured: `${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms`,
        target: '—',
        ratio: `${(share * 100).toFixed(1)}%`,
        verdict: 'n/a',
        note: `${lat(m)}; ${(share * 100).toFixed(1)}% of the ceiling; the visitors' target would ${met ? 'be met' : 'not be met'}${m.non2xx ? `; ${m.non2xx} answers not 2xx` : ''}${m.errors ? `; ${m.errors} errors` : ''}`,
      });
    }
    const mem = server.memory();
    rows.push({
      name: 'server peak RSS',
      measured: `${mem.peakRssMB.toFixed(0)} MB`,
      target: `< ${HTTP_TARGETS.peakRssMB} MB`,
      ratio: (mem.peakRssMB / HTTP_TARGETS.peakRssMB).toFixed(2),
      verdict: mem.peakRssMB < HTTP_TARGETS.peakRssMB ? 'PASS' : 'FAIL',
      note: `VmHWM of pid ${server.pid} over all cases; ${startMB.toFixed(0)} MB after start, peak ${visitorsPeakMB.toFixed(0)} MB after the visitors' cases, ${mem.rssMB.toFixed(0)} MB at the end`,
    });
  } finally {
    await server.stop();
  }
  printTable(rows, log);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runHttpBench();
  emitRows('http', rows);
  if (failed(rows)) process.exitCode = 1;
}
