/** The bot's insights recorder, from the configuration: outcomes go to the database (opened on first use). */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { Schema } from '../store/db.ts';
import { InsightsRecorder } from './recorder.ts';
import { DeferredInsightsStore } from './store.ts';

/** The recorder, or undefined when INSIGHTS=false. `db` gives the database once it is open. */
export function createInsights(config: Pick<Config, 'insights'>, logger: Logger, db: () => Promise<Kysely<Schema>>): InsightsRecorder | undefined {
  if (!config.insights.enabled) {
    logger.info('insights off (INSIGHTS=false): nothing is recorded');
    return undefined;
  }
  // The SQL layer loads with the database, not at start.
  const store = new DeferredInsightsStore(async () => new (await import('./sql.ts')).SqlInsightsStore(await db()));
  logger.info({ retentionDays: config.insights.retentionDays }, 'insights on: outcomes only (no user ids, no message text)');
  return new InsightsRecorder({ store, logger, retentionDays: config.insights.retentionDays });
}
