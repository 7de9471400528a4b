/**
 * A large made-up city for the engine benchmark: 100 zones (about 5 million
 * people), 2,000 transfer points (TPS with hauled containers, round trips of
 * 6-90 km, some with too few trucks so the daily backlog and overflow
 * matter), 10 treatment facilities (4 composting, 4 recovery, 2
 * incinerators, one opening late), 3 landfills in a fallback order (the
 * first fills within the horizon, the third opens in year 8), 30 years,
 * scavenger groups at source, at transfer points, on the street and at the
 * landfills, an integration programme, seasonal factors, two scenarios.
 *
 * Deterministic: a seeded PRNG (mulberry32) of its own, never Math.random,
 * so every run benchmarks the same city. The numbers are plausible, not
 * sourced: this city tests speed and size, not the model.
 *
 * Example: syntheticCity({ horizonYears: 3 }) -> a CityFileInput that
 *          computeCity accepts, with 2,000 transfer points.
 */
import type { CityFileInput } from '../src/model/cityFile.js';

export const SYNTHETIC_SIZE = {
  zones: 100,
  transferPoints: 2000,
  facilities: 10,
  landfills: 3,
  horizonYears: 30,
} as const;

/** mulberry32: a small 32-bit PRNG; same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const FRACTIONS = [
  { id: 'kitchen', name: 'Kitchen and food', share: 0.5, recyclable: false, compostable: true },
  { id: 'garden', name: 'Garden', share: 0.06, recyclable: false, compostable: true },
  { id: 'paper', name: 'Paper and cardboard', share: 0.1, recyclable: true, compostable: false },
  { id: 'plastic', name: 'Plastic', share: 0.13, recyclable: true, compostable: false },
  { id: 'glass', name: 'Glass', share: 0.03, recyclable: true, compostable: false },
  { id: 'metal', name: 'Metal', share: 0.02, recyclable: true, compostable: false },
  { id: 'textile', name: 'Textile', share: 0.03, recyclable: false, compostable: false },
  { id: 'other', name: 'Other', share: 0.13, recyclable: false, compostable: false },
];

const PRICES_PER_KG = { paper: '1200', plastic: '2500', glass: '300', metal: '6000' };

export interface SyntheticOptions {
  horizonYears?: number;
  seed?: number;
}

export function syntheticCity(options: SyntheticOptions = {}): CityFileInput {
  const horizonYears = options.horizonYears ?? SYNTHETIC_SIZE.horizonYears;
  const rnd = mulberry32(options.seed ?? 20260101);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const baseYear = 2025;
  // A dated change must lie in the horizon, which tests shorten.
  const inHorizon = (yearsAfterBase: number) => baseYear + Math.min(yearsAfterBase, horizonYears - 1);

  // Seasonal factors: 11 drawn, the 12th makes the day-weighted mean exactly 1.
  const seasonal = Array.from({ length: 11 }, () => round(between(0.85, 1.15), 3));
  const weighted = seasonal.reduce((a, f, m) => a + f * MONTH_DAYS[m], 0);
  seasonal.push((365 - weighted) / MONTH_DAYS[11]);

  const tpPerZone = SYNTHETIC_SIZE.transferPoints / SYNTHETIC_SIZE.zones;
  const compostIds = ['compost-1', 'compost-2', 'compost-3', 'compost-4'];
  const recoveryIds = ['mrf-1', 'mrf-2', 'mrf-3', 'mrf-4'];
  const incineratorIds = ['wte-1', 'wte-2'];
  const landfillIds = ['tpa-old', 'tpa-regional', 'tpa-new'];

  const vehicleTypes: CityFileInput['vehicleTypes'] = [6, 8, 10].map((m3) => ({
    id: `arm-roll-${m3}`,
    name: `Arm-roll truck, ${m3} m3 container`,
    system: 'hauled' as const,
    volumeM3: m3,
    looseDensityTPerM3: 0.3,
    legalPayloadT: m3 * 0.5,
    pickupHours: 0.4,
    unloadHours: 0.1,
    betweenStopsHours: 0.1,
    atSiteHours: 0.25,
    speedClassKmh: m3 === 10 ? ('56' as const) : ('40' as const),
    workdayHours: 8,
    garageToFirstHours: 0.3,
    lastToGarageHours: 0.3,
    crewPerVehicle: 2,
    wagePerDay: '125000',
    workingDaysPerYear: 330,
    capital: { unitCost: String(380_000_000 + m3 * 15_000_000), lifeYears: 8, salvage: '30000000' },
    fuelLitresPerKm: 0.3,
    fuelPricePerLitre: '6800',
  }));


  // Tonnes one vehicle hauls a day on a leg of x km (MODEL.md section 4, hauled
  // container system, the parameters above): N_d trips of v x 0.3 t/m3.
  const SPEED = { '40': [0.05, 0.025], '56': [0.034, 0.018] } as const;
  const tonnesPerVehicleDay = (m3: number, speed: '40' | '56', x: number) => {
    const [a, b] = SPEED[speed];
    const hoursPerTrip = 0.4 + 0.1 + 0.1 + 0.25 + a + b * x;
    return Math.max(0, Math.floor((8 * (1 - 0.15) - 0.6) / hoursPerTrip)) * m3 * 0.3;
  };

  const zones: CityFileInput['zones'] = [];
  const transferPoints: CityFileInput['transferPoints'] = [];
  for (let z = 0; z < SYNTHETIC_SIZE.zones; z++) {
    const zoneId = `zone-${z + 1}`;
    const population = Math.round(between(20000, 80000));
    const tpIds = Array.from({ length: tpPerZone }, (_, k) => `tps-${z * tpPerZone + k + 1}`);
    // Shares summing to 1: the last takes what the others leave.
    const weights = tpIds.map(() => between(0.5, 1.5));
    const wsum = weights.reduce((a, b) => a + b, 0);
    const shares = weights.map((w) => round(w / wsum, 6));
    shares[shares.length - 1] = 1 - shares.slice(0, -1).reduce((a, b) => a + b, 0);
    const coverage = round(between(0.6, 0.98), 3);
    const kgPerCapDay = round(between(0.5, 0.8), 3);
    zones.push({
      id: zoneId,
      name: `Zone ${z + 1}`,
      region: `Region ${Math.floor(z / 25) + 1}`,
      population,
      populationGrowth: round(between(0.005, 0.025), 4),
      households: Math.round(population / between(3.5, 4.5)),
      generationKgPerCapDay: kgPerCapDay,
      generationGrowth: round(between(0, 0.02), 4),
      coverage,
      sourceDiversion: z % 3 === 0 ? { kitchen: round(between(0.01, 0.05), 3), paper: round(between(0.05, 0.15), 3) } : {},
      composition:
        z % 10 === 0
          ? { kitchen: 0.6, garden: 0.04, paper: 0.08, plastic: 0.12, glass: 0.02, metal: 0.02, textile: 0.02, other: 0.1 }
          : undefined,
      routing: tpIds.map((id, k) => ({ transferPointId: id, share: shares[k] })),
      primarySystemId: z % 2 === 0 ? 'handcart' : 'motor-cart',
    });

    // Transfer points: a tonnage share of the zone's collected waste, trucks sized
    // to it with a random margin, so about one point in five is under-served.
    const zoneCollectedTPerDay = (population * kgPerCapDay * coverage) / 1000;
    const region = Math.floor(z / 25);
    tpIds.forEach((id, k) => {
      const tPerDay = zoneCollectedTPerDay * shares[k];
      const landfillKm = round(between(6, 90), 1);
      const landfillId = region < 2 ? 'tpa-old' : 'tpa-regional';
      const legs: Array<{ siteId: string; roundTripKm: number }> = [];
      const r = rnd();
      if (r < 0.3) legs.push({ siteId: compostIds[region], roundTripKm: round(between(4, 30), 1) });
      if (r > 0.2 && r < 0.45) legs.push({ siteId: recoveryIds[region], roundTripKm: round(between(4, 30), 1) });
      if (r > 0.85) legs.push({ siteId: incineratorIds[region % 2], roundTripKm: round(between(10, 50), 1) });
      legs.push({ siteId: landfillId, roundTripKm: landfillKm });
      const vt = pick(vehicleTypes);
      // Six collection days a week and a seasonal peak near 1.15: the fleet a
      // point needs; one point in five gets 40-85% of it, the rest 105-160%.
      const needed = (tPerDay * (7 / 6) * 1.15) / Math.max(0.1, tonnesPerVehicleDay(vt.volumeM3, vt.speedClassKmh === '56' ? '56' : '40', landfillKm));
      const margin = rnd() < 0.2 ? between(0.4, 0.85) : between(1.05, 1.6);
      transferPoints.push({
        id,
        name: `TPS ${z + 1}-${k + 1}`,
        kind: 'tps',
        zoneId,
        containers: Math.ceil(tPerDay / 2) + 1,
        containerVolumeM3: 8,
        storageLimitT: round(between(5, 40), 1),
        vehicleTypeId: vt.id,
        vehicles: Math.max(0.05, round(needed * margin, 2)),
        shiftsPerDay: rnd() < 0.1 ? 2 : 1,
        legs,
        omPerYear: String(Math.round(between(5e6, 20e6))),
      });
    });
  }

  const facilities: CityFileInput['facilities'] = [
    ...compostIds.map((id, i) => ({
      id,
      name: `Composting centre ${i + 1}`,
      kind: 'composting' as const,
      capacityTPerDay: 40 + i * 20,
      capture: { kitchen: 0.5, garden: 0.8 },
      composting: { shareSold: 0.7, pricePerT: '350000' },
      residueLandfillId: i < 2 ? 'tpa-old' : 'tpa-regional',
      omPerT: '140000',
      capital: { unitCost: '9000000000', lifeYears: 15 },
      openYear: i === 3 ? baseYear + 5 : undefined,
    })),
    ...recoveryIds.map((id, i) => ({
      id,
      name: `Material recovery facility ${i + 1}`,
      kind: 'recovery' as const,
      capacityTPerDay: 15 + i * 10,
      capture: { paper: 0.5, plastic: 0.4, glass: 0.3, metal: 0.7 },
      residueShare: 0.15,
      salePricePerT: { paper: '900000', plastic: '1800000', glass: '200000', metal: '4500000' },
      omPerYear: '600000000',
      omPerT: '60000',
    })),
    ...incineratorIds.map((id, i) => ({
      id,
      name: `Waste-to-energy plant ${i + 1}`,
      kind: 'incinerator' as const,
      capacityTPerDay: 600,
      operatingDaysPerYear: 330,
      capture: { kitchen: 1, garden: 1, paper: 1, plastic: 1, glass: 1, metal: 1, textile: 1, other: 1 },
      incineration: { netMWhPerT: 0.4, tariffPerMWh: '1450000', hazardousDisposalPerT: '2500000' },
      gateFeePerT: '350000',
      residueLandfillId: 'tpa-regional',
      openYear: i === 1 ? baseYear + 3 : undefined,
    })),
  ];

  // Capacity C = V rho (1 - f); V is set for the capacity wanted.
  const airspaceFor = (tonnes: number, density: number, coverShare: number) => Math.round(tonnes / (density * (1 - coverShare)));
  const landfills: CityFileInput['landfills'] = [
    {
      id: 'tpa-old',
      name: 'Old city dump',
      remainingAirspaceM3: airspaceFor(2_500_000, 0.6, 0.1),
      densityTPerM3: 0.6,
      cover: { method: 'share', value: 0.1 },
      usedBeforeBaseT: 6_000_000,
      closure: { totalEstimate: '150000000000' },
      omPerT: '30000',
    },
    {
      id: 'tpa-regional',
      name: 'Regional sanitary landfill',
      remainingAirspaceM3: airspaceFor(12_000_000, 0.8, 1 / 6),
      cover: { method: 'wasteToSoilRatio', value: 5 },
      tippingFeePerT: '95000',
      omPerYear: '4000000000',
      closure: { totalEstimate: '400000000000', postClosureYears: 30 },
    },
    {
      id: 'tpa-new',
      name: 'New landfill',
      remainingAirspaceM3: airspaceFor(40_000_000, 0.85, 1 / 6),
      densityTPerM3: 0.85,
      cover: { method: 'multiplier', value: 1.2 },
      openYear: baseYear + 7,
      openMonth: 4,
      tippingFeePerT: '120000',
      capital: { unitCost: '600000000000', lifeYears: 25 },
    },
  ];

  const allTp = transferPoints.map((t) => t.id);
  const scavengerGroups: CityFileInput['scavengerGroups'] = [
    ...Array.from({ length: 5 }, (_, i) => ({
      id: `itinerant-${i + 1}`,
      name: `Itinerant buyers, region ${i + 1}`,
      location: 'source' as const,
      siteIds: zones.slice(i * 20, i * 20 + 20).map((z) => z.id),
      headcount: 300,
      workingDaysPerYear: 300,
      maxKgPerPickerDay: 40,
      captureEfficiency: 0.1,
      pricePerKg: PRICES_PER_KG,
      middlemanShare: 0.2,
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `tps-pickers-${i + 1}`,
      name: `Pickers at transfer points, group ${i + 1}`,
      location: 'transferPoint' as const,
      siteIds: allTp.slice(i * 200, i * 200 + 60),
      headcount: 80,
      workingDaysPerYear: 330,
      maxKgPerPickerDay: 50,
      captureEfficiency: 0.3,
      pricePerKg: PRICES_PER_KG,
      middlemanShare: 0.4,
    })),
    {
      id: 'street-pickers',
      name: 'Street pickers',
      location: 'street',
      headcount: 1500,
      workingDaysPerYear: 300,
      maxKgPerPickerDay: 30,
      captureEfficiency: 0.2,
      pricePerKg: PRICES_PER_KG,
    },
    ...landfillIds.map((id) => ({
      id: `pickers-${id}`,
      name: `Pickers at ${id}`,
      location: 'landfill' as const,
      siteIds: [id],
      headcount: 400,
      workingDaysPerYear: 300,
      maxKgPerPickerDay: 70,
      captureEfficiency: 0.35,
      pricePerKg: PRICES_PER_KG,
      middlemanShare: 0.5,
    })),
  ];

  return {
    fileVersion: 1,
    city: {
      id: 'synthetic-large',
      name: 'Synthetic large city',
      country: 'Nowhere',
      description: 'Made up for the engine benchmark (bench/syntheticCity.ts); not a real city.',
    },
    settings: {
      currency: 'IDR',
      minorUnit: 0,
      baseYear,
      horizonYears,
      discountRate: 0.08,
      incomeThresholdPerDay: '120000',
      collectionDaysPerWeek: 6,
      seasonalFactors: seasonal,
      landfillFallbackOrder: landfillIds,
      haulOutsourcedShare: 0.3,
      haulContractPricePerT: '95000',
      overheadBasis: 'directCost',
      payerShares: { primaryCollection: { households: 1 }, incineration: { cityBudget: 0.7, higherGovernment: 0.3 } },
    },
    fractions: FRACTIONS,
    zones,
    primarySystems: [
      {
        id: 'handcart',
        name: 'Handcarts',
        householdsPerCartPerDay: 120,
        crewPerCart: 1,
        wagePerDay: '85000',
        workingDaysPerYear: 330,
        cart: { unitCost: '3500000', lifeYears: 3 },
      },
      {
        id: 'motor-cart',
        name: 'Motor carts',
        householdsPerCartPerDay: 300,
        collectionsPerWeek: 3,
        crewPerCart: 2,
        wagePerDay: '95000',
        workingDaysPerYear: 300,
        cart: { unitCost: '32000000', lifeYears: 5 },
        fuelPerCartDay: '40000',
      },
    ],
    vehicleTypes,
    transferPoints,
    facilities,
    landfills,
    scavengerGroups,
    integration: [
      { id: 'mrf-jobs', name: 'Pickers hired at recovery facilities', groupId: 'pickers-tpa-old', hired: 60, wagePerDay: '110000', daysPerYear: 300 },
    ],
    costLines: [
      { id: 'department', description: 'Sanitation department', stage: 'administration', category: 'overhead', amountPerYear: '45000000000' },
      { id: 'sweeping', description: 'Street sweeping crews', stage: 'primaryCollection', category: 'operating', amountPerYear: '30000000000' },
    ],
    fees: [
      { id: 'household-fee', name: 'Household fee', payer: 'households', stage: 'secondaryHaul', basis: 'perHouseholdMonth', amount: '10000', collectionRate: 0.6 },
      { id: 'business-fee', name: 'Commercial fee', payer: 'businesses', stage: 'finalDisposal', basis: 'perYear', amount: '25000000000' },
    ],
    scenarios: [
      {
        id: 'more-trucks',
        name: 'More trucks everywhere',
        assumptions: 'Every transfer point gets a second shift from the third year.',
        changes: [{ op: 'set', fromYear: inHorizon(2), path: 'transferPoints/*/shiftsPerDay', value: 2 }],
      },
      {
        id: 'close-old-dump',
        name: 'Close the old dump',
        assumptions: 'The old dump closes in the fifth year; its waste goes to the regional landfill.',
        changes: [{ op: 'set', fromYear: inHorizon(4), path: 'landfills/tpa-old/closureYear', value: inHorizon(4) }],
      },
    ],
    sources: [{ id: 'synthetic', citation: 'Generated by bench/syntheticCity.ts with a seeded PRNG.' }],
  };
}
