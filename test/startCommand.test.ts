import { describe, expect, it } from 'vitest';
import { parseStartScript, startCommand } from '../src/startCommand.js';

describe('npm start', () => {
  it('runs the server with Node and a heap budget, so the benchmark and the fault tests can start it the same way', () => {
    const c = startCommand();
    expect(c.script).toBe('src/server.ts');
    expect(c.nodeArgs).toContain('--import');
    expect(c.nodeArgs.some((a) => /^--max-old-space-size=\d+$/.test(a))).toBe(true);
  });

  it('is read word by word, and anything else than "node <flags> <script>.ts" is refused', () => {
    expect(parseStartScript('node --max-old-space-size=320 --import tsx src/server.ts')).toEqual({
      nodeArgs: ['--max-old-space-size=320', '--import', 'tsx'],
      script: 'src/server.ts',
    });
    expect(() => parseStartScript('tsx src/server.ts')).toThrow(/must be "node <flags> src\/server.ts"/);
    expect(() => parseStartScript('node --import tsx')).toThrow(/must end with the server's script/);
  });
});
