#!/usr/bin/env node
/**
 * Deep-merges messages into locales/{en,id,zh}.json, for adding a page's
 * messages in the three languages at once without hand-editing three files.
 *
 * Usage: node scripts/merge-messages.mjs FRAGMENT.json
 * FRAGMENT.json: {"en": {"area": {"key": "Text"}}, "id": {...}, "zh": {...}}
 * An existing message with the same key is replaced; other keys are kept.
 * Each catalog is read, merged and written back at once (2-space indent).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/merge-messages.mjs FRAGMENT.json');
  process.exit(2);
}
const fragment = JSON.parse(readFileSync(file, 'utf8'));
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const PLURAL = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const isPlural = (v) => isObject(v) && 'other' in v && Object.keys(v).every((k) => PLURAL.has(k));

function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (isObject(v) && !isPlural(v) && isObject(into[k]) && !isPlural(into[k])) merge(into[k], v);
    else into[k] = v;
  }
}

/**
 * A message is a string or plural forms; an object with a plural category
 * among its keys ("other", "one", ...) is read as plural forms by the
 * catalogs (src/i18n/catalogs.ts), so a namespace may not use those names.
 */
function check(node, path) {
  if (typeof node === 'string') return;
  if (!isObject(node)) throw new Error(`${path}: a message must be a string or plural forms, not ${JSON.stringify(node)}`);
  const keys = Object.keys(node);
  if (keys.some((k) => PLURAL.has(k))) {
    if (!isPlural(node) || !keys.every((k) => typeof node[k] === 'string')) {
      throw new Error(`${path}: "${keys.filter((k) => PLURAL.has(k)).join('", "')}" is a plural category, so this object would be read as plural forms; rename the key or give only string plural forms with "other"`);
    }
    return;
  }
  for (const k of keys) check(node[k], `${path}.${k}`);
}

for (const [lang, messages] of Object.entries(fragment)) {
  try {
    check(messages, lang);
  } catch (err) {
    console.error(`nothing merged: ${err.message}`);
    process.exit(2);
  }
}

for (const lang of Object.keys(fragment)) {
  if (!['en', 'id', 'zh'].includes(lang)) {
    console.error(`unknown language "${lang}": the fragment's top level is en, id, zh`);
    process.exit(2);
  }
}
for (const [lang, messages] of Object.entries(fragment)) {
  const path = join(root, 'locales', `${lang}.json`);
  const catalog = JSON.parse(readFileSync(path, 'utf8'));
  merge(catalog, messages);
  writeFileSync(`${path}.tmp`, JSON.stringify(catalog, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
console.log(`merged ${Object.keys(fragment).join(', ')}`);
