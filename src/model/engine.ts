/**
 * The engine: a validated city + a scenario -> results for every year of the
 * horizon (MODEL.md sections 1-11). One year runs in this order:
 *
 *  1. generation per zone, source diversion, source scavengers, collected /
 *     uncollected (section 2), street scavengers on the uncollected part;
 *  2. collected waste routed to transfer points by shares; scavengers at
 *     transfer points take recyclables (section 7);
 *  3. each point's legs: treatment facilities take their captured fractions
 *     (pro rata when the facility is oversubscribed), the rest goes to the
 *     point's landfill (sections 4, 5);
 *  4. the trip model per leg gives the haul capacity; a daily loop carries
 *     the backlog, pick-up and overflow (section 4);
 *  5. facilities process what reaches them; residues go to landfills;
 *  6. a daily loop fills landfills in fallback order, with scavengers at the
 *     tip face, and finds depletion dates (section 6);
 *  7. costs by stage and category, overhead allocation, revenues, payers,
 *     scavenger incomes (sections 7-9);
 *  8. the mass balance check (section 1).
 *
 * Pure and deterministic: no clock, no randomness, no I/O.
 */
import type { CityFile, Category, Payer, Stage, Capital, Landfill, Facility, ScavengerGroup, TransferPoint, VehicleType } from './cityFile.js';
import { CATEGORIES, PAYERS, STAGES } from './cityFile.js';
import {
  DAYS_PER_YEAR,
  annualCapital,
  annualGenerationT,
  breakEvenDistanceKm,
  compostBalance,
  dailyFactors,
  discountFactor,
  firstDayOfMonth,
  grow,
  haulCapacityTPerDay,
  landfillCapacityT,
  monthOfDay,
  tripModel,
  vehiclesNeeded,
} from './formulas.js';
import { D, M, ZERO, allocate, book, qty, sum, type Money } from './money.js';
import type {
  CostLineResult,
  FacilityYear,
  IndustrialYear,
  LandfillLife,
  LandfillYear,
  MassBalance,
  RunWarning,
  PayerMatrix,
  RunResult,
  ScavengerGroupYear,
  StageYear,
  TransferPointYear,
  TripModel,
  YearResult,
} from './results.js';
import { citiesByYear } from './scenario.js';

/** Days of the model year (a local constant: imported bindings are slower in the daily loops). */
const DAYS = DAYS_PER_YEAR;

/** Mass balance tolerance: 1 kg/day (MODEL.md section 1), in t/yr. */
export const MASS_TOLERANCE_T = (1 / 1000) * DAYS;

type Vec = Float64Array;

interface LandfillState {
  capacityT: number;
  cumulativeT: number;
  depletionYears: number | null;
  closureCharged: Money;
  lastIntakeT: number;
}

interface CarryState {
  backlogT: Map<string, number>;
  landfills: Map<string, LandfillState>;
}

/** A scavenger group's year: what reached it, what it took by fraction, its labour limit (t). */
interface GroupAcc {
  availableT: number;
  recovered: Vec;
  noAccess: boolean;
  labourT: number;
  /** Tonnes taken at a landfill, by the landfill the waste was first sent to. */
  landfillPicks: Map<string, number>;
  /** The fractions it has a price for. */
  mask: Uint8Array;
}

interface Ctx {
  city: CityFile;
  t: number;
  year: number;
  nf: number;
  fractionIndex: Map<string, number>;
  minor: number;
}

function vecFrom(ctx: Ctx, rec: Record<string, number> | undefined, fallback: number): Vec {
  const v = new Float64Array(ctx.nf);
  for (let i = 0; i < ctx.nf; i++) v[i] = fallback;
  if (rec) for (const [k, x] of Object.entries(rec)) v[ctx.fractionIndex.get(k)!] = x;
  return v;
}
const vsum = (v: Vec) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
};
/** Tonnes of the fractions in `mask` (a scavenger group's materials). */
function maskedT(mask: Uint8Array, v: Vec): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) if (mask[i]) s += v[i];
  return s;
}
/** Remove `amount` of the masked fractions from v pro rata; returns the removed vector. */
function takeMasked(ctx: Ctx, mask: Uint8Array, v: Vec, amount: number): Vec {
  const out = new Float64Array(ctx.nf);
  const avail = maskedT(mask, v);
  if (avail <= 0 || amount <= 0) return out;
  const k = Math.min(1, amount / avail);
  for (let i = 0; i < v.length; i++) {
    if (!mask[i]) continue;
    out[i] = v[i] * k;
    v[i] -= out[i];
  }
  return out;
}

function isFacilityActive(f: Facility, year: number): boolean {
  return (f.openYear === undefined || f.openYear <= year) && (f.closeYear === undefined || year <= f.closeYear);
}

/** First day index (0..365) in the year from which the landfill accepts waste; 365 = not this year. */
function landfillOpenWindow(l: Landfill, year: number): { from: number; to: number } {
  let from = 0;
  if (l.openYear !== undefined) {
    if (year < l.openYear) from = DAYS;
    else if (year === l.openYear && l.openMonth) from = firstDayOfMonth(l.openMonth);
  }
  const to = l.closureYear !== undefined && year > l.closureYear ? 0 : DAYS;
  return { from, to };
}

/** A cost-line builder that books amounts at the minor unit. */
class Ledger {
  lines: CostLineResult[] = [];
  constructor(private minor: number) {}
  add(
    stage: Stage,
    category: Category,
    label: string,
    quantity: number,
    unit: string,
    rate: Money,
    source: string,
    ref?: string,
  ): void {
    const amount = book(rate.times(qty(quantity)), this.minor);
    if (amount.isZero()) return;
    const signed = category === 'revenue' ? amount.neg() : amount;
    this.lines.push({ stage, category, label, ref, quantity, unit, rate: rate.toString(), amount: signed, source });
  }
}

function emptyByCategory(): Record<Category, Money> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, ZERO])) as Record<Category, Money>;
}

const capitalCache = new Map<string, Money>();
/** Annual capital charge (section 8); memoised on its inputs, as the same vehicle or cart recurs every year. */
function capitalPerYear(city: CityFile, cap: Capital): Money {
  const s = city.settings;
  const i = s.capitalInterestRate ?? s.discountRate;
  const key = `${cap.unitCost}|${cap.salvage}|${cap.lifeYears}|${i}|${s.costMethod}`;
  let v = capitalCache.get(key);
  if (!v) {
    v = annualCapital(M(cap.unitCost), M(cap.salvage), cap.lifeYears, i, s.costMethod);
    if (capitalCache.size > 10000) capitalCache.clear();
    capitalCache.set(key, v);
  }
  return v;
}

