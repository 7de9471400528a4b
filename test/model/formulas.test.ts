/**
 * Hand-checked tables for every formula of ../shared/MODEL.md as written in
 * src/model/formulas.ts and src/model/money.ts. Each expected value was worked
 * out from the formula (the arithmetic is in the comment beside it), not
 * copied from the function's output. docs/model.md quotes these cases by name.
 */
import { describe, expect, it } from 'vitest';
import { vehicleTypeSchema, type VehicleType } from '../../src/model/cityFile.js';
import {
  annualCapital,
  annualGenerationT,
  breakEvenDistanceKm,
  capitalRecoveryFactor,
  closedFormLifeYears,
  compostBalance,
  coverShare,
  dailyFactors,
  depletionFromAnnualIntake,
  discountFactor,
  firstDayOfMonth,
  grow,
  haulCapacityTPerDay,
  haulConstants,
  hauledTrip,
  informalRecoveryT,
  landfillCapacityT,
  monthOfDay,
  productiveHours,
  seasonalMean,
  stationaryTrip,
  tripModel,
  vehiclesNeeded,
} from '../../src/model/formulas.js';
import { allocate, book, M, qty, sum } from '../../src/model/money.js';

/** A vehicle type with the city file's defaults applied (W = 0.15, f = 1, r = 1, speed class 40). */
function vehicle(over: Record<string, unknown> = {}): VehicleType {
  return vehicleTypeSchema.parse({
    id: 'v',
    name: 'Vehicle',
    system: 'hauled',
    volumeM3: 8,
    looseDensityTPerM3: 0.35,
    legalPayloadT: 6,
    pickupHours: 0.4,
    betweenStopsHours: 0,
    atSiteHours: 0.133,
    workdayHours: 8,
    garageToFirstHours: 0.25,
    lastToGarageHours: 0.25,
    crewPerVehicle: 2,
    wagePerDay: '20000',
    workingDaysPerYear: 365,
    capital: { unitCost: '300000000', lifeYears: 10 },
    fuelLitresPerKm: 0.3,
    fuelPricePerLitre: '1650',
    ...over,
  });
}

const money = (x: { toFixed: (n: number) => string }, dp: number) => x.toFixed(dp);

describe('section 2: growth and generation', () => {
  it.each([
    // P(y) = P0 (1 + rp)^(y - y0)
    { base: 100000, rate: 0, years: 7, want: 100000 }, // no growth
    { base: 100000, rate: 0.02, years: 3, want: 106120.8 }, // 1.02^3 = 1.061208
    { base: 0.5, rate: 0.01, years: 2, want: 0.51005 }, // 0.5 x 1.0201
    { base: 100000, rate: -0.01, years: 1, want: 99000 }, // decline: 100000 x 0.99
    { base: 100000, rate: 0.02, years: 0, want: 100000 }, // the base year itself
  ])('grow($base, $rate, $years) = $want', ({ base, rate, years, want }) => {
    expect(grow(base, rate, years)).toBeCloseTo(want, 9);
  });

  it.each([
    // G = P g 365 / 1000, t/yr
    { P: 100000, g: 0.5, want: 18250 }, // 100,000 x 0.5 = 50,000 kg/day = 50 t/day; x 365 = 18,250 t
    { P: 106120.8, g: 0.51005, want: 19756.3236246 }, // 106,120.8 x 0.51005 = 54,126.9378... kg/day; x 0.365 = 19,756.3236246
    { P: 0, g: 0.7, want: 0 },
  ])('annualGenerationT($P, $g) = $want t/yr', ({ P, g, want }) => {
    expect(annualGenerationT(P, g)).toBeCloseTo(want, 6);
  });
});

