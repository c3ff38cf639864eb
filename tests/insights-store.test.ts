/**
 * The insights store, the same suite on every implementation: in memory, SQLite always, Postgres
 * when TEST_DATABASE_URL is set. Each must agree with `countOutcomes`, the reference.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { countOutcomes, dayOf, type Outcome, type OutcomeKind } from '../src/core/insights.ts';
import { MemoryInsightsStore, type InsightsStore } from '../src/insights/store.ts';
import { SqlInsightsStore } from '../src/insights/sql.ts';
import { backends, type TestDatabase } from './helpers/databases.ts';
import type { Db } from '../src/store/db.ts';

const G1 = '300000000000000001';
const G2 = '300000000000000002';
const BASE = Date.parse('2026-11-01T12:00:00Z');

/** A deterministic mix: questions of every kind, misses, typos, picks and opens, over 20 days and two servers. */
function sample(n: number): Outcome[] {
  const kinds: OutcomeKind[] = ['slash', 'mention', 'dm', 'channel'];
  const entries = ['reach', 'impressions', 'engagement-rate', 'seo', 'hashtag'];
  const terms = ['zorblax', 'growth loop', 'enagement rate', 'dark social', 'hastag'];
  const out: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const at = BASE + (i % 20) * 86_400_000 + i * 1000;
    const base = { at, day: dayOf(at), guildId: i % 7 === 0 ? G2 : G1, channelId: `4000000000000000${10 + (i % 5)}`, intent: 'define' as const };
    const e = entries[i % entries.length]!;
    const t = terms[i % terms.length]!;
    switch (i % 6) {
      case 0:
        out.push({ ...base, kind: kinds[i % 4]!, entries: [e], match: 'exact' });
        break;
      case 1:
        out.push({ ...base, kind: kinds[i % 4]!, entries: [], term: t });
        break;
      case 2:
        out.push({ ...base, kind: 'mention', entries: [e], match: 'typo', term: t });
        break;
      case 3:
        out.push({ ...base, kind: 'button', button: 'pick', match: 'pick', entries: [e], term: t });
        break;
      case 4:
        out.push({ ...base, kind: 'slash', command: 'compare', intent: 'compare', entries: [e, entries[(i + 1) % entries.length]!], match: 'exact' });
        break;
      default:
        out.push({ ...base, kind: 'button', button: 'open', entries: [e] });
    }
  }
  return out;
}

/** Every database opened, closed and dropped at the end. */
const opened: { t: TestDatabase; d: Db }[] = [];
afterAll(async () => {
  for (const { t, d } of opened) {
    await d.close();
    await t.drop();
  }
});

const cases: { name: string; make: () => Promise<InsightsStore> }[] = [
  { name: 'memory', make: async () => new MemoryInsightsStore() },
  ...backends.map((b) => ({
    name: b.name,
    make: async () => {
      const t = await b.create();
      const d = await t.open();
      opened.push({ t, d });
      return new SqlInsightsStore(d.db);
    },
  })),
];

describe.each(cases)('insights store: $name', ({ make }) => {
  it('counts agree with the reference, per server and period', async () => {
    const store = await make();
    const outcomes = sample(900);
    // In several writes, like the recorder's batches.
    for (let i = 0; i < outcomes.length; i += 250) expect(await store.append(outcomes.slice(i, i + 250))).toBe(Math.min(250, outcomes.length - i));
    for (const [g, from, to] of [
      [G1, '2026-11-01', '2026-11-30'],
      [G2, '2026-11-01', '2026-11-30'],
      [G1, '2026-11-05', '2026-11-09'],
      [G1, '2027-01-01', '2027-01-31'],
    ] as const) {
      const want = countOutcomes(outcomes.filter((o) => o.guildId === g && o.day >= from && o.day <= to));
      expect(await store.counts(g, from, to)).toEqual(want);
    }
  });

  it('an empty write is nothing, and an unknown server has empty counts', async () => {
    const store = await make();
    expect(await store.append([])).toBe(0);
    expect(await store.counts('999999999999999999', '2026-01-01', '2026-12-31')).toEqual(countOutcomes([]));
  });

  it('purges days before the cut-off, outcomes and their entries', async () => {
    const store = await make();
    const outcomes = sample(120);
    await store.append(outcomes);
    const cut = '2026-11-11';
    expect(await store.purge(cut)).toBe(outcomes.filter((o) => o.day < cut).length);
    expect(await store.counts(G1, '2026-01-01', '2026-12-31')).toEqual(countOutcomes(outcomes.filter((o) => o.guildId === G1 && o.day >= cut)));
    expect(await store.purge(cut)).toBe(0);
  });

  it('switching a server off forgets it and keeps nothing new; on again records again', async () => {
    const store = await make();
    const outcomes = sample(60);
    await store.append(outcomes);
    expect(await store.enabled(G2)).toBe(true);
    await store.setEnabled(G2, false);
    await store.setEnabled(G2, false);
    expect(await store.enabled(G2)).toBe(false);
    expect((await store.counts(G2, '2026-01-01', '2026-12-31')).days).toEqual([]);
    expect(await store.append(outcomes)).toBe(outcomes.filter((o) => o.guildId !== G2).length);
    expect((await store.counts(G2, '2026-01-01', '2026-12-31')).days).toEqual([]);
    // G1 untouched: twice the sample.
    expect((await store.counts(G1, '2026-01-01', '2026-12-31')).kinds).toEqual(countOutcomes([...outcomes, ...outcomes].filter((o) => o.guildId === G1)).kinds);
    await store.setEnabled(G2, true);
    expect(await store.enabled(G2)).toBe(true);
    expect(await store.append(outcomes.filter((o) => o.guildId === G2))).toBe(outcomes.filter((o) => o.guildId === G2).length);
  });

  it('keeps odd terms intact (quotes, Unicode, 100 characters)', async () => {
    const store = await make();
    const at = BASE;
    const terms = ["o'brien \"quoted\"", 'café señor 日本語', 'x'.repeat(100), "'; drop table insights_outcomes; --"];
    await store.append(terms.map((term) => ({ at, day: dayOf(at), guildId: G1, channelId: null, kind: 'dm' as const, intent: 'define' as const, entries: [], term })));
    const c = await store.counts(G1, dayOf(at), dayOf(at));
    expect(c.misses.map((m) => m.term).sort()).toEqual([...terms].sort());
  });
});
