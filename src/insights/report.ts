/** A server's insights report: the store's counts for a period, named and annotated from the knowledge. */
import { buildReport, periodOf, type InsightsReport } from '../core/insights.ts';
import { labelsOf } from '../core/knowledge/types.ts';
import { normalizeKey } from '../core/normalize.ts';
import { editDistance } from '../core/search.ts';
import type { Termbot } from '../core/termbot.ts';
import type { InsightsStore } from './store.ts';

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
