/** `npm run insights`: arguments, and the report it prints from a store (the whole loop, without Discord). */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askMain } from '../src/cli/ask.ts';
import { insightsMain } from '../src/cli/insights.ts';
import { DM_GUILD } from '../src/core/insights.ts';
import { insightsOutput, parseInsightsArgs } from '../src/insights/cli.ts';
import { InsightsRecorder } from '../src/insights/recorder.ts';
import { editDistance } from '../src/core/search.ts';
import { closeEntryOf } from '../src/insights/report.ts';
import { MemoryInsightsStore } from '../src/insights/store.ts';
import { runTool } from './helpers/cli.ts';
import { shippedTermbot } from './helpers/shipped.ts';

const bot = await shippedTermbot();
const G = '300000000000000001';
const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('npm run insights: arguments', () => {
  it('takes a server, days and a format', () => {
    expect(parseInsightsArgs(['--guild', G])).toEqual({ guildId: G, days: 30, format: 'text' });
    expect(parseInsightsArgs(['--guild', 'dm', '--days', '7', '--json'])).toEqual({ guildId: DM_GUILD, days: 7, format: 'json' });
    expect(parseInsightsArgs(['--csv', '--guild', G])).toMatchObject({ format: 'csv' });
  });
  it('says what is wrong', () => {
    expect(parseInsightsArgs([])).toEqual({ error: '--guild is required' });
    expect(parseInsightsArgs(['--guild', 'abc'])).toHaveProperty('error');
    expect(parseInsightsArgs(['--guild', G, '--days', '0'])).toHaveProperty('error');
    expect(parseInsightsArgs(['--guild', G, '--days', '3.5'])).toHaveProperty('error');
    expect(parseInsightsArgs(['--guild', G, '--days'])).toHaveProperty('error');
    expect(parseInsightsArgs(['--guild', G, '--frobnicate'])).toEqual({ error: 'unknown argument: --frobnicate' });
  });
});

describe('npm run insights: the report', () => {
  async function asked(questions: string[]) {
    const store = new MemoryInsightsStore();
    const rec = new InsightsRecorder({ store, now: () => NOW });
    for (const q of questions) rec.recordAnswer(bot.ask(q, 'direct'), { guildId: G, channelId: null, kind: 'mention' });
    await rec.stop();
    return store;
  }

  it('shows questions, the most asked entries and the misses', async () => {
    const store = await asked(['what is reach?', 'what is reach?', 'what is a zorblax funnel?', 'what is a zorblax funnel', 'what is enagement rate?']);
    const text = await insightsOutput({ guildId: G, days: 7, format: 'text' }, store, bot, NOW);
    expect(text).toMatch(/Questions: 5 \(3 answered, 2 found nothing\)/);
    expect(text).toMatch(/2 {2}Reach \(reach\)/);
    expect(text).toMatch(/2 {2}zorblax funnel/);
    expect(text).toMatch(/"enagement rate" → Engagement rate/i);
    const json = JSON.parse(await insightsOutput({ guildId: G, days: 7, format: 'json' }, store, bot, NOW)) as { totals: { questions: number }; daily: unknown[]; enabled: boolean };
    expect(json.totals.questions).toBe(5);
    expect(json.daily).toHaveLength(7);
    expect(json.enabled).toBe(true);
    const csv = await insightsOutput({ guildId: G, days: 7, format: 'csv' }, store, bot, NOW);
    expect(csv).toMatch(/^day,questions,answered,misses\r\n/);
    expect(csv).toMatch(/2026-11-30,5,3,2/);
    expect(csv).toMatch(/term,count,alias_for\r\nzorblax funnel,2,/);
  });

  it('says when a server switched insights off', async () => {
    const store = await asked(['what is reach?']);
    await store.setEnabled(G, false);
    expect(await insightsOutput({ guildId: G, days: 7, format: 'text' }, store, bot, NOW)).toMatch(/switched off/);
  });
});

describe('alias hints', () => {
  it('edit distance counts swaps as one and gives up past the bound', () => {
    expect(editDistance('reach', 'raech', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
  it('a miss close to an entry name points at it; an unrelated one does not', () => {
    const close = closeEntryOf(bot);
    expect(close('hashtagz')).toBe('hashtag');
    expect(close('zorblax')).toBeUndefined();
    expect(close('ab')).toBeUndefined();
  });
});

describe('from a shell: ask --record, then insights (SQLite in DATA_DIR)', () => {
  it('records the question as a mention in that server and reports it (the report from a real process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'termbot-insights-'));
    const env = { DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    try {
      const asked = await runTool(askMain, ['--guild', G, '--record', 'what is a zorblax funnel?'], { env });
      expect(asked.status).toBe(0);
      expect(asked.stderr).toMatch(/recorded for insights/);
      const report = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/insights.ts', '--guild', G, '--days', '3', '--json'], { encoding: 'utf8', env: { ...process.env, DISCORD_TOKEN: '', ...env } }, (_err, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      expect(report.stderr).toBe('');
      expect(report.code).toBe(0);
      const json = JSON.parse(report.stdout) as { topMisses: { term: string; count: number }[]; byKind: { kind: string; count: number }[] };
      expect(json.topMisses).toEqual([{ term: 'zorblax funnel', count: 1 }]);
      expect(json.byKind).toEqual([{ kind: 'mention', count: 1 }]);
      const usage = await runTool(insightsMain, ['--days', '3'], { env });
      expect(usage.status).toBe(2);
      expect(usage.stderr).toMatch(/--guild is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
