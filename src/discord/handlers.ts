/**
 * Interaction and message handlers. Each is guarded: an unexpected error is logged with context and
 * the member gets a short apology, never a stack trace; expired interactions (10062), missing
 * permissions (50013) and Discord 5xx responses are logged and the bot keeps going.
 */
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { AskMode, Termbot } from '../core/termbot.ts';
import { isArea } from '../core/knowledge/types.ts';
import type { CommandModule } from '../../commands/index.ts';
import { logHandled, replyOptions, updateOptions, type CommandContext } from './context.ts';
import { Cooldowns } from './cooldown.ts';
import { parseCustomId } from './ids.ts';
import { renderDiscord } from './render.ts';
import type { AutocompleteLike, ChatInputLike, ComponentLike, MessageLike } from './types.ts';

export const APOLOGY = 'Sorry, something went wrong on my side while answering that. Please try again in a moment.';

export interface HandlerDeps {
  termbot: Termbot;
  logger: Logger;
  commands: readonly CommandModule[];
  config: Pick<Config, 'askChannelIds' | 'answerDms' | 'cooldown'>;
  /** The bot's own user id, once known. */
  botUserId: () => string | undefined;
  now?: () => number;
}

export interface Handlers {
  chatInput(i: ChatInputLike): Promise<void>;
  autocomplete(i: AutocompleteLike): Promise<void>;
  component(i: ComponentLike): Promise<void>;
  message(m: MessageLike): Promise<void>;
}

