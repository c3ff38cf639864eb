/**
 * One validated configuration, read once at start from the environment (and `.env`, via dotenv).
 * Every missing or bad value is listed at once in one error.
 */
import { z } from 'zod';
import { DISCORD_ID } from '../discord/limits.ts';
import { DEFAULT_STALE_MONTHS } from '../core/knowledge/stale.ts';

const snowflake = z.string({ error: 'must be a Discord id (17 to 20 digits)' }).regex(DISCORD_ID, 'must be a Discord id (17 to 20 digits)');
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

/**
 * A number setting: plain decimal digits only. `Number()` (and so z.coerce) also takes "0x10",
 * "0b101", "1e3", "Infinity" and " 1 ": none of them is what an operator meant to write.
 */
const number = (fallback: number, opts: { min: number; max: number; whole: boolean; unit: string }) => {
  const shape = opts.whole ? /^\d+$/ : /^\d+(?:\.\d+)?$/;
  const what = `must be ${opts.whole ? 'a whole number' : 'a number'} of ${opts.unit} from ${opts.min} to ${opts.max.toLocaleString('en')}, written in plain digits (like ${fallback})`;
  return z.preprocess(
    emptyToUndefined,
    z
      .string({ error: what })
      .regex(shape, what)
      .transform(Number)
      .pipe(z.number().min(opts.min, what).max(opts.max, what))
      .optional()
      .transform((v) => v ?? fallback),
  );
};
const seconds = (fallback: number) => number(fallback, { min: 0, max: 86_400, whole: false, unit: 'seconds' });
const count = (fallback: number) => number(fallback, { min: 1, max: 1000, whole: true, unit: 'answers' });
const FLAG_WORDS = ['true', 'false', '1', '0', 'yes', 'no'] as const;
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
    z
      .enum(FLAG_WORDS, { error: `must be one of ${FLAG_WORDS.join(', ')}` })
      .optional()
      .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v))),
  );
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const settings = z.object({
  DISCORD_TOKEN: optional(z.string().regex(/^\S+$/, 'must be the bot token, with no spaces')),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  ASK_CHANNEL_IDS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
    z.array(snowflake, { error: 'must be Discord channel ids separated by commas' }),
  ),
  DISCORD_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, like http://127.0.0.1:4000/api', abort: true })
      .refine((u) => u.startsWith('https:') || /^http:\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:\/|$)/.test(u), {
        error: 'must use https, or plain http only to this machine (127.0.0.1, localhost or [::1]): it carries the bot token',
      }),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  COOLDOWN_MEMBER_SECONDS: seconds(3),
  COOLDOWN_CHANNEL_MAX: count(5),
  COOLDOWN_CHANNEL_SECONDS: seconds(10),
  ANSWER_DMS: flag(true),
  MESSAGE_CONTENT_INTENT: flag(true),
  KNOWLEDGE_DIR: optional(z.string()),
  INSIGHTS: flag(true),
  INSIGHTS_RETENTION_DAYS: number(90, { min: 1, max: 3650, whole: true, unit: 'days' }),
  STALE_AFTER_MONTHS: number(DEFAULT_STALE_MONTHS, { min: 0, max: 600, whole: true, unit: 'months' }),
  DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(?:ql)?:\/\/\S+$/, 'must be a postgres:// URL, like postgres://user:password@host:5432/termbot (leave empty to use SQLite in DATA_DIR)')),
});

/** The settings as the app uses them. `Config` is derived from this: one source for both. */
const schema = settings.transform((d) => ({
  ...(d.DISCORD_TOKEN ? { token: d.DISCORD_TOKEN } : {}),
  ...(d.DISCORD_CLIENT_ID ? { clientId: d.DISCORD_CLIENT_ID } : {}),
  ...(d.DISCORD_GUILD_ID ? { guildId: d.DISCORD_GUILD_ID } : {}),
  askChannelIds: d.ASK_CHANNEL_IDS,
  ...(d.DISCORD_API_URL ? { apiUrl: d.DISCORD_API_URL.replace(/\/+$/, '') } : {}),
  logLevel: d.LOG_LEVEL,
  cooldown: { memberSeconds: d.COOLDOWN_MEMBER_SECONDS, channelMax: d.COOLDOWN_CHANNEL_MAX, channelSeconds: d.COOLDOWN_CHANNEL_SECONDS },
  answerDms: d.ANSWER_DMS,
  /** Ask Discord for the privileged message-content intent (needed to read questions in ask channels). */
  messageContentIntent: d.MESSAGE_CONTENT_INTENT,
  ...(d.KNOWLEDGE_DIR ? { knowledgeDir: d.KNOWLEDGE_DIR } : {}),
  /** Insights (what members ask, what found nothing): on unless INSIGHTS=false; kept this many days. */
  insights: { enabled: d.INSIGHTS, retentionDays: d.INSIGHTS_RETENTION_DAYS },
  /** check:knowledge warns about dated facts older than this. */
  staleAfterMonths: d.STALE_AFTER_MONTHS,
  /** Folder of the SQLite database (server glossaries), created on first start. */
  dataDir: d.DATA_DIR ?? DEFAULT_DATA_DIR,
  /** Postgres instead of SQLite. Never logged (it may hold a password). */
  ...(d.DATABASE_URL ? { databaseUrl: d.DATABASE_URL } : {}),
}));

export type Config = z.output<typeof schema>;

/** Where the SQLite database lives unless DATA_DIR says otherwise (relative to the current folder). */
export const DEFAULT_DATA_DIR = 'data';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`termbot: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for what each setting means.`);
    this.name = 'ConfigError';
  }
}

export type ConfigPurpose = 'run' | 'deploy';

/** Reads the configuration from an environment object. Throws one ConfigError listing every problem. */
export function readConfig(env: Record<string, string | undefined>, purpose: ConfigPurpose = 'run'): Config {
  const r = schema.safeParse(env);
  const problems: string[] = [];
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = String(issue.path[0] ?? '');
      const index = issue.path.length > 1 ? ` (item ${Number(issue.path[1]) + 1})` : '';
      // Every check above carries its own wording: zod's own ("Invalid input: expected …") never shows.
      problems.push(`${key}${index}: ${issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message}`);
    }
  }
  if (purpose === 'deploy') {
    if (!env.DISCORD_TOKEN?.trim()) problems.push('DISCORD_TOKEN: is required to deploy the slash commands');
    if (!env.DISCORD_CLIENT_ID?.trim()) problems.push("DISCORD_CLIENT_ID: is required to deploy the slash commands (the application's id in the developer portal)");
  }
  if (problems.length > 0 || !r.success) throw new ConfigError(problems);
  return r.data;
}
