/**
 * The formulas of ../shared/MODEL.md, one function each, with the section they
 * come from. Physical quantities are plain numbers; money goes through
 * money.ts. Everything here is pure and small enough to check by hand
 * (test/model/formulas.test.ts holds the hand-checked tables; docs/model.md
 * the worked examples).
 */
import { D, type Money } from './money.js';
import { SPEED_CLASSES, type Cover, type VehicleType } from './cityFile.js';

export const DAYS_PER_YEAR = 365;
export const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Section 2: P(y) = P0 (1 + rp)^(y - y0); also used for g(y) and bulk tonnages. */
export function grow(base: number, rate: number, yearsSinceBase: number): number {
  return base * Math.pow(1 + rate, yearsSinceBase);
}

/** Section 2: G(y) = P(y) g(y) 365 / 1000, t/yr. */
export function annualGenerationT(population: number, kgPerCapDay: number): number {
  return (population * kgPerCapDay * DAYS_PER_YEAR) / 1000;
}

/** Section 1: day-weighted mean of 12 monthly factors (must be 1). */
export function seasonalMean(factors: readonly number[]): number {
  let s = 0;
  for (let m = 0; m < 12; m++) s += factors[m] * MONTH_DAYS[m];
  return s / DAYS_PER_YEAR;
}

/**
 * Factor of each day of a 365-day year from 12 monthly factors (all 1 without
 * seasonality). Validation accepts a day-weighted mean within 1e-6 of 1; the
 * factors are divided by their actual mean here so a year's days carry exactly
 * the year's tonnes (otherwise a large city would break the 1 kg/day balance).
 */
export function dailyFactors(factors: readonly number[] | undefined): Float64Array {
  const out = new Float64Array(DAYS_PER_YEAR);
  if (!factors) return out.fill(1);
  const mean = seasonalMean(factors);
  let d = 0;
  for (let m = 0; m < 12; m++) {
    for (let k = 0; k < MONTH_DAYS[m]; k++) out[d++] = mean > 0 ? factors[m] / mean : 1;
  }
  return out;
}

/** Month (1-12) of a day index 0..364 plus a fraction of the day. */
export function monthOfDay(dayOfYear: number): number {
  let acc = 0;
  for (let m = 0; m < 12; m++) {
    acc += MONTH_DAYS[m];
    if (dayOfYear < acc) return m + 1;
  }
  return 12;
}

/** First day index (0..364) of a month 1-12. */
export function firstDayOfMonth(month: number): number {
  let acc = 0;
  for (let m = 0; m < month - 1; m++) acc += MONTH_DAYS[m];
  return acc;
}

/** Section 4: (a h/trip, b h/km) of a speed class. */
export function haulConstants(speedClassKmh: keyof typeof SPEED_CLASSES): { a: number; b: number } {
  const [a, b] = SPEED_CLASSES[speedClassKmh];
  return { a, b };
}

export interface TripInputs {
  vehicle: VehicleType;
  roundTripKm: number;
  pickupLocationsPerTrip: number;
}

/** Hours in a vehicle-day available for trips: H (1 - W) - (t1 + t2). */
export function productiveHours(v: VehicleType): number {
  return v.workdayHours * (1 - v.offRouteFactor) - (v.garageToFirstHours + v.lastToGarageHours);
}

/**
 * Section 4, hauled container system:
 *   P_hcs = pc + uc + dbc;  h = a + b x;  T_hcs = P_hcs + s + h;
 *   N_d = floor((H (1 - W) - (t1 + t2)) / T_hcs).
 * Payload = min(container volume x fill x loose density, legal payload).
 */
export function hauledTrip(v: VehicleType, roundTripKm: number) {
  const { a, b } = haulConstants(v.speedClassKmh);
  const pickupHours = v.pickupHours + v.unloadHours + v.betweenStopsHours;
  const haulHours = a + b * roundTripKm;
  const hoursPerTrip = pickupHours + v.atSiteHours + haulHours;
  const raw = Math.max(0, productiveHours(v) / hoursPerTrip);
  const payloadT = Math.min(v.volumeM3 * v.fillFactor * v.looseDensityTPerM3, v.legalPayloadT);
  return { system: 'hauled' as const, roundTripKm, hoursPerTrip, tripsPerDayRaw: raw, tripsPerDay: Math.floor(raw + 1e-9), payloadT };
}

