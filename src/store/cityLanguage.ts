/**
 * A city's default language (cities.default_language, migration 0004): the
 * language its pages open in for someone who has not chosen one. The demo
 * cities get theirs when they are seeded: Surabaya Indonesian, Chongqing
 * Chinese.
 *
 * Example: const langs = createCityLanguageStore(db);
 *          langs.defaultFor('surabaya')                  // 'id'
 *          langs.commonDefault(['surabaya', 'chongqing']) // null (they differ)
 *          langs.setDefault('kota-contoh', 'id')
 */
import { isLang, type Lang } from '../i18n/languages.js';
import type { Db } from './db.js';

/** The demo cities' languages (examples/*.city.json), by city id. */
export const DEMO_CITY_LANGUAGES: Readonly<Record<string, Lang>> = { surabaya: 'id', chongqing: 'zh' };

export interface CityLanguageStore {
  /** The city's default language; null when it has none or there is no such city. */
  defaultFor(cityId: string): Lang | null;
  /** The default language shared by all these cities; null when they have none, differ, or the list is empty. */
  commonDefault(cityIds: readonly string[]): Lang | null;
  /** Sets (null: clears) the city's default; false when there is no such city. */
  setDefault(cityId: string, lang: Lang | null): boolean;
}

export function createCityLanguageStore(db: Db): CityLanguageStore {
  const read = db.prepare<[string], { default_language: string | null }>('SELECT default_language FROM cities WHERE id = ?');
  const write = db.prepare<[string | null, string]>('UPDATE cities SET default_language = ? WHERE id = ?');
  const defaultFor = (cityId: string): Lang | null => {
    const value = read.get(cityId)?.default_language;
    return isLang(value) ? value : null;
  };
  return {
    defaultFor,
    commonDefault: (cityIds) => {
      const langs = new Set(cityIds.map(defaultFor));
      const [only] = [...langs];
      return langs.size === 1 && only !== undefined ? only : null;
    },
    setDefault: (cityId, lang) => write.run(lang, cityId).changes === 1,
  };
}

/** Gives each just-seeded demo city its language (DEMO_CITY_LANGUAGES); other cities keep none. */
export function setDemoCityLanguages(db: Db, cityIds: readonly string[]): void {
  const store = createCityLanguageStore(db);
  for (const id of cityIds) {
    const lang = DEMO_CITY_LANGUAGES[id];
    if (lang !== undefined) store.setDefault(id, lang);
  }
}
