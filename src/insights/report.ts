/** A server's insights report: the store's counts for a period, named and annotated from the knowledge. */
import { buildReport, periodOf, type InsightsReport } from '../core/insights.ts';
import { labelsOf } from '../core/knowledge/types.ts';
import { normalizeKey } from '../core/normalize.ts';
import type { Termbot } from '../core/termbot.ts';
import type { InsightsStore } from './store.ts';

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), giving up past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/**
 * The entry a missed term is a likely typo of: one of termbot's suggestions whose name or alias is
 * within 1 edit (names up to 5 characters), 2 (up to 12) or 3 (longer), spaces ignored.
 */
export function closeEntryOf(termbot: Termbot): (term: string) => string | undefined {
  return (term) => {
    const key = normalizeKey(term).replace(/ /g, '');
    if (key.length < 3) return undefined;
    const max = key.length <= 5 ? 1 : key.length <= 12 ? 2 : 3;
    for (const e of termbot.index.suggest(term, 3)) {
      if (labelsOf(e).some((l) => editDistance(key, normalizeKey(l).replace(/ /g, ''), max) <= max)) return e.id;
    }
    return undefined;
  };
}

export async function serverReport(store: InsightsStore, termbot: Termbot, guildId: string, days: number, now: number, limit = 10): Promise<InsightsReport> {
  const period = periodOf(now, days);
  const counts = await store.counts(guildId, period.from, period.to);
  return buildReport(counts, {
    guildId,
    ...period,
    limit,
    nameOf: (id) => termbot.knowledge.byId.get(id)?.name,
    isKnownName: (t) => termbot.index.exactKey(normalizeKey(t)).length > 0,
    closeEntry: closeEntryOf(termbot),
  });
}
