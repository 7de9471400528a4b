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
import { EXIT_OK, EXIT_REFUSED, messagesOf, UsageError, type Io } from './io.js';
import { translator, type Translator } from '../i18n/index.js';
import { weighbridgeProblemText } from '../reports/weighbridge.js';

/**
 * "line 3, column net_kg: message" in t's language: English keeps the store's
 * own words; Indonesian and Chinese word the problem's code as the page does.
 */
export function problemLine(p: WeighbridgeProblem, t: Translator = translator('en')): string {
  const where = [p.line > 0 ? t('cli.weighbridge.line', { line: String(p.line) }) : null, p.column ? t('cli.weighbridge.column', { column: p.column }) : null].filter(Boolean).join(t.lang === 'zh' ? '，' : ', ');
  const message = t.lang === 'en' ? p.message : weighbridgeProblemText(p, t.lang);
  return where ? `${where}${t.lang === 'zh' ? '：' : ': '}${message}` : message;
}

export function importWeighbridgeCommand(args: string[], io: Io): number {
  const t = messagesOf(io);
  const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 2) throw new UsageError(t('cli.weighbridge.needsArgs'));
  const [cityId, file] = positionals;
  const dbPath = databasePath(values.db, io.env ?? process.env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`${t('cli.weighbridge.cannotRead', { file, detail: (err as Error).message })}\n`);
    return EXIT_REFUSED;
  }
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    io.stderr(`${t('cli.weighbridge.noDatabase', { db: dbPath })}\n`);
    return EXIT_REFUSED;
  }
  const db = openDatabase(dbPath);
  try {
    migrate(db);
    const outcome = importWeighbridgeCsv(db, { cityId, userId: null, fileName: basename(file), text });
    if (!outcome.ok) {
      io.stderr(`${t('cli.weighbridge.refused', { file, count: outcome.problemCount })}\n`);
      for (const p of outcome.problems) io.stderr(`  ${problemLine(p, t)}\n`);
      if (outcome.problemCount > outcome.problems.length) io.stderr(`  ${t('cli.weighbridge.more', { count: outcome.problemCount - outcome.problems.length })}\n`);
      return EXIT_REFUSED;
    }
    io.stdout(`${t('cli.weighbridge.imported', { count: outcome.tickets, file: basename(file), city: cityId, id: String(outcome.importId) })}\n`);
    return EXIT_OK;
  } finally {
    db.close();
  }
}
