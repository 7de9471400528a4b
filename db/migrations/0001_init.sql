-- 0001_init: the cities aggregate.
--
-- A city is stored as its whole validated city file (docs/city-file.md) in
-- `document`; name, currency and base year are copied into columns so lists
-- need not parse JSON, and CHECKs keep the copies equal to the document.
-- `version` is bumped on every write and compared on replace (optimistic
-- concurrency: two editors cannot silently overwrite each other).
-- Timestamps are ISO 8601 UTC strings ("2026-11-29T14:47:00.000Z").
-- schema_migrations is created by the runner (src/store/migrate.ts), not here.

CREATE TABLE cities (
  id          TEXT    NOT NULL PRIMARY KEY
                      CHECK (length(id) BETWEEN 1 AND 80
                             AND id GLOB '[a-z0-9]*'
                             AND id NOT GLOB '*[^a-z0-9-]*'),
  name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  currency    TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  base_year   INTEGER NOT NULL CHECK (base_year BETWEEN 1900 AND 2200),
  document    TEXT    NOT NULL
                      CHECK (json_valid(document)
                             AND json_type(document) = 'object'
                             AND json_extract(document, '$.city.id') IS id
                             AND json_extract(document, '$.city.name') IS name
                             AND json_extract(document, '$.settings.currency') IS currency
                             AND json_extract(document, '$.settings.baseYear') IS base_year),
  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at  TEXT    NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
  updated_at  TEXT    NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'
                                      AND updated_at >= created_at)
) STRICT;

-- Small facts about this database, e.g. when the demo cities were seeded, so
-- that deleting every city does not bring the demo cities back on restart.
CREATE TABLE app_meta (
  key         TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value       TEXT NOT NULL CHECK (length(value) <= 10000),
  updated_at  TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;