describe('section 1: seasonal factors', () => {
  it.each([
    // mean = sum(f_m x days_m) / 365
    { name: 'all 1', f: Array(12).fill(1), want: 1 },
    // Jan 1.2 (31 d) and Mar 0.8 (31 d) cancel: (37.2 + 24.8 + 303) / 365 = 365 / 365
    { name: 'Jan 1.2, Mar 0.8', f: [1.2, 1, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1], want: 1 },
    // Jan 2: (365 + 31) / 365 = 396 / 365 = 1.0849315...
    { name: 'Jan 2', f: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], want: 396 / 365 },
    // Feb 1.5 (28 d): (365 + 14) / 365 = 1.0383561...
    { name: 'Feb 1.5', f: [1, 1.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], want: 379 / 365 },
  ])('seasonalMean: $name -> $want', ({ f, want }) => {
    expect(seasonalMean(f)).toBeCloseTo(want, 12);
  });

  it('dailyFactors gives each day its month factor over a 365-day year', () => {
    // a pattern whose day-weighted mean is exactly 1: January 1.2 and March 0.8 (both 31 days),
    // 1 elsewhere: (37.2 + 24.8 + 303) / 365 = 1.
    const f = [1.2, 1, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const d = dailyFactors(f);
    expect(d.length).toBe(365);
    expect(d[0]).toBeCloseTo(1.2, 12); // 1 January
    expect(d[30]).toBeCloseTo(1.2, 12); // 31 January
    expect(d[31]).toBeCloseTo(1, 12); // 1 February (day index 31)
    expect(d[58]).toBeCloseTo(1, 12); // 28 February = index 31 + 27
    expect(d[59]).toBeCloseTo(0.8, 12); // 1 March = index 31 + 28
    expect(d[89]).toBeCloseTo(0.8, 12); // 31 March
    expect(d[364]).toBeCloseTo(1, 12); // 31 December
    expect(Array.from(dailyFactors(undefined)).every((x) => x === 1)).toBe(true);
  });

  it('dailyFactors divides by the actual mean, so the days of a year sum to exactly 365', () => {
    // validation accepts a mean within 1e-6 of 1; a mean of 1.0000005 would add 0.5 ppm to every year
    const f = [1.2, 1, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1].map((x) => x * 1.0000005);
    const d = dailyFactors(f);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(365, 9);
    expect(d[0] / d[59]).toBeCloseTo(1.5, 12); // the pattern is kept: 1.2 / 0.8
  });

  it.each([
    { day: 0, month: 1 },
    { day: 30, month: 1 },
    { day: 31, month: 2 },
    { day: 58, month: 2 }, // 28 February: 31 + 27
    { day: 59, month: 3 }, // 1 March: 31 + 28
    { day: 181, month: 7 }, // 1 July
    { day: 182, month: 7 },
    { day: 364, month: 12 },
  ])('monthOfDay($day) = $month', ({ day, month }) => {
    expect(monthOfDay(day)).toBe(month);
  });

  it.each([
    { month: 1, day: 0 },
    { month: 3, day: 59 }, // 31 + 28
    { month: 7, day: 181 },
    { month: 12, day: 334 }, // 365 - 31
  ])('firstDayOfMonth($month) = $day', ({ month, day }) => {
    expect(firstDayOfMonth(month)).toBe(day);
  });
});

describe('section 4: speed classes and productive hours', () => {
  it.each([
    { kmh: '88', a: 0.016, b: 0.0112 },
    { kmh: '72', a: 0.022, b: 0.014 },
    { kmh: '56', a: 0.034, b: 0.018 },
    { kmh: '40', a: 0.05, b: 0.025 },
  ] as const)('speed class $kmh km/h: a = $a h/trip, b = $b h/km', ({ kmh, a, b }) => {
    expect(haulConstants(kmh)).toEqual({ a, b });
  });

  it('H (1 - W) - (t1 + t2): 8 x 0.85 - (0.25 + 0.25) = 6.8 - 0.5 = 6.3 h', () => {
    expect(productiveHours(vehicle())).toBeCloseTo(6.3, 12);
    // W = 0.10, t1 = 0.3, t2 = 0.2: 9 x 0.9 - 0.5 = 7.6 h
    expect(productiveHours(vehicle({ workdayHours: 9, offRouteFactor: 0.1, garageToFirstHours: 0.3, lastToGarageHours: 0.2 }))).toBeCloseTo(7.6, 12);
  });
});

