/**
 * The audit channel: every change to a server's glossary is posted there when the server set one
 * (`/glossary settings audit-channel`). Best effort: a change is saved whether or not the post
 * goes through; never pings (the author is named as a mention that does not notify).
 */
import type { Context } from '../context.ts';
import { LIMITS } from '../limits.ts';

/** Posts `line` (e.g. "added **Launch Week**") by `authorId` to the server's audit channel, if it has one. */
export async function audit(ctx: Context, guildId: string, authorId: string, line: string): Promise<void> {
  const server = ctx.server;
  if (!server) return;
  try {
    const settings = await (await server.glossaries()).store.settings(guildId);
    if (!settings.auditChannelId) return;
    const content = `<@${authorId}> ${line}`.slice(0, LIMITS.content);
    await server.post(settings.auditChannelId, { content });
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not post to the audit channel');
  }
}
