/** `wasteplan validate <file>`: the city file's problems, one per line as `path: message`, or "ok". */
import { parseArgs } from 'node:util';
import { validateCityFile } from '../model/index.js';
import { EXIT_OK, EXIT_REFUSED, messagesOf, problemLines, readJsonFile, UsageError, type Io } from './io.js';

export function validateCommand(args: string[], io: Io): number {
  const t = messagesOf(io);
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError(t('cli.validate.needsFile'));
  const file = positionals[0];
  const read = readJsonFile(file, t);
  if (!read.ok) {
    io.stderr(`${read.message}\n`);
    return EXIT_REFUSED;
  }
  const outcome = validateCityFile(read.value);
  if (!outcome.ok) {
    io.stderr(`${t('cli.validate.problems', { file, problems: t('cli.problems', { count: outcome.problems.length }) })}\n`);
    io.stderr(problemLines(outcome.problems, t));
    return EXIT_REFUSED;
  }
  io.stdout(`${t('cli.validate.ok')}\n`);
  return EXIT_OK;
}
