/**
 * The audit channel: every change to a server's glossary is posted there when the server set one
 * (`/glossary settings audit-channel`). Best effort: a change is saved whether or not the post
 * goes through; never pings (the author is named as a mention that does not notify).
 */
import type { GuildSettings } from '../../store/glossary.ts';
import type { Context } from '../context.ts';
import { LIMITS, truncate } from '../limits.ts';

/**
 * Posts `line` (e.g. "added **Launch Week**") by `authorId` to the server's audit channel, if it has
 * one. True when it was posted; false when the server has none or the post failed (logged).
 * `settings`: the server's settings when the caller has just read them (saves reading them again).
 */
export async function audit(ctx: Context, guildId: string, authorId: string, line: string, settings?: Pick<GuildSettings, 'auditChannelId'>): Promise<boolean> {
  const server = ctx.server;
  if (!server) return false;
  try {
    settings ??= await (await server.glossaries()).store.settings(guildId);
    if (!settings.auditChannelId) return false;
    const content = truncate(`<@${authorId}> ${line}`, LIMITS.content);
    const posted = await server.post(settings.auditChannelId, { content });
    if (!posted) ctx.logger.warn({ guildId, channelId: settings.auditChannelId }, 'could not post to the audit channel');
    return posted;
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not post to the audit channel');
    return false;
  }
}
