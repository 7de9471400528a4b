/**
 * What the CLI commands share: where output goes (writers, so tests run the
 * commands in-process), the language of the messages, exit statuses, reading
 * a JSON file with a clear message, and printing problems one per line as
 * `path: message`.
 */
import { readFileSync } from 'node:fs';
import type { Problem } from '../model/results.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import { problemText } from '../reports/problemText.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (DATABASE_PATH); process.env when left out. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Language of the messages (--lang, else the shell's locale; main() sets it); English when left out. */
  lang?: Lang;
}

/** The translator of the command's messages. */
export function messagesOf(io: Io): Translator {
  return translator(io.lang ?? 'en');
}

/** 0 done; 1 refused (invalid file, unknown city or scenario, nothing written); 2 the command line itself is wrong. */
export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** A command line the CLI cannot run: prints the message and the usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type ReadJsonOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads and parses a JSON file; the message (in t's language) says which file and what went wrong. */
export function readJsonFile(file: string, t: Translator = translator('en')): ReadJsonOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? t('cli.read.noSuchFile') : code === 'EISDIR' ? t('cli.read.isFolder') : code === 'EACCES' ? t('cli.read.permissionDenied') : (err as Error).message;
    return { ok: false, message: t('cli.read.cannotRead', { file, why }) };
  }
  // A byte-order mark is not JSON but editors on Windows write one.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (err) {
    const detail = (err as Error).message;
    return { ok: false, message: t('cli.read.notJson', { file, detail, position: lineAndColumn(json, detail, t) }) };
  }
}

/** " (line 3, column 22)" for V8's "... at position 50", so an editor can jump there; "" otherwise. */
function lineAndColumn(text: string, message: string, t: Translator): string {
  const m = /at position (\d+)/.exec(message);
  if (!m || /line \d+/.test(message)) return '';
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return t('cli.read.position', { line: String(lines.length), column: String(lines[lines.length - 1].length + 1) });
}

/** One line per problem, `path: message`, in the engine's order; the message in t's language (problemText), the path as in the file. */
export function problemLines(problems: readonly Problem[], t: Translator = translator('en')): string {
  return problems.map((p) => `${p.path}: ${problemText(p.message, t.lang)}\n`).join('');
}


