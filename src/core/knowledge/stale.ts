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

/** Reads the age limit from `--max-age=N` or the STALE_AFTER_MONTHS variable; undefined when neither is set. */
export function staleMonthsSetting(args: readonly string[], env: Record<string, string | undefined>): number | { error: string } {
  const flag = args.find((a) => a.startsWith('--max-age='))?.slice('--max-age='.length);
  const raw = flag ?? env.STALE_AFTER_MONTHS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_STALE_MONTHS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 600) return { error: `the stale-fact age must be a whole number of months from 0 to 600 (found "${raw}")` };
  return n;
}
