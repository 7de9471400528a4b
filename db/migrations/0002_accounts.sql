-- 0002_accounts: people who sign in, their roles per city, their sessions,
-- and which cities anybody may look at.
--
-- A password is stored only as "scrypt$N$r$p$salt$hash" (salt and hash in
-- base64url; src/store/users.ts). Roles are per city, in rising order
-- viewer < editor < cityAdmin; a site administrator (users.site_admin) may
-- do everything everywhere. A public city (the demo cities) can be read by
-- anybody, signed in or not; a private one only by its members.
-- Sessions belong to express-session (src/store/sessions.ts): `data` is the
-- session as JSON, `expires_at` milliseconds since 1970 (UTC).

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

CREATE TABLE memberships (
  user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  city_id  TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  role     TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'cityAdmin')),
  PRIMARY KEY (user_id, city_id)
) STRICT;

-- "Who are the members of this city": the primary key serves the other direction.
CREATE INDEX memberships_city ON memberships (city_id);

CREATE TABLE sessions (
  sid         TEXT    NOT NULL PRIMARY KEY CHECK (length(sid) BETWEEN 1 AND 200),
  data        TEXT    NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  expires_at  INTEGER NOT NULL CHECK (expires_at > 0)
) STRICT;

-- Expired sessions are deleted in expiry order.
CREATE INDEX sessions_expires_at ON sessions (expires_at);

ALTER TABLE cities ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));

-- The demo cities (examples/*.city.json) were seeded before this column
-- existed; they stay readable by everybody.
UPDATE cities SET public = 1 WHERE id IN ('surabaya', 'chongqing');
