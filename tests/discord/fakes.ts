/** Small typed fakes of the discord.js slices termbot uses (src/discord/types.ts). No casts. */
import type { APIModalInteractionResponseCallbackData, ApplicationCommandOptionChoiceData, InteractionEditReplyOptions, InteractionReplyOptions, InteractionUpdateOptions, MessageFlags, MessageReplyOptions } from 'discord.js';
import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';
import type { AutocompleteLike, ChatInputLike, ComponentLike, MessageLike, ModalSubmitLike } from '../../src/discord/types.ts';
import { createDispatcher, type DispatcherDeps } from '../../src/discord/dispatch.ts';

export const BOT_ID = '900000000000000001';
export const USER_ID = '100000000000000001';
export const OTHER_ID = '100000000000000002';
export const GUILD_ID = '300000000000000001';
export const ASK_CHANNEL = '400000000000000001';
export const OTHER_CHANNEL = '400000000000000002';

export type Call = { method: string; options: InteractionReplyOptions | InteractionEditReplyOptions | InteractionUpdateOptions | MessageReplyOptions | ApplicationCommandOptionChoiceData[] | APIModalInteractionResponseCallbackData | undefined };

export type LogLine = Record<string, unknown>;

/** A logger that keeps its JSON lines; `waitForLine` resolves when a matching line is written (no polling). */
export function captureLogger(level = 'debug'): { logger: Logger; lines: () => LogLine[]; waitForLine: (match: (l: LogLine) => boolean) => Promise<LogLine> } {
  // Each line is parsed once, as it is written; a waiter looks only at the lines written after it.
  const parsed: LogLine[] = [];
  let partial = '';
  const waiting = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const lines = () => parsed.slice();
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = partial + chunk.toString();
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      const fresh = complete.filter(Boolean).map((l) => JSON.parse(l) as LogLine);
      parsed.push(...fresh);
      for (const w of [...waiting]) {
        const hit = fresh.find(w.match);
        if (hit) {
          waiting.delete(w);
          w.resolve(hit);
        }
      }
      cb();
    },
  });
  const logger = pino({ level, base: undefined }, stream);
  const waitForLine = (match: (l: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => {
      const hit = parsed.find(match);
      if (hit) resolve(hit);
      else waiting.add({ match, resolve });
    });
  return { logger, lines, waitForLine };
}

interface Common {
  user?: { id: string; bot: boolean };
  guildId?: string | null;
  channelId?: string | null;
  moderator?: boolean;
  /** The member's role ids (for the glossary's editor role). */
  roles?: string[];
  fail?: unknown;
}

function base(o: Common) {
  return {
    id: '500000000000000001',
    user: o.user ?? { id: USER_ID, bot: false },
    guildId: o.guildId === undefined ? GUILD_ID : o.guildId,
    channelId: o.channelId === undefined ? ASK_CHANNEL : o.channelId,
    memberPermissions: { has: (_p: bigint) => o.moderator ?? false },
    member: { roles: o.roles ?? [] },
  };
}

/** Records reply and follow-up calls, as both command and component interactions do. */
class FakeReplyable {
  readonly calls: Call[] = [];
  replied = false;
  deferred = false;
  async reply(options: InteractionReplyOptions) {
    this.calls.push({ method: 'reply', options });
    this.replied = true;
  }
  async followUp(options: InteractionReplyOptions) {
    this.calls.push({ method: 'followUp', options });
  }
  async showModal(modal: APIModalInteractionResponseCallbackData) {
    this.calls.push({ method: 'showModal', options: modal });
    this.replied = true;
  }
}

export class FakeChatInput extends FakeReplyable implements ChatInputLike {
  id: string;
  user: { id: string; bot: boolean };
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  member: { roles: readonly string[] } | null;
  options: ChatInputLike['options'];
  constructor(
    public commandName: string,
    values: Record<string, string | boolean | number | { id: string; bot: boolean } | { id: string } | { name: string; url: string; size: number; contentType: string | null }>,
    private readonly o: Common = {},
  ) {
    super();
    ({ id: this.id, user: this.user, guildId: this.guildId, channelId: this.channelId, memberPermissions: this.memberPermissions, member: this.member } = base(o));
    this.options = {
      getString: (name) => {
        const v = values[name];
        return typeof v === 'string' ? v : null;
      },
      getBoolean: (name) => {
        const v = values[name];
        return typeof v === 'boolean' ? v : null;
      },
      getUser: (name) => {
        const v = values[name];
        return typeof v === 'object' && 'bot' in v ? v : null;
      },
      getAttachment: (name) => {
        const v = values[name];
        return typeof v === 'object' && 'url' in v ? v : null;
      },
      getRole: (name) => {
        const v = values[name];
        return typeof v === 'object' && !('url' in v) ? { id: v.id } : null;
      },
      getChannel: (name) => {
        const v = values[name];
        return typeof v === 'object' && !('url' in v) ? { id: v.id } : null;
      },
      getInteger: (name) => {
        const v = values[name];
        return typeof v === 'number' ? v : null;
      },
      /** The subcommand is passed as the value `subcommand`. */
      getSubcommand: () => {
        const v = values.subcommand;
        return typeof v === 'string' ? v : null;
      },
    };
  }
  async deferReply(_options: { flags: MessageFlags.Ephemeral }) {
    this.calls.push({ method: 'deferReply', options: undefined });
    this.deferred = true;
  }
  async editReply(options: InteractionEditReplyOptions) {
    this.calls.push({ method: 'editReply', options });
  }
  /** Fails once with `fail`, if given, the way discord.js rejects. */
  override async reply(options: InteractionReplyOptions) {
    if (this.o.fail) {
      this.calls.push({ method: 'reply', options });
      const err = this.o.fail;
      this.o.fail = undefined;
      throw err;
    }
    await super.reply(options);
  }
}

