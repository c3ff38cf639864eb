/**
 * Dated facts: a fact that can change carries the date it was last checked in its citation,
 * `[editorial; as of 2026-01]` or `[editorial; as of 2026]`. Pure helpers to read, compare and show them.
 */

/** `2026` or `2026-01`: the only two shapes an "as of" date may take. */
const AS_OF = /^as of (\d{4})(?:-(\d{2}))?$/i;

export interface AsOf {
  year: number;
  /** 1–12, when the date names a month. */
  month?: number;
}

/** Reads the part of a citation after `;`. Returns the normalized date (`2026-01`) or why it is not one. */
export function parseAsOf(text: string): { value: string } | { error: string } {
  const m = AS_OF.exec(text.trim().replace(/\s+/g, ' '));
  if (!m) return { error: `"${text.trim()}" after the ";" must be a date like "as of 2026" or "as of 2026-01"` };
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  if (year < 1990) return { error: `"as of ${m[1]}" is too early a year to date a fact` };
  if (month !== undefined && (month < 1 || month > 12)) return { error: `"as of ${m[1]}-${m[2]}" has no such month (01 to 12)` };
  return { value: month === undefined ? String(year) : `${year}-${String(month).padStart(2, '0')}` };
}

export function splitAsOf(value: string): AsOf {
  const [y, m] = value.split('-');
  return m === undefined ? { year: Number(y) } : { year: Number(y), month: Number(m) };
}

/**
 * Whole months from the date to `now`, counting a year-only date from its last month (December), so
 * "as of 2025" is as recent as "as of 2025-12". Negative when the date is in the future.
 */
export function monthsSince(value: string, now: Date): number {
  const d = splitAsOf(value);
  return (now.getUTCFullYear() - d.year) * 12 + (now.getUTCMonth() + 1 - (d.month ?? 12));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "as of 2026" or "as of January 2026". */
export function asOfWords(value: string): string {
  const d = splitAsOf(value);
  return d.month === undefined ? `as of ${d.year}` : `as of ${MONTHS[d.month - 1] ?? ''} ${d.year}`;
}

/** True when the date has not begun yet (a year-only date begins in January). */
export function isFuture(value: string, now: Date): boolean {
  const d = splitAsOf(value);
  const y = now.getUTCFullYear();
  return d.year > y || (d.year === y && (d.month ?? 1) > now.getUTCMonth() + 1);
}