/** Discord's error code and HTTP status of an error from discord.js, if it has them. */
export function discordError(err: unknown): { code?: number | string; status?: number } {
  if (typeof err !== 'object' || err === null) return {};
  const e = err as { code?: unknown; status?: unknown };
  return {
    ...(typeof e.code === 'number' || typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
  };
}

export function logDiscordError(logger: Logger, err: unknown, context: Record<string, unknown>): void {
  const { code, status } = discordError(err);
  if (code === 10062) logger.warn({ ...context, code }, 'the interaction expired before termbot answered it (10062)');
  else if (code === 50013) logger.warn({ ...context, code }, 'termbot lacks a permission in this channel (50013): check View Channel, Send Messages, Send Messages in Threads, Embed Links and Read Message History');
  else if (status !== undefined && status >= 500) logger.error({ ...context, status, err }, `Discord answered ${status}; termbot keeps running`);
  else logger.error({ ...context, err, code, status }, 'unexpected error while handling an event');
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { termbot, logger } = deps;
  const ctx: CommandContext = { termbot, logger };
  const byName = new Map(deps.commands.map((c) => [c.data.name, c]));
  const askChannels = new Set(deps.config.askChannelIds);
  const cooldowns = new Cooldowns(deps.config.cooldown, deps.now);

  async function apologize(i: ChatInputLike | ComponentLike): Promise<void> {
    try {
      const options = { content: APOLOGY, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
      if (i.replied || i.deferred) await i.followUp(options);
      else await i.reply(options);
    } catch (err) {
      logDiscordError(logger, err, { what: 'apology', interactionId: i.id });
    }
  }

  return {
    async chatInput(i) {
      const context = { kind: 'slash', command: i.commandName, interactionId: i.id, guildId: i.guildId, channelId: i.channelId };
      const command = byName.get(i.commandName);
      try {
        if (!command) {
          logger.warn(context, 'unknown command: redeploy the commands (npm run deploy)');
          await i.reply({ content: "I don't know that command any more; a moderator may need to redeploy termbot's commands.", flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
          return;
        }
        await command.execute(i, ctx);
      } catch (err) {
        logDiscordError(logger, err, context);
        if (discordError(err).code !== 10062) await apologize(i);
      }
    },

    async autocomplete(i) {
      const context = { kind: 'autocomplete', command: i.commandName, interactionId: i.id, guildId: i.guildId, channelId: i.channelId };
      try {
        const command = byName.get(i.commandName);
        if (command?.autocomplete) await command.autocomplete(i, ctx);
        else if (!i.responded) await i.respond([]);
      } catch (err) {
        logDiscordError(logger, err, context);
      }
    },

    async component(i) {
      const started = performance.now();
      const action = parseCustomId(i.customId);
      const context = { kind: 'button', customId: i.customId, interactionId: i.id, guildId: i.guildId, channelId: i.channelId };
      try {
        if (!action) {
          await i.reply({ content: 'That button no longer works; ask again to get a fresh answer.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
          return;
        }
        switch (action.action) {
          case 'open': {
            const answer = termbot.define(action.entryId);
            if (!answer.reply) return;
            await i.reply(replyOptions(renderDiscord(answer.reply, { private: true }), { private: true }));
            logHandled(logger, { kind: 'button', started, guildId: i.guildId, channelId: i.channelId, answer, extra: { action: 'open' } });
            return;
          }
          case 'pick': {
            const answer = action.compareWith ? termbot.compare(action.compareWith, action.entryId) : termbot.define(action.entryId);
            if (!answer.reply) return;
            if (action.mode === 'update') {
              // The answer replaces the suggestions in place and stays the asker's to delete.
              await i.update(updateOptions(renderDiscord(answer.reply, { ownerId: action.ownerId ?? i.user.id })));
            } else {
              const isPrivate = action.mode === 'private';
              await i.update({ content: `Showing **${answer.terms.map((t) => t.name).join(' vs ') || action.entryId}**.`, components: [], allowedMentions: { parse: [] } });
              await i.followUp(replyOptions(renderDiscord(answer.reply, { ownerId: i.user.id, private: isPrivate }), { private: isPrivate }));
            }
            logHandled(logger, { kind: 'button', started, guildId: i.guildId, channelId: i.channelId, answer, extra: { action: 'pick' } });
            return;
          }
          case 'delete': {
            const moderator = i.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false;
            if (i.user.id !== action.ownerId && !moderator) {
              await i.reply({ content: 'Only the person who asked, or a moderator, can delete this answer.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
              return;
            }
            await i.deferUpdate();
            await i.deleteReply();
            logger.info({ ...context, by: i.user.id === action.ownerId ? 'asker' : 'moderator' }, 'answer deleted');
            return;
          }
          case 'terms':
          case 'terms-area': {
            const area = action.action === 'terms' ? action.area : (i.values?.[0] ?? 'all');
            const page = action.action === 'terms' ? action.page : 1;
            const answer = termbot.terms(isArea(area) ? area : undefined, page);
            if (answer.reply) await i.update(updateOptions(renderDiscord(answer.reply)));
            return;
          }
        }
      } catch (err) {
        logDiscordError(logger, err, context);
        if (discordError(err).code !== 10062) await apologize(i);
      }
    },

    async message(m) {
      const started = performance.now();
      if (m.author.bot || m.webhookId || m.system) return;
      const me = deps.botUserId();
      if (!me || m.author.id === me) return;
      let mode: AskMode | undefined;
      const isDm = m.channel.isDMBased();
      const repliedToBot = m.mentions.repliedUser?.id === me;
      // A reply pings its author by default, which puts termbot in the mentions: only a mention
      // written in the message counts as talking to termbot.
      const mentioned = m.content.includes(`<@${me}>`) || m.content.includes(`<@!${me}>`) || (m.mentions.users.has(me) && !repliedToBot);
      const inAskChannel = askChannels.has(m.channelId) || (m.channel.isThread() && askChannels.has(m.channel.parentId ?? ''));
      if (isDm) mode = deps.config.answerDms ? 'direct' : undefined;
      else if (mentioned) mode = 'direct';
      // A reply to one of termbot's answers ("thanks!") is answered only if it is a question it understands.
      else if (repliedToBot || inAskChannel) mode = 'channel';
      if (!mode || !m.content.trim()) return;
      const context = { kind: 'message', messageId: m.id, guildId: m.guildId, channelId: m.channelId, mode };
      try {
        const answer = termbot.ask(m.content, mode);
        if (!answer.reply) return;
        if (!cooldowns.take(m.author.id, m.channelId)) {
          logger.debug(context, 'cooldown: not answering');
          return;
        }
        const rendered = renderDiscord(answer.reply, { ownerId: m.author.id, pickMode: 'update' });
        await m.reply({
          ...(rendered.content ? { content: rendered.content } : {}),
          embeds: rendered.embeds,
          components: rendered.components,
          allowedMentions: { parse: [], repliedUser: false },
        });
        logHandled(logger, { kind: 'message', started, guildId: m.guildId, channelId: m.channelId, text: m.content, answer, extra: { mode } });
      } catch (err) {
        logDiscordError(logger, err, context);
      }
    },
  };
}

