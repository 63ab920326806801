// Calendar arithmetic shared by the date-tag model, the front-matter rules and the timeline.

export type Precision = 'day' | 'month' | 'year';

/** A calendar date as written: month and day are absent below day precision. */
export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isCalendarDate({ year, month, day }: DateParts): boolean {
  if (month === undefined) return day === undefined;
  if (month < 1 || month > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= daysInMonth(year, month);
}

export function precisionOf(date: DateParts): Precision {
  return date.day !== undefined ? 'day' : date.month !== undefined ? 'month' : 'year';
}

/**
 * Orders dates for a newest-first timeline: a date with lower precision sorts after the days it
 * covers (2023-7 after 2023-7-31, before 2023-6-30), since it was written no later than that period.
 */
export function compareDates(a: DateParts, b: DateParts): number {
  return a.year - b.year || (a.month ?? 0) - (b.month ?? 0) || (a.day ?? 0) - (b.day ?? 0);
}

/** True when the earliest day the date can mean is after `today`. */
export function isAfter(date: DateParts, today: DateParts): boolean {
  if (date.year !== today.year) return date.year > today.year;
  if (date.month === undefined || today.month === undefined) return false;
  if (date.month !== today.month) return date.month > today.month;
  if (date.day === undefined || today.day === undefined) return false;
  return date.day > today.day;
}

export function todayParts(now = new Date()): Required<DateParts> {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

/** ISO-like text for a date at its precision: `2023-07-03`, `2023-07` or `2023`. */
export function isoDate({ year, month, day }: DateParts): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return [String(year), month === undefined ? undefined : pad(month), day === undefined ? undefined : pad(day)]
    .filter((part) => part !== undefined)
    .join('-');
}

export type DateTagStyle = 'unpadded' | 'padded';

/** The canonical date tag for a date: `【2023-7-3】` (unpadded) or `【2023-07-03】` (padded). */
export function formatDateTag(date: DateParts, style: DateTagStyle): string {
  const part = (n: number) => (style === 'padded' ? String(n).padStart(2, '0') : String(n));
  const parts = [String(date.year)];
  if (date.month !== undefined) parts.push(part(date.month));
  if (date.day !== undefined) parts.push(part(date.day));
  return `【${parts.join('-')}】`;
}
