/** The one config: number settings in plain digits only, and every message in our words, never zod's. */
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, type Config } from '../src/app/config.ts';

const problems = (env: Record<string, string | undefined>): string[] => {
  try {
    readConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('number settings', () => {
  it.each(['0x10', '0b101', '0o17', '1e2', '1E1', '1 0', '+5', '-1', 'Infinity', 'NaN', '٣', '５', '1_000', '.5', '5.', '0x', '99999999'])('refuse %j', (value) => {
    for (const key of ['COOLDOWN_MEMBER_SECONDS', 'COOLDOWN_CHANNEL_MAX', 'COOLDOWN_CHANNEL_SECONDS', 'INSIGHTS_RETENTION_DAYS', 'STALE_AFTER_MONTHS']) {
      const p = problems({ [key]: value });
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(new RegExp(`^${key}: must be .*plain digits`));
    }
  });
  it('take plain digits, trimmed, and fractions of seconds', () => {
    const c = readConfig({ COOLDOWN_MEMBER_SECONDS: ' 2.5 ', COOLDOWN_CHANNEL_MAX: '7', COOLDOWN_CHANNEL_SECONDS: '0' });
    expect(c.cooldown).toEqual({ memberSeconds: 2.5, channelMax: 7, channelSeconds: 0 });
    expect(problems({ COOLDOWN_CHANNEL_MAX: '2.5' })[0]).toMatch(/whole number/);
  });
});

describe('messages', () => {
  const ZOD_WORDING = /Invalid input|expected (?:string|number|array)|received|Too (?:big|small)|Invalid (?:string|url|option)|Required/i;
  it.each([
    { DISCORD_TOKEN: 'a b' },
    { DISCORD_CLIENT_ID: '12' },
    { ASK_CHANNEL_IDS: '123456789012345678,,x' },
    { DISCORD_API_URL: 'ftp://x' },
    { DISCORD_API_URL: 'not a url' },
    { DISCORD_API_URL: 'http://evil.example/api' },
    { LOG_LEVEL: 'loud' },
    { ANSWER_DMS: 'maybe' },
    { MESSAGE_CONTENT_INTENT: '2' },
    { COOLDOWN_CHANNEL_MAX: '0' },
    { COOLDOWN_MEMBER_SECONDS: '86401' },
  ])('are our own words, one per bad setting: %j', (env) => {
    const p = problems(env);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(new RegExp(`^${Object.keys(env)[0]}(?: \\(item \\d\\))?: `));
    expect(p[0]).not.toMatch(ZOD_WORDING);
  });
});

describe('Config', () => {
  it('is what the schema produces (derived with z.output)', () => {
    const c: Config = readConfig({ DISCORD_TOKEN: 'abc.def', KNOWLEDGE_DIR: '/k', ANSWER_DMS: 'no' });
    expect(c).toEqual({
      token: 'abc.def',
      askChannelIds: [],
      logLevel: 'info',
      cooldown: { memberSeconds: 3, channelMax: 5, channelSeconds: 10 },
      answerDms: false,
      messageContentIntent: true,
      knowledgeDir: '/k',
      insights: { enabled: true, retentionDays: 90 },
      staleAfterMonths: 12,
      dataDir: 'data',
    });
  });
});
