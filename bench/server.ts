/**
 * The real server (src/server.ts) in a child process of its own, for the
 * HTTP benchmark: a fresh database in a temporary folder (the demo cities
 * are seeded on its first start), loopback only, and its memory read from
 * /proc/<pid>/status (VmRSS sampled, VmHWM the kernel's high-water mark).
 *
 * Example: const s = await startBenchServer({ NODE_ENV: 'production' });
 *          ... fetch(`${s.url}/healthz`) ...; const mem = s.memory(); await s.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArgs } from '../src/startCommand.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchServer {
  url: string;
  pid: number;
  databasePath: string;
  /** Largest VmRSS seen by the sampler and the kernel's VmHWM so far, MB. */
  memory(): { rssMB: number; peakRssMB: number; sampledMaxMB: number };
  stop(): Promise<void>;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wasteplan-bench-'));
  const databasePath = join(dir, 'wasteplan.db');
  const child: ChildProcess = spawn(process.execPath, startArgs(), {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /WastePlan listening on (http:\/\/\S+)/.exec(log);
      if (m) resolveUrl(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => void (log += d.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${log}`)));
  });
  const pid = child.pid as number;
  let sampledMaxKb = 0;
  const sampler = setInterval(() => {
    try {
      sampledMaxKb = Math.max(sampledMaxKb, statusKb(pid, 'VmRSS'));
    } catch {
      // the process is gone
    }
  }, 200);
  sampler.unref();
  return {
    url,
    pid,
    databasePath,
    memory: () => {
      const rss = statusKb(pid, 'VmRSS');
      sampledMaxKb = Math.max(sampledMaxKb, rss);
      return { rssMB: rss / 1024, peakRssMB: statusKb(pid, 'VmHWM') / 1024, sampledMaxMB: sampledMaxKb / 1024 };
    },
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
