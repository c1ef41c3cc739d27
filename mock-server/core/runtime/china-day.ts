/**
 * WeCom's days are China days (UTC+8, no daylight saving): day-bounded APIs (会议室 bookings that may not cross a
 * day, 健康上报 dates, 政民沟通 "today" counts, 汇报 daily cycles, 打卡 days and reports) use these in Unix seconds.
 */
const OFFSET = 8 * 3600;
const DAY = 86_400;

/** The Unix second at which the China day holding `sec` starts. */
export function chinaDayStart(sec: number): number {
  return Math.floor((sec + OFFSET) / DAY) * DAY - OFFSET;
}

/** `YYYY-MM-DD` of the China day holding `sec`. */
export function chinaDate(sec: number): string {
  return new Date((sec + OFFSET) * 1000).toISOString().slice(0, 10);
}

/** China's wall clock at `sec` as `YYYY-MM-DDTHH:MM:SS` (no zone). */
export function chinaDateTime(sec: number): string {
  return new Date((sec + OFFSET) * 1000).toISOString().slice(0, 19);
}

/** The start (Unix seconds) of the China day `YYYY-MM-DD`, or undefined when it is no calendar date. */
export function parseChinaDate(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / 1000 - OFFSET;
}

/** 0 = Sunday … 6 = Saturday of the China day holding `sec` (WeCom's workday numbering, doc path/90263). */
export function chinaWeekday(sec: number): number {
  return new Date((sec + OFFSET) * 1000).getUTCDay();
}

/** The Monday-based China week start of `sec`. */
export function chinaWeekStart(sec: number): number {
  const day = chinaDayStart(sec);
  return day - ((chinaWeekday(day) + 6) % 7) * DAY;
}

/** yyyymm and the day of the month of the China day holding `sec`. */
export function chinaMonthDay(sec: number): { yearmonth: number; day: number } {
  const d = new Date((sec + OFFSET) * 1000);
  return { yearmonth: d.getUTCFullYear() * 100 + d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The start of day `d` of month yyyymm (China time), or undefined when the month has no such day. */
export function chinaDayOf(yearmonth: number, d: number): number | undefined {
  const y = Math.floor(yearmonth / 100);
  const m = yearmonth % 100;
  if (m < 1 || m > 12 || d < 1) return undefined;
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) return undefined;
  return ms / 1000 - OFFSET;
}

/** The first day of the China month of `sec`, and of the month after it. */
export function chinaMonth(sec: number): { start: number; end: number } {
  const d = new Date((sec + OFFSET) * 1000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000 - OFFSET;
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 - OFFSET;
  return { start, end };
}

export const DAY_SECONDS = DAY;
