/** Demo cities and their runs for the report tests, computed once per test file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { CityFile } from '../../src/model/cityFile.js';
import { computeCity, validateCityFile, type RunResult } from '../../src/model/index.js';
import { stringifyJson } from '../../src/reports/json.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const GOLDEN = join(import.meta.dirname, 'golden');

const cities = new Map<string, CityFile>();
const runs = new Map<string, RunResult>();

export function demoCity(name: string): CityFile {
  let c = cities.get(name);
  if (!c) {
    const v = validateCityFile(JSON.parse(readFileSync(join(EXAMPLES, `${name}.city.json`), 'utf8')));
    if (!v.ok) throw new Error(`${name} is invalid`);
    c = v.city;
    cities.set(name, c);
  }
  return c;
}

export function demoRun(name: string, scenarioId: string | null = null): RunResult {
  const key = `${name}/${scenarioId}`;
  let r = runs.get(key);
  if (!r) {
    const o = computeCity(demoCity(name), { scenarioId });
    if (!o.ok) throw new Error(`${key} does not compute`);
    r = o.result;
    runs.set(key, r);
  }
  return r;
}

/** Compare `actual` (JSON-able, Decimals as strings) with golden/<name>; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual, 'utf8');
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/reports, check it, and commit it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export function goldenJson(value: unknown): string {
  return stringifyJson(value);
}