export function runEngine(baseCity: CityFile, scenarioId: string | null): RunResult {
  const yearsCities = citiesByYear(baseCity, scenarioId);
  const carry: CarryState = { backlogT: new Map(), landfills: new Map() };
  const years: YearResult[] = [];
  const s0 = baseCity.settings;
  const minor = s0.minorUnit;
  const lifeById = new Map<string, LandfillLife>();

  for (let t = 0; t < yearsCities.length; t++) {
    const yr = runYear(yearsCities[t], t, carry);
    years.push(yr);
  }

  // Landfill life (section 6): every landfill ever seen, with its depletion.
  for (const [id, st] of carry.landfills) {
    const name = findLandfillName(yearsCities, id);
    const depletionYears = st.depletionYears;
    let remainingLife: number | null = depletionYears;
    let extrapolated = false;
    if (depletionYears === null && st.lastIntakeT > 0) {
      remainingLife = yearsCities.length + (st.capacityT - st.cumulativeT) / st.lastIntakeT;
      extrapolated = true;
    }
    let depletionYear: number | null = null;
    let depletionMonth: number | null = null;
    if (depletionYears !== null) {
      const whole = Math.floor(depletionYears);
      depletionYear = s0.baseYear + whole;
      depletionMonth = monthOfDay(Math.min(DAYS - 1, Math.floor((depletionYears - whole) * DAYS)));
    }
    lifeById.set(id, { id, name, capacityT: st.capacityT, depletionYears, depletionYear, depletionMonth, remainingLifeYears: remainingLife, extrapolated });
  }

  // NPV and levelised cost (section 8): stage NPVs booked, total = their sum.
  const r = s0.discountRate;
  const npvByStage = Object.fromEntries(STAGES.map((st) => [st, ZERO])) as Record<Stage, Money>;
  let discountedTonnes = 0;
  years.forEach((y, t) => {
    const f = discountFactor(r, t);
    for (const st of y.stages) npvByStage[st.stage] = npvByStage[st.stage].plus(st.netCost.times(f));
    discountedTonnes += y.collectedT / Math.pow(1 + r, t);
  });
  for (const st of STAGES) npvByStage[st] = book(npvByStage[st], minor);
  const npvNetCost = sum(Object.values(npvByStage));
  const warnings = Array.from(new Set(years.flatMap((y) => y.warnings.map((w) => `${y.year}: ${w}`))));
  return {
    cityId: baseCity.city.id,
    scenarioId,
    currency: s0.currency,
    minorUnit: minor,
    baseYear: s0.baseYear,
    years,
    landfillLife: Array.from(lifeById.values()),
    npvNetCost,
    npvByStage,
    discountedTonnes,
    levelisedCostPerTonne: discountedTonnes > 0 ? npvNetCost.div(qty(discountedTonnes)) : null,
    warnings,
    warningDetails: years.flatMap((y) => y.warningDetails),
  };
}

function findLandfillName(cities: CityFile[], id: string): string {
  for (const c of cities) {
    const l = c.landfills.find((x) => x.id === id);
    if (l) return l.name;
  }
  return id;
}

