/**
 * Engine results as JSON for machines (the CLI's `compute --json`, exports):
 * every Decimal becomes its exact decimal string in plain notation (never an
 * exponent, never a float), every other value keeps its JSON form. Keys come
 * out in the order the engine produced them, so the same run prints the same
 * bytes.
 *
 * Non-finite numbers (NaN, Infinity) have no JSON form; they are written as
 * null, as JSON.stringify does. Properties that are undefined are left out.
 *
 * Example: toJsonValue({ netCost: M('160493814'), rate: 0.5 })
 *          -> { netCost: "160493814", rate: 0.5 }
 *          stringifyJson(result) -> '{\n  "cityId": "surabaya", ...'
 */
import { Decimal } from 'decimal.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A Decimal's exact value as a decimal string: "160493814", "-12.50", "0.000001". */
export function decimalToString(d: Decimal): string {
  // toFixed() without digits keeps every digit in plain notation; -0 prints "0".
  return d.toFixed();
}

/** The JSON form of `value`: Decimals as strings, plain objects and arrays walked in order. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Decimal.isDecimal(value)) return decimalToString(value);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v));
  if (ArrayBuffer.isView(value)) {
    throw new TypeError('cannot write a typed array as JSON: convert it to an array first');
  }
  if (value instanceof Map || value instanceof Set) {
    throw new TypeError('cannot write a Map or Set as JSON: convert it to an object or array first');
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = toJsonValue(v);
  }
  return out;
}

/** `value` as JSON text (2-space indent by default) with a final newline. */
export function stringifyJson(value: unknown, indent: number = 2): string {
  return `${JSON.stringify(toJsonValue(value), null, indent)}\n`;
}
