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
import { MigrationMismatchError } from '../store/migrate.js';
import { compareCommand } from './compare.js';
import { computeCommand } from './compute.js';
import { exportCommand, importCommand } from './database.js';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type Io } from './io.js';
import { reportCommand, type DeferringIo } from './report.js';
import { validateCommand } from './validate.js';

export type { Io } from './io.js';
export { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from './io.js';

export const USAGE = `wasteplan: planning and cost accounting for a city's solid waste

Usage: npm run wasteplan -- <command> [options]

  compute <file> [--scenario ID] [--year YYYY] [--json]
      Run the engine on a city file and print a report: warnings, one line
      per year, landfill life, costs by stage, who pays, transfer points with
      the lowest pick-up rate, scavengers. --year picks the year of the
      detailed sections (default the base year); --json prints the whole
      result instead, money as exact decimal strings.
  validate <file>
      Check a city file: its problems as "path: message", or "ok".
  import <file> [--db PATH] [--replace]
      Validate a city file and store it in one transaction. Refuses an
      invalid file, and a city already stored unless --replace.
  export <cityId> [--out FILE] [--db PATH]
      Write a stored city's file as JSON to stdout or FILE.
  compare <file> --scenario ID [--scenario ID ...] [--year YYYY] [--horizon-payers] [--json]
      2 to 4 runs side by side, each with its change from the first: NPV
      and cost per tonne by stage, who pays, landfill depletion, pick-up
      rates and backlog, diversion, uncollected waste, scavengers. The word
      "baseline" names the city without scenario; it comes first unless
      given elsewhere.
  report <file> [--scenario ID] [--year YYYY | --horizon] [--format text|json|csv|xlsx]
         [--table NAME] [--out FILE]
      The cost-distribution report: stage x payer matrix, cost by category,
      unit costs, revenues, cost recovery, informal sector, assumptions with
      their status, method. --horizon gives present values; csv prints every
      table (or one with --table); xlsx needs --out.
  help
      This text.

The database is --db PATH, else $DATABASE_PATH, else ./data/wasteplan.db.
Exit status: 0 done; 1 refused (invalid file, unknown scenario or city,
nothing written); 2 the command line is wrong.
`;

type Command = (args: string[], io: Io) => number;

const COMMANDS: Record<string, Command> = {
  compute: computeCommand,
  validate: validateCommand,
  import: importCommand,
  export: exportCommand,
  compare: compareCommand,
  report: reportCommand,
};

function errorCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

export function main(argv: readonly string[], io: Io): number {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`wasteplan: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  try {
    return command(args, io);
  } catch (err) {
    const code = errorCode(err);
    if (err instanceof UsageError || (err instanceof Error && code?.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`wasteplan ${name}: ${err.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (err instanceof MigrationMismatchError) {
      io.stderr(`wasteplan ${name}: the database does not match db/migrations: ${err.message}\n`);
      return EXIT_REFUSED;
    }
    if (err instanceof Error && code?.startsWith('SQLITE_')) {
      io.stderr(`wasteplan ${name}: database error (${code}): ${err.message}\n`);
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
