/**
 * A made-up weighbridge export for the import benchmark and the fault tests:
 * `rows` tickets of trucks from the city's transfer points (one in ten
 * straight from collection, no transfer point) to its landfills over one
 * year, 7-16 t gross and 5-7 t tare. Deterministic (mulberry32), so every
 * run imports the same file.
 *
 * Example: weighbridgeCsv(2, { transferPointIds: ['tps-1'], landfillIds: ['benowo'] })
 *          -> "ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg\n
 *              WB-000000001,2024-...,L 1234 AB,tps-1,benowo,12345,6012,6333\n..."
 */
import { mulberry32 } from './syntheticCity.js';

export interface WeighbridgeCity {
  transferPointIds: readonly string[];
  landfillIds: readonly string[];
}

export const WEIGHBRIDGE_HEADER = 'ticket_id,date,vehicle,transfer_point_id,landfill_id,gross_kg,tare_kg,net_kg';

export function weighbridgeCsv(rows: number, city: WeighbridgeCity, options: { seed?: number; prefix?: string; year?: number } = {}): string {
  const random = mulberry32(options.seed ?? 20241);
  const prefix = options.prefix ?? 'WB';
  const year = options.year ?? 2024;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const lines: string[] = [WEIGHBRIDGE_HEADER];
  for (let i = 0; i < rows; i++) {
    const day = 1 + Math.floor(random() * 365);
    const date = new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
    const plate = `L ${1000 + Math.floor(random() * 9000)} ${String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26))}`;
    const tp = random() < 0.1 ? '' : pick(city.transferPointIds);
    const gross = 7000 + Math.floor(random() * 9000);
    const tare = 5000 + Math.floor(random() * 2000);
    lines.push(`${prefix}-${String(i + 1).padStart(9, '0')},${date},${plate},${tp},${pick(city.landfillIds)},${gross},${tare},${gross - tare}`);
  }
  return `${lines.join('\n')}\n`;
}