/**
 * Section 4, stationary container system:
 *   C_t = v r / (c f);  P_scs = C_t uc + (n_p - 1) dbc;  T_scs = P_scs + s + a + b x.
 * Containers per trip are whole containers (floored, at least 1). Payload = min(v r x loose density, legal).
 */
export function stationaryTrip(v: VehicleType, roundTripKm: number, pickupLocationsPerTrip: number) {
  const { a, b } = haulConstants(v.speedClassKmh);
  const c = v.containerVolumeM3 ?? v.volumeM3;
  const containersRaw = (v.volumeM3 * v.compactionRatio) / (c * v.fillFactor);
  const containersPerTrip = Math.max(1, Math.floor(containersRaw + 1e-9));
  const pickupHours = containersPerTrip * v.pickupHours + (pickupLocationsPerTrip - 1) * v.betweenStopsHours;
  const hoursPerTrip = pickupHours + v.atSiteHours + a + b * roundTripKm;
  const raw = Math.max(0, productiveHours(v) / hoursPerTrip);
  const payloadT = Math.min(containersPerTrip * c * v.fillFactor * v.looseDensityTPerM3, v.legalPayloadT);
  return {
    system: 'stationary' as const,
    roundTripKm,
    hoursPerTrip,
    tripsPerDayRaw: raw,
    tripsPerDay: Math.floor(raw + 1e-9),
    payloadT,
    containersPerTrip,
  };
}

export function tripModel(v: VehicleType, roundTripKm: number, pickupLocationsPerTrip: number) {
  return v.system === 'hauled' ? hauledTrip(v, roundTripKm) : stationaryTrip(v, roundTripKm, pickupLocationsPerTrip);
}

/**
 * Section 4: haul capacity of a point on a working day, t/day =
 * vehicles x N_d x payload x shifts, for one destination. With several legs
 * taking shares s_L of the hauled tonnage, each tonne of leg L uses 1/cap_L of
 * a fleet-day, so the capacity is 1 / sum(s_L / cap_L) (reduces to the single
 * leg formula when one leg takes everything).
 */
export function haulCapacityTPerDay(
  vehicles: number,
  shifts: number,
  legs: ReadonlyArray<{ share: number; tripsPerDay: number; payloadT: number }>,
): number {
  let denom = 0;
  let any = false;
  for (const leg of legs) {
    if (leg.share <= 0) continue;
    any = true;
    const cap = vehicles * leg.tripsPerDay * leg.payloadT * shifts;
    if (cap <= 0) return 0;
    denom += leg.share / cap;
  }
  if (!any) return 0;
  return 1 / denom;
}

/** Section 4: vehicles = ceil(trips needed / N_d) for a daily tonnage on one leg. */
export function vehiclesNeeded(tonnesPerDay: number, tripsPerDay: number, payloadT: number, shifts: number): number | null {
  if (tonnesPerDay <= 0) return 0;
  if (tripsPerDay <= 0 || payloadT <= 0) return null;
  return Math.ceil(tonnesPerDay / payloadT / (tripsPerDay * shifts) - 1e-9);
}

/**
 * Section 4: break-even round-trip distance of a transfer station
 *   D* = C_TS / (C_cv / (V P_cv) - C_tt / (V P_tt)),
 * C_TS station cost per tonne, C hourly costs, P payloads (t), V speed (km/h).
 * Null when the transfer vehicle is not cheaper per tonne-km.
 */
export function breakEvenDistanceKm(
  stationCostPerT: Money,
  cvHourly: Money,
  cvPayloadT: number,
  ttHourly: Money,
  ttPayloadT: number,
  speedKmh: number,
): number | null {
  const perTkmCv = cvHourly.div(new D(speedKmh).times(cvPayloadT));
  const perTkmTt = ttHourly.div(new D(speedKmh).times(ttPayloadT));
  const diff = perTkmCv.minus(perTkmTt);
  if (diff.lte(0)) return null;
  return stationCostPerT.div(diff).toNumber();
}

