-- The schema after every migration in db/migrations, as SQLite stores it (sqlite_master).
-- Golden file checked by test/store/migrate.test.ts; regenerate with
-- UPDATE_GOLDEN=1 npx vitest run test/store/migrate.test.ts. Do not edit by hand.

CREATE TABLE app_meta (
  key         TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value       TEXT NOT NULL CHECK (length(value) <= 10000),
  updated_at  TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

CREATE TABLE audit_log (
  id            INTEGER NOT NULL PRIMARY KEY,
  city_id       TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  user_id       INTEGER REFERENCES users (id) ON DELETE RESTRICT,
  at            TEXT    NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
  action        TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import', 'settings')),
  collection    TEXT    NOT NULL CHECK (length(collection) BETWEEN 1 AND 40),
  record_id     TEXT    CHECK (record_id IS NULL OR length(record_id) BETWEEN 1 AND 120),
  before_json   TEXT    CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json    TEXT    CHECK (after_json IS NULL OR json_valid(after_json)),
  city_version  INTEGER NOT NULL CHECK (city_version >= 1),
  CHECK (before_json IS NOT NULL OR after_json IS NOT NULL)
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
, public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)), default_language TEXT CHECK (default_language IS NULL OR default_language IN ('en', 'id', 'zh'))) STRICT;

CREATE TABLE memberships (
  user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  city_id  TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  role     TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'cityAdmin')),
  PRIMARY KEY (user_id, city_id)
) STRICT;

CREATE TABLE schema_migrations (
  name        TEXT NOT NULL PRIMARY KEY CHECK (name GLOB '[0-9][0-9][0-9][0-9]_*.sql'),
  checksum    TEXT NOT NULL CHECK (length(checksum) = 64 AND checksum NOT GLOB '*[^0-9a-f]*'),
  applied_at  TEXT NOT NULL CHECK (applied_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

CREATE TABLE sessions (
  sid         TEXT    NOT NULL PRIMARY KEY CHECK (length(sid) BETWEEN 1 AND 200),
  data        TEXT    NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  expires_at  INTEGER NOT NULL CHECK (expires_at > 0)
) STRICT;

CREATE TABLE users (
  id             INTEGER NOT NULL PRIMARY KEY,
  email          TEXT    NOT NULL UNIQUE COLLATE NOCASE
                         CHECK (length(email) BETWEEN 3 AND 254
                                AND email GLOB '?*@?*'
                                AND email NOT GLOB '*[ ]*'),
  display_name   TEXT    NOT NULL CHECK (length(trim(display_name)) BETWEEN 1 AND 100),
  password_hash  TEXT    NOT NULL CHECK (password_hash GLOB 'scrypt$[0-9]*$[0-9]*$[0-9]*$?*$?*'),
  site_admin     INTEGER NOT NULL DEFAULT 0 CHECK (site_admin IN (0, 1)),
  language       TEXT    CHECK (language IS NULL OR language IN ('en', 'id', 'zh')),
  created_at     TEXT    NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE weighbridge_imports (
  id           INTEGER NOT NULL PRIMARY KEY,
  city_id      TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  -- NULL: imported without an account (the command line).
  user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  file_name    TEXT    NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  ticket_count INTEGER NOT NULL CHECK (ticket_count >= 1),
  imported_at  TEXT    NOT NULL CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

CREATE TABLE weighbridge_records (
  id                 INTEGER NOT NULL PRIMARY KEY,
  import_id          INTEGER NOT NULL REFERENCES weighbridge_imports (id) ON DELETE CASCADE,
  city_id            TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  ticket_id          TEXT    NOT NULL CHECK (length(ticket_id) BETWEEN 1 AND 60),
  weighed_on         TEXT    NOT NULL CHECK (weighed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(weighed_on) IS weighed_on),
  vehicle            TEXT    NOT NULL CHECK (length(vehicle) BETWEEN 1 AND 40),
  transfer_point_id  TEXT    CHECK (transfer_point_id IS NULL OR length(transfer_point_id) BETWEEN 1 AND 120),
  landfill_id        TEXT    NOT NULL CHECK (length(landfill_id) BETWEEN 1 AND 120),
  gross_kg           INTEGER NOT NULL CHECK (gross_kg BETWEEN 1 AND 100000),
  tare_kg            INTEGER NOT NULL CHECK (tare_kg >= 0 AND tare_kg < gross_kg),
  net_kg             INTEGER NOT NULL CHECK (net_kg = gross_kg - tare_kg),
  UNIQUE (city_id, ticket_id)
) STRICT;

CREATE INDEX audit_log_city_at ON audit_log (city_id, at);

CREATE INDEX audit_log_city_record ON audit_log (city_id, collection, record_id);

CREATE INDEX memberships_city ON memberships (city_id);

CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE INDEX weighbridge_imports_city ON weighbridge_imports (city_id, imported_at);

CREATE INDEX weighbridge_records_import ON weighbridge_records (import_id);
