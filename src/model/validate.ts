/**
 * Validation of a city file (MODEL.md section 11): the shape (zod), then the
 * rules a shape cannot say: references resolve, shares sum to 1, years lie in
 * the horizon, seasonal factors average 1, every scenario change applies to a
 * valid city. Every problem names its field by path, e.g.
 * "transferPoints[12].legs[0].roundTripKm: must be >= 0". Nothing is clamped.
 */
import type { z } from 'zod';
import {
  cityFileSchema,
  PAYERS,
  STAGES,
  type Change,
  type CityFile,
} from './cityFile.js';
import { seasonalMean } from './formulas.js';
import type { Problem } from './results.js';
import { applyChange, applyChanges, isSortedByYear, parseChanged } from './scenario.js';

const SUM_TOLERANCE = 1e-6;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(file)';
}

export function zodProblems(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const p = formatPath(issue.path);
    return { path: prefix ? (p === '(file)' ? prefix : `${prefix}.${p}`) : p, message: zodMessage(issue) };
  });
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be ${issue.expected}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

export type ValidateOutcome = { ok: true; city: CityFile } | { ok: false; problems: Problem[] };

/** Shape and rules; scenarios are checked by applying each change in order. */
export function validateCityFile(input: unknown): ValidateOutcome {
  const parsed = cityFileSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const city = parsed.data;
  const problems = checkRules(city);
  if (problems.length === 0) problems.push(...checkScenarios(city));
  return problems.length ? { ok: false, problems } : { ok: true, city };
}

