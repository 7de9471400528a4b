/**
 * Weighbridge file problems (src/store/weighbridge.ts) in a reader's
 * language: each problem's code is a message weighbridge.problem.<code> in
 * the catalogs, filled with its params, numbers written the language's way.
 * For the web page and the command line alike; typed structurally, so
 * src/reports does not depend on the store.
 *
 * Example: weighbridgeProblemText({ code: 'grossRange', params: { max: 100000, value: 200000 } }, 'id')
 *          -> "harus 1 sampai 100.000 kg, bukan 200.000"
 */
import { translator, type Lang, type MessageKey } from '../i18n/index.js';
import { localeFormatter } from './locale.js';

export interface CodedProblem {
  code: string;
  params: Readonly<Record<string, string | number>>;
}

export function weighbridgeProblemText(p: CodedProblem, lang: Lang): string {
  const fmt = localeFormatter(lang);
  const params = Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === 'number' ? fmt.integer(v) : v]));
  return translator(lang)(`weighbridge.problem.${p.code}` as MessageKey, params);
}
