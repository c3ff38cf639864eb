/**
 * Insights in the database (SQLite or Postgres, through Kysely): one row per outcome, one row per
 * entry an outcome counts for, and the servers that switched insights off. The report's counts are
 * GROUP BY queries over a server's days, so a report never loads the outcomes themselves.
 */
import type { Kysely, Migration } from 'kysely';
import { chunks, sql } from '../store/kysely.ts';
import { sortCounts, type InsightsCounts, type Outcome, type OutcomeButton, type OutcomeKind } from '../core/insights.ts';
import type { InsightsStore } from './store.ts';
import type { Schema } from '../store/db.ts';

export interface InsightsOutcomesTable {
  guild_id: string;
  channel_id: string | null;
  /** Milliseconds since the epoch. */
  at: number | string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  kind: string;
  command: string | null;
  intent: string;
  /** How many entries answered (0: a miss). */
  entry_count: number;
  /** The first entry answered, for typo and pick pairs. */
  entry_id: string | null;
  /** The missed, typo'd or picked-for term (normalized, ≤ 100 characters). */
  term: string | null;
  match: string | null;
  button: string | null;
}

/** The entries of questions and did-you-mean picks, for "most asked". */
export interface InsightsEntriesTable {
  guild_id: string;
  day: string;
  entry_id: string;
}

/** Servers that switched insights off (on is the default: no row). */
export interface InsightsOffTable {
  guild_id: string;
  updated_at: string;
}

export interface InsightsSchema {
  insights_outcomes: InsightsOutcomesTable;
  insights_entries: InsightsEntriesTable;
  insights_off: InsightsOffTable;
}

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The migration that adds the insights tables. */
export const insightsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('insights_outcomes')
      .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(32)')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('command', 'varchar(32)')
      .addColumn('intent', 'varchar(16)', (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('entry_id', 'varchar(80)')
      .addColumn('term', 'varchar(100)')
      .addColumn('match', 'varchar(8)')
      .addColumn('button', 'varchar(8)')
      .execute();
    await db.schema.createIndex('insights_outcomes_guild_day').on('insights_outcomes').columns(['guild_id', 'day']).execute();
    await db.schema.createIndex('insights_outcomes_day').on('insights_outcomes').column('day').execute();
    await db.schema
      .createTable('insights_entries')
      .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('entry_id', 'varchar(80)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('insights_entries_guild_day').on('insights_entries').columns(['guild_id', 'day']).execute();
    await db.schema.createIndex('insights_entries_day').on('insights_entries').column('day').execute();
    await db.schema
      .createTable('insights_off')
      .addColumn('guild_id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
};

/** Rows per INSERT: well under both databases' bound-parameter limits. */
const CHUNK = 400;

export class SqlInsightsStore implements InsightsStore {
  /** The database's Kysely (its Schema includes InsightsSchema). */
  constructor(private readonly db: Kysely<Schema>) {}

  async append(outcomes: readonly Outcome[]): Promise<number> {
    if (outcomes.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const guilds = [...new Set(outcomes.map((o) => o.guildId))];
      const off = new Set((await trx.selectFrom('insights_off').select('guild_id').where('guild_id', 'in', guilds).execute()).map((r) => r.guild_id));
      const kept = outcomes.filter((o) => !off.has(o.guildId));
      for (const part of chunks(kept, CHUNK)) {
        await trx
          .insertInto('insights_outcomes')
          .values(
            part.map((o) => ({
              guild_id: o.guildId,
              channel_id: o.channelId,
              at: Math.trunc(o.at),
              day: o.day,
              kind: o.kind,
              command: o.command ?? null,
              intent: o.intent,
              entry_count: o.entries.length,
              entry_id: o.entries[0] ?? null,
              term: o.term ?? null,
              match: o.match ?? null,
              button: o.button ?? null,
            })),
          )
          .execute();
      }
      const entries = kept.filter((o) => o.kind !== 'button' || o.button === 'pick').flatMap((o) => o.entries.map((entry_id) => ({ guild_id: o.guildId, day: o.day, entry_id })));
      for (const part of chunks(entries, CHUNK)) await trx.insertInto('insights_entries').values(part).execute();
      return kept.length;
    });
  }

  async counts(guildId: string, from: string, to: string): Promise<InsightsCounts> {
    const n = (v: unknown) => Number(v ?? 0);
    const outcomes = () => this.db.selectFrom('insights_outcomes').where('guild_id', '=', guildId).where('day', '>=', from).where('day', '<=', to);
    const questions = () => outcomes().where('kind', '!=', 'button');
    const count = sql<number>`count(*)`;
    const [days, entries, misses, picks, typos, buttons, kinds] = await Promise.all([
      questions()
        .select(['day', count.as('questions'), sql<number>`sum(case when entry_count = 0 then 1 else 0 end)`.as('misses')])
        .groupBy('day')
        .execute(),
      this.db
        .selectFrom('insights_entries')
        .where('guild_id', '=', guildId)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .select(['entry_id', count.as('count')])
        .groupBy('entry_id')
        .execute(),
      questions().where('entry_count', '=', 0).where('term', 'is not', null).select(['term', count.as('count')]).groupBy('term').execute(),
      outcomes().where('button', '=', 'pick').where('term', 'is not', null).where('entry_id', 'is not', null).select(['term', 'entry_id', count.as('count')]).groupBy(['term', 'entry_id']).execute(),
      questions().where('match', '=', 'typo').where('term', 'is not', null).where('entry_id', 'is not', null).select(['term', 'entry_id', count.as('count')]).groupBy(['term', 'entry_id']).execute(),
      outcomes().where('button', 'is not', null).select(['button', count.as('count')]).groupBy('button').execute(),
      questions().select(['kind', count.as('count')]).groupBy('kind').execute(),
    ]);
    return sortCounts({
      days: days.map((d) => ({ day: d.day, questions: n(d.questions), misses: n(d.misses) })),
      entries: entries.map((e) => ({ entryId: e.entry_id, count: n(e.count) })),
      misses: misses.map((m) => ({ term: m.term ?? '', count: n(m.count) })),
      picks: picks.map((p) => ({ term: p.term ?? '', entryId: p.entry_id ?? '', count: n(p.count) })),
      typos: typos.map((p) => ({ term: p.term ?? '', entryId: p.entry_id ?? '', count: n(p.count) })),
      buttons: buttons.map((b) => ({ button: b.button as OutcomeButton, count: n(b.count) })),
      kinds: kinds.map((k) => ({ kind: k.kind as OutcomeKind, count: n(k.count) })),
    });
  }

  async purge(beforeDay: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('insights_outcomes').where('day', '<', beforeDay).executeTakeFirst();
      await trx.deleteFrom('insights_entries').where('day', '<', beforeDay).execute();
      return Number(r.numDeletedRows);
    });
  }

  async enabled(guildId: string): Promise<boolean> {
    const row = await this.db.selectFrom('insights_off').select('guild_id').where('guild_id', '=', guildId).executeTakeFirst();
    return row === undefined;
  }

  async setEnabled(guildId: string, on: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (on) {
        await trx.deleteFrom('insights_off').where('guild_id', '=', guildId).execute();
        return;
      }
      await trx
        .insertInto('insights_off')
        .values({ guild_id: guildId, updated_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('guild_id').doNothing())
        .execute();
      await trx.deleteFrom('insights_outcomes').where('guild_id', '=', guildId).execute();
      await trx.deleteFrom('insights_entries').where('guild_id', '=', guildId).execute();
    });
  }
}
