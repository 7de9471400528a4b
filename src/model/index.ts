/**
 * The engine's public face: validate a city file, then compute it under a
 * scenario. computeCity never throws on bad input: it returns the problems,
 * each naming its field.
 */
import { runEngine } from './engine.js';
import type { ComputeOutcome } from './results.js';
import { validateCityFile } from './validate.js';

export { validateCityFile } from './validate.js';
export type { ValidateOutcome } from './validate.js';
export { runEngine, MASS_TOLERANCE_T } from './engine.js';
export * from './results.js';
export * from './cityFile.js';

export function computeCity(input: unknown, options: { scenarioId?: string | null } = {}): ComputeOutcome {
  const v = validateCityFile(input);
  if (!v.ok) return { ok: false, problems: v.problems };
  const sid = options.scenarioId ?? null;
  if (sid !== null && !v.city.scenarios.some((s) => s.id === sid)) {
    return { ok: false, problems: [{ path: 'scenario', message: `no scenario "${sid}" (known: ${v.city.scenarios.map((s) => s.id).join(', ') || 'none'})` }] };
  }
  return { ok: true, result: runEngine(v.city, sid) };
}
