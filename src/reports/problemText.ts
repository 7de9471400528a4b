/**
 * The engine's problems in the reader's language. src/model writes each
 * problem's message in English (zod messages in src/model/cityFile.ts, rules in
 * src/model/validate.ts, scenario changes in src/model/scenario.ts); this
 * module recognises each message's pattern, maps it to a catalog key under
 * validation.* with its values as params (numbers written the language's
 * way), and returns the translated text. A message it does not know comes
 * back as the English text, unchanged.
 *
 * Example: problemText('must be <= 0.5', 'id')                          -> 'harus 0,5 atau kurang'
 *          problemText('unknown transfer point "tps-x"', 'zh')          -> '没有标识为“tps-x”的转运站'
 *          problemText('shares must sum to 1 (they sum to 0.95)', 'zh') -> '各占比之和必须为 1（现在为 0.95）'
 */
import { INTL_LOCALE, translator, type Lang, type MessageKey, type MessageParams } from '../i18n/index.js';

type Params = Record<string, string>;

interface Pattern {
  re: RegExp;
  key: MessageKey | ((m: RegExpExecArray) => MessageKey);
  params?: (m: RegExpExecArray, lang: Lang) => Params;
}

/** A number from a message ("0.5", "-1", "0.95") written the language's way; years stay ungrouped. */
function number(text: string, lang: Lang): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits: 6, useGrouping: Math.abs(n) >= 10000 }).format(n);
}

const UNKNOWN: Record<string, MessageKey> = {
  fraction: 'validation.unknown.fraction',
  landfill: 'validation.unknown.landfill',
  'transfer point': 'validation.unknown.transferPoint',
  transferPoint: 'validation.unknown.transferPoint',
  'primary collection system': 'validation.unknown.primarySystem',
  'vehicle type': 'validation.unknown.vehicleType',
  zone: 'validation.unknown.zone',
  'scavenger group': 'validation.unknown.scavengerGroup',
};

const TYPES: Record<string, MessageKey> = {
  number: 'validation.type.number',
  string: 'validation.type.string',
  boolean: 'validation.type.boolean',
  object: 'validation.type.object',
  array: 'validation.type.array',
};

