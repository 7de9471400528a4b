import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/web/paths.js';

/** Dependencies point inward: web -> reports -> model, web -> store -> model (docs: ARCHITECTURE.md). */
const FORBIDDEN: Record<string, string[]> = {
  'src/reports': ['store', 'web', 'cli', 'server'],
  'src/store': ['web', 'reports', 'cli', 'server'],
  'src/web': ['cli', 'server'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('layers', () => {
  for (const [layer, outer] of Object.entries(FORBIDDEN)) {
    it(`${layer} does not import ${outer.join(', ')}`, () => {
      for (const file of tsFiles(join(PROJECT_ROOT, layer))) {
        const imports = [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
        for (const spec of imports.filter((s) => s.startsWith('.'))) {
          const target = relative(join(PROJECT_ROOT, 'src'), join(file, '..', spec)).split(/[\\/]/)[0].replace(/\.js$/, '');
          expect(outer, `${relative(PROJECT_ROOT, file)} imports ${spec}`).not.toContain(target);
        }
      }
    });
  }
});
