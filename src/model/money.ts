/**
 * Money over decimal.js: one configured clone (never the global Decimal),
 * built from strings or Decimals only. Amounts are booked (rounded half-even)
 * at the currency's minor unit where a cost line is made; everything after
 * that is exact addition, so totals equal the sum of their lines.
 *
 * Example: book(M('130000').times(qty(1234.5678)), 0) -> 160493814 (IDR).
 */
import { Decimal as BaseDecimal } from 'decimal.js';

export const D = BaseDecimal.clone({ precision: 40, rounding: BaseDecimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type Money = BaseDecimal;

export const ZERO: Money = new D(0);

/** A money amount from its decimal string (city-file form) or a Decimal. */
export function M(value: string | BaseDecimal): Money {
  if (typeof value !== 'string' && !BaseDecimal.isDecimal(value)) {
    throw new TypeError('money must be built from a decimal string or a Decimal');
  }
  return new D(value);
}

/**
 * A physical quantity (tonnes, km, litres, years' factors) as a Decimal so it
 * can multiply a rate. Quantities are floats by nature; they are fixed to 9
 * decimals here so the product is deterministic and platform-independent.
 */
export function qty(x: number): Money {
  if (!Number.isFinite(x)) throw new RangeError(`quantity is not finite: ${x}`);
  return new D(x.toFixed(9));
}

/** Round half-even at the minor unit (0 for IDR, 2 for CNY). */
export function book(amount: Money, minorUnit: number): Money {
  return amount.toDecimalPlaces(minorUnit, D.ROUND_HALF_EVEN);
}

export function sum(amounts: Iterable<Money>): Money {
  let s = ZERO;
  for (const a of amounts) s = s.plus(a);
  return s;
}

/**
 * Split `total` (already at the minor unit) into parts proportional to
 * `weights`, each at the minor unit, summing exactly to `total`
 * (largest-remainder method; ties go to the earlier part).
 */
export function allocate(total: Money, weights: readonly number[], minorUnit: number): Money[] {
  const n = weights.length;
  if (n === 0) return [];
  const unit = new D(10).pow(-minorUnit);
  const units = total.div(unit); // an integer when total is booked
  if (!units.isInteger()) throw new RangeError('allocate: total is not at the minor unit');
  const wsum = weights.reduce((a, b) => a + b, 0);
  const ws = wsum > 0 ? weights.map((w) => new D(w)) : weights.map(() => new D(1));
  const wtotal = sum(ws);
  const exact = ws.map((w) => units.times(w).div(wtotal));
  const sign = units.isNegative() ? -1 : 1;
  const floors = exact.map((e) => (sign > 0 ? e.floor() : e.ceil()));
  let remaining = units.minus(sum(floors));
  const order = exact
    .map((e, i) => ({ i, rem: e.minus(floors[i]).abs() }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  const out = floors.slice();
  for (let k = 0; !remaining.isZero() && k < n; k++) {
    const i = order[k].i;
    out[i] = out[i].plus(sign);
    remaining = remaining.minus(sign);
  }
  return out.map((u) => u.times(unit));
}
