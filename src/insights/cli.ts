/**
 * `npm run insights -- --guild ID [--days N] [--json] [--csv]`: a server's insights report, the same one
 * /insights shows. `--guild dm` reports direct messages. The work is here (testable); src/cli/insights.ts
 * opens the database and prints.
 */
import { DM_GUILD, reportCsv, reportText } from '../core/insights.ts';
import type { Termbot } from '../core/termbot.ts';
import { serverReport } from './report.ts';
import { DISCORD_ID } from '../discord/limits.ts';
import type { InsightsStore } from './store.ts';
import type { Answer } from '../core/reply.ts';
import { InsightsRecorder } from './recorder.ts';

export const INSIGHTS_USAGE = 'usage: npm run insights -- --guild SERVER_ID [--days N] [--json | --csv]   (SERVER_ID: 17 to 20 digits, or dm for direct messages; N: 1 to 366, default 30)';

export interface InsightsArgs {
  guildId: string;
  days: number;
  format: 'text' | 'json' | 'csv';
}

/** The arguments, or what is wrong with them. */
export function parseInsightsArgs(argv: readonly string[]): InsightsArgs | { error: string } {
  let guildId: string | undefined;
  let days = 30;
  let format: InsightsArgs['format'] = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--guild') {
      guildId = argv[++i];
      if (!guildId || !(guildId === DM_GUILD || DISCORD_ID.test(guildId))) return { error: `--guild: "${guildId ?? ''}" is not a server id (17 to 20 digits) or dm` };
    } else if (a === '--days') {
      const v = argv[++i] ?? '';
      days = Number(v);
      if (!/^\d+$/.test(v) || days < 1 || days > 366) return { error: `--days: "${v}" is not a whole number of days from 1 to 366` };
    } else if (a === '--json') format = 'json';
    else if (a === '--csv') format = 'csv';
    else return { error: `unknown argument: ${a}` };
  }
  if (!guildId) return { error: '--guild is required' };
  return { guildId, days, format };
}

/** The report for the arguments, as the text to print. */
export async function insightsOutput(args: InsightsArgs, store: InsightsStore, termbot: Termbot, now: number): Promise<string> {
  const report = await serverReport(store, termbot, args.guildId, args.days, now, args.format === 'text' ? 10 : 1000);
  const off = args.guildId !== DM_GUILD && !(await store.enabled(args.guildId));
  if (args.format === 'json') return JSON.stringify({ ...report, enabled: !off }, null, 2);
  if (args.format === 'csv') {
    const csv = reportCsv(report);
    return `${csv.daily}\r\n${csv.misses}`.trimEnd();
  }
  return `${off ? 'Insights are switched off for this server: nothing is recorded.\n\n' : ''}${reportText(report)}`;
}

/**
 * `npm run ask -- --guild ID --record "…"`: records the question's outcome as a mention in that server
 * would (written before the process ends). Returns a line for standard error.
 */
export async function recordAsked(store: InsightsStore, config: { insights: { enabled: boolean } }, guildId: string, answer: Answer, now = Date.now()): Promise<string> {
  if (!config.insights.enabled) return 'not recorded: insights are off (INSIGHTS=false)';
  if (!(await store.enabled(guildId))) return 'not recorded: insights are switched off for this server';
  const recorder = new InsightsRecorder({ store, now: () => now });
  recorder.recordAnswer(answer, { guildId, channelId: null, kind: 'mention' });
  await recorder.stop();
  const { written, failed } = recorder.stats;
  return written > 0 ? 'recorded for insights (npm run insights -- --guild ID)' : failed > 0 ? 'not recorded: the database write failed' : 'not recorded: nothing to keep (silence, help or a hint)';
}
