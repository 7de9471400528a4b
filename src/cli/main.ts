/**
 * The wasteplan command line: `npm run wasteplan -- <command>`. Thin: it
 * parses arguments (node:util parseArgs) and calls the model, the store and
 * the reports. main() takes the arguments and the output writers and returns
 * the exit status, so tests run it in-process; it only touches process.* when
 * this file is run directly.
 *
 * Example: main(['validate', 'examples/surabaya.city.json'], io) -> 0, "ok"
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isLang, languageFromPosixLocale, translator, type Lang, type Translator } from '../i18n/index.js';
import { MigrationMismatchError } from '../store/migrate.js';
import { backupCommand, restoreCommand } from './backup.js';
import { compareCommand } from './compare.js';
import { computeCommand } from './compute.js';
import { exportCommand, importCommand } from './database.js';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type Io } from './io.js';
import { reportCommand, type DeferringIo } from './report.js';
import { usageText } from './usage.js';
import { validateCommand } from './validate.js';
import { importWeighbridgeCommand } from './weighbridge.js';

export type { Io } from './io.js';
export { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from './io.js';

/** The usage in English (help prints it in the language of the messages: usageText). */
export const USAGE = usageText(translator('en'));

type Command = (args: string[], io: Io) => number;

const COMMANDS: Record<string, Command> = {
  compute: computeCommand,
  validate: validateCommand,
  import: importCommand,
  export: exportCommand,
  compare: compareCommand,
  report: reportCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'import-weighbridge': importWeighbridgeCommand,
};

/** Every command the CLI runs (the help must describe each: test/i18n/cliMessages.test.ts). */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

function errorCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/**
 * Takes `--lang X` / `--lang=X` out of the arguments (anywhere before `--`):
 * the language of the messages, else the shell's (LC_ALL, LC_MESSAGES, LANG),
 * else English. An unknown language is an error message.
 */
export function takeLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { argv: string[]; lang: Lang } | { error: string } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') chosen = argv[++i] ?? '';
    else if (arg.startsWith('--lang=')) chosen = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  if (chosen === undefined) return { argv: rest, lang: languageFromPosixLocale(env) ?? 'en' };
  return isLang(chosen) ? { argv: rest, lang: chosen } : { error: translator(languageFromPosixLocale(env) ?? 'en')('cli.badLang', { value: chosen }) };
}

/** Node's parseArgs messages, in the language when we know them. */
function parseArgsMessage(err: Error, code: string | undefined, t: Translator): string {
  const option = /'(-[^' ]+)/.exec(err.message)?.[1];
  if (option === undefined) return err.message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t('cli.commandLine.unknownOption', { option });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(err.message)) return t('cli.commandLine.missingValue', { option });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(err.message)) return t('cli.commandLine.noValue', { option });
  return err.message;
}

export function main(argv: readonly string[], io: Io): number {
  const language = takeLanguage(argv, io.env ?? process.env);
  if ('error' in language) {
    io.stderr(`wasteplan: ${language.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const t = translator(language.lang);
  const usage = usageText(t);
  const withLang: Io = { ...io, lang: language.lang };
  const [name, ...args] = language.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`wasteplan: ${t('cli.unknownCommand', { name })}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(usage);
    return EXIT_OK;
  }
  try {
    return command(args, withLang);
  } catch (err) {
    const code = errorCode(err);
    if (err instanceof UsageError || (err instanceof Error && code?.startsWith('ERR_PARSE_ARGS'))) {
      const message = err instanceof UsageError ? err.message : parseArgsMessage(err, code, t);
      io.stderr(`wasteplan ${name}: ${message}\n\n${usage}`);
      return EXIT_USAGE;
    }
    if (err instanceof MigrationMismatchError) {
      io.stderr(`wasteplan ${name}: ${t('cli.databaseMismatch', { detail: err.message })}\n`);
      return EXIT_REFUSED;
    }
    if (err instanceof Error && code?.startsWith('SQLITE_')) {
      io.stderr(`wasteplan ${name}: ${t('cli.databaseError', { code, detail: err.message })}\n`);
      return EXIT_REFUSED;
    }
    throw err;
  }
}

/** main, then the work a command left running (report --format xlsx writes its file asynchronously). */
export async function mainAsync(argv: readonly string[], io: Io): Promise<number> {
  const pending: Array<Promise<number>> = [];
  const deferring: DeferringIo = { ...io, defer: (work) => void pending.push(work) };
  const code = main(argv, deferring);
  const later = await Promise.all(pending);
  return later.find((c) => c !== EXIT_OK) ?? code;
}

function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
  };
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isRunDirectly()) {
  // `wasteplan compute ... | head` closes the pipe early: not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
    throw err;
  });
  // exitCode, not exit(): let a large --json output drain to a pipe first.
  void mainAsync(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