/** Rules of a parsed city (no scenarios). */
export function checkRules(city: CityFile): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const s = city.settings;
  const firstYear = s.baseYear;
  const lastYear = s.baseYear + s.horizonYears - 1;

  const uniq = (name: string, items: ReadonlyArray<{ id: string }>) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) add(`${name}[${i}].id`, `duplicates ${name}[${seen.get(it.id)}] ("${it.id}")`);
      else seen.set(it.id, i);
    });
    return new Set(seen.keys());
  };
  const fractionIds = uniq('fractions', city.fractions);
  const zoneIds = uniq('zones', city.zones);
  const systemIds = uniq('primarySystems', city.primarySystems);
  const vehicleIds = uniq('vehicleTypes', city.vehicleTypes);
  const tpIds = uniq('transferPoints', city.transferPoints);
  const facilityIds = uniq('facilities', city.facilities);
  const landfillIds = uniq('landfills', city.landfills);
  const groupIds = uniq('scavengerGroups', city.scavengerGroups);
  uniq('integration', city.integration);
  uniq('industrialStreams', city.industrialStreams);
  uniq('costLines', city.costLines);
  uniq('fees', city.fees);
  for (const id of facilityIds) {
    if (landfillIds.has(id)) add('facilities', `id "${id}" is also a landfill id: site ids must be unique across facilities and landfills`);
  }

  const compositionSum = city.fractions.reduce((a, f) => a + f.share, 0);
  if (Math.abs(compositionSum - 1) > SUM_TOLERANCE) {
    add('fractions', `shares must sum to 1 (they sum to ${round6(compositionSum)})`);
  }
  const checkFractionKeys = (path: string, rec: Record<string, unknown> | undefined) => {
    for (const k of Object.keys(rec ?? {})) if (!fractionIds.has(k)) add(`${path}.${k}`, `unknown fraction "${k}"`);
  };

  if (s.seasonalFactors) {
    const mean = seasonalMean(s.seasonalFactors);
    if (Math.abs(mean - 1) > SUM_TOLERANCE) add('settings.seasonalFactors', `day-weighted mean must be 1 (it is ${round6(mean)})`);
  }
  s.landfillFallbackOrder.forEach((lid, i) => {
    if (!landfillIds.has(lid)) add(`settings.landfillFallbackOrder[${i}]`, `unknown landfill "${lid}"`);
  });
  for (const [stage, shares] of Object.entries(s.payerShares)) {
    if (!(STAGES as readonly string[]).includes(stage)) {
      add(`settings.payerShares.${stage}`, `unknown stage "${stage}" (one of ${STAGES.join(', ')})`);
      continue;
    }
    let tot = 0;
    for (const [payer, v] of Object.entries(shares)) {
      if (!(PAYERS as readonly string[]).includes(payer)) add(`settings.payerShares.${stage}.${payer}`, `unknown payer "${payer}" (one of ${PAYERS.join(', ')})`);
      tot += v;
    }
    if (Math.abs(tot - 1) > SUM_TOLERANCE) add(`settings.payerShares.${stage}`, `shares must sum to 1 (they sum to ${round6(tot)})`);
  }

  city.zones.forEach((z, i) => {
    const p = `zones[${i}]`;
    checkFractionKeys(`${p}.sourceDiversion`, z.sourceDiversion);
    if (z.composition) {
      checkFractionKeys(`${p}.composition`, z.composition);
      const tot = Object.values(z.composition).reduce((a, b) => a + b, 0);
      if (Math.abs(tot - 1) > SUM_TOLERANCE) add(`${p}.composition`, `shares must sum to 1 (they sum to ${round6(tot)})`);
    }
    let tot = 0;
    z.routing.forEach((r, j) => {
      tot += r.share;
      if (!tpIds.has(r.transferPointId)) add(`${p}.routing[${j}].transferPointId`, `unknown transfer point "${r.transferPointId}"`);
    });
    if (Math.abs(tot - 1) > SUM_TOLERANCE) add(`${p}.routing`, `shares must sum to 1 (they sum to ${round6(tot)})`);
    if (z.primarySystemId && !systemIds.has(z.primarySystemId)) add(`${p}.primarySystemId`, `unknown primary collection system "${z.primarySystemId}"`);
  });

  city.vehicleTypes.forEach((v, i) => {
    if (v.system === 'stationary' && v.containerVolumeM3 === undefined) {
      add(`vehicleTypes[${i}].containerVolumeM3`, 'is required for the stationary container system');
    }
  });

  city.transferPoints.forEach((t, i) => {
    const p = `transferPoints[${i}]`;
    if (!vehicleIds.has(t.vehicleTypeId)) add(`${p}.vehicleTypeId`, `unknown vehicle type "${t.vehicleTypeId}"`);
    if (t.zoneId && !zoneIds.has(t.zoneId)) add(`${p}.zoneId`, `unknown zone "${t.zoneId}"`);
    t.legs.forEach((leg, j) => {
      const last = j === t.legs.length - 1;
      if (last) {
        if (!landfillIds.has(leg.siteId)) add(`${p}.legs[${j}].siteId`, `the last leg must go to a landfill ("${leg.siteId}" is not one)`);
      } else if (!facilityIds.has(leg.siteId)) {
        add(`${p}.legs[${j}].siteId`, `legs before the last must go to a treatment facility ("${leg.siteId}" is not one)`);
      }
    });
  });

  city.facilities.forEach((f, i) => {
    const p = `facilities[${i}]`;
    checkFractionKeys(`${p}.capture`, f.capture);
    checkFractionKeys(`${p}.salePricePerT`, f.salePricePerT);
    if (f.residueLandfillId && !landfillIds.has(f.residueLandfillId)) add(`${p}.residueLandfillId`, `unknown landfill "${f.residueLandfillId}"`);
    if (f.openYear && f.closeYear && f.closeYear < f.openYear) add(`${p}.closeYear`, 'must not be before openYear');
  });

  city.landfills.forEach((l, i) => {
    if (l.openYear && l.closureYear && l.closureYear < l.openYear) add(`landfills[${i}].closureYear`, 'must not be before openYear');
  });

  city.scavengerGroups.forEach((g, i) => {
    const p = `scavengerGroups[${i}]`;
    checkFractionKeys(`${p}.pricePerKg`, g.pricePerKg);
    const pool = g.location === 'transferPoint' ? tpIds : g.location === 'landfill' ? landfillIds : g.location === 'source' ? zoneIds : null;
    g.siteIds.forEach((sid, j) => {
      if (pool && !pool.has(sid)) add(`${p}.siteIds[${j}]`, `unknown ${g.location === 'source' ? 'zone' : g.location} "${sid}"`);
      if (!pool) add(`${p}.siteIds[${j}]`, 'street groups work everywhere: leave siteIds empty');
    });
  });

  city.integration.forEach((it, i) => {
    if (!groupIds.has(it.groupId)) add(`integration[${i}].groupId`, `unknown scavenger group "${it.groupId}"`);
  });

  const checkYearRange = (path: string, y: number | undefined) => {
    if (y !== undefined && (y < firstYear || y > lastYear)) add(path, `must lie in the horizon ${firstYear}-${lastYear}`);
  };
  city.costLines.forEach((c, i) => {
    checkYearRange(`costLines[${i}].fromYear`, c.fromYear);
    checkYearRange(`costLines[${i}].toYear`, c.toYear);
    if (c.fromYear && c.toYear && c.toYear < c.fromYear) add(`costLines[${i}].toYear`, 'must not be before fromYear');
  });

  const scenarioIds = new Set<string>();
  city.scenarios.forEach((sc, i) => {
    if (scenarioIds.has(sc.id)) add(`scenarios[${i}].id`, `duplicate scenario id "${sc.id}"`);
    scenarioIds.add(sc.id);
    sc.changes.forEach((ch, j) => checkYearRange(`scenarios[${i}].changes[${j}].fromYear`, ch.fromYear));
  });
  return out;
}