describe('section 4: hauled container system', () => {
  // Tchobanoglous' textbook values: pc + uc = 0.4 h/trip, s = 0.133 h/trip;
  // H = 8 h, W = 0.15, t1 = t2 = 0.25 h, so H(1-W) - (t1+t2) = 6.3 h.
  it.each([
    {
      name: 'test city arm-roll, 40 km/h class, x = 20 km',
      v: {},
      x: 20,
      // h = 0.05 + 0.025 x 20 = 0.55; T = 0.4 + 0 + 0 + 0.133 + 0.55 = 1.083 h
      // N_d raw = 6.3 / 1.083 = 5.8172; floored 5; payload min(8 x 1 x 0.35 = 2.8, 6) = 2.8 t
      T: 1.083, raw: 5.8172, Nd: 5, payload: 2.8,
    },
    {
      name: 'textbook values, 88 km/h class, x = 40 km',
      v: { speedClassKmh: '88' },
      x: 40,
      // h = 0.016 + 0.0112 x 40 = 0.464; T = 0.4 + 0.133 + 0.464 = 0.997; 6.3 / 0.997 = 6.3190 -> 6
      T: 0.997, raw: 6.319, Nd: 6, payload: 2.8,
    },
    {
      name: '72 km/h class, x = 50 km',
      v: { speedClassKmh: '72' },
      x: 50,
      // h = 0.022 + 0.014 x 50 = 0.722; T = 1.255; 6.3 / 1.255 = 5.0199 -> 5
      T: 1.255, raw: 5.0199, Nd: 5, payload: 2.8,
    },
    {
      name: 'pc 0.4 + uc 0.1 + dbc 0.1, s 0.2, 56 km/h class, x = 30 km',
      v: { speedClassKmh: '56', unloadHours: 0.1, betweenStopsHours: 0.1, atSiteHours: 0.2 },
      x: 30,
      // P = 0.6; h = 0.034 + 0.018 x 30 = 0.574; T = 0.6 + 0.2 + 0.574 = 1.374; 6.3 / 1.374 = 4.5852 -> 4
      T: 1.374, raw: 4.5852, Nd: 4, payload: 2.8,
    },
    {
      name: 'a whole number of trips computed in floating point is not floored to one less',
      v: { atSiteHours: 0.15 },
      x: 18,
      // h = 0.05 + 0.025 x 18 = 0.5; T = 0.4 + 0.15 + 0.5 = 1.05; 6.3 / 1.05 = 6 exactly -> 6
      T: 1.05, raw: 6, Nd: 6, payload: 2.8,
    },
    {
      name: 'legal payload binds',
      v: { volumeM3: 14, looseDensityTPerM3: 0.5 },
      x: 20,
      // payload min(14 x 1 x 0.5 = 7, 6) = 6 t; trip as in the first row
      T: 1.083, raw: 5.8172, Nd: 5, payload: 6,
    },
    {
      name: 'fill factor 0.8',
      v: { fillFactor: 0.8 },
      x: 20,
      // payload 8 x 0.8 x 0.35 = 2.24 t
      T: 1.083, raw: 5.8172, Nd: 5, payload: 2.24,
    },
    {
      name: 'x = 0 (the site next door)',
      v: {},
      x: 0,
      // h = a = 0.05; T = 0.4 + 0.133 + 0.05 = 0.583; 6.3 / 0.583 = 10.806 -> 10
      T: 0.583, raw: 10.8062, Nd: 10, payload: 2.8,
    },
    {
      name: 'no productive hours: no trip',
      v: { workdayHours: 1, offRouteFactor: 0.5, garageToFirstHours: 0.25, lastToGarageHours: 0.25 },
      x: 20,
      // 1 x 0.5 - 0.5 = 0 h -> 0 trips
      T: 1.083, raw: 0, Nd: 0, payload: 2.8,
    },
  ])('$name', ({ v, x, T, raw, Nd, payload }) => {
    const trip = hauledTrip(vehicle(v), x);
    expect(trip.system).toBe('hauled');
    expect(trip.hoursPerTrip).toBeCloseTo(T, 9);
    expect(trip.tripsPerDayRaw).toBeCloseTo(raw, 4);
    expect(trip.tripsPerDay).toBe(Nd);
    expect(trip.payloadT).toBeCloseTo(payload, 9);
    expect(tripModel(vehicle(v), x, 1)).toEqual(trip);
  });
});

describe('section 4: stationary container system', () => {
  const compactor = (over: Record<string, unknown> = {}) =>
    vehicle({
      system: 'stationary', volumeM3: 16, compactionRatio: 2.5, containerVolumeM3: 1.1, fillFactor: 0.8,
      looseDensityTPerM3: 0.15, legalPayloadT: 8, pickupHours: 0.05, betweenStopsHours: 0.03, atSiteHours: 0.1,
      speedClassKmh: '56', ...over,
    });
  it.each([
    {
      name: '16 m3 compactor, r 2.5, 1.1 m3 bins at f 0.8, 20 stops, x = 30 km',
      over: {},
      np: 20,
      x: 30,
      // C_t = v r / (c f) = 16 x 2.5 / (1.1 x 0.8) = 40 / 0.88 = 45.45 -> 45 whole containers
      // P_scs = C_t uc + (n_p - 1) dbc = 45 x 0.05 + 19 x 0.03 = 2.25 + 0.57 = 2.82 h
      // T = 2.82 + s 0.1 + a 0.034 + b 0.018 x 30 = 2.82 + 0.1 + 0.574 = 3.494 h
      // N_d raw = 6.3 / 3.494 = 1.8031 -> 1; payload min(45 x 1.1 x 0.8 x 0.15 = 5.94, 8) = 5.94 t
      Ct: 45, T: 3.494, raw: 1.8031, Nd: 1, payload: 5.94,
    },
    {
      name: 'one stop per trip: no driving between stops',
      over: {},
      np: 1,
      x: 30,
      // P_scs = 45 x 0.05 + 0 = 2.25; T = 2.25 + 0.1 + 0.574 = 2.924; 6.3 / 2.924 = 2.1546 -> 2
      Ct: 45, T: 2.924, raw: 2.1546, Nd: 2, payload: 5.94,
    },
    {
      name: 'legal payload binds: r 3, 0.2 t/m3 in the bins',
      over: { compactionRatio: 3, looseDensityTPerM3: 0.2 },
      np: 20,
      x: 30,
      // C_t = 48 / 0.88 = 54.55 -> 54; P = 54 x 0.05 + 0.57 = 3.27; T = 3.27 + 0.1 + 0.574 = 3.944
      // 6.3 / 3.944 = 1.5974 -> 1; payload min(54 x 0.88 x 0.2 = 9.504, 8) = 8 t
      Ct: 54, T: 3.944, raw: 1.5974, Nd: 1, payload: 8,
    },
    {
      name: 'a container larger than the body: at least one per trip',
      over: { volumeM3: 1, compactionRatio: 1, containerVolumeM3: 2, fillFactor: 1 },
      np: 1,
      x: 0,
      // C_t = 1 / 2 = 0.5 -> 1; T = 0.05 + 0.1 + 0.034 = 0.184; 6.3 / 0.184 = 34.239 -> 34
      // payload min(1 x 2 x 1 x 0.15 = 0.3, 8) = 0.3 t
      Ct: 1, T: 0.184, raw: 34.2391, Nd: 34, payload: 0.3,
    },
  ])('$name', ({ over, np, x, Ct, T, raw, Nd, payload }) => {
    const trip = stationaryTrip(compactor(over), x, np);
    expect(trip.containersPerTrip).toBe(Ct);
    expect(trip.hoursPerTrip).toBeCloseTo(T, 9);
    expect(trip.tripsPerDayRaw).toBeCloseTo(raw, 4);
    expect(trip.tripsPerDay).toBe(Nd);
    expect(trip.payloadT).toBeCloseTo(payload, 9);
    expect(tripModel(compactor(over), x, np)).toEqual(trip);
  });
});

