/**
 * Numbers and money for people, for every report (city page, CLI, exports).
 * The formatter itself (money at the currency's minor unit through
 * Intl.NumberFormat('en') from the exact decimal string, tonnes, t/day,
 * percent, years) was written with the city page, in cityPage.ts; this module
 * is its import path for other reports so they need not reach into the city
 * page's view models, and adds the few helpers they share.
 *
 * Example: createFormatter('IDR', 0).money(M('1234567.5')) -> "IDR 1,234,568"
 *          createFormatter('CNY', 2).money(M('1234.5'))    -> "CN¥1,234.50"
 *          createFormatter('CNY', 2).amount(M('1234.5'))   -> "1,234.50"
 *          monthYear(2031, 11)                             -> "November 2031"
 *          plainSpaces('IDR\u00a01,234')                   -> "IDR 1,234"
 */
export { createFormatter, NOT_AVAILABLE, type Formatter } from './cityPage.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "November 2031" for month 11 (1-12) of 2031. */
export function monthYear(year: number, month: number): string {
  const name = MONTHS[month - 1];
  if (name === undefined) throw new RangeError(`month must be 1-12, not ${month}`);
  return `${name} ${year}`;
}

/**
 * Intl puts a no-break space between a currency code and the amount
 * ("IDR\u00a01,234"); plain-text output (terminals, golden files, grep) reads
 * better with an ordinary space.
 */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