/**
 * Apply each scenario's changes the way the engine does (citiesByYear): in each
 * year where a change starts, the changes due by then in list order. The city
 * of each such year must be valid; when it is not, the changes are replayed
 * one by one to name the change that breaks it.
 */
function checkScenarios(city: CityFile): Problem[] {
  const out: Problem[] = [];
  city.scenarios.forEach((sc, i) => {
    const startYears = Array.from(new Set(sc.changes.map((c) => c.fromYear))).sort((a, b) => a - b);
    // A list sorted by year: each start year's city is the previous one with the next changes applied.
    const sorted = isSortedByYear(sc.changes);
    const base: CityFile = { ...city, scenarios: [] };
    let applied = base;
    let appliedCount = 0;
    for (const y of startYears) {
      const due = sc.changes.map((c, j) => ({ c, j })).filter((x) => x.c.fromYear <= y);
      if (sorted) {
        const next = applyChanges(applied, due.slice(appliedCount).map((d) => d.c));
        if (next.ok) {
          applied = next.city;
          appliedCount = due.length;
          if (appliedProblems(applied, base, `scenarios[${i}].changes[${due[due.length - 1].j}]`, y).length === 0) continue;
        }
      } else if (yearProblems(city, due, i, y, false).length === 0) continue;
      // Something is wrong in this year: replay change by change to name the change.
      out.push(...yearProblems(city, due, i, y, true));
      return;
    }
  });
  return out;
}

/** The problems of a city after changes (their shapes, then the rules), each named by `prefix` and the year. */
function appliedProblems(current: CityFile, base: CityFile, prefix: string, y: number): Problem[] {
  const reparsed = parseChanged(current, base);
  if (!reparsed.ok) {
    return reparsed.issues.flatMap((iss) =>
      zodProblems(iss.error, iss.prefix).map((pr) => ({ path: prefix, message: `makes ${pr.path} invalid in ${y}: ${pr.message}` })),
    );
  }
  const rules = checkRules(reparsed.city);
  return rules.map((pr) => ({ path: prefix, message: `makes ${pr.path} invalid in ${y}: ${pr.message}` }));
}

/** Apply `due` in order; check the city at the end, or after each change when `eachStep`. */
function yearProblems(city: CityFile, due: Array<{ c: Change; j: number }>, i: number, y: number, eachStep: boolean): Problem[] {
  const base: CityFile = { ...city, scenarios: [] };
  let current: CityFile = base;
  if (!eachStep) {
    // The usual case, a valid scenario: the whole batch at once, checked at the end.
    const applied = applyChanges(base, due.map((d) => d.c));
    if (!applied.ok) {
      const prefix = `scenarios[${i}].changes[${due[applied.index].j}]`;
      return [{ path: `${prefix}.${applied.field}`, message: `${applied.message} (in ${y})` }];
    }
    return appliedProblems(applied.city, base, `scenarios[${i}].changes[${due[due.length - 1].j}]`, y);
  }
  for (let k = 0; k < due.length; k++) {
    const { c, j } = due[k];
    const prefix = `scenarios[${i}].changes[${j}]`;
    const applied = applyChange(current, c);
    if (!applied.ok) return [{ path: `${prefix}.${applied.field}`, message: `${applied.message} (in ${y})` }];
    current = applied.city;
    if (!eachStep && k < due.length - 1) continue;
    const reparsed = parseChanged(current, base);
    if (!reparsed.ok) {
      return reparsed.issues.flatMap((iss) =>
        zodProblems(iss.error, iss.prefix).map((pr) => ({ path: prefix, message: `makes ${pr.path} invalid in ${y}: ${pr.message}` })),
      );
    }
    const rules = checkRules(reparsed.city);
    if (rules.length) return rules.map((pr) => ({ path: prefix, message: `makes ${pr.path} invalid in ${y}: ${pr.message}` }));
  }
  return [];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
