/**
 * How `npm start` runs the server, read from package.json's "start" script,
 * so the benchmark and the fault tests start the server exactly as a user
 * does (the same Node flags: the heap budget among them).
 *
 * The script must be `node <flags> src/server.ts` (a test checks it).
 *
 * Example: package.json "start": "node --max-old-space-size=320 --import tsx src/server.ts"
 *          -> startCommand() = { nodeArgs: ['--max-old-space-size=320', '--import', 'tsx'], script: 'src/server.ts' }
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './web/paths.js';

export interface StartCommand {
  /** Node's own flags, before the script. */
  nodeArgs: string[];
  /** The script, relative to the project root. */
  script: string;
}

export function parseStartScript(script: string): StartCommand {
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node' || words.length < 2) {
    throw new Error(`package.json "start" must be "node <flags> src/server.ts", not "${script}"`);
  }
  const rest = words.slice(1);
  const file = rest[rest.length - 1];
  if (!file.endsWith('.ts') || file.startsWith('-')) throw new Error(`package.json "start" must end with the server's script, not "${file}"`);
  return { nodeArgs: rest.slice(0, -1), script: file };
}

export function startCommand(): StartCommand {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return parseStartScript(pkg.scripts?.start ?? '');
}

/** The arguments for spawn(process.execPath, ...) that start the server as `npm start` does. */
export function startArgs(): string[] {
  const c = startCommand();
  return [...c.nodeArgs, join(PROJECT_ROOT, c.script)];
}
