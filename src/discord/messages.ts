/**
 * Free-text questions: when termbot answers a message (DMs, mentions, ask channels, replies to its
 * answers), the cooldowns that hold back floods, and the reply that pings nobody.
 */
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { AskMode, Termbot } from '../core/termbot.ts';
import { logHandled } from './context.ts';
import { Cooldowns } from './cooldown.ts';
import { logDiscordError } from './errors.ts';
import type { renderDiscord } from './render.ts';
import type { MessageLike } from './types.ts';
import type { InsightsRecorder } from '../insights/recorder.ts';

/**
 * The shipped termbot (DMs, servers without their own entries): a fixed one, or a getter that
 * returns the current one, so a reload of the shipped knowledge (SIGHUP, `/glossary reload`)
 * swaps it everywhere at once. Read per question: one function call.
 */
export type ShippedTermbot = Termbot | (() => Termbot);

/** A getter for either form. */
export const shippedGetter = (t: ShippedTermbot): (() => Termbot) => (typeof t === 'function' ? t : () => t);

export interface MessageDeps {
  termbot: ShippedTermbot;
  /** The termbot for a server (its own glossary over the shipped one); without it `termbot` answers everywhere. */
  termbotFor?: (guildId: string) => Termbot | Promise<Termbot>;
  logger: Logger;
  config: Pick<Config, 'askChannelIds' | 'answerDms' | 'cooldown'>;
  /** The bot's own user id, once known. */
  botUserId: () => string | undefined;
  now?: () => number;
  /** Records what was asked (outcomes, not conversations), when insights are on. */
  insights?: InsightsRecorder;
}

/** What the message handler needs beyond its settings: the renderer, with the registry's commands for help answers. */
export interface MessageHandlerDeps extends MessageDeps {
  render: typeof renderDiscord;
}

export function createMessageHandler(deps: MessageHandlerDeps): (m: MessageLike) => Promise<void> {
  const { logger } = deps;
  const askChannels = new Set(deps.config.askChannelIds);
  const cooldowns = new Cooldowns(deps.config.cooldown, deps.now);
  const shipped = shippedGetter(deps.termbot);

  return async (m) => {
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
      const termbot = m.guildId && deps.termbotFor ? await deps.termbotFor(m.guildId) : shipped();
      const answer = termbot.ask(m.content, mode);
      if (!answer.reply) return;
      if (!cooldowns.take(m.author.id, m.channelId)) {
        logger.debug(context, 'cooldown: not answering');
        return;
      }
      const rendered = deps.render(answer.reply, { ownerId: m.author.id, pickMode: 'update' });
      // An answer too long for one message (many platforms asked at once) continues in further replies.
      const parts = [rendered, ...(rendered.continued ?? [])];
      for (const [n, part] of parts.entries()) {
        await m.reply({
          ...(part.content ? { content: part.content } : {}),
          embeds: part.embeds,
          components: part.components,
          allowedMentions: { parse: [], repliedUser: false },
          // One message per part: if a send is cut and resent, Discord keeps the first (see rest.ts).
          nonce: n === 0 ? m.id : `${m.id}-${n}`,
          enforceNonce: true,
        });
      }
      logHandled(logger, { kind: 'message', started, guildId: m.guildId, channelId: m.channelId, text: m.content, answer, extra: { mode } });
      deps.insights?.recordAnswer(answer, { guildId: m.guildId, channelId: m.channelId, kind: isDm ? 'dm' : mentioned ? 'mention' : 'channel' });
    } catch (err) {
      logDiscordError(logger, err, context);
    }
  };
}
