-- The schema after every migration in db/migrations, as SQLite stores it (sqlite_master).
-- Golden file checked by test/store/migrate.test.ts; regenerate with
-- UPDATE_GOLDEN=1 npx vitest run test/store/migrate.test.ts. Do not edit by hand.

CREATE TABLE app_meta (
  key         TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value       TEXT NOT NULL CHECK (length(value) <= 10000),
  updated_at  TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

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

CREATE TABLE schema_migrations (
  name        TEXT NOT NULL PRIMARY KEY CHECK (name GLOB '[0-9][0-9][0-9][0-9]_*.sql'),
  checksum    TEXT NOT NULL CHECK (length(checksum) = 64 AND checksum NOT GLOB '*[^0-9a-f]*'),
  applied_at  TEXT NOT NULL CHECK (applied_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;
