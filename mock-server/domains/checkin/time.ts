/** Days as WeCom's checkin counts them: China time (UTC+8), whatever the server's zone. */
export const DAY = 86_400;
const CN_OFFSET = 8 * 3600;

/** 00:00 China time of the day holding `sec` (unix seconds). */
export function dayStart(sec: number): number {
  return Math.floor((sec + CN_OFFSET) / DAY) * DAY - CN_OFFSET;
}

/** 0 = Sunday … 6 = Saturday, as WeCom's workdays (doc path/90263). */
export function weekday(day: number): number {
  return new Date((day + CN_OFFSET) * 1000).getUTCDay();
}

/** yyyymm and day of month of a day. */
export function monthDay(day: number): { yearmonth: number; day: number } {
  const d = new Date((day + CN_OFFSET) * 1000);
  return { yearmonth: d.getUTCFullYear() * 100 + d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 00:00 China time of day `d` of month yyyymm, or undefined when the month has no such day. */
export function dayOf(yearmonth: number, d: number): number | undefined {
  const y = Math.floor(yearmonth / 100);
  const m = yearmonth % 100;
  if (m < 1 || m > 12 || d < 1) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) return undefined;
  return ms / 1000 - CN_OFFSET;
}
