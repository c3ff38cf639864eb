/** The bot's insights recorder, from the configuration. */
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import { InsightsRecorder } from './recorder.ts';
import { MemoryInsightsStore } from './store.ts';

export async function openInsights(config: Pick<Config, 'insights'>, logger: Logger): Promise<InsightsRecorder> {
  const store = new MemoryInsightsStore();
  logger.info({ retentionDays: config.insights.retentionDays, store: 'memory' }, 'insights on');
  return new InsightsRecorder({ store, logger, retentionDays: config.insights.retentionDays });
}
