/**
 * A small, hand-checkable city for engine tests: one zone of 100,000 people
 * at 0.5 kg/cap/day (18,250 t/yr), two fractions, one transfer point hauling
 * to one landfill. Tests override what they need.
 */
import type { CityFileInput } from '../../src/model/cityFile.js';

export function smallCity(overrides: (c: CityFileInput) => void = () => {}): CityFileInput {
  const c: CityFileInput = {
    fileVersion: 1,
    city: { id: 'testville', name: 'Testville' },
    settings: {
      currency: 'IDR',
      minorUnit: 0,
      baseYear: 2003,
      horizonYears: 5,
      discountRate: 0.1,
      incomeThresholdPerDay: '20000',
      landfillFallbackOrder: ['main'],
    },
    fractions: [
      { id: 'kitchen', name: 'Kitchen', share: 0.6, recyclable: false, compostable: true },
      { id: 'plastic', name: 'Plastic', share: 0.4, recyclable: true, compostable: false },
    ],
    zones: [
      {
        id: 'z1', name: 'Zone 1', population: 100000, households: 25000, generationKgPerCapDay: 0.5,
        coverage: 1, routing: [{ transferPointId: 'tp1', share: 1 }],
      },
    ],
    vehicleTypes: [
      {
        id: 'armroll', name: 'Arm-roll', system: 'hauled', volumeM3: 8, looseDensityTPerM3: 0.35, legalPayloadT: 6,
        pickupHours: 0.4, unloadHours: 0, betweenStopsHours: 0, atSiteHours: 0.133, speedClassKmh: '40', workdayHours: 8,
        garageToFirstHours: 0.25, lastToGarageHours: 0.25, crewPerVehicle: 2, wagePerDay: '20000', workingDaysPerYear: 365,
        capital: { unitCost: '300000000', lifeYears: 10 }, fuelLitresPerKm: 0.3, fuelPricePerLitre: '1650',
      },
    ],
    transferPoints: [
      { id: 'tp1', name: 'TPS 1', storageLimitT: 1000000, vehicleTypeId: 'armroll', vehicles: 10, legs: [{ siteId: 'main', roundTripKm: 20 }] },
    ],
    landfills: [{ id: 'main', name: 'Main landfill', remainingAirspaceM3: 1e9, densityTPerM3: 0.8 }],
  };
  overrides(c);
  return c;
}