function runYear(city: CityFile, t: number, carry: CarryState): YearResult {
  const s = city.settings;
  const year = s.baseYear + t;
  const minor = s.minorUnit;
  const nf = city.fractions.length;
  const fractionIndex = new Map(city.fractions.map((f, i) => [f.id, i]));
  const ctx: Ctx = { city, t, year, nf, fractionIndex, minor };
  const warningDetails: RunWarning[] = [];
  const cityComposition = Float64Array.from(city.fractions.map((f) => f.share));
  const dayFactor = dailyFactors(s.seasonalFactors);
  const workingDay = new Uint8Array(DAYS);
  let collectionDays = 0;
  for (let d = 0; d < DAYS; d++) {
    workingDay[d] = d % 7 < s.collectionDaysPerWeek ? 1 : 0;
    collectionDays += workingDay[d];
  }

  // ---- 1. Generation (section 2) ----
  let population = 0;
  let households = 0;
  let householdsServed = 0;
  let generated = 0;
  let sourceDiverted = 0;
  const zoneSetOut = new Map<string, Vec>();
  const zoneHouseholds = new Map<string, number>();
  for (const z of city.zones) {
    const comp = z.composition ? vecFrom(ctx, z.composition, 0) : cityComposition;
    let G: number;
    if (z.kind === 'bulk') {
      G = grow(z.bulkTonnesPerDay, z.generationGrowth, t) * DAYS;
    } else {
      const P = grow(z.population, z.populationGrowth, t);
      const g = grow(z.generationKgPerCapDay, z.generationGrowth, t);
      G = annualGenerationT(P, g);
      population += P;
    }
    const hh = grow(z.households, z.populationGrowth, t);
    households += hh;
    householdsServed += hh * z.coverage;
    zoneHouseholds.set(z.id, hh);
    generated += G;
    const div = vecFrom(ctx, z.sourceDiversion, 0);
    const setOut = new Float64Array(nf);
    for (let i = 0; i < nf; i++) {
      const gi = G * comp[i];
      const di = gi * div[i];
      sourceDiverted += di;
      setOut[i] = gi - di;
    }
    zoneSetOut.set(z.id, setOut);
  }

  // Scavenger bookkeeping (section 7).
  const integratedByGroup = new Map<string, number>();
  for (const it of city.integration) integratedByGroup.set(it.groupId, (integratedByGroup.get(it.groupId) ?? 0) + it.hired);
  // A group picks what it can sell: the fractions it has prices for (MODEL.md section 7:
  // a group selling organics as animal feed lists a price for kitchen waste).
  const groupAcc = new Map<string, GroupAcc>();
  const effectiveHeadcount = (g: CityFile['scavengerGroups'][number]) => Math.max(0, g.headcount - (integratedByGroup.get(g.id) ?? 0));
  for (const g of city.scavengerGroups) {
    const mask = Uint8Array.from(city.fractions.map((f) => (g.pricePerKg[f.id] !== undefined ? 1 : 0)));
    groupAcc.set(g.id, { availableT: 0, recovered: new Float64Array(nf), noAccess: false, landfillPicks: new Map(), mask, labourT: (effectiveHeadcount(g) * g.maxKgPerPickerDay * g.workingDaysPerYear) / 1000 });
  }
  let informalRecovered = 0;

  // Source scavengers act on the set-out waste of their zones, in list order.
  for (const g of city.scavengerGroups.filter((x) => x.location === 'source')) {
    const acc = groupAcc.get(g.id)!;
    const zones = g.siteIds.length ? g.siteIds : city.zones.map((z) => z.id);
    let avail = 0;
    for (const zid of zones) avail += maskedT(acc.mask, zoneSetOut.get(zid)!);
    const rec = Math.min(acc.labourT, g.captureEfficiency * avail);
    acc.availableT += avail;
    if (avail > 0 && rec > 0) {
      for (const zid of zones) {
        const v = zoneSetOut.get(zid)!;
        const took = takeMasked(ctx, acc.mask, v, (rec * maskedT(acc.mask, v)) / avail);
        for (let i = 0; i < nf; i++) acc.recovered[i] += took[i];
      }
    }
    informalRecovered += rec;
  }

  // Collected / uncollected, routed to transfer points.
  const tpInflow = new Map<string, Vec>();
  for (const tp of city.transferPoints) tpInflow.set(tp.id, new Float64Array(nf));
  const uncollectedVec = new Float64Array(nf);
  const collectedT = routeCollected(city, nf, zoneSetOut, tpInflow, uncollectedVec);
  // Street scavengers pick from the uncollected waste.
  for (const g of city.scavengerGroups.filter((x) => x.location === 'street')) {
    const acc = groupAcc.get(g.id)!;
    const avail = maskedT(acc.mask, uncollectedVec);
    const rec = Math.min(acc.labourT, g.captureEfficiency * avail);
    acc.availableT += avail;
    const took = takeMasked(ctx, acc.mask, uncollectedVec, rec);
    for (let i = 0; i < nf; i++) acc.recovered[i] += took[i];
    informalRecovered += rec;
  }
  let uncollected = vsum(uncollectedVec);

  // ---- 2. Scavengers at transfer points ----
  const tpPicked = new Map<string, number>();
  informalRecovered += pickAtTransferPoints(ctx, groupAcc, tpInflow, tpPicked);

  // ---- 3-4. Legs, trip model, haul capacity and the daily backlog (sections 4, 5) ----
  const hauling = haulPoints(ctx, carry, tpInflow, tpPicked, dayFactor, workingDay, collectionDays);
  const { tpResults, facilityIntake, facilityCapT, landfillDaily, landfillAssignedT, landfillComp, haulKmByVehicle, fleetByVehicle, shiftsByVehicle, ensureLf } = hauling;
  const { waitingStart, waitingEnd, hauledTotal, overflowTotal, deliveredTotal } = hauling;
  const vehicles = hauling.vehicles;
  const landfills = new Map(city.landfills.map((l) => [l.id, l]));
  uncollected += overflowTotal;

  // ---- 5. Facilities (section 5) ----
  const facilityResults: FacilityYear[] = [];
  const residueDaily = new Map<string, number>();
  const defaultResidueLandfill = (): string => s.landfillFallbackOrder[0] ?? city.landfills[0].id;
  let formalRecovered = 0;
  let compostProduct = 0;
  let compostLoss = 0;
  let incinerationLoss = 0;
  let hazardousAsh = 0;
  const ledger = new Ledger(minor);
  for (const f of city.facilities) {
    const vec = facilityIntake.get(f.id)!;
    let intake = vsum(vec);
    const capT = facilityCapT.get(f.id) ?? 0;
    const residueLf = f.residueLandfillId ?? defaultResidueLandfill();
    let toLandfill = 0;
    if (intake > capT) {
      // Oversubscribed after the haul (backlog cleared): the excess continues to disposal.
      toLandfill += intake - capT;
      const k = capT / intake;
      for (let i = 0; i < nf; i++) vec[i] *= k;
      intake = capT;
    }
    let productT = 0;
    let residueT = 0;
    let lossT = 0;
    let energy = 0;
    let revenue = ZERO;
    const ref = `facilities/${f.id}`;
    if (f.kind === 'composting') {
      const p = { rejectShare: 0.15, moistureIn: 0.7, volatileSolids: 0.75, vsDegraded: 0.5, moistureOut: 0.35, shareSold: 1, pricePerT: '0', ...f.composting };
      const cb = compostBalance(intake, p);
      productT = cb.productT;
      residueT = cb.rejectsT;
      lossT = cb.lossT;
      compostProduct += productT;
      compostLoss += lossT;
      const sold = productT * p.shareSold;
      ledger.add('composting', 'revenue', `${f.name}: compost sold`, sold, 't', M(p.pricePerT), `${ref}/composting/pricePerT`, ref);
    } else if (f.kind === 'recovery') {
      residueT = intake * f.residueShare;
      productT = intake - residueT;
      formalRecovered += productT;
      for (const [fid, price] of Object.entries(f.salePricePerT)) {
        const i = ctx.fractionIndex.get(fid)!;
        const soldT = vec[i] * (1 - f.residueShare);
        ledger.add('formalRecovery', 'revenue', `${f.name}: ${city.fractions[i].name} sold`, soldT, 't', M(price), `${ref}/salePricePerT/${fid}`, ref);
      }
    } else {
      const p = { bottomAshShare: 0.22, flyAshShare: 0.03, netMWhPerT: 0, tariffPerMWh: '0', hazardousDisposalPerT: '0', ...f.incineration };
      residueT = intake * p.bottomAshShare;
      const fly = intake * p.flyAshShare;
      hazardousAsh += fly;
      lossT = intake - residueT - fly;
      incinerationLoss += lossT;
      energy = intake * p.netMWhPerT;
      ledger.add('incineration', 'revenue', `${f.name}: electricity sold`, energy, 'MWh', M(p.tariffPerMWh), `${ref}/incineration/tariffPerMWh`, ref);
      ledger.add('incineration', 'operating', `${f.name}: fly ash hazardous disposal`, fly, 't', M(p.hazardousDisposalPerT), `${ref}/incineration/hazardousDisposalPerT`, ref);
    }
    const stage: Stage = f.kind === 'composting' ? 'composting' : f.kind === 'recovery' ? 'formalRecovery' : 'incineration';
    if (isFacilityActive(f, year)) {
      if (f.capital) ledger.add(stage, 'upFront', `${f.name}: capital (annualised)`, 1, 'facility', capitalPerYear(city, f.capital), `${ref}/capital`, ref);
      ledger.add(stage, 'operating', `${f.name}: O&M per year`, 1, 'year', M(f.omPerYear), `${ref}/omPerYear`, ref);
    }
    ledger.add(stage, 'operating', `${f.name}: O&M per tonne`, intake, 't', M(f.omPerT), `${ref}/omPerT`, ref);
    ledger.add(stage, 'operating', `${f.name}: gate fee to operator`, intake, 't', M(f.gateFeePerT), `${ref}/gateFeePerT`, ref);
    toLandfill += residueT;
    if (toLandfill > 0) {
      residueDaily.set(residueLf, (residueDaily.get(residueLf) ?? 0) + toLandfill / DAYS);
      // Residues carry no recyclables worth picking (rejects, ash).
      landfillAssignedT.set(residueLf, (landfillAssignedT.get(residueLf) ?? 0) + toLandfill);
      ensureLf(residueLf);
    }
    revenue = sum(ledger.lines.filter((l) => l.ref === ref && l.category === 'revenue').map((l) => l.amount.neg()));
    facilityResults.push({ id: f.id, name: f.name, kind: f.kind, intakeT: intake, capacityT: capT, productT, residueT, lossT, energyMWh: energy, revenue });
  }

  // ---- 6. Landfills: daily filling in fallback order, tip-face scavengers (section 6) ----
  const order = [...s.landfillFallbackOrder];
  for (const l of city.landfills) if (!order.includes(l.id)) order.push(l.id);
  for (const l of city.landfills) {
    const capacityT = landfillCapacityT(l.remainingAirspaceM3, l.densityTPerM3, l.cover);
    const known = carry.landfills.get(l.id);
    if (known && known.capacityT !== capacityT) {
      // A scenario changed the airspace, density or cover from this year (an expansion, better compaction).
      known.capacityT = capacityT;
      if (known.cumulativeT < capacityT - 1e-9) known.depletionYears = null;
      else if (known.depletionYears === null) known.depletionYears = t;
    }
    if (!known) {
      carry.landfills.set(l.id, {
        capacityT,
        cumulativeT: 0,
        depletionYears: capacityT <= 0 ? t : null,
        closureCharged: l.closure ? closureAccrued(l, 0, minor) : ZERO,
        lastIntakeT: 0,
      });
    }
  }
  const windows = new Map(city.landfills.map((l) => [l.id, landfillOpenWindow(l, year)]));
  const lfIntake = new Map<string, number>();
  const lfPicked = new Map<string, number>();
  // Share of each group's materials in what a landfill receives (residues and ash carry none).
  const pickableShare = (src: string, mask: Uint8Array): number => {
    const assigned = landfillAssignedT.get(src) ?? 0;
    const comp = landfillComp.get(src);
    return assigned > 0 && comp ? maskedT(mask, comp) / assigned : 0;
  };
  const lfGroups = city.scavengerGroups.filter((g) => g.location === 'landfill');
  const groupsAt = new Map<string, typeof lfGroups>();
  for (const id of order) groupsAt.set(id, lfGroups.filter((g) => g.siteIds.length === 0 || g.siteIds.includes(id)));
  const filled = fillLandfillDays({
    t, year, landfillDaily, residueDaily, order, landfills, windows, carry, workingDay, collectionDays, groupsAt, groupAcc, pickableShare, lfPicked, lfIntake, warningDetails,
  });
  const withoutSite = filled.withoutSite;
  informalRecovered += filled.picked;
  if (withoutSite > 0.5) {
    warningDetails.push({ code: 'noOpenLandfill', year, tonnes: withoutSite, message: `NO OPEN LANDFILL: ${Math.round(withoutSite)} t disposed without a site` });
  }
  for (const l of city.landfills) carry.landfills.get(l.id)!.lastIntakeT = lfIntake.get(l.id) ?? 0;
  // Materials of landfill picking, by the composition of what reached each source landfill.
  for (const acc of groupAcc.values()) {
    for (const [src, tonnes] of acc.landfillPicks) {
      const comp = landfillComp.get(src);
      const tot = comp ? maskedT(acc.mask, comp) : 0;
      if (!comp || tot <= 0) continue;
      for (let i = 0; i < nf; i++) if (acc.mask[i]) acc.recovered[i] += (tonnes * comp[i]) / tot;
    }
  }

  const landfilled = Array.from(lfIntake.values()).reduce((a, b) => a + b, 0);

  // ---- 7. Costs (section 8) ----
  const primaryTonnes = collectedT;
  bookCosts({
    city, year, minor, ledger, zoneHouseholds, tpResults, fleetByVehicle, shiftsByVehicle, vehicles, haulKmByVehicle, hauledTotal, lfIntake, windows, carry, withoutSite,
  });

  // Stage tonnages (what each stage handles).
  const facilityT = (kind: Facility['kind']) => facilityResults.filter((f) => f.kind === kind).reduce((a, f) => a + f.intakeT, 0);
  const stageTonnes: Record<Stage, number> = {
    primaryCollection: primaryTonnes,
    transfer: deliveredTotal,
    secondaryHaul: hauledTotal,
    composting: facilityT('composting'),
    formalRecovery: facilityT('recovery'),
    incineration: facilityT('incinerator'),
    finalDisposal: landfilled,
    administration: collectedT,
  };
  const stages = buildStages(ledger.lines, stageTonnes, s.overheadBasis, minor);

  // ---- Scavenger incomes (section 7) ----
  const haul = stages.find((x) => x.stage === 'secondaryHaul')!;
  const disp = stages.find((x) => x.stage === 'finalDisposal')!;
  const haulPerT = haul.tonnes > 0 ? haul.netCost.div(qty(haul.tonnes)) : ZERO;
  const dispPerT = disp.tonnes > 0 ? disp.netCost.div(qty(disp.tonnes)) : ZERO;
  const threshold = M(s.incomeThresholdPerDay);
  const scavengers: ScavengerGroupYear[] = city.scavengerGroups.map((g) => {
    const acc = groupAcc.get(g.id)!;
    const hc = effectiveHeadcount(g);
    let income = ZERO;
    for (const [fid, price] of Object.entries(g.pricePerKg)) {
      const i = ctx.fractionIndex.get(fid)!;
      income = income.plus(M(price).times(qty(acc.recovered[i] * 1000)).times(qty(1 - g.middlemanShare)));
    }
    income = book(income, minor);
    const recoveredT = vsum(acc.recovered);
    const perYear = hc > 0 ? income.div(qty(hc)) : ZERO;
    const perDay = perYear.div(g.workingDaysPerYear);
    const supplyLimited = g.captureEfficiency * acc.availableT < acc.labourT;
    const noAccess = acc.noAccess || (g.location === 'landfill' && acc.availableT === 0);
    return {
      id: g.id,
      name: g.name,
      location: g.location,
      headcount: hc,
      availableT: acc.availableT,
      recoveredT,
      limitedBy: noAccess ? 'noAccess' : supplyLimited ? 'supply' : 'labour',
      incomeTotal: income,
      incomePerPickerYear: perYear,
      incomePerPickerDay: perDay,
      belowThreshold: hc > 0 && perDay.lt(threshold) ? hc : 0,
      integrated: integratedByGroup.get(g.id) ?? 0,
      municipalCostSaved: book(haulPerT.plus(dispPerT).times(qty(recoveredT)), minor),
    };
  });

  // ---- Industrial streams (section 2) ----
  const industrial: IndustrialYear[] = city.industrialStreams.map((st) => {
    const gen = grow(st.tonnesPerYear, st.growth, t);
    const used = gen * st.utilisationRate;
    const disposed = gen - used;
    const net = book(M(st.netRevenuePerTUtilised).times(qty(used)), minor).minus(book(M(st.disposalCostPerT).times(qty(disposed)), minor));
    return { id: st.id, name: st.name, generatedT: gen, utilisedT: used, disposedT: disposed, net };
  });

  // ---- Totals, payers (section 9) ----
  const grossCost = sum(stages.map((x) => x.directCost));
  const revenue = sum(stages.map((x) => x.revenue));
  const netCost = grossCost.minus(revenue);
  const payers = buildPayers(city, stages, householdsServed, minor);

  // ---- 8. Mass balance (section 1) ----
  const mass: MassBalance = {
    generated,
    sourceDiverted,
    informalRecovered,
    formalRecovered,
    compostProduct,
    compostProcessLoss: compostLoss,
    incinerationMassLoss: incinerationLoss,
    hazardousAsh,
    landfilled,
    disposalWithoutSite: withoutSite,
    uncollected,
    waitingChange: waitingEnd - waitingStart,
    residual: 0,
  };
  mass.residual =
    generated -
    (sourceDiverted + informalRecovered + formalRecovered + compostProduct + compostLoss + incinerationLoss + hazardousAsh + landfilled + withoutSite + uncollected + mass.waitingChange);
  if (Math.abs(mass.residual) > MASS_TOLERANCE_T) {
    const detail = `mass balance residual ${mass.residual.toFixed(3)} t exceeds 1 kg/day`;
    warningDetails.push({ code: 'checkFailed', year, check: 'massBalance', detail, message: `CHECK FAILED: ${detail}` });
  }
  for (const [k, v] of Object.entries(mass)) {
    if (k !== 'residual' && k !== 'waitingChange' && v < -1e-6) {
      warningDetails.push({ code: 'checkFailed', year, check: 'negativeTonnage', detail: `${k} = ${v}`, message: `CHECK FAILED: negative tonnage ${k} = ${v}` });
    }
  }
  if (!sum(stages.map((x) => x.netCost)).eq(netCost)) {
    warningDetails.push({ code: 'checkFailed', year, check: 'costTotals', detail: 'stage costs do not sum to the total', message: 'CHECK FAILED: stage costs do not sum to the total' });
  }

  const lfResults: LandfillYear[] = city.landfills.map((l) => {
    const st = carry.landfills.get(l.id)!;
    const w = windows.get(l.id)!;
    return {
      id: l.id,
      name: l.name,
      intakeT: lfIntake.get(l.id) ?? 0,
      pickedT: lfPicked.get(l.id) ?? 0,
      cumulativeT: st.cumulativeT,
      capacityT: st.capacityT,
      fillShare: st.capacityT > 0 ? st.cumulativeT / st.capacityT : 1,
      open: w.from < w.to,
      full: st.cumulativeT >= st.capacityT - 1e-9,
    };
  });
  const diverted = sourceDiverted + informalRecovered + formalRecovered + compostProduct + compostLoss;
  return {
    year,
    population,
    households,
    mass,
    collectedT,
    transferPoints: tpResults,
    facilities: facilityResults,
    landfills: lfResults,
    scavengers,
    industrial,
    stages,
    grossCost,
    revenue,
    netCost,
    costPerTonneCollected: collectedT > 0 ? netCost.div(qty(collectedT)) : null,
    costPerCapita: population > 0 ? netCost.div(qty(population)) : null,
    costPerHouseholdMonth: households > 0 ? netCost.div(qty(households)).div(12) : null,
    payers,
    diversionRate: generated > 0 ? diverted / generated : 0,
    warnings: warningDetails.map((n) => n.message),
    warningDetails,
  };
}

