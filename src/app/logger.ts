/**
 * The one pino logger. It writes to standard error (standard output belongs to the console chat and
 * to `ask --json`), pretty only when that is a terminal, and never prints the bot token: known
 * secret fields are redacted and the token's text is scrubbed from every message.
 */
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

/** pino-pretty is loaded only when logs go to a terminal: a bot in production (and its start-up) never needs it. */
const pretty = (options: PinoPretty.PrettyOptions): PinoPretty.PrettyStream => (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)(options);

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Secrets to scrub from every log line, e.g. the bot token. */
  secrets?: readonly string[];
  /** Where to write; standard error by default. */
  destination?: DestinationStream;
  /** Pretty output; by default only when standard error is a terminal. */
  pretty?: boolean;
}

export const REDACT_PATHS = ['token', 'DISCORD_TOKEN', '*.token', '*.DISCORD_TOKEN', 'config.token', 'headers.authorization', '*.headers.authorization', 'authorization', '*.authorization'];

/** Interaction and webhook tokens in Discord URLs are credentials: `/interactions/1/<token>/…` → `/interactions/1/[token]/…`. */
export function maskDiscordTokens(text: string): string {
  return text.replace(/(\/(?:interactions|webhooks)\/\d+\/)[^/?\s"]+/g, '$1[token]');
}

/**
 * Errors as logged: pino's standard shape, without the request body discord.js attaches (it holds
 * the reply, and so the member's words) and with every URL's interaction token masked.
 */
export function serializeError(e: Error, scrub: (s: string) => string = (s) => s) {
  const serialized = pino.stdSerializers.err(e) as ReturnType<typeof pino.stdSerializers.err> & Record<string, unknown>;
  delete serialized.requestBody;
  delete serialized.rawError;
  return JSON.parse(maskDiscordTokens(scrub(JSON.stringify(serialized)))) as typeof serialized;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[REDACTED]'), s);
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const destination = options.destination ?? (usePretty ? pretty({ destination: 2, sync: true, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }) : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: { err: (e: Error) => serializeError(e, scrub) },
      hooks: {
        logMethod(args, method) {
          if (secrets.length === 0) return method.apply(this, args);
          const clean = args.map((a) => (typeof a === 'string' ? scrub(a) : a instanceof Error ? Object.assign(new Error(scrub(a.message)), { name: a.name, stack: a.stack && scrub(a.stack) }) : a));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
      formatters: secrets.length
        ? {
            log(object) {
              // Scrub secrets that arrive inside objects (an error's message, a URL with a token).
              const text = JSON.stringify(object);
              return secrets.some((s) => text.includes(s)) ? (JSON.parse(scrub(text)) as Record<string, unknown>) : object;
            },
          }
        : {},
    },
    destination,
  );
}