export interface CompostParams {
  rejectShare: number;
  moistureIn: number;
  volatileSolids: number;
  vsDegraded: number;
  moistureOut: number;
}

/**
 * Section 5, composting mass balance for a feed I (t):
 *   R = I r; DS = I (1 - r)(1 - M_in); DSo = DS ((1 - VS) + VS (1 - k));
 *   Q = DSo / (1 - M_out); loss = I (1 - r) - Q.
 */
export function compostBalance(feedT: number, p: CompostParams) {
  const rejectsT = feedT * p.rejectShare;
  const drySolidsT = feedT * (1 - p.rejectShare) * (1 - p.moistureIn);
  const dryOutT = drySolidsT * (1 - p.volatileSolids + p.volatileSolids * (1 - p.vsDegraded));
  const productT = dryOutT / (1 - p.moistureOut);
  const lossT = feedT * (1 - p.rejectShare) - productT;
  return { rejectsT, drySolidsT, dryOutT, productT, lossT };
}

/** Section 6: cover share f from the three ways textbooks state it. */
export function coverShare(cover: Cover): number {
  switch (cover.method) {
    case 'share':
      return cover.value;
    case 'wasteToSoilRatio':
      return 1 / (cover.value + 1);
    case 'multiplier':
      return 1 - 1 / cover.value;
  }
}

/** Section 6: C = V_rem rho (1 - f), tonnes. */
export function landfillCapacityT(remainingAirspaceM3: number, densityTPerM3: number, cover: Cover): number {
  return remainingAirspaceM3 * densityTPerM3 * (1 - coverShare(cover));
}

/** Section 6, closed form for tests: T = ln(1 + g C / L1) / ln(1 + g); C / L1 when g = 0. */
export function closedFormLifeYears(capacityT: number, firstYearIntakeT: number, growth: number): number {
  if (Math.abs(growth) < 1e-12) return capacityT / firstYearIntakeT;
  return Math.log1p((growth * capacityT) / firstYearIntakeT) / Math.log1p(growth);
}

/**
 * Section 6: depletion from annual intakes with no seasonality: the first year
 * where cumulative intake passes C, at the fraction of the year given by the
 * remaining capacity over that year's intake. Returns decimal years from the
 * start of the first year, or null when it does not fill.
 */
export function depletionFromAnnualIntake(capacityT: number, intakesT: readonly number[]): number | null {
  let remaining = capacityT;
  for (let t = 0; t < intakesT.length; t++) {
    const L = intakesT[t];
    if (L >= remaining && L > 0) return t + remaining / L;
    remaining -= L;
  }
  return null;
}

/** Section 8: CRF(i, n) = i (1 + i)^n / ((1 + i)^n - 1); 1/n when i = 0. */
export function capitalRecoveryFactor(i: number, n: number): Money {
  if (i === 0) return new D(1).div(n);
  const di = new D(String(i));
  const f = di.plus(1).pow(n);
  return di.times(f).div(f.minus(1));
}

/**
 * Section 8: annual capital charge of price P, salvage S, life n at rate i:
 * capital recovery (P - S) CRF + S i, or straight-line (P - S) / n.
 */
export function annualCapital(P: Money, S: Money, n: number, i: number, method: 'capitalRecovery' | 'straightLine'): Money {
  if (method === 'straightLine') return P.minus(S).div(n);
  return P.minus(S).times(capitalRecoveryFactor(i, n)).plus(S.times(new D(String(i))));
}

/** Section 8: discount factor 1 / (1 + r)^t. */
export function discountFactor(r: number, t: number): Money {
  return new D(1).div(new D(String(r)).plus(1).pow(t));
}

/**
 * Section 7: recovered(y) = min(headcount x kg/day x days / 1000, capture x available(y)).
 */
export function informalRecoveryT(headcount: number, kgPerPickerDay: number, days: number, capture: number, availableT: number) {
  const labourT = (headcount * kgPerPickerDay * days) / 1000;
  const supplyT = capture * availableT;
  return { recoveredT: Math.min(labourT, supplyT), labourT, supplyT, limitedBy: supplyT < labourT ? ('supply' as const) : ('labour' as const) };
}
