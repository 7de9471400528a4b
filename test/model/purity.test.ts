/**
 * src/model stays pure and deterministic (ARCHITECTURE.md): it imports only
 * itself, zod and decimal.js, and never reads a clock, randomness or the
 * environment. A file that breaks this fails here, naming the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MODEL_DIR = join(import.meta.dirname, '../../src/model');
const ALLOWED_PACKAGES = ['zod', 'decimal.js'];
const FORBIDDEN_CALLS = [/\bDate\.now\b/, /\bnew Date\b/, /\bMath\.random\b/, /\bprocess\./, /\bperformance\./, /\brequire\(/, /\bconsole\./];

describe('src/model is pure', () => {
  const files = readdirSync(MODEL_DIR).filter((f) => f.endsWith('.ts'));
  it('has files to check', () => expect(files.length).toBeGreaterThan(5));
  for (const f of files) {
    it(`${f} imports only the model, zod and decimal.js, and reads no clock, randomness or environment`, () => {
      const text = readFileSync(join(MODEL_DIR, f), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
        const spec = m[1];
        const ok = (spec.startsWith('./') && !spec.includes('/..')) || ALLOWED_PACKAGES.includes(spec);
        expect(ok, `${f} imports ${spec}`).toBe(true);
      }
      text.split('\n').forEach((line, i) => {
        if (line.trim().startsWith('*') || line.trim().startsWith('//')) return;
        for (const re of FORBIDDEN_CALLS) expect(re.test(line), `${f}:${i + 1}: ${line.trim()}`).toBe(false);
      });
    });
  }
});