/** Options as the model lists them ('"a"|"b"', 'a, b') -> "a, b". */
function optionList(text: string): string {
  return text.split(/\s*[|,]\s*/).map((s) => s.replace(/^["']|["']$/g, '')).join(', ');
}

/**
 * Every message the model writes, as a pattern. Order matters only where one
 * pattern is a prefix of another ("must be >= 1" before "must be {type}").
 */
const PATTERNS: readonly Pattern[] = [
  // cityFile.ts (zod) and validate.ts's zodMessage
  { re: /^is required$/, key: 'validation.required' },
  { re: /^must be a decimal amount like "1250" or "69\.90" \(no separators, no exponent\)$/, key: 'validation.money', params: (_m, lang) => ({ example: number('1250', lang) }) },
  { re: /^must be >= (-?[\d.]+)$/, key: 'validation.min', params: (m, lang) => ({ min: number(m[1], lang) }) },
  { re: /^must be <= (-?[\d.]+)$/, key: 'validation.max', params: (m, lang) => ({ max: number(m[1], lang) }) },
  { re: /^must be > (-?[\d.]+)$/, key: 'validation.greaterThan', params: (m, lang) => ({ min: number(m[1], lang) }) },
  { re: /^must be < (-?[\d.]+)$/, key: 'validation.lessThan', params: (m, lang) => ({ max: number(m[1], lang) }) },
  { re: /^must be (\d+)-(\d+)$/, key: 'validation.range', params: (m, lang) => ({ min: number(m[1], lang), max: number(m[2], lang) }) },
  { re: /^must be a slug: lower-case letters, digits and hyphens, at most (\d+) characters$/, key: 'validation.slug', params: (m, lang) => ({ max: number(m[1], lang) }) },
  { re: /^must be at most (\d+) characters$/, key: 'validation.maxLength', params: (m, lang) => ({ max: number(m[1], lang) }) },
  { re: /^must have at least (\d+) characters$/, key: 'validation.minLength', params: (m, lang) => ({ min: number(m[1], lang) }) },
  { re: /^must be a whole year$/, key: 'validation.wholeYear' },
  { re: /^must be a whole number$/, key: 'validation.integer' },
  { re: /^needs (\d+) monthly factors$/, key: 'validation.monthlyFactors', params: (m, lang) => ({ count: number(m[1], lang) }) },
  { re: /^must be an ISO 4217 code like IDR$/, key: 'validation.currencyCode' },
  { re: /^needs at least one$/, key: 'validation.atLeastOne' },
  { re: /^needs at least one transfer point$/, key: 'validation.atLeastOneTransferPoint' },
  { re: /^needs at least a disposal site$/, key: 'validation.atLeastOneLeg' },
  { re: /^must be (number|string|boolean|object|array)$/, key: (m) => TYPES[m[1]] },
  { re: /^must be (\w+)$/, key: 'validation.type.wrong', params: (m) => ({ type: m[1] }) },
  { re: /^unknown field\(s\): (.+)$/, key: 'validation.unknownFields', params: (m) => ({ fields: m[1] }) },
  { re: /^Invalid option: expected one of (.+)$/, key: 'validation.option', params: (m) => ({ options: optionList(m[1]) }) },
  { re: /^Invalid discriminator value\. Expected (.+)$/, key: 'validation.option', params: (m) => ({ options: optionList(m[1]) }) },
  { re: /^Invalid input: expected "(.+)"$/, key: 'validation.option', params: (m) => ({ options: m[1] }) },
  { re: /^Invalid input.*$/, key: 'validation.invalid' },
  // validate.ts: rules
  { re: /^duplicates (\w+\[\d+\]) \("(.*)"\)$/, key: 'validation.duplicateId', params: (m) => ({ other: m[1], id: m[2] }) },
  { re: /^id "(.*)" is also a landfill id: site ids must be unique across facilities and landfills$/, key: 'validation.siteIdBoth', params: (m) => ({ id: m[1] }) },
  { re: /^shares must sum to 1 \(they sum to (-?[\d.e-]+)\)$/, key: 'validation.sharesSum', params: (m, lang) => ({ sum: number(m[1], lang) }) },
  { re: /^day-weighted mean must be 1 \(it is (-?[\d.e-]+)\)$/, key: 'validation.seasonalMean', params: (m, lang) => ({ mean: number(m[1], lang) }) },
  { re: /^unknown stage "(.*)" \(one of (.+)\)$/, key: 'validation.unknown.stage', params: (m) => ({ id: m[1], options: m[2] }) },
  { re: /^unknown payer "(.*)" \(one of (.+)\)$/, key: 'validation.unknown.payer', params: (m) => ({ id: m[1], options: m[2] }) },
  {
    re: /^unknown (fraction|landfill|transfer point|transferPoint|primary collection system|vehicle type|zone|scavenger group) "(.*)"$/,
    key: (m) => UNKNOWN[m[1]],
    params: (m) => ({ id: m[2] }),
  },
  { re: /^is required for the stationary container system$/, key: 'validation.stationaryContainer' },
  { re: /^the last leg must go to a landfill \("(.*)" is not one\)$/, key: 'validation.lastLegLandfill', params: (m) => ({ id: m[1] }) },
  { re: /^legs before the last must go to a treatment facility \("(.*)" is not one\)$/, key: 'validation.legFacility', params: (m) => ({ id: m[1] }) },
  { re: /^must not be before openYear$/, key: 'validation.notBeforeOpenYear' },
  { re: /^must not be before fromYear$/, key: 'validation.notBeforeFromYear' },
  { re: /^street groups work everywhere: leave siteIds empty$/, key: 'validation.streetNoSites' },
  { re: /^must lie in the horizon (\d+)-(\d+)$/, key: 'validation.horizon', params: (m) => ({ from: m[1], to: m[2] }) },
  { re: /^duplicate scenario id "(.*)"$/, key: 'validation.duplicateScenario', params: (m) => ({ id: m[1] }) },
  // scenario.ts (applyChange), reached through validate.ts's scenario check
  { re: /^"(.*)" names no field$/, key: 'validation.scenarioNoField', params: (m) => ({ path: m[1] }) },
  { re: /^"(.*)" is not an object$/, key: 'validation.scenarioNotObject', params: (m) => ({ path: m[1] }) },
  { re: /^"(.*)" is not settings or a collection \((.+)\)$/, key: 'validation.scenarioNotCollection', params: (m) => ({ path: m[1], options: m[2] }) },
  { re: /^"(.*)" must be collection\/id\/field$/, key: 'validation.scenarioPathShape', params: (m) => ({ path: m[1] }) },
  { re: /^ids cannot be changed by a scenario$/, key: 'validation.scenarioIdChange' },
  { re: /^no (\w+) record with id "(.*)"$/, key: 'validation.scenarioNoRecord', params: (m) => ({ collection: m[1], id: m[2] }) },
  { re: /^(\w+) already has "(.*)"$/, key: 'validation.scenarioAlreadyHas', params: (m) => ({ collection: m[1], id: m[2] }) },
];

/** The catalog key and params of an English model message; null when the message is not one the model writes. */
export function problemKey(message: string, lang: Lang = 'en'): { key: MessageKey; params: Params } | null {
  for (const p of PATTERNS) {
    const m = p.re.exec(message);
    if (!m) continue;
    const key = typeof p.key === 'function' ? p.key(m) : p.key;
    if (key === undefined) continue;
    return { key, params: p.params ? p.params(m, lang) : {} };
  }
  return null;
}

/** An engine problem's message in `lang`; the English text when its pattern is unknown. */
export function problemText(message: string, lang: Lang): string {
  const t = translator(lang);
  // Scenario checks wrap another problem: translate the inner one too.
  const invalid = /^makes (\S+) invalid in (\d{4}): (.+)$/s.exec(message);
  if (invalid) return t('validation.scenarioInvalid', { path: invalid[1], year: invalid[2], problem: problemText(invalid[3], lang) });
  const inYear = /^(.+) \(in (\d{4})\)$/s.exec(message);
  if (inYear && problemKey(inYear[1], lang)) return t('validation.scenarioInYear', { problem: problemText(inYear[1], lang), year: inYear[2] });
  const found = problemKey(message, lang);
  return found ? t(found.key, found.params as MessageParams) : message;
}

/** The same problems with their messages in `lang` (paths kept). */
export function problemsText<P extends { message: string }>(problems: readonly P[], lang: Lang): P[] {
  return problems.map((p) => ({ ...p, message: problemText(p.message, lang) }));
}