export class FakeAutocomplete implements AutocompleteLike {
  readonly calls: Call[] = [];
  responded = false;
  id = '500000000000000002';
  user = { id: USER_ID, bot: false };
  guildId: string | null = GUILD_ID;
  channelId: string | null = ASK_CHANNEL;
  memberPermissions = null;
  options: AutocompleteLike['options'];
  constructor(
    public commandName: string,
    focused: { name: string; value: string },
    o: { subcommand?: string; guildId?: string | null } = {},
  ) {
    this.options = { getFocused: () => focused, getSubcommand: () => o.subcommand ?? null };
    if (o.guildId !== undefined) this.guildId = o.guildId;
  }
  async respond(choices: ApplicationCommandOptionChoiceData[]) {
    this.calls.push({ method: 'respond', options: choices });
    this.responded = true;
  }
}

export class FakeComponent extends FakeReplyable implements ComponentLike {
  id: string;
  user: { id: string; bot: boolean };
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  member: { roles: readonly string[] } | null;
  values?: string[];
  constructor(
    public customId: string,
    o: Common & { values?: string[] } = {},
  ) {
    super();
    ({ id: this.id, user: this.user, guildId: this.guildId, channelId: this.channelId, memberPermissions: this.memberPermissions, member: this.member } = base(o));
    if (o.values) this.values = o.values;
  }
  async update(options: InteractionUpdateOptions) {
    this.calls.push({ method: 'update', options });
    this.replied = true;
  }
  async deferUpdate() {
    this.calls.push({ method: 'deferUpdate', options: undefined });
    this.deferred = true;
  }
  async deleteReply() {
    this.calls.push({ method: 'deleteReply', options: undefined });
  }
}

export class FakeModalSubmit extends FakeReplyable implements ModalSubmitLike {
  id: string;
  user: { id: string; bot: boolean };
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  member: { roles: readonly string[] } | null;
  fields: ModalSubmitLike['fields'];
  /** Set when the form was opened from a button on a message (`fromMessage`). */
  message: { id: string } | null;
  constructor(
    public customId: string,
    values: Record<string, string>,
    o: Common & { fromMessage?: string } = {},
  ) {
    super();
    ({ id: this.id, user: this.user, guildId: this.guildId, channelId: this.channelId, memberPermissions: this.memberPermissions, member: this.member } = base(o));
    this.message = o.fromMessage ? { id: o.fromMessage } : null;
    this.fields = {
      getTextInputValue: (name) => {
        const v = values[name];
        if (v === undefined) throw new Error(`no text input ${name}`);
        return v;
      },
    };
  }
  async deferUpdate() {
    this.calls.push({ method: 'deferUpdate', options: undefined });
    this.deferred = true;
  }
  async editReply(options: InteractionEditReplyOptions) {
    this.calls.push({ method: 'editReply', options });
  }
}

export class FakeMessage implements MessageLike {
  readonly calls: Call[] = [];
  id = '600000000000000001';
  author: { id: string; bot: boolean };
  webhookId: string | null;
  system = false;
  guildId: string | null;
  channelId: string;
  channel: MessageLike['channel'];
  mentions: MessageLike['mentions'];
  constructor(
    public content: string,
    o: { author?: { id: string; bot: boolean }; webhookId?: string; channelId?: string; dm?: boolean; mentionsBot?: boolean; replyToBot?: boolean; threadOf?: string } = {},
  ) {
    this.author = o.author ?? { id: USER_ID, bot: false };
    this.webhookId = o.webhookId ?? null;
    this.guildId = o.dm ? null : GUILD_ID;
    this.channelId = o.channelId ?? ASK_CHANNEL;
    this.channel = { isDMBased: () => o.dm ?? false, isThread: () => o.threadOf !== undefined, parentId: o.threadOf ?? null };
    this.mentions = { users: { has: (id) => (o.mentionsBot ?? false) && id === BOT_ID }, repliedUser: o.replyToBot ? { id: BOT_ID } : null };
  }
  async reply(options: MessageReplyOptions) {
    this.calls.push({ method: 'reply', options });
  }
}

/**
 * A dispatcher as the bot builds one for the unit tests: ASK_CHANNEL is the ask channel, DMs are
 * answered, the member cooldown is off unless asked for, and the bot is BOT_ID.
 */
export function testDispatcher(
  deps: Pick<DispatcherDeps, 'termbot' | 'registry' | 'logger'> & Partial<Pick<DispatcherDeps, 'insights' | 'now' | 'server' | 'termbotFor'>>,
  cooldown: { memberSeconds?: number; channelMax?: number } = {},
) {
  return createDispatcher({
    ...deps,
    config: { askChannelIds: [ASK_CHANNEL], answerDms: true, cooldown: { memberSeconds: cooldown.memberSeconds ?? 0, channelMax: cooldown.channelMax ?? 100, channelSeconds: 10 } },
    botUserId: () => BOT_ID,
  });
}
