/** What command and component modules get: the core, the logger, the renderer, and a few shared helpers. */
import { MessageFlags, type InteractionReplyOptions, type InteractionUpdateOptions, type MessageCreateOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { Answer } from '../core/reply.ts';
import type { Termbot } from '../core/termbot.ts';
import type { OutcomeButton } from '../core/insights.ts';
import type { InsightsRecorder } from '../insights/recorder.ts';
import type { ServerGlossaries } from '../store/server-glossaries.ts';
import type { ReloadResult } from '../app/reload.ts';
import type { renderDiscord, RenderedMessage } from './render.ts';

export interface Context {
  termbot: Termbot;
  logger: Logger;
  /**
   * The Discord renderer, passed in rather than imported: render.ts puts component ids on buttons,
   * so component modules importing it would make a circle.
   */
  render: typeof renderDiscord;
  /** Insights, when they are on: the recorder and its store. */
  insights?: InsightsRecorder;
  /** What /glossary needs beyond answering: the database, channels, DMs, the owners, a reload. Absent in bots built without server glossaries. */
  server?: ServerTools;
}

/** The result of reloading the shipped knowledge: the new entry count, or the problems (the old knowledge stays). */
export type { ReloadResult };

/** The bot's side of /glossary: built in bot.ts from the discord.js client and the options main.ts passes. */
export interface ServerTools {
  /** The server glossaries (the database opens on first use). */
  glossaries(): Promise<ServerGlossaries>;
  /** Posts a message in a channel (review and audit channels); false, logged, when it could not (deleted channel, no access). Never pings. */
  post(channelId: string, message: MessageCreateOptions): Promise<boolean>;
  /** Sends a direct message (a suggester hears the outcome); false when it could not (DMs closed). Never pings. */
  dm(userId: string, message: MessageCreateOptions): Promise<boolean>;
  /** The user ids that own the bot (the application's owner, or its team's members): who may /glossary reload. */
  owners(): Promise<readonly string[]>;
  /** Checks and reloads the shipped knowledge without a restart; undefined when this bot cannot (no knowledge folder). */
  reload?(): Promise<ReloadResult>;
}

/** What a handler reports for the one "handled" line the dispatcher logs (with kind, latency, guild, channel). */
export interface Handled {
  answer?: Answer;
  /** The member's text, logged at debug level only. */
  text?: string;
  extra?: Record<string, unknown>;
  /**
   * For insights: a component's answer is recorded only when it says which button it was (a
   * did-you-mean pick, with the term that was missed when known, or an opened entry).
   */
  insight?: { button: OutcomeButton; pickedFor?: string };
}

/** A private reply that pings nobody: spread into any reply's options (`{ content, ...PRIVATE }`). */
export const PRIVATE = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

/** The reply options for a rendered message: never pings, optionally private. */
export function replyOptions(rendered: RenderedMessage, opts: { private?: boolean; content?: string; allowUsers?: string[] } = {}): InteractionReplyOptions {
  const content = [opts.content, rendered.content].filter(Boolean).join('\n') || undefined;
  return {
    ...(content ? { content } : {}),
    embeds: rendered.embeds,
    components: rendered.components,
    allowedMentions: { parse: [], users: opts.allowUsers ?? [], repliedUser: false },
    ...(opts.private ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** Options to replace a message in place (a button's update): clears any old text. */
export function updateOptions(rendered: RenderedMessage): InteractionUpdateOptions {
  return { content: rendered.content ?? '', embeds: rendered.embeds, components: rendered.components, allowedMentions: { parse: [] } };
}

export interface HandledLog {
  kind: 'slash' | 'autocomplete' | 'button' | 'select' | 'modal' | 'message';
  started: number;
  guildId: string | null;
  channelId: string | null;
  command?: string;
  /** A component's custom-id key. */
  component?: string;
  text?: string;
  answer?: Answer;
  extra?: Record<string, unknown>;
}

/** One info line per handled question: kind, intent, entry ids, latency, guild and channel; the text only at debug. */
export function logHandled(logger: Logger, h: HandledLog): void {
  const line = {
    kind: h.kind,
    ...(h.command ? { command: h.command } : {}),
    ...(h.component ? { component: h.component } : {}),
    intent: h.answer?.intent ?? 'none',
    entries: h.answer?.terms.map((t) => t.id) ?? [],
    reply: h.answer?.reply?.kind,
    latencyMs: Math.round((performance.now() - h.started) * 100) / 100,
    guildId: h.guildId,
    channelId: h.channelId,
    ...h.extra,
  };
  logger.info(line, 'handled');
  if (h.text !== undefined) logger.debug({ ...line, text: h.text }, 'question text');
}
