-- 0003_audit: the audit trail of changes to a city's inputs.
--
-- One row per change: who (users.id; NULL for a change made without an
-- account, e.g. the command line), when (ISO 8601 UTC), what (the action, the
-- collection and the record's id) and the record's JSON before and after
-- (NULL before a create and after a delete). city_version is the city's
-- version after the change, so a row can be matched with the document it
-- produced. Settings, composition and seasonal factors are collections
-- 'settings', 'fractions' and 'seasonalFactors' with no record id.
--
-- A user with audit rows cannot be deleted (RESTRICT): the trail must keep
-- who made each change; disable the account instead. Deleting a city deletes
-- its trail with it.

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

-- A city's history, newest first.
CREATE INDEX audit_log_city_at ON audit_log (city_id, at);
-- One record's history.
CREATE INDEX audit_log_city_record ON audit_log (city_id, collection, record_id);
