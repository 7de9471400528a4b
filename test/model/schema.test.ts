/**
 * docs/city-file.schema.json is generated from the zod schema
 * (scripts/city-file-schema.ts). This golden test fails when the two drift:
 * after changing src/model/cityFile.ts, run `npx tsx scripts/city-file-schema.ts`
 * and commit the regenerated file with the change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cityFileJsonSchemaText, SCHEMA_PATH } from '../../scripts/city-file-schema.js';

describe('docs/city-file.schema.json', () => {
  const committed = readFileSync(SCHEMA_PATH, 'utf8');

  it('equals a fresh generation from src/model/cityFile.ts (run npx tsx scripts/city-file-schema.ts)', () => {
    expect(committed).toBe(cityFileJsonSchemaText());
  });

  it('describes the input form: version 1, money as decimal strings, defaulted fields optional', () => {
    const schema = JSON.parse(committed);
    expect(schema.properties.fileVersion.const).toBe(1);
    expect(schema.required).toEqual(['fileVersion', 'city', 'settings', 'fractions', 'zones', 'vehicleTypes', 'transferPoints', 'landfills']);
    const vehicle = schema.properties.vehicleTypes.items;
    expect(vehicle.properties.wagePerDay).toMatchObject({ type: 'string', pattern: '^-?\\d{1,18}(\\.\\d{1,10})?$' });
    expect(vehicle.required).not.toContain('offRouteFactor'); // default 0.15
    expect(vehicle.properties.offRouteFactor.default).toBe(0.15);
  });
});
