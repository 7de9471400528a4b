/**
 * The usage text of `wasteplan help`, in the language of the messages: the
 * synopsis of each command as typed (never translated), then its
 * description from the catalogs (cli.usage.<command>), indented.
 * A new command adds a line to COMMAND_SYNOPSES and cli.usage.<command> to
 * locales/en.json, id.json and zh.json.
 *
 * Example: usageText(translator('en')) -> "wasteplan: planning and cost accounting ...\n\nUsage: npm run wasteplan -- <command> [options]\n\n  compute <file> ..."
 */
import type { MessageKey, Translator } from '../i18n/index.js';

/** Each command's synopsis, in the order of the help text, with the key of its description. */
export const COMMAND_SYNOPSES: ReadonlyArray<readonly [synopsis: string, description: MessageKey]> = [
  ['compute <file> [--scenario ID] [--year YYYY] [--json]', 'cli.usage.compute'],
  ['validate <file>', 'cli.usage.validate'],
  ['import <file> [--db PATH] [--replace]', 'cli.usage.import'],
  ['export <cityId> [--out FILE] [--db PATH]', 'cli.usage.export'],
  ['compare <file> --scenario ID [--scenario ID ...] [--year YYYY] [--horizon-payers] [--json]', 'cli.usage.compare'],
  ['report <file> [--scenario ID] [--year YYYY | --horizon] [--format text|json|csv|xlsx]\n       [--table NAME] [--out FILE]', 'cli.usage.report'],
  ['backup <out.db> [--db PATH]', 'cli.usage.backup'],
  ['restore <file.db> [--db PATH]', 'cli.usage.restore'],
  ['import-weighbridge <cityId> <file.csv> [--db PATH]', 'cli.usage.importWeighbridge'],
  ['help', 'cli.usage.help'],
];

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');
}

export function usageText(t: Translator): string {
  const commands = COMMAND_SYNOPSES.map(([synopsis, key]) => `${indent(synopsis, 2)}\n${indent(t(key), 6)}\n`).join('');
  return `${t('cli.usage.title')}\n\n${t('cli.usage.synopsis')}\n\n${commands}\n${t('cli.usage.lang')}\n${t('cli.usage.footer')}\n`;
}