function addToProfile(m: Map<string, number>, key: string, tonnes: number): void {
  m.set(key, (m.get(key) ?? 0) + tonnes);
}

interface FillEnv {
  t: number;
  year: number;
  landfillDaily: Map<string, Float64Array>;
  residueDaily: Map<string, number>;
  order: string[];
  landfills: Map<string, Landfill>;
  windows: Map<string, { from: number; to: number }>;
  carry: CarryState;
  workingDay: Uint8Array;
  collectionDays: number;
  groupsAt: Map<string, ScavengerGroup[]>;
  groupAcc: Map<string, GroupAcc>;
  pickableShare: (src: string, mask: Uint8Array) => number;
  lfPicked: Map<string, number>;
  lfIntake: Map<string, number>;
  warningDetails: RunWarning[];
}

/**
 * Section 6, day by day: each landfill's intake goes to it while it is open and has room, then
 * to the next open one in the fallback order; what finds no site is disposal without a site.
 * Scavengers at the tip face take their materials first. Records the depletion date.
 */
function fillLandfillDays(env: FillEnv): { withoutSite: number; picked: number } {
  const { t, year, landfillDaily, residueDaily, order, landfills, windows, carry, workingDay, collectionDays, groupsAt, groupAcc, pickableShare, lfPicked, lfIntake, warningDetails } = env;
  let withoutSite = 0;
  let picked = 0;
  const sources = Array.from(landfillDaily.keys());
  const usedToday = new Map<string, number>();
  for (let d = 0; d < DAYS; d++) {
    usedToday.clear();
    for (const src of sources) {
      let amount = landfillDaily.get(src)![d] + (residueDaily.get(src) ?? 0);
      if (amount <= 0) continue;
      const candidates = [src, ...order.filter((x) => x !== src)];
      for (const target of candidates) {
        if (amount <= 0) break;
        const l = landfills.get(target);
        if (!l) continue;
        const w = windows.get(target)!;
        if (d < w.from || d >= w.to) continue;
        const st = carry.landfills.get(target)!;
        const room = st.capacityT - st.cumulativeT;
        if (room <= 0) continue;
        // Scavengers at the tip face take their share of their materials arriving here today.
        // Waste from transfer points arrives on collection days only; the pickers' labour is spread over those days.
        for (const g of workingDay[d] ? groupsAt.get(target) ?? [] : []) {
          const acc = groupAcc.get(g.id)!;
          const dayCap = acc.labourT / collectionDays - (usedToday.get(g.id) ?? 0);
          const avail = amount * pickableShare(src, acc.mask);
          acc.availableT += avail;
          const take = Math.max(0, Math.min(dayCap, g.captureEfficiency * avail));
          if (take > 0) {
            usedToday.set(g.id, (usedToday.get(g.id) ?? 0) + take);
            amount -= take;
            lfPicked.set(target, (lfPicked.get(target) ?? 0) + take);
            picked += take;
            // By material: in proportion to the group's materials at this landfill (after the loop).
            acc.landfillPicks.set(src, (acc.landfillPicks.get(src) ?? 0) + take);
          }
        }
        const placed = Math.min(room, amount);
        st.cumulativeT += placed;
        lfIntake.set(target, (lfIntake.get(target) ?? 0) + placed);
        if (placed < amount || st.cumulativeT >= st.capacityT - 1e-9) {
          if (st.depletionYears === null && st.cumulativeT >= st.capacityT - 1e-9) {
            st.depletionYears = t + (d + (amount > 0 ? placed / amount : 1)) / DAYS;
            const month = monthOfDay(d);
            warningDetails.push({
              code: 'landfillFull', year, landfillId: l.id, landfillName: l.name, month,
              message: `landfill ${l.name} is full (${monthName(month)} ${year}); its waste goes to the next site in the fallback order`,
            });
          }
        }
        amount -= placed;
      }
      if (amount > 1e-12) withoutSite += amount;
    }
  }
  return { withoutSite, picked };
}

