-- 0005_weighbridge: weighbridge tickets, imported from CSV files.
--
-- A weighbridge at a landfill weighs every truck in full (gross) and empty
-- (tare); the difference is the waste delivered (net). Each ticket names the
-- truck (vehicle: its plate), the transfer point it came from (NULL: straight
-- from collection) and the landfill. Weights are whole kilograms, as
-- weighbridges print them. Transfer point and landfill ids refer to records
-- of the city document, so no foreign key can hold them: the import checks
-- them (src/store/weighbridge.ts).
--
-- One import is one file written in one transaction: weighbridge_imports
-- says who imported which file when, and deleting an import deletes its
-- tickets. A ticket id is unique within its city, so a file imported twice
-- is refused rather than counted twice.

CREATE TABLE weighbridge_imports (
  id           INTEGER NOT NULL PRIMARY KEY,
  city_id      TEXT    NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  -- NULL: imported without an account (the command line).
  user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
  file_name    TEXT    NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  ticket_count INTEGER NOT NULL CHECK (ticket_count >= 1),
  imported_at  TEXT    NOT NULL CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

CREATE INDEX weighbridge_imports_city ON weighbridge_imports (city_id, imported_at);

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

-- Deleting an import finds its tickets; totals by landfill and month read the city's.
CREATE INDEX weighbridge_records_import ON weighbridge_records (import_id);
