-- 0004_city_language: the language a city's pages open in.
--
-- A person who has not chosen a language (no ?lang=, nothing in the session,
-- cookie or profile) sees a city's pages in the city's default language:
-- Surabaya's officials in Indonesian, Chongqing's in Chinese (src/web/i18n.ts).
-- NULL: no default, the browser's Accept-Language decides.
-- Codes as in users.language: 'en', 'id' (Bahasa Indonesia), 'zh' (Simplified Chinese).

ALTER TABLE cities ADD COLUMN default_language TEXT CHECK (default_language IS NULL OR default_language IN ('en', 'id', 'zh'));

-- The demo cities of a database seeded before this column existed
-- (new databases get these from seedDemoCities, src/store/cityLanguage.ts).
UPDATE cities SET default_language = 'id' WHERE id = 'surabaya';
UPDATE cities SET default_language = 'zh' WHERE id = 'chongqing';