/** Section 7: scavengers at transfer points take their materials from what is delivered, before the haul. */
function pickAtTransferPoints(ctx: Ctx, groupAcc: Map<string, GroupAcc>, tpInflow: Map<string, Vec>, tpPicked: Map<string, number>): number {
  const { city, nf } = ctx;
  let picked = 0;
  for (const g of city.scavengerGroups.filter((x) => x.location === 'transferPoint')) {
    const acc = groupAcc.get(g.id)!;
    const ids = g.siteIds.length ? g.siteIds.filter((id) => tpInflow.has(id)) : city.transferPoints.map((x) => x.id);
    if (g.siteIds.length && ids.length === 0) acc.noAccess = true;
    let avail = 0;
    for (const id of ids) avail += maskedT(acc.mask, tpInflow.get(id)!);
    const rec = Math.min(acc.labourT, g.captureEfficiency * avail);
    acc.availableT += avail;
    if (avail > 0 && rec > 0) {
      for (const id of ids) {
        const v = tpInflow.get(id)!;
        const took = takeMasked(ctx, acc.mask, v, (rec * maskedT(acc.mask, v)) / avail);
        const tookT = vsum(took);
        tpPicked.set(id, (tpPicked.get(id) ?? 0) + tookT);
        for (let i = 0; i < nf; i++) acc.recovered[i] += took[i];
      }
    }
    picked += rec;
  }
  return picked;
}

interface CostEnv {
  city: CityFile;
  year: number;
  minor: number;
  ledger: Ledger;
  zoneHouseholds: Map<string, number>;
  tpResults: TransferPointYear[];
  fleetByVehicle: Map<string, number>;
  shiftsByVehicle: Map<string, number>;
  vehicles: Map<string, VehicleType>;
  haulKmByVehicle: Map<string, { km: number; trips: number; tonnes: number }>;
  hauledTotal: number;
  lfIntake: Map<string, number>;
  windows: Map<string, { from: number; to: number }>;
  carry: CarryState;
  withoutSite: number;
}

/**
 * Section 8: the year's cost lines by stage and category: primary collection (section 3),
 * transfer points and the break-even distance D* (section 4), haul by vehicle type and the
 * contracted share, final disposal with the GASB 18 accrual (section 6), the city's own cost
 * lines and the wages of integrated scavengers (section 7).
 */
