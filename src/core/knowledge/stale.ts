/**
 * Stale facts: dated facts (`[editorial; as of 2025-03]`) older than a chosen age. They are warnings,
 * not problems: the bot still starts, and `npm run check:knowledge -- --stale` lists them for editors.
 */
import { monthsSince } from './dates.ts';
import type { Knowledge, Problem } from './types.ts';

/** How old, in months, a dated fact may be before the checker asks for it to be checked again. */
export const DEFAULT_STALE_MONTHS = 12;

export interface StaleFact extends Problem {
  /** The fact's date as written (`2025-03`) and its age in whole months. */
  asOf: string;
  months: number;
  text: string;
}

/** Every dated body fact older than `maxMonths`, oldest first. */
export function staleFacts(k: Knowledge, now: Date, maxMonths: number = DEFAULT_STALE_MONTHS): StaleFact[] {
  const out: StaleFact[] = [];
  for (const e of k.entries) {
    e.facts.forEach((f, i) => {
      if (!f.asOf) return;
      const months = monthsSince(f.asOf, now);
      if (months <= maxMonths) return;
      out.push({
        file: e.file,
        field: `body, fact ${i + 1}`,
        message: `is dated "as of ${f.asOf}", ${months} months ago (more than ${maxMonths}): check it is still true, then update the date`,
        asOf: f.asOf,
        months,
        text: f.text,
      });
    });
  }
  return out.sort((x, y) => y.months - x.months || x.file.localeCompare(y.file));
}

/**
 * The age limit: `--max-age=N` when given, else the configured one (STALE_AFTER_MONTHS, read and
 * checked by the one config). Plain digits only: Number() would also take "0x10" or "1e1".
 */
export function staleMonthsSetting(args: readonly string[], configured: number = DEFAULT_STALE_MONTHS): number | { error: string } {
  const raw = args.find((a) => a.startsWith('--max-age='))?.slice('--max-age='.length).trim();
  if (raw === undefined || raw === '') return configured;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 600) return { error: `the stale-fact age must be a whole number of months from 0 to 600 (found "${raw}")` };
  return n;
}
