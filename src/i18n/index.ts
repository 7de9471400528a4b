/**
 * Internationalisation: the languages (en, id, zh), the message catalogs in
 * locales/ and translator(lang). Pure apart from the warning a missing
 * message logs at run time. Number, money and date formatting per language
 * is in src/reports/locale.ts; choosing a request's language in
 * src/web/i18n.ts.
 */
export * from './languages.js';
export { type Message, type MessageKey, type PluralMessage } from './catalogs.js';
export { configureMissingMessages, MissingMessageError, translator, type MessageParams, type MessagePart, type MissingMode, type Translator } from './translator.js';