function bookCosts(env: CostEnv): void {
  const { city, year, minor, ledger, zoneHouseholds, tpResults, fleetByVehicle, shiftsByVehicle, vehicles, haulKmByVehicle, hauledTotal, lfIntake, windows, carry, withoutSite } = env;
  const s = city.settings;
  // Primary collection (section 3).
  for (const ps of city.primarySystems) {
    const served = city.zones
      .filter((z) => z.primarySystemId === ps.id)
      .reduce((a, z) => a + (zoneHouseholds.get(z.id) ?? 0) * z.coverage, 0);
    if (served <= 0) continue;
    const carts = Math.ceil((served * (ps.collectionsPerWeek / 7)) / ps.householdsPerCartPerDay - 1e-9);
    const ref = `primarySystems/${ps.id}`;
    ledger.add('primaryCollection', 'operating', `${ps.name}: crew wages`, carts * ps.crewPerCart * ps.workingDaysPerYear, 'person-days', M(ps.wagePerDay), `${ref}/wagePerDay`, ref);
    ledger.add('primaryCollection', 'upFront', `${ps.name}: carts (annualised)`, carts, 'carts', capitalPerYear(city, ps.cart), `${ref}/cart`, ref);
    ledger.add('primaryCollection', 'operating', `${ps.name}: cart maintenance`, carts, 'carts', M(ps.cart.unitCost).times(qty(ps.maintenanceShareOfCapital)), `${ref}/maintenanceShareOfCapital`, ref);
    ledger.add('primaryCollection', 'operating', `${ps.name}: fuel`, carts * ps.workingDaysPerYear, 'cart-days', M(ps.fuelPerCartDay), `${ref}/fuelPerCartDay`, ref);
  }
  // Transfer points (capital + O&M) and the break-even distance for stations.
  const tpResultById = new Map(tpResults.map((r) => [r.id, r]));
  // Plain points are booked in groups of equal rates (one line per rate, quantity = points);
  // stations get their own lines and the break-even distance D*.
  const tpGroups = new Map<string, { n: number; capital?: Capital; om: string }>();
  for (const tp of city.transferPoints) {
    if (!tp.station) {
      const key = `${tp.omPerYear}|${tp.capital ? `${tp.capital.unitCost}|${tp.capital.salvage}|${tp.capital.lifeYears}` : ''}`;
      const g = tpGroups.get(key) ?? { n: 0, capital: tp.capital, om: tp.omPerYear };
      g.n++;
      tpGroups.set(key, g);
      continue;
    }
    const ref = `transferPoints/${tp.id}`;
    let stationCost = ZERO;
    if (tp.capital) {
      const c = capitalPerYear(city, tp.capital);
      stationCost = stationCost.plus(c);
      ledger.add('transfer', 'upFront', `${tp.name}: capital (annualised)`, 1, 'station', c, `${ref}/capital`, ref);
    }
    stationCost = stationCost.plus(M(tp.omPerYear));
    ledger.add('transfer', 'operating', `${tp.name}: O&M`, 1, 'year', M(tp.omPerYear), `${ref}/omPerYear`, ref);
    const r = tpResultById.get(tp.id)!;
    if (r.hauledT > 0) {
      const perT = stationCost.div(qty(r.hauledT));
      const st = tp.station;
      const dstar = breakEvenDistanceKm(perT, M(st.collectionVehicleHourlyCost), st.collectionPayloadT, M(st.transferVehicleHourlyCost), st.transferPayloadT, st.averageSpeedKmh);
      if (dstar !== null) r.breakEvenKm = dstar;
    }
  }
  for (const g of tpGroups.values()) {
    if (g.capital) ledger.add('transfer', 'upFront', 'Transfer points: capital (annualised)', g.n, 'points', capitalPerYear(city, g.capital), 'transferPoints/*/capital');
    ledger.add('transfer', 'operating', 'Transfer points: O&M', g.n, 'point-years', M(g.om), 'transferPoints/*/omPerYear');
  }
  // Secondary collection and haul, by vehicle type; the outsourced share is paid per tonne.
  const own = 1 - s.haulOutsourcedShare;
  for (const [vid, fleet] of fleetByVehicle) {
    const v = vehicles.get(vid)!;
    const km = haulKmByVehicle.get(vid) ?? { km: 0, trips: 0, tonnes: 0 };
    const ref = `vehicleTypes/${vid}`;
    // Each shift has its own crew: person-days = vehicle-shifts x crew x working days.
    const vehicleShifts = shiftsByVehicle.get(vid) ?? fleet;
    ledger.add('secondaryHaul', 'operating', `${v.name}: crew wages`, vehicleShifts * own * v.crewPerVehicle * v.workingDaysPerYear, 'person-days', M(v.wagePerDay), `${ref}/wagePerDay`, ref);
    ledger.add('secondaryHaul', 'upFront', `${v.name}: vehicles (annualised)`, fleet * own, 'vehicles', capitalPerYear(city, v.capital), `${ref}/capital`, ref);
    ledger.add('secondaryHaul', 'operating', `${v.name}: maintenance`, fleet * own, 'vehicles', M(v.capital.unitCost).times(qty(v.maintenanceShareOfCapital)), `${ref}/maintenanceShareOfCapital`, ref);
    ledger.add('secondaryHaul', 'operating', `${v.name}: fuel`, km.km * own * v.fuelLitresPerKm, 'litres', M(v.fuelPricePerLitre), `${ref}/fuelPricePerLitre`, ref);
  }
  ledger.add('secondaryHaul', 'operating', 'Contracted haul (outsourced share)', hauledTotal * s.haulOutsourcedShare, 't', M(s.haulContractPricePerT), 'settings/haulContractPricePerT');
  // Final disposal: tipping fees, O&M, capital, GASB 18 closure accrual.
  for (const l of city.landfills) {
    const ref = `landfills/${l.id}`;
    const intake = lfIntake.get(l.id) ?? 0;
    const w = windows.get(l.id)!;
    ledger.add('finalDisposal', 'operating', `${l.name}: tipping fee to operator`, intake, 't', M(l.tippingFeePerT), `${ref}/tippingFeePerT`, ref);
    ledger.add('finalDisposal', 'operating', `${l.name}: O&M per tonne`, intake, 't', M(l.omPerT), `${ref}/omPerT`, ref);
    if (w.from < w.to) {
      ledger.add('finalDisposal', 'operating', `${l.name}: O&M per year`, 1, 'year', M(l.omPerYear), `${ref}/omPerYear`, ref);
      if (l.capital) ledger.add('finalDisposal', 'upFront', `${l.name}: capital (annualised)`, 1, 'site', capitalPerYear(city, l.capital), `${ref}/capital`, ref);
    }
    if (l.closure) {
      const st = carry.landfills.get(l.id)!;
      const accrued = closureAccrued(l, st.cumulativeT, minor, st.capacityT);
      const charge = accrued.minus(st.closureCharged);
      st.closureCharged = accrued;
      if (!charge.isZero()) {
        ledger.lines.push({
          stage: 'finalDisposal', category: 'backEnd', label: `${l.name}: closure and post-closure accrual (GASB 18)`, ref,
          quantity: intake, unit: 't', rate: charge.div(intake > 0 ? qty(intake) : new D(1)).toDecimalPlaces(6).toString(), amount: charge, source: `${ref}/closure/totalEstimate`,
        });
      }
    }
  }
  // Disposal without a site (section 6): the city still pays for it (emergency dumping, clean-up) at the rate it sets.
  ledger.add('finalDisposal', 'operating', 'Disposal without a site', withoutSite, 't', M(s.withoutSiteCostPerT), 'settings/withoutSiteCostPerT');
  // User cost lines, integration wages.
  for (const c of city.costLines) {
    if ((c.fromYear && year < c.fromYear) || (c.toYear && year > c.toYear)) continue;
    ledger.add(c.stage, c.category, c.description, 1, 'year', M(c.amountPerYear), `costLines/${c.id}/amountPerYear`, `costLines/${c.id}`);
  }
  for (const it of city.integration) {
    ledger.add(it.stage, 'operating', `${it.name}: wages of former scavengers`, it.hired * it.daysPerYear, 'person-days', M(it.wagePerDay), `integration/${it.id}/wagePerDay`, `integration/${it.id}`);
  }

}

/** Section 2: collected = c x set-out, the rest uncollected; collected waste to transfer points by shares. */
function routeCollected(city: CityFile, nf: number, zoneSetOut: Map<string, Vec>, tpInflow: Map<string, Vec>, uncollectedVec: Vec): number {
  let collectedT = 0;
  for (const z of city.zones) {
    const setOut = zoneSetOut.get(z.id)!;
    const targets = z.routing.map((r) => tpInflow.get(r.transferPointId)!);
    const shares = z.routing.map((r) => r.share);
    for (let i = 0; i < nf; i++) {
      const c = setOut[i] * z.coverage;
      uncollectedVec[i] += setOut[i] - c;
      collectedT += c;
      for (let k = 0; k < targets.length; k++) targets[k][i] += c * shares[k];
    }
  }
  return collectedT;
}

/**
 * Section 4, one point's year day by day: backlog(d+1) = max(0, backlog(d) + inflow(d) - capacity(d))
 * on collection days (no haul on the others); what exceeds the storage limit overflows. Adds the
 * landfill leg's share of each day's haul to `lfArr`. A small function of its own so V8 optimises it.
 */
function simulateBacklog(
  b0: number,
  perDay: number,
  capPerDay: number,
  limit: number,
  dayFactor: Float64Array,
  workingDay: Uint8Array,
  lfArr: Float64Array,
  lfShare: number,
): { b: number; hauled: number; overflow: number; maxB: number } {
  let b = b0;
  let hauled = 0;
  let overflow = 0;
  let maxB = b0;
  for (let d = 0; d < DAYS; d++) {
    const avail = b + perDay * dayFactor[d];
    const h = workingDay[d] ? Math.min(avail, capPerDay) : 0;
    b = avail - h;
    if (b > limit) {
      overflow += b - limit;
      b = limit;
    }
    if (b > maxB) maxB = b;
    hauled += h;
    lfArr[d] += h * lfShare;
  }
  return { b, hauled, overflow, maxB };
}

interface HaulEnv {
  ctx: Ctx;
  carry: CarryState;
  tpInflow: Map<string, Vec>;
  tpPicked: Map<string, number>;
  legTake: (tpId: string, factors: Map<string, number>) => { takes: Array<{ siteId: string; vec: Vec }>; rest: Vec };
  factors: Map<string, number>;
  vehicles: Map<string, VehicleType>;
  dayFactor: Float64Array;
  workingDay: Uint8Array;
  collectionDays: number;
  maxDayFactor: number;
  ensureLf: (id: string) => Float64Array;
  lfScalar: Map<string, number>;
  facilityIntake: Map<string, Vec>;
  facilityCapT: Map<string, number>;
  landfillDaily: Map<string, Float64Array>;
  landfillAssignedT: Map<string, number>;
  landfillComp: Map<string, Vec>;
  haulKmByVehicle: Map<string, { km: number; trips: number; tonnes: number }>;
  fleetByVehicle: Map<string, number>;
  /** Vehicle-shifts per day by vehicle type: each shift has its own crew. */
  shiftsByVehicle: Map<string, number>;
  tpResults: TransferPointYear[];
  waitingStart: number;
  waitingEnd: number;
  hauledTotal: number;
  overflowTotal: number;
  deliveredTotal: number;
}