describe('section 4: haul capacity of a point, t/day', () => {
  it.each([
    // vehicles x N_d x payload x shifts
    { name: 'single leg: 10 x 5 x 2.8 x 1', vehicles: 10, shifts: 1, legs: [{ share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 140 },
    { name: 'two shifts: 10 x 5 x 2.8 x 2', vehicles: 10, shifts: 2, legs: [{ share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 280 },
    { name: 'a shared vehicle: 2.5 x 5 x 2.8', vehicles: 2.5, shifts: 1, legs: [{ share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 35 },
    // 1 / sum(s_L / cap_L): caps 10 x 7 x 2.8 = 196 (10 km leg) and 140 (20 km leg);
    // 0.2/196 + 0.8/140 = 1/980 + 1/175 = (175 + 980) / 171,500 -> 171,500 / 1,155 = 4900/33 = 148.4848
    {
      name: 'two legs 0.2 / 0.8: 4900/33',
      vehicles: 10, shifts: 1,
      legs: [{ share: 0.2, tripsPerDay: 7, payloadT: 2.8 }, { share: 0.8, tripsPerDay: 5, payloadT: 2.8 }],
      want: 4900 / 33,
    },
    // caps 100, 200, 50: 0.5/100 + 0.25/200 + 0.25/50 = 0.005 + 0.00125 + 0.005 = 0.01125 -> 88.889
    {
      name: 'three legs 0.5 / 0.25 / 0.25: 800/9',
      vehicles: 1, shifts: 1,
      legs: [{ share: 0.5, tripsPerDay: 10, payloadT: 10 }, { share: 0.25, tripsPerDay: 20, payloadT: 10 }, { share: 0.25, tripsPerDay: 5, payloadT: 10 }],
      want: 800 / 9,
    },
    { name: 'one leg takes everything: reduces to the single-leg formula', vehicles: 10, shifts: 1, legs: [{ share: 0, tripsPerDay: 7, payloadT: 2.8 }, { share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 140 },
    { name: 'a leg with no share does not stop the haul even if no trip can be made on it', vehicles: 10, shifts: 1, legs: [{ share: 0, tripsPerDay: 0, payloadT: 2.8 }, { share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 140 },
    { name: 'a used leg with no trip possible: capacity 0', vehicles: 10, shifts: 1, legs: [{ share: 0.1, tripsPerDay: 0, payloadT: 2.8 }, { share: 0.9, tripsPerDay: 5, payloadT: 2.8 }], want: 0 },
    { name: 'no vehicles: 0', vehicles: 0, shifts: 1, legs: [{ share: 1, tripsPerDay: 5, payloadT: 2.8 }], want: 0 },
    { name: 'nothing to haul anywhere: 0', vehicles: 10, shifts: 1, legs: [{ share: 0, tripsPerDay: 5, payloadT: 2.8 }], want: 0 },
  ])('$name', ({ vehicles, shifts, legs, want }) => {
    expect(haulCapacityTPerDay(vehicles, shifts, legs)).toBeCloseTo(want, 9);
  });
});

describe('section 4: vehicles needed = ceil(trips needed / N_d)', () => {
  it.each([
    // 50 / 2.8 = 17.857 trips; / (5 x 1) = 3.571 -> 4
    { t: 50, Nd: 5, payload: 2.8, shifts: 1, want: 4 },
    // 56 / 2.8 = 20 trips; / 5 = 4 exactly -> 4, not 5
    { t: 56, Nd: 5, payload: 2.8, shifts: 1, want: 4 },
    // 20 trips / (5 x 2) = 2
    { t: 56, Nd: 5, payload: 2.8, shifts: 2, want: 2 },
    // 0.1 t still needs a vehicle
    { t: 0.1, Nd: 5, payload: 2.8, shifts: 1, want: 1 },
    { t: 0, Nd: 5, payload: 2.8, shifts: 1, want: 0 },
    // no trip can be made: no number of vehicles will do
    { t: 50, Nd: 0, payload: 2.8, shifts: 1, want: null },
  ])('$t t/day, N_d $Nd, payload $payload, shifts $shifts -> $want', ({ t, Nd, payload, shifts, want }) => {
    expect(vehiclesNeeded(t, Nd, payload, shifts)).toBe(want);
  });
});

describe('section 4: transfer station break-even distance D*', () => {
  it.each([
    // C_cv/(V P_cv) = 200,000 / (40 x 6) = 833.33 per t-km; C_tt/(V P_tt) = 400,000 / (40 x 20) = 500
    // D* = 50,000 / (833.33 - 500) = 50,000 / 333.33 = 150 km
    { name: 'IDR example: 150 km', cts: '50000', cv: '200000', pcv: 6, tt: '400000', ptt: 20, v: 40, want: 150 },
    // 150 / (40/(30 x 5) - 100/(30 x 25)) = 150 / (0.266667 - 0.133333) = 150 / 0.133333 = 1125 km
    { name: 'CNY example: 1125 km', cts: '150', cv: '40', pcv: 5, tt: '100', ptt: 25, v: 30, want: 1125 },
    // equal cost per t-km: no break-even
    { name: 'transfer vehicle not cheaper per t-km: null', cts: '50000', cv: '200000', pcv: 6, tt: '800000', ptt: 24, v: 40, want: null },
  ])('$name', ({ cts, cv, pcv, tt, ptt, v, want }) => {
    const d = breakEvenDistanceKm(M(cts), M(cv), pcv, M(tt), ptt, v);
    if (want === null) expect(d).toBeNull();
    else expect(d).toBeCloseTo(want, 9);
  });
});

describe('section 5: composting mass balance', () => {
  const defaults = { rejectShare: 0.15, moistureIn: 0.7, volatileSolids: 0.75, vsDegraded: 0.5, moistureOut: 0.35 };
  it.each([
    {
      name: 'defaults, I = 100 t',
      feed: 100,
      p: defaults,
      // R = 100 x 0.15 = 15; DS = 100 x 0.85 x 0.3 = 25.5; DSo = 25.5 x (0.25 + 0.75 x 0.5) = 25.5 x 0.625 = 15.9375
      // Q = 15.9375 / 0.65 = 24.5192; loss = 85 - 24.5192 = 60.4808
      R: 15, DS: 25.5, DSo: 15.9375, Q: 24.519231, loss: 60.480769,
    },
    {
      name: 'Chongqing MSW moisture 0.641, I = 100 t',
      feed: 100,
      p: { ...defaults, moistureIn: 0.641 },
      // DS = 100 x 0.85 x 0.359 = 30.515; DSo = 30.515 x 0.625 = 19.071875; Q = 19.071875 / 0.65 = 29.3413
      R: 15, DS: 30.515, DSo: 19.071875, Q: 29.341346, loss: 55.658654,
    },
    {
      name: 'defaults, I = 3,650 t (the engine test\'s composting centre)',
      feed: 3650,
      p: defaults,
      // R = 547.5; DS = 3650 x 0.255 = 930.75; DSo = 930.75 x 0.625 = 581.71875; Q = 581.71875 / 0.65 = 894.9519
      // loss = 3650 x 0.85 - 894.9519 = 3102.5 - 894.9519 = 2207.5481
      R: 547.5, DS: 930.75, DSo: 581.71875, Q: 894.951923, loss: 2207.548077,
    },
    {
      name: 'nothing degrades, dried to M_in: the product is the accepted feed',
      feed: 10,
      p: { rejectShare: 0, moistureIn: 0.5, volatileSolids: 0.75, vsDegraded: 0, moistureOut: 0.5 },
      // DS = 10 x 0.5 = 5; DSo = 5; Q = 5 / 0.5 = 10; loss 0
      R: 0, DS: 5, DSo: 5, Q: 10, loss: 0,
    },
  ])('$name', ({ feed, p, R, DS, DSo, Q, loss }) => {
    const b = compostBalance(feed, p);
    expect(b.rejectsT).toBeCloseTo(R, 6);
    expect(b.drySolidsT).toBeCloseTo(DS, 6);
    expect(b.dryOutT).toBeCloseTo(DSo, 6);
    expect(b.productT).toBeCloseTo(Q, 6);
    expect(b.lossT).toBeCloseTo(loss, 6);
    expect(b.rejectsT + b.productT + b.lossT).toBeCloseTo(feed, 9); // every tonne of feed ends somewhere
  });

  it('with the defaults the product is 0.85 x 0.3 x 0.625 / 0.65 = 24.5% of the feed (MODEL.md says "about a third")', () => {
    // 0.85 x 0.3 = 0.255; x (0.25 + 0.375) = 0.159375; / 0.65 = 0.2451923
    expect(compostBalance(1, defaults).productT).toBeCloseTo(0.2451923, 7);
  });
});

describe('section 6: cover share and landfill capacity', () => {
  it.each([
    { name: 'share f = 0.15', cover: { method: 'share' as const, value: 0.15 }, f: 0.15 },
    { name: 'share f = 0', cover: { method: 'share' as const, value: 0 }, f: 0 },
    // R:1 -> f = 1 / (R + 1)
    { name: 'waste:soil 4:1 -> 1/5', cover: { method: 'wasteToSoilRatio' as const, value: 4 }, f: 0.2 },
    { name: 'waste:soil 3:1 -> 1/4', cover: { method: 'wasteToSoilRatio' as const, value: 3 }, f: 0.25 },
    { name: 'waste:soil 1:1 -> 1/2', cover: { method: 'wasteToSoilRatio' as const, value: 1 }, f: 0.5 },
    // E = (waste + cover) / waste -> f = 1 - 1/E
    { name: 'multiplier 1.25 -> 1 - 0.8', cover: { method: 'multiplier' as const, value: 1.25 }, f: 0.2 },
    { name: 'multiplier 2 -> 1 - 0.5', cover: { method: 'multiplier' as const, value: 2 }, f: 0.5 },
    { name: 'multiplier 1 -> no cover', cover: { method: 'multiplier' as const, value: 1 }, f: 0 },
  ])('coverShare: $name = $f', ({ cover, f }) => {
    expect(coverShare(cover)).toBeCloseTo(f, 12);
  });

  it.each([
    // C = V_rem rho (1 - f)
    { name: '1,000,000 m3 x 0.8 x 0.85', V: 1_000_000, rho: 0.8, cover: { method: 'share' as const, value: 0.15 }, C: 680_000 },
    { name: '73,000 m3 x 0.5 x 0.75 (the engine test: 1.5 years of 18,250 t)', V: 73_000, rho: 0.5, cover: { method: 'share' as const, value: 0.25 }, C: 27_375 },
    { name: '500,000 m3 x 0.8, waste:soil 4:1 -> x 0.8', V: 500_000, rho: 0.8, cover: { method: 'wasteToSoilRatio' as const, value: 4 }, C: 320_000 },
    { name: '456,250 m3 x 1.0, multiplier 1.25 -> x 0.8', V: 456_250, rho: 1, cover: { method: 'multiplier' as const, value: 1.25 }, C: 365_000 },
    { name: 'uncompacted dump 0.55 t/m3: 200,000 x 0.55 x 0.85', V: 200_000, rho: 0.55, cover: { method: 'share' as const, value: 0.15 }, C: 93_500 },
  ])('landfillCapacityT: $name = $C t', ({ V, rho, cover, C }) => {
    expect(landfillCapacityT(V, rho, cover)).toBeCloseTo(C, 6);
  });
});

describe('section 6: landfill life', () => {
  it.each([
    // g = 0: T = C / L1 = 27,375 / 18,250 = 1.5
    { name: 'no growth: C / L1', C: 27_375, L1: 18_250, g: 0, T: 1.5 },
    // C = L1 ((1.05)^10 - 1) / 0.05 = 1000 x 0.6288946 / 0.05 = 12,577.8925 -> exactly 10 years
    { name: 'C = L1 ((1+g)^N - 1)/g gives N = 10', C: (1000 * (1.05 ** 10 - 1)) / 0.05, L1: 1000, g: 0.05, T: 10 },
    // ln(1 + 0.1 x 10,000 / 1000) / ln(1.1) = ln 2 / ln 1.1 = 0.693147 / 0.095310 = 7.2725
    { name: 'g = 10%: ln 2 / ln 1.1', C: 10_000, L1: 1000, g: 0.1, T: 7.2725409 },
  ])('closedFormLifeYears: $name', ({ C, L1, g, T }) => {
    expect(closedFormLifeYears(C, L1, g)).toBeCloseTo(T, 6);
  });

  it.each([
    // remaining 27,375 - 18,250 = 9,125 in year 2: 1 + 9,125 / 18,250 = 1.5
    { name: '1.5 years of constant intake', C: 27_375, L: [18_250, 18_250, 18_250], T: 1.5 },
    // 1000 + 1050 = 2050; 450 left of 1102.5 -> 2 + 450 / 1102.5 = 2.408163
    { name: 'growing 5% a year', C: 2_500, L: [1000, 1050, 1102.5], T: 2 + 450 / 1102.5 },
    // exactly full at the end of year 2
    { name: 'full exactly at a year end', C: 2_050, L: [1000, 1050, 1102.5], T: 2 },
    // an empty year does not deplete; 100 of 200 in the second -> 1.5
    { name: 'a year with no intake', C: 100, L: [0, 200], T: 1.5 },
    { name: 'no capacity: full from the start', C: 0, L: [100], T: 0 },
    { name: 'does not fill within the intakes given', C: 1_000_000, L: [18_250, 18_250], T: null },
  ])('depletionFromAnnualIntake: $name', ({ C, L, T }) => {
    const got = depletionFromAnnualIntake(C, L);
    if (T === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(T, 9);
  });

  it('the annual model stays within 0.015 years of the closed form halfway between whole years at g = 10%', () => {
    // C = S_3 + 0.5 L_4 with L1 = 1000, g = 0.1: S_3 = 1000 + 1100 + 1210 = 3310; L_4 = 1331 -> C = 3975.5
    // annual model: 3 + 665.5 / 1331 = 3.5; closed form: ln(1 + 0.39755) / ln 1.1 = 0.3347172 / 0.0953102 = 3.51191
    const annual = depletionFromAnnualIntake(3975.5, [1000, 1100, 1210, 1331, 1464.1]);
    expect(annual).toBeCloseTo(3.5, 12);
    expect(closedFormLifeYears(3975.5, 1000, 0.1)).toBeCloseTo(3.51191, 5);
    expect(Math.abs(annual! - closedFormLifeYears(3975.5, 1000, 0.1))).toBeLessThan(0.015);
  });
});

describe('section 8: capital recovery factor and annual capital', () => {
  it.each([
    // 1.1^10 = 2.5937424601; 0.1 x 2.5937424601 / 1.5937424601 = 0.1627453949
    { i: 0.1, n: 10, want: '0.1627453949' },
    // 1.1^5 = 1.61051; 0.161051 / 0.61051 = 0.2637974808
    { i: 0.1, n: 5, want: '0.2637974808' },
    // 1.08^20 = 4.6609571438; 0.3728765715 / 3.6609571438 = 0.1018522088
    { i: 0.08, n: 20, want: '0.1018522088' },
    // 1.12^5 = 1.7623416832; 0.2114810020 / 0.7623416832 = 0.2774097319
    { i: 0.12, n: 5, want: '0.2774097319' },
    // i = 0: 1/n
    { i: 0, n: 5, want: '0.2000000000' },
    // n = 1: (1 + i), the whole price plus a year's interest
    { i: 0.1, n: 1, want: '1.1000000000' },
  ])('CRF($i, $n) = $want', ({ i, n, want }) => {
    expect(money(capitalRecoveryFactor(i, n), 10)).toBe(want);
  });

  it.each([
    // (P - S) CRF + S i = 270,000,000 x 0.16274539488 + 30,000,000 x 0.1 = 43,941,256.62 + 3,000,000
    { name: 'capital recovery with salvage', P: '300000000', S: '30000000', n: 10, i: 0.1, method: 'capitalRecovery' as const, want: '46941256.62' },
    // 300,000,000 x 0.16274539488 = 48,823,618.46 (the test city's arm-roll truck)
    { name: 'capital recovery, no salvage', P: '300000000', S: '0', n: 10, i: 0.1, method: 'capitalRecovery' as const, want: '48823618.46' },
    // (P - S) / n = 270,000,000 / 10
    { name: 'straight line with salvage', P: '300000000', S: '30000000', n: 10, i: 0.1, method: 'straightLine' as const, want: '27000000.00' },
    // i = 0: capital recovery = straight line = 270,000,000 / 10 (+ S x 0)
    { name: 'capital recovery at i = 0 equals straight line', P: '300000000', S: '30000000', n: 10, i: 0, method: 'capitalRecovery' as const, want: '27000000.00' },
    // 2,000,000 x 0.26379748 = 527,594.96 (a handcart, 5 years at 10%)
    { name: 'a handcart', P: '2000000', S: '0', n: 5, i: 0.1, method: 'capitalRecovery' as const, want: '527594.96' },
    // CNY with cents: (1,250,000.50 - 50,000.50) x 0.1018522088 + 50,000.50 x 0.08 = 122,222.65 + 4,000.04
    { name: 'CNY amount with cents', P: '1250000.50', S: '50000.50', n: 20, i: 0.08, method: 'capitalRecovery' as const, want: '126222.69' },
  ])('annualCapital: $name = $want', ({ P, S, n, i, method, want }) => {
    expect(money(annualCapital(M(P), M(S), n, i, method), 2)).toBe(want);
  });
});

describe('section 8: discount factor 1 / (1 + r)^t', () => {
  it.each([
    { r: 0.1, t: 0, want: '1.0000000000' },
    { r: 0.1, t: 1, want: '0.9090909091' }, // 1 / 1.1
    { r: 0.1, t: 2, want: '0.8264462810' }, // 1 / 1.21
    { r: 0.08, t: 10, want: '0.4631934881' }, // 1 / 2.158925
    { r: 0, t: 7, want: '1.0000000000' },
  ])('discountFactor($r, $t) = $want', ({ r, t, want }) => {
    expect(money(discountFactor(r, t), 10)).toBe(want);
  });
});

describe('section 7: informal recovery', () => {
  it.each([
    // labour = 100 x 50 x 300 / 1000 = 1,500 t; supply = 0.5 x 7,300 = 3,650 -> 1,500, labour-limited
    { name: 'labour-limited', h: 100, kg: 50, days: 300, cap: 0.5, avail: 7300, rec: 1500, labour: 1500, supply: 3650, by: 'labour' },
    // supply = 0.5 x 730 = 365 < 1,500 -> 365, supply-limited (source separation upstream)
    { name: 'supply-limited', h: 100, kg: 50, days: 300, cap: 0.5, avail: 730, rec: 365, labour: 1500, supply: 365, by: 'supply' },
    // equal: 0.5 x 3,000 = 1,500 = labour; reported as labour-limited
    { name: 'a tie counts as labour-limited', h: 100, kg: 50, days: 300, cap: 0.5, avail: 3000, rec: 1500, labour: 1500, supply: 1500, by: 'labour' },
    { name: 'nobody works', h: 0, kg: 50, days: 300, cap: 0.5, avail: 7300, rec: 0, labour: 0, supply: 3650, by: 'labour' },
  ])('$name', ({ h, kg, days, cap, avail, rec, labour, supply, by }) => {
    const r = informalRecoveryT(h, kg, days, cap, avail);
    expect(r.recoveredT).toBeCloseTo(rec, 9);
    expect(r.labourT).toBeCloseTo(labour, 9);
    expect(r.supplyT).toBeCloseTo(supply, 9);
    expect(r.limitedBy).toBe(by);
  });
});

describe('money: M, qty, book (half-even at the minor unit)', () => {
  it('builds money from decimal strings only', () => {
    expect(M('69.90').toString()).toBe('69.9');
    expect(M(M('1250')).toString()).toBe('1250');
    expect(() => M(12.5 as unknown as string)).toThrow(TypeError);
  });

  it('fixes quantities to 9 decimals', () => {
    expect(qty(1 / 3).toString()).toBe('0.333333333');
    expect(qty(1234.5678).toString()).toBe('1234.5678');
    expect(() => qty(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    { x: '2.5', dp: 0, want: '2' }, // half to even: down to 2
    { x: '3.5', dp: 0, want: '4' }, // half to even: up to 4
    { x: '-2.5', dp: 0, want: '-2' },
    { x: '-3.5', dp: 0, want: '-4' },
    { x: '2.51', dp: 0, want: '3' }, // not a half: nearest
    { x: '1.005', dp: 2, want: '1' }, // exact decimal 1.005 -> 1.00 (a float would say 1.00 or 1.01 by accident)
    { x: '1.015', dp: 2, want: '1.02' },
    { x: '160493813.99', dp: 0, want: '160493814' },
    { x: '66666666.666667', dp: 0, want: '66666667' },
  ])('book($x, $dp) = $want', ({ x, dp, want }) => {
    expect(book(M(x), dp).toString()).toBe(want);
  });

  it("the module's example: 130,000 x 1,234.5678 = 160,493,814 IDR", () => {
    expect(book(M('130000').times(qty(1234.5678)), 0).toString()).toBe('160493814');
  });

  it('sum is exact', () => {
    // 0.1 + 0.2 = 0.3 exactly (a float gives 0.30000000000000004)
    expect(sum([M('0.1'), M('0.2')]).toString()).toBe('0.3');
  });
});

describe('money: allocate (largest remainder at the minor unit)', () => {
  it.each([
    // 100 / 3 = 33.33 each; floors 33 x 3 = 99; 1 left, equal remainders: the earlier part
    { name: 'equal thirds: the earlier part takes the unit', total: '100', w: [1, 1, 1], dp: 0, want: ['34', '33', '33'] },
    // 10.00 CNY = 1000 fen; 1:2 -> 333.33, 666.67 fen; floors 333 + 666 = 999; the larger remainder (0.67) gets the fen
    { name: 'CNY 10.00 by 1:2', total: '10.00', w: [1, 2], dp: 2, want: ['3.33', '6.67'] },
    // 1,000,000 by 1:2:3 -> 166,666.67, 333,333.33, 500,000; floors sum 999,999; the 0.67 remainder wins
    { name: '1,000,000 by 1:2:3', total: '1000000', w: [1, 2, 3], dp: 0, want: ['166667', '333333', '500000'] },
    // 100 by tonnes 18,250 : 18,250 : 3,650 : 15,147.5 (sum 55,297.5) -> 33.0033, 33.0033, 6.6007, 27.3927
    // floors 33 + 33 + 6 + 27 = 99; largest remainder 0.6007 -> the third part
    { name: 'by tonnes', total: '100', w: [18250, 18250, 3650, 15147.5], dp: 0, want: ['33', '33', '7', '27'] },
    // negative totals mirror: -100 / 3 -> ceilings -33 x 3 = -99; -1 left to the earlier part
    { name: 'a negative total', total: '-100', w: [1, 1, 1], dp: 0, want: ['-34', '-33', '-33'] },
    // -10.00 by 1:2 -> -3.33, -6.67
    { name: 'a negative CNY total', total: '-10.00', w: [1, 2], dp: 2, want: ['-3.33', '-6.67'] },
    // all weights zero: equal parts; 101 -> 50.5 each; the earlier part takes the unit
    { name: 'all weights zero: equal split', total: '101', w: [0, 0], dp: 0, want: ['51', '50'] },
    // a zero weight takes nothing: 100 by 0:1:3 -> 0, 25, 75
    { name: 'a zero weight takes nothing', total: '100', w: [0, 1, 3], dp: 0, want: ['0', '25', '75'] },
    { name: 'a zero total', total: '0', w: [1, 2], dp: 0, want: ['0', '0'] },
    { name: 'one part takes all', total: '998762971', w: [7], dp: 0, want: ['998762971'] },
  ])('$name', ({ total, w, dp, want }) => {
    const parts = allocate(M(total), w, dp);
    expect(parts.map((p) => p.toFixed(dp))).toEqual(want.map((x) => M(x).toFixed(dp)));
    expect(sum(parts).eq(M(total))).toBe(true); // no unit appears or disappears
  });

  it('no parts for no weights; a total not at the minor unit is refused', () => {
    expect(allocate(M('100'), [], 0)).toEqual([]);
    expect(() => allocate(M('100.5'), [1, 1], 0)).toThrow(RangeError);
  });
});
