/** Errors from Discord: how to read them, how to log them, and the short apology a member gets. */
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { Replyable } from './types.ts';
import { ConnectionCutError } from './rest.ts';

export const APOLOGY = 'Sorry, something went wrong on my side while answering that. Please try again in a moment.';

/** Discord's error code and HTTP status of an error from discord.js, if it has them. */
export function discordError(err: unknown): { code?: number | string; status?: number } {
  if (typeof err !== 'object' || err === null) return {};
  const e = err as { code?: unknown; status?: unknown };
  return {
    ...(typeof e.code === 'number' || typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
  };
}

/** Expired interactions (10062), missing permissions (50013) and Discord 5xx get a clear line; anything else is logged with the error. */
export function logDiscordError(logger: Logger, err: unknown, context: Record<string, unknown>): void {
  if (err instanceof ConnectionCutError) {
    const how = err.resendable ? `sent ${err.attempts} times` : 'not resent: sending it twice could post it twice';
    logger.error({ ...context, network: err.network, method: err.method, route: err.route, attempts: err.attempts }, `answer lost: the connection to Discord was cut while sending it (${how})`);
    return;
  }
  const { code, status } = discordError(err);
  if (code === 10062) logger.warn({ ...context, code }, 'the interaction expired before termbot answered it (10062)');
  else if (code === 50013) logger.warn({ ...context, code }, 'termbot lacks a permission in this channel (50013): check View Channel, Send Messages, Send Messages in Threads, Embed Links and Read Message History');
  else if (code === 50001) logger.warn({ ...context, code }, 'termbot cannot see this channel (50001 Missing Access): check View Channel there');
  else if (code === 50007) logger.info({ ...context, code }, 'Discord refused a direct message (50007): the user does not take DMs from termbot');
  else if (status !== undefined && status >= 500) logger.error({ ...context, status, err }, `Discord answered ${status}; termbot keeps running`);
  else logger.error({ ...context, err, code, status }, 'unexpected error while handling an event');
}

/** The short private apology, as a reply or a follow-up; a failure to apologize is only logged. */
export async function apologize(logger: Logger, i: Replyable & { id: string }): Promise<void> {
  try {
    const options = { content: APOLOGY, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
    if (i.replied || i.deferred) await i.followUp(options);
    else await i.reply(options);
  } catch (err) {
    logDiscordError(logger, err, { what: 'apology', interactionId: i.id });
  }
}