/**
 * Sections 4 and 5 routing: each point's legs (treatment first, pro rata when a facility is
 * oversubscribed, then the landfill), the trip model and the daily backlog. Kept out of
 * runYear so V8 optimises these loops early.
 */
function haulPoints(ctx: Ctx, carry: CarryState, tpInflow: Map<string, Vec>, tpPicked: Map<string, number>, dayFactor: Float64Array, workingDay: Uint8Array, collectionDays: number): HaulEnv {
  const { city, year, nf } = ctx;
  const vehicles = new Map(city.vehicleTypes.map((v) => [v.id, v]));
  const captureVec = new Map<string, Vec>();
  for (const f of city.facilities) captureVec.set(f.id, vecFrom(ctx, f.capture, 0));
  const facilityCapT = new Map<string, number>();
  for (const f of city.facilities) facilityCapT.set(f.id, isFacilityActive(f, year) ? f.capacityTPerDay * f.operatingDaysPerYear : 0);

  const tpById = new Map(city.transferPoints.map((x) => [x.id, x]));
  const legTake = (tpId: string, factors: Map<string, number>) => {
    const tp = tpById.get(tpId)!;
    const rest = Float64Array.from(tpInflow.get(tpId)!);
    const takes: Array<{ siteId: string; vec: Vec }> = [];
    for (const leg of tp.legs.slice(0, -1)) {
      const cap = captureVec.get(leg.siteId)!;
      const k = factors.get(leg.siteId) ?? 1;
      const v = new Float64Array(nf);
      for (let i = 0; i < nf; i++) {
        v[i] = rest[i] * cap[i] * k;
        rest[i] -= v[i];
      }
      takes.push({ siteId: leg.siteId, vec: v });
    }
    return { takes, rest };
  };
  // Pass 1: demand at full acceptance -> pro-rata factors; pass 2 with the factors.
  const demand = new Map<string, number>();
  for (const tp of city.transferPoints) {
    for (const tk of legTake(tp.id, NO_FACTORS).takes) demand.set(tk.siteId, (demand.get(tk.siteId) ?? 0) + vsum(tk.vec));
  }
  const factors = new Map<string, number>();
  for (const [fid, dem] of demand) {
    const cap = facilityCapT.get(fid) ?? 0;
    factors.set(fid, dem > 0 ? Math.min(1, cap / dem) : 0);
  }

  // ---- 4. Trip model, haul capacity and the daily backlog (section 4) ----
  const landfillDaily = new Map<string, Float64Array>();
  /** Composition (t by fraction) of what transfer points send to each landfill this year. */
  const landfillComp = new Map<string, Vec>();
  const landfillAssignedT = new Map<string, number>();
  const ensureLf = (id: string) => {
    let a = landfillDaily.get(id);
    if (!a) {
      a = new Float64Array(DAYS);
      landfillDaily.set(id, a);
    }
    return a;
  };
  // Annual tonnes to a landfill that follow the day profile exactly (points whose capacity never binds).
  const lfScalar = new Map<string, number>();
  let maxDayFactor = 0;
  for (let d = 0; d < DAYS; d++) if (dayFactor[d] > maxDayFactor) maxDayFactor = dayFactor[d];
  const facilityIntake = new Map<string, Vec>();
  for (const f of city.facilities) facilityIntake.set(f.id, new Float64Array(nf));
  const tpResults: TransferPointYear[] = [];
  const haulKmByVehicle = new Map<string, { km: number; trips: number; tonnes: number }>();
  const fleetByVehicle = new Map<string, number>();
  const shiftsByVehicle = new Map<string, number>();

  const env: HaulEnv = {
    ctx, carry, tpInflow, tpPicked, legTake, factors, vehicles, dayFactor, workingDay, collectionDays, maxDayFactor, ensureLf, lfScalar,
    facilityIntake, facilityCapT, landfillDaily, landfillAssignedT, landfillComp, haulKmByVehicle, fleetByVehicle, shiftsByVehicle, tpResults,
    waitingStart: 0, waitingEnd: 0, hauledTotal: 0, overflowTotal: 0, deliveredTotal: 0,
  };
  for (const tp of city.transferPoints) haulPoint(env, tp);
  for (const [lf, tonnes] of lfScalar) {
    const arr = ensureLf(lf);
    for (let d = 0; d < DAYS; d++) arr[d] += (tonnes * dayFactor[d]) / DAYS;
  }

  return env;
}

const NO_FACTORS: Map<string, number> = new Map();

/** Trip models depend only on the vehicle, the leg and n_p: kept while those records are unchanged. */
const tripCache = new WeakMap<object, { v: VehicleType; np: number; trip: TripModel }>();
function legTrip(v: VehicleType, leg: { roundTripKm: number }, np: number): TripModel {
  const hit = tripCache.get(leg);
  if (hit && hit.v === v && hit.np === np) return hit.trip;
  const trip = tripModel(v, leg.roundTripKm, np);
  tripCache.set(leg, { v, np, trip });
  return trip;
}

/** Section 4 for one point: legs, trip model, capacity, the year's backlog, results. */
function haulPoint(env: HaulEnv, tp: TransferPoint): void {
  const { ctx, carry, tpInflow, tpPicked, legTake, factors, vehicles, dayFactor, workingDay, collectionDays, maxDayFactor, ensureLf, lfScalar, facilityIntake, landfillAssignedT, landfillComp, haulKmByVehicle, fleetByVehicle, shiftsByVehicle, tpResults } = env;
  const nf = ctx.nf;
  const inflow = tpInflow.get(tp.id)!;
  const delivered = vsum(inflow);
  env.deliveredTotal += delivered;
  const { takes, rest } = legTake(tp.id, factors);
  const v = vehicles.get(tp.vehicleTypeId)!;
  const landfillLeg = tp.legs[tp.legs.length - 1];
  const nLegs = tp.legs.length;
  const legShares: number[] = new Array(nLegs);
  const trips: TripModel[] = new Array(nLegs);
  const legVecs: Vec[] = new Array(nLegs);
  const capLegs: Array<{ share: number; tripsPerDay: number; payloadT: number }> = new Array(nLegs);
  for (let j = 0; j < nLegs; j++) {
    const vec = j < nLegs - 1 ? takes[j].vec : rest;
    legVecs[j] = vec;
    legShares[j] = delivered > 0 ? vsum(vec) / delivered : j === nLegs - 1 ? 1 : 0;
    trips[j] = legTrip(v, tp.legs[j], tp.pickupLocationsPerTrip);
    capLegs[j] = { share: legShares[j], tripsPerDay: trips[j].tripsPerDay, payloadT: trips[j].payloadT };
  }
  const capPerDay = haulCapacityTPerDay(tp.vehicles, tp.shiftsPerDay, capLegs);
  // Daily loop: backlog(d+1) = max(0, backlog(d) + inflow(d) - capacity(d)); beyond the storage limit -> overflow.
  const b0 = carry.backlogT.get(tp.id) ?? 0;
  env.waitingStart += b0;
  const lfShare = legShares[legShares.length - 1];
  const lfArr = ensureLf(landfillLeg.siteId);
  const perDay = delivered / DAYS;
  let b = 0;
  let hauled = delivered;
  let overflow = 0;
  let maxB = 0;
  if (b0 === 0 && collectionDays === DAYS && capPerDay >= perDay * maxDayFactor) {
    // Capacity never binds: every day's waste leaves the same day (the loop below would agree).
    addToProfile(lfScalar, landfillLeg.siteId, hauled * lfShare);
  } else {
    ({ b, hauled, overflow, maxB } = simulateBacklog(b0, perDay, capPerDay, tp.storageLimitT, dayFactor, workingDay, lfArr, lfShare));
  }
  carry.backlogT.set(tp.id, b);
  env.waitingEnd += b;
  env.hauledTotal += hauled;
  env.overflowTotal += overflow;

  // Hauled tonnes by leg; composition of each leg is the year's leg vector.
  const legsOut: TransferPointYear['legs'] = [];
  const workingDayT = collectionDays > 0 ? delivered / collectionDays : 0;
  tp.legs.forEach((leg, j) => {
    const tonnes = hauled * legShares[j];
    const tr = trips[j];
    const legTrips = tr.payloadT > 0 ? tonnes / tr.payloadT : 0;
    legsOut.push({ siteId: leg.siteId, tonnes, trips: legTrips, trip: tr });
    const vecT = vsum(legVecs[j]);
    if (j < tp.legs.length - 1) {
      const fa = facilityIntake.get(leg.siteId)!;
      if (vecT > 0) for (let i = 0; i < nf; i++) fa[i] += (legVecs[j][i] / vecT) * tonnes;
    } else {
      landfillAssignedT.set(leg.siteId, (landfillAssignedT.get(leg.siteId) ?? 0) + tonnes);
      if (vecT > 0) {
        let comp = landfillComp.get(leg.siteId);
        if (!comp) {
          comp = new Float64Array(nf);
          landfillComp.set(leg.siteId, comp);
        }
        for (let i = 0; i < nf; i++) comp[i] += (legVecs[j][i] / vecT) * tonnes;
      }
    }
    const acc = haulKmByVehicle.get(v.id) ?? { km: 0, trips: 0, tonnes: 0 };
    acc.km += legTrips * leg.roundTripKm;
    acc.trips += legTrips;
    acc.tonnes += tonnes;
    haulKmByVehicle.set(v.id, acc);
  });
  // Section 4: vehicles = ceil(trips needed / N_d), over all legs: the fleet-days of each leg add up
  // (the same rule as the capacity, 1 / sum(s_L / cap_L), for one vehicle).
  const perVehicleT = haulCapacityTPerDay(1, tp.shiftsPerDay, capLegs);
  const needed = workingDayT <= 0 ? 0 : perVehicleT > 0 ? vehiclesNeeded(workingDayT, 1, perVehicleT, 1) : null;
  fleetByVehicle.set(v.id, (fleetByVehicle.get(v.id) ?? 0) + tp.vehicles);
  shiftsByVehicle.set(v.id, (shiftsByVehicle.get(v.id) ?? 0) + tp.vehicles * tp.shiftsPerDay);
  const picked = tpPicked.get(tp.id) ?? 0;
  tpResults.push({
    id: tp.id,
    name: tp.name,
    inflowT: delivered + picked,
    pickedT: picked,
    haulCapacityTPerDay: capPerDay,
    hauledT: hauled,
    overflowT: overflow,
    backlogEndT: b,
    maxBacklogT: maxB,
    pickupRate: delivered > 0 ? Math.min(1, hauled / delivered) : 1,
    vehiclesAssigned: tp.vehicles,
    vehiclesNeeded: needed,
    legs: legsOut,
  });
  }

