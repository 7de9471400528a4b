/**
 * `wasteplan import-weighbridge <cityId> <file.csv> [--db PATH]`: the
 * weighbridge tickets of a CSV file into a city (src/store/weighbridge.ts),
 * every row checked, all written in one transaction or none. Problems are
 * printed one per line as `line N, column C: message`.
 *
 * Example: wasteplan import-weighbridge surabaya tickets-2024-01.csv
 *          -> Imported 2841 weighbridge tickets from tickets-2024-01.csv into surabaya (import #7).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { importWeighbridgeCsv, type WeighbridgeProblem } from '../store/weighbridge.js';
import { databasePath } from './database.js';
import { EXIT_OK, EXIT_REFUSED, UsageError, type Io } from './io.js';

export function problemLine(p: WeighbridgeProblem): string {
  const where = [p.line > 0 ? `line ${p.line}` : null, p.column ? `column ${p.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${p.message}` : p.message;
}

export function importWeighbridgeCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 2) throw new UsageError('import-weighbridge needs a city and a file: wasteplan import-weighbridge <cityId> <file.csv> [--db PATH]');
  const [cityId, file] = positionals;
  const dbPath = databasePath(values.db, io.env ?? process.env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`Cannot read ${file}: ${(err as Error).message}\n`);
    return EXIT_REFUSED;
  }
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr(`There is no database at ${dbPath}: start the server once, or give --db.\n`);
    return EXIT_REFUSED;
  }
  const db = openDatabase(dbPath);
  try {
    migrate(db);
    const outcome = importWeighbridgeCsv(db, { cityId, userId: null, fileName: basename(file), text });
    if (!outcome.ok) {
      io.stderr(`Not imported: ${file} has ${outcome.problemCount === 1 ? '1 problem' : `${outcome.problemCount} problems`}; nothing was written.\n`);
      for (const p of outcome.problems) io.stderr(`  ${problemLine(p)}\n`);
      if (outcome.problemCount > outcome.problems.length) io.stderr(`  ... and ${outcome.problemCount - outcome.problems.length} more\n`);
      return EXIT_REFUSED;
    }
    io.stdout(`Imported ${outcome.tickets} weighbridge tickets from ${basename(file)} into ${cityId} (import #${outcome.importId}).\n`);
    return EXIT_OK;
  } finally {
    db.close();
  }
}