/** GASB 18 accrued liability: total estimate x cumulative used / capacity (used before the base year included). */
function closureAccrued(l: Landfill, cumulativeSinceBaseT: number, minor: number, capacitySinceBaseT?: number): Money {
  if (!l.closure) return ZERO;
  const cap = (capacitySinceBaseT ?? landfillCapacityT(l.remainingAirspaceM3, l.densityTPerM3, l.cover)) + l.usedBeforeBaseT;
  if (cap <= 0) return ZERO;
  const used = Math.min(cap, l.usedBeforeBaseT + cumulativeSinceBaseT);
  return book(M(l.closure.totalEstimate).times(new D(used).div(new D(cap))), minor);
}

/** Group lines by stage; allocate administration (overhead) to the other stages by the chosen basis (section 8). */
function buildStages(
  lines: CostLineResult[],
  tonnes: Record<Stage, number>,
  basis: 'tonnes' | 'directCost' | 'labourHours',
  minor: number,
): StageYear[] {
  const stages: StageYear[] = STAGES.map((stage) => {
    const own = lines.filter((l) => l.stage === stage);
    const byCategory = emptyByCategory();
    for (const l of own) byCategory[l.category] = byCategory[l.category].plus(l.amount.abs());
    const revenue = byCategory.revenue;
    const directCost = sum(own.filter((l) => l.category !== 'revenue').map((l) => l.amount));
    return {
      stage,
      tonnes: tonnes[stage],
      byCategory,
      directCost,
      overheadAllocated: ZERO,
      revenue,
      netCost: directCost.minus(revenue),
      costPerTonne: null,
      lines: own,
    };
  });
  const admin = stages.find((s) => s.stage === 'administration')!;
  const others = stages.filter((s) => s.stage !== 'administration');
  const weights = others.map((s) => {
    if (basis === 'tonnes') return s.tonnes;
    if (basis === 'directCost') return Math.max(0, s.directCost.toNumber());
    return s.lines.filter((l) => l.unit === 'person-days').reduce((a, l) => a + l.quantity, 0);
  });
  // Only stages with direct costs of their own take overhead (a stage the city does not run, or
  // one with tonnes but no cost lines, is not charged the city's administration).
  const activeWeights = weights.map((w, i) => (others[i].directCost.isZero() ? 0 : w));
  const adminNet = admin.netCost;
  if (!adminNet.isZero() && activeWeights.some((w) => w > 0)) {
    const parts = allocate(adminNet, activeWeights, minor);
    others.forEach((s, i) => {
      s.overheadAllocated = parts[i];
      s.netCost = s.netCost.plus(parts[i]);
    });
    admin.overheadAllocated = adminNet.neg();
    admin.netCost = ZERO;
  }
  for (const s of stages) s.costPerTonne = s.tonnes > 0 ? s.netCost.div(qty(s.tonnes)) : null;
  return stages;
}

/**
 * Section 9: stages x payers. Each stage's net cost less the fees charged for
 * it is split by its payer shares (largest remainder); fee payers carry their
 * fees. Budget subsidy = the city budget's column.
 */
function buildPayers(city: CityFile, stages: StageYear[], householdsServed: number, minor: number): PayerMatrix {
  const s = city.settings;
  const zeroRow = () => Object.fromEntries(PAYERS.map((p) => [p, ZERO])) as Record<Payer, Money>;
  const cells = Object.fromEntries(STAGES.map((st) => [st, zeroRow()])) as Record<Stage, Record<Payer, Money>>;
  const feeByStage = new Map<Stage, Array<{ payer: Payer; amount: Money }>>();
  let feeRevenue = ZERO;
  for (const f of city.fees) {
    const base = f.basis === 'perHouseholdMonth' ? M(f.amount).times(qty(householdsServed)).times(12) : M(f.amount);
    const amount = book(base.times(qty(f.collectionRate)), minor);
    feeRevenue = feeRevenue.plus(amount);
    const list = feeByStage.get(f.stage) ?? [];
    list.push({ payer: f.payer, amount });
    feeByStage.set(f.stage, list);
  }
  for (const st of stages) {
    const fees = feeByStage.get(st.stage) ?? [];
    let rest = st.netCost;
    for (const f of fees) {
      cells[st.stage][f.payer] = cells[st.stage][f.payer].plus(f.amount);
      rest = rest.minus(f.amount);
    }
    const shares = s.payerShares[st.stage] ?? { cityBudget: 1 };
    const payersList = PAYERS.filter((p) => (shares[p] ?? 0) > 0);
    const parts = allocate(rest, payersList.map((p) => shares[p] ?? 0), minor);
    payersList.forEach((p, i) => {
      cells[st.stage][p] = cells[st.stage][p].plus(parts[i]);
    });
  }
  const byPayer = zeroRow();
  for (const st of STAGES) for (const p of PAYERS) byPayer[p] = byPayer[p].plus(cells[st][p]);
  const total = sum(stages.map((x) => x.netCost));
  return {
    cells,
    byPayer,
    feeRevenue,
    costRecoveryRatio: total.gt(0) ? feeRevenue.div(total).toNumber() : null,
    budgetSubsidy: byPayer.cityBudget,
    fullCostFeePerHouseholdMonth: householdsServed > 0 ? total.div(qty(householdsServed)).div(12) : null,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function monthName(m: number): string {
  return MONTHS[m - 1];
}
