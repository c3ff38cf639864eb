/**
 * Payload builders: the world's fixtures (users, application, guilds with roles, channels and
 * members), message objects in their REST and gateway shapes, and the `build.*` interaction and
 * message builders tests dispatch. Shapes follow discord-api-types v10.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationFlags,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  OAuth2Scopes,
  PermissionFlagsBits as P,
  type APIApplication,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandInteractionData,
  type APIDMChannel,
  type APIEmbed,
  type APIGuildCategoryChannel,
  type APIGuildMember,
  type APIGuildVoiceChannel,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APINewsChannel,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type ChannelFlags,
  type GatewayMessageCreateDispatchData,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type RoleFlags,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { FakeState, StoredMessage } from './state.ts';
import type { Builders, ChannelSpec, ComponentOptions, FakeDiscordOptions, FakeGuild, FakeGuildChannel, InteractionPlace, RecordedFile, UserSpec, AutocompleteOptions } from './types.ts';
import { b64url, clone, fakeBotToken, fixedSnowflake, isoNow, snowflake } from './util.ts';

export const DEFAULT_EVERYONE_PERMISSIONS =
  P.CreateInstantInvite | P.AddReactions | P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles |
  P.ReadMessageHistory | P.MentionEveryone | P.UseExternalEmojis | P.Connect | P.Speak | P.UseVAD |
  P.ChangeNickname | P.UseApplicationCommands | P.CreatePublicThreads | P.SendMessagesInThreads |
  P.UseExternalStickers | P.SendVoiceMessages | P.SendPolls;
export const DEFAULT_BOT_ROLE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions |
  P.UseExternalEmojis | P.SendMessagesInThreads | P.UseApplicationCommands;
const DM_APP_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions | P.UseExternalEmojis | P.UseApplicationCommands;

/** A guild channel (with its guild_id) or a DM channel. */
export type FakeChannel = (FakeGuildChannel & { guild_id: string }) | APIDMChannel;

export interface World {
  token: string;
  botUser: APIUser;
  otherBot: APIUser;
  users: APIUser[];
  knownUsers: Map<string, APIUser>;
  application: APIApplication;
  guilds: FakeGuild[];
  guildsById: Map<string, FakeGuild>;
  channelsById: Map<string, FakeChannel>;
  dmChannelsByUser: Map<string, APIDMChannel>;
  /** Users whose DMs are closed to the bot (UserSpec.dmsClosed). */
  dmsClosed: Set<string>;
  joinedAt: string;
}

export const MENTION_RE = /<@!?(\d{15,21})>/g;
export const ROLE_MENTION_RE = /<@&(\d{15,21})>/g;

function makeUser(id: string, username: string, globalName: string | null, bot: boolean): APIUser {
  return { id, username, discriminator: '0', global_name: globalName, avatar: null, ...(bot ? { bot: true } : {}), banner: null, accent_color: null, avatar_decoration_data: null };
}

function role(id: string, name: string, position: number, permissions: bigint, extra: Partial<APIRole> = {}): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...extra,
  };
}

function member(u: APIUser, roles: string[], joinedAt: string): APIGuildMember {
  return { user: clone(u), nick: null, avatar: null, banner: null, roles, joined_at: joinedAt, premium_since: null, deaf: false, mute: false, flags: 0 as GuildMemberFlags, pending: false, communication_disabled_until: null };
}

function channel(c: ChannelSpec, id: string, position: number, parentId: string | null): FakeGuildChannel {
  const base = { id, name: c.name, position, flags: 0 as ChannelFlags, parent_id: parentId, permission_overwrites: [] };
  switch (c.type ?? ChannelType.GuildText) {
    case ChannelType.GuildCategory:
      return { ...base, parent_id: null, type: ChannelType.GuildCategory } satisfies APIGuildCategoryChannel;
    case ChannelType.GuildVoice:
      return { ...base, type: ChannelType.GuildVoice, bitrate: 64000, user_limit: 0, rtc_region: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0 } satisfies APIGuildVoiceChannel;
    case ChannelType.GuildAnnouncement:
      return { ...base, type: ChannelType.GuildAnnouncement, topic: c.topic ?? null, nsfw: c.nsfw ?? false, last_message_id: null, rate_limit_per_user: 0, default_thread_rate_limit_per_user: 0 } satisfies APINewsChannel;
    default:
      return { ...base, type: ChannelType.GuildText, topic: c.topic ?? null, nsfw: c.nsfw ?? false, last_message_id: null, rate_limit_per_user: 0, default_thread_rate_limit_per_user: 0 } satisfies APITextChannel;
  }
}

/** The fixtures: our bot and its application, another bot, human users, guilds. */
export function createWorld(options: FakeDiscordOptions): World {
  const startedAt = Date.now();
  const botId = options.bot?.id ?? fixedSnowflake(1);
  const botUsername = options.bot?.username ?? 'termbot';
  const botUser = makeUser(botId, botUsername, null, true);
  const otherBot = makeUser(fixedSnowflake(9), 'otherbot', null, true);
  const userSpecs: UserSpec[] = options.users ?? [
    { username: 'alice', globalName: 'Alice' },
    { username: 'bob', globalName: 'Bob' },
  ];
  const users = userSpecs.map((u, i) => makeUser(u.id ?? fixedSnowflake(10 + i), u.username, u.globalName ?? null, u.bot ?? false));
  if (users.length === 0) throw new Error('fake-discord: at least one user is needed');
  const knownUsers = new Map<string, APIUser>([[botUser.id, botUser], [otherBot.id, otherBot], ...users.map((u) => [u.id, u] as [string, APIUser])]);

  const flags = ApplicationFlags.GatewayMessageContentLimited | ApplicationFlags.ApplicationCommandBadge;
  const application: APIApplication = {
    id: botId,
    name: botUsername,
    icon: null,
    description: 'Answers social media and digital marketing terminology questions.',
    summary: '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: b64url(randomBytes(32)).slice(0, 64),
    flags,
    flags_new: String(flags),
    owner: clone(users[0]!),
    team: null,
    bot: clone(botUser),
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    install_params: { scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands], permissions: DEFAULT_BOT_ROLE_PERMISSIONS.toString() },
    approximate_guild_count: (options.guilds ?? [{}]).length,
    approximate_user_install_count: 0,
  };

  const joinedAt = isoNow(startedAt - 86_400_000);
  const channelsById = new Map<string, FakeChannel>();
  const guilds: FakeGuild[] = (options.guilds ?? [{}]).map((spec, gi) => {
    const guildId = spec.id ?? fixedSnowflake(100 + gi * 100);
    const botRoleId = fixedSnowflake(101 + gi * 100);
    const roles = [
      role(guildId, '@everyone', 0, spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS),
      role(botRoleId, botUsername, 1, spec.botPermissions ?? DEFAULT_BOT_ROLE_PERMISSIONS, { managed: true, tags: { bot_id: botId } }),
    ];
    const specs: ChannelSpec[] = spec.channels ?? [
      { name: 'Text Channels', type: ChannelType.GuildCategory },
      { name: 'general', parent: 'Text Channels', topic: 'General chat' },
      { name: 'bot-commands', parent: 'Text Channels', topic: 'Ask termbot here' },
    ];
    const byName = new Map<string, string>();
    const channels = specs.map((c, ci) => {
      const id = c.id ?? fixedSnowflake(110 + gi * 100 + ci);
      byName.set(c.name, id);
      const ch = channel(c, id, ci, c.parent ? (byName.get(c.parent) ?? null) : null);
      channelsById.set(id, { ...ch, guild_id: guildId });
      return ch;
    });
    const memberIds = spec.memberIds ?? users.map((u) => u.id);
    const members = [
      member(botUser, [botRoleId], joinedAt),
      ...memberIds.map((id) => knownUsers.get(id)).filter((u): u is APIUser => !!u).map((u) => member(u, [], joinedAt)),
      member(otherBot, [], joinedAt),
    ];
    const firstText = channels.find((c) => c.type === ChannelType.GuildText);
    return {
      id: guildId,
      name: spec.name ?? (gi === 0 ? 'Termbot Test Guild' : `Test Guild ${gi + 1}`),
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: spec.ownerId ?? users[0]!.id,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: firstText?.id ?? null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: spec.preferredLocale ?? Locale.EnglishUS,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      hub_type: null,
      // GUILD_CREATE extra fields
      joined_at: joinedAt,
      large: false,
      unavailable: false,
      member_count: members.length,
      voice_states: [],
      members,
      channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    } satisfies FakeGuild;
  });

  return {
    token: options.token ?? fakeBotToken(botId),
    botUser,
    otherBot,
    users,
    knownUsers,
    application,
    guilds,
    guildsById: new Map(guilds.map((g) => [g.id, g])),
    channelsById,
    dmChannelsByUser: new Map(),
    dmsClosed: new Set(users.filter((_u, i) => userSpecs[i]?.dmsClosed).map((u) => u.id)),
    joinedAt,
  };
}

// ----- messages -----

export function parseMentions(state: FakeState, content: string): APIUser[] {
  const out: APIUser[] = [];
  for (const m of content.matchAll(MENTION_RE)) {
    const u = state.world.knownUsers.get(m[1]!);
    if (u && !out.some((x) => x.id === u.id)) out.push(u);
  }
  return out;
}
export const roleMentions = (content: string): string[] => [...content.matchAll(ROLE_MENTION_RE)].map((m) => m[1]!);

export const normalizeEmbeds = (embeds: APIEmbed[] | undefined | null): APIEmbed[] => (Array.isArray(embeds) ? embeds.map((e) => ({ type: 'rich' as APIEmbed['type'], ...e })) : []);

/** Attachment objects for uploaded files (metadata from the body's `attachments`). */
export function attachmentsFrom(body: { attachments?: Array<{ id: string | number; filename?: string; description?: string }> | null }, files: RecordedFile[], channelId: string): APIAttachment[] {
  return files.map((f, i) => {
    const meta = Array.isArray(body.attachments) ? body.attachments.find((a) => String(a.id) === String(i)) : undefined;
    const id = snowflake();
    const filename = meta?.filename ?? f.filename;
    return {
      id,
      filename,
      size: f.size,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`,
      proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${filename}`,
      content_type: f.contentType,
      ...(meta?.description ? { description: meta.description } : {}),
    };
  });
}

/** A message object as the REST API returns it (no guild_id/member), authored by the bot unless told. */
export function newMessage(state: FakeState, fields: Partial<APIMessage> & { channel_id: string }): APIMessage {
  return {
    type: MessageType.Default,
    content: '',
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    timestamp: isoNow(),
    edited_timestamp: null,
    components: [],
    id: snowflake(),
    author: clone(state.world.botUser),
    pinned: false,
    mention_everyone: false,
    tts: false,
    ...fields,
  };
}

/** Who a sent message pings, given its allowed_mentions and the message it replies to. */
export function applyAllowedMentions(state: FakeState, content: string, body: Pick<RESTPostAPIChannelMessageJSONBody, 'allowed_mentions'>, replied: APIMessage | undefined): APIUser[] {
  const am = body.allowed_mentions;
  let users = parseMentions(state, content);
  if (am) {
    const parse = am.parse ?? [];
    const explicit = am.users ?? [];
    users = users.filter((u) => parse.includes('users' as (typeof parse)[number]) || explicit.includes(u.id));
  }
  if (replied && (am ? am.replied_user === true : true) && !users.some((u) => u.id === replied.author.id)) {
    const author = state.world.knownUsers.get(replied.author.id) ?? replied.author;
    if (author.id !== state.botId) users.push(author);
  }
  return users.map((u) => clone(u));
}

/** The gateway shape of a stored message: + guild_id, member, channel_type, members in mentions. */
export function toGatewayMessage(state: FakeState, stored: StoredMessage): GatewayMessageCreateDispatchData {
  const msg: GatewayMessageCreateDispatchData = clone(stored.msg);
  const ch = state.channel(msg.channel_id);
  if (ch) msg.channel_type = ch.type as GatewayMessageCreateDispatchData['channel_type'];
  if (stored.guildId) {
    const guildId = stored.guildId;
    msg.guild_id = guildId;
    if (!msg.webhook_id) {
      const m = state.memberNoUser(guildId, msg.author.id);
      if (m) msg.member = m;
    }
    msg.mentions = msg.mentions.map((u) => {
      const m = state.memberNoUser(guildId, u.id);
      return m ? { ...u, member: m } : u;
    });
  }
  return msg;
}

/** Fields of an edit body applied to a stored message (content, embeds, components, flags, attachments). */
export interface MessageEdit {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  attachments?: Array<{ id: string | number; filename?: string; description?: string }> | null;
  allowed_mentions?: RESTPostAPIChannelMessageJSONBody['allowed_mentions'] | null;
}
export function applyEdit(state: FakeState, msg: APIMessage, body: MessageEdit, files: RecordedFile[]): void {
  if ('content' in body) msg.content = body.content ?? '';
  if ('embeds' in body) msg.embeds = normalizeEmbeds(body.embeds ?? []);
  if ('components' in body) msg.components = clone((body.components ?? []) as APIMessage['components']);
  if (body.flags !== undefined && body.flags !== null) msg.flags = ((msg.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.Loading)) | Number(body.flags);
  if ('attachments' in body || files.length) {
    const keep = body.attachments;
    const kept = Array.isArray(keep) ? msg.attachments.filter((a) => keep.some((b) => String(b.id) === String(a.id))) : msg.attachments;
    msg.attachments = [...kept, ...attachmentsFrom(body, files, msg.channel_id)];
  }
  if ('content' in body) msg.mentions = applyAllowedMentions(state, msg.content, { allowed_mentions: body.allowed_mentions ?? undefined }, undefined);
}

// ----- builders -----

type Base = Record<string, unknown> & { id: string; token: string; channel_id: string; guild_id?: string; member?: Record<string, unknown> & { permissions?: string } };

export function createBuilders(state: FakeState): Builders {
  const { world } = state;
  const firstGuild = world.guilds[0];

  const guildFor = (guildId: string | undefined): FakeGuild => {
    const g = guildId ? world.guildsById.get(guildId) : firstGuild;
    if (!g) throw new Error(`fake-discord: unknown guild ${String(guildId)} (use dm: true for DMs)`);
    return g;
  };
  const invoker = (user: APIUser | undefined): APIUser => (user ? (world.knownUsers.get(user.id) ?? user) : world.users[0]!);

  const interactionBase = (o: InteractionPlace, type: InteractionType): Base => {
    const user = invoker(o.user);
    const id = o.id ?? snowflake();
    const common = {
      id,
      application_id: world.application.id,
      type,
      token: o.token ?? `aW50ZXJhY3Rpb246${id}:${b64url(randomBytes(96))}`,
      version: 1,
      locale: o.locale ?? Locale.EnglishUS,
      entitlements: [],
      attachment_size_limit: 10485760,
    };
    if (o.dm) {
      const ch = state.dmChannelFor(user);
      return {
        ...common,
        user: clone(user),
        channel_id: ch.id,
        channel: { id: ch.id, type: ChannelType.DM, last_message_id: ch.last_message_id, flags: 0, recipients: [clone(user)] },
        app_permissions: DM_APP_PERMISSIONS.toString(),
        authorizing_integration_owners: { '0': '0' },
        context: InteractionContextType.BotDM,
      };
    }
    const guild = guildFor(o.guildId);
    const channelId = o.channelId ?? guild.channels.find((c) => c.type === ChannelType.GuildText)?.id;
    const channel = state.channel(channelId);
    if (!channel) throw new Error(`fake-discord: unknown channel ${String(channelId)}`);
    const member = state.memberNoUser(guild.id, user.id, true) ?? {
      avatar: null, banner: null, nick: null, roles: [], joined_at: world.joinedAt, premium_since: null, deaf: false, mute: false, flags: 0, pending: false,
      communication_disabled_until: null, permissions: BigInt(guild.roles[0]!.permissions).toString(),
    };
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferred_locale, features: [] },
      guild_locale: guild.preferred_locale,
      channel_id: channel.id,
      channel: { ...clone(channel), permissions: member.permissions },
      member: { ...member, permissions: member.permissions ?? '0', user: clone(user) },
      app_permissions: state.memberPermissions(guild.id, state.botId).toString(),
      authorizing_integration_owners: { '0': guild.id },
      context: InteractionContextType.Guild,
    };
  };

  const findCommand = (name: string, guildId: string | undefined) => {
    const isChat = (c: { name: string; type?: ApplicationCommandType }) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
    return (guildId ? state.commands.get(guildId)?.find(isChat) : undefined) ?? state.commands.get('global')?.find(isChat);
  };
  type SchemaOption = { name: string; type: ApplicationCommandOptionType; options?: SchemaOption[] };
  const commandData = (o: AutocompleteOptions, focused: string | null, base: Base, autocomplete: boolean): APIChatInputApplicationCommandInteractionData => {
    const guildId = base.guild_id;
    const cmd = findCommand(o.name, guildId);
    let schema = (cmd?.options ?? []) as SchemaOption[];
    const wrap: Array<{ name: string; type: ApplicationCommandOptionType }> = [];
    if (o.subcommandGroup) {
      wrap.push({ name: o.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup });
      schema = schema.find((x) => x.name === o.subcommandGroup && x.type === ApplicationCommandOptionType.SubcommandGroup)?.options ?? [];
    }
    if (o.subcommand) {
      wrap.push({ name: o.subcommand, type: ApplicationCommandOptionType.Subcommand });
      schema = schema.find((x) => x.name === o.subcommand && x.type === ApplicationCommandOptionType.Subcommand)?.options ?? [];
    }
    const resolved: APIInteractionDataResolved = {};
    let leaf: APIApplicationCommandInteractionDataOption[];
    if (Array.isArray(o.options)) leaf = clone(o.options);
    else {
      const entries = Object.entries(o.options ?? {});
      const focusTarget = focused ?? (autocomplete ? entries[0]?.[0] : undefined);
      leaf = entries.map(([name, given]) => {
        const T = ApplicationCommandOptionType;
        let value: string | number | boolean;
        if (typeof given === 'object') {
          // An attachment: stored, served at its url by the fake's own HTTP server, and resolved as Discord does.
          const id = snowflake();
          const bytes = Buffer.from(given.content);
          const contentType = given.contentType ?? 'text/markdown; charset=utf-8';
          state.attachmentFiles.set(id, { filename: given.filename, bytes, contentType });
          const url = `${state.httpUrl}/attachments/${base.channel_id}/${id}/${encodeURIComponent(given.filename)}`;
          (resolved.attachments ??= {})[id] = { id, filename: given.filename, size: given.size ?? bytes.length, url, proxy_url: url, content_type: contentType };
          value = id;
        } else value = given;
        const type = typeof given === 'object' ? T.Attachment : (schema.find((x) => x.name === name)?.type ?? (typeof value === 'boolean' ? T.Boolean : typeof value === 'number' ? (Number.isInteger(value) ? T.Integer : T.Number) : T.String));
        const opt = { name, type, value } as APIApplicationCommandInteractionDataOption & { focused?: boolean };
        if (name === focusTarget) {
          opt.focused = true;
          // while typing, Discord sends the raw text for string options
          if (type === T.String) (opt as { value: unknown }).value = String(value);
        } else if (type === T.User || type === T.Mentionable) {
          const u = world.knownUsers.get(String(value));
          if (u) {
            (resolved.users ??= {})[u.id] = clone(u);
            const m = guildId ? state.memberNoUser(guildId, u.id, true) : undefined;
            if (m) (resolved.members ??= {})[u.id] = m as NonNullable<APIInteractionDataResolved['members']>[string];
          }
        } else if (type === T.Channel) {
          const ch = state.channel(String(value));
          if (ch) (resolved.channels ??= {})[ch.id] = { id: ch.id, name: 'name' in ch ? ch.name : null, type: ch.type, permissions: base.member?.permissions ?? '0', ...('parent_id' in ch && ch.parent_id ? { parent_id: ch.parent_id } : {}) } as NonNullable<APIInteractionDataResolved['channels']>[string];
        } else if (type === T.Role) {
          const r = guildId ? world.guildsById.get(guildId)?.roles.find((x) => x.id === String(value)) : undefined;
          if (r) (resolved.roles ??= {})[r.id] = clone(r);
        }
        return opt;
      });
    }
    let options = leaf;
    for (let i = wrap.length - 1; i >= 0; i--) options = [{ ...wrap[i]!, options } as APIApplicationCommandInteractionDataOption];
    const key = `global:1:${o.name}`;
    const commandId = o.commandId ?? cmd?.id ?? state.commandIdsByName.get(key) ?? snowflake();
    state.commandIdsByName.set(key, commandId);
    return {
      id: commandId,
      name: o.name,
      type: ApplicationCommandType.ChatInput,
      ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  };

  /** The message a component sits on: the given one, or a new bot message carrying just that component. */
  const componentMessage = (o: { message?: APIMessage }, base: Base, component: Record<string, unknown>): APIMessage => {
    const message = o.message ? clone(o.message) : newMessage(state, { channel_id: base.channel_id, content: 'Pick one:', components: [{ type: ComponentType.ActionRow, id: 1, components: [{ ...component, id: 2 }] }] as APIMessage['components'] });
    if (!state.messages.has(message.id)) state.storeMessage(clone(message), base.guild_id ?? null);
    return clone(message);
  };
  const componentInteraction = (o: ComponentOptions, data: Record<string, unknown>, component: Record<string, unknown>): APIMessageComponentInteraction => {
    const base = interactionBase(o, InteractionType.MessageComponent);
    return { ...base, message: componentMessage(o, base, component), data } as unknown as APIMessageComponentInteraction;
  };

  return {
    chatInput(o) {
      const base = interactionBase(o, InteractionType.ApplicationCommand);
      return { ...base, data: commandData(o, null, base, false) } as unknown as ReturnType<Builders['chatInput']>;
    },
    autocomplete(o) {
      const base = interactionBase(o, InteractionType.ApplicationCommandAutocomplete);
      return { ...base, data: commandData(o, o.focused ?? null, base, true) } as unknown as ReturnType<Builders['autocomplete']>;
    },
    button(o) {
      return componentInteraction(o, { custom_id: o.customId, component_type: ComponentType.Button }, { type: ComponentType.Button, style: 1, label: 'Click', custom_id: o.customId });
    },
    stringSelect(o) {
      return componentInteraction(o, { custom_id: o.customId, component_type: ComponentType.StringSelect, values: o.values }, {
        type: ComponentType.StringSelect,
        custom_id: o.customId,
        options: o.values.map((v) => ({ label: v, value: v })),
        min_values: 1,
        max_values: 1,
      });
    },
    modalSubmit(o) {
      const base = interactionBase(o, InteractionType.ModalSubmit);
      const components = Object.entries(o.fields).map(([customId, value], i) => ({
        type: ComponentType.ActionRow,
        id: i * 2 + 1,
        components: [{ type: ComponentType.TextInput, id: i * 2 + 2, custom_id: customId, value }],
      }));
      const message = o.message ? componentMessage(o, base, {}) : undefined;
      return { ...base, ...(message ? { message } : {}), data: { custom_id: o.customId, components } } as unknown as ReturnType<Builders['modalSubmit']>;
    },
    message(o = {}) {
      const from = o.from ?? 'user';
      let author: APIUser;
      let webhookId: string | undefined;
      if (from === 'webhook') {
        webhookId = o.webhook?.id ?? fixedSnowflake(50);
        author = { id: webhookId, username: o.webhook?.name ?? 'Spidey Bot', avatar: null, discriminator: '0000', bot: true, global_name: null };
      } else if (from === 'self') author = clone(world.botUser);
      else if (from === 'bot') author = clone(o.author ?? world.otherBot);
      else author = clone(invoker(o.author));
      let content = o.content ?? '';
      if (o.mentionBot) content = `<@${state.botId}> ${content}`;
      let channelId: string;
      let guildId: string | null = null;
      if (o.dm) {
        if (from === 'webhook') throw new Error('fake-discord: webhooks cannot post in DMs');
        channelId = state.dmChannelFor(from === 'self' ? world.users[0]! : author).id;
      } else {
        const guild = guildFor(o.guildId);
        guildId = guild.id;
        channelId = o.channelId ?? guild.channels.find((c) => c.type === ChannelType.GuildText)!.id;
        if (!world.channelsById.has(channelId)) throw new Error(`fake-discord: unknown channel ${channelId}`);
      }
      const mentions = parseMentions(state, content).map((u) => clone(u));
      for (const m of o.mentions ?? []) {
        const u = typeof m === 'string' ? world.knownUsers.get(m) : m;
        if (u && !mentions.some((x) => x.id === u.id)) mentions.push(clone(u));
      }
      const replied = o.replyTo;
      if (replied && !mentions.some((x) => x.id === replied.author.id) && replied.author.id !== author.id) mentions.push(clone(replied.author));
      let referenced: APIMessage | undefined;
      if (replied) {
        const { guild_id: _g, member: _m, channel_type: _c, ...r } = clone(replied) as GatewayMessageCreateDispatchData;
        referenced = r;
      }
      const msg: GatewayMessageCreateDispatchData = {
        type: replied ? MessageType.Reply : MessageType.Default,
        content,
        mentions: mentions.map((u) => {
          const m = guildId ? state.memberNoUser(guildId, u.id) : undefined;
          return m ? { ...u, member: m } : u;
        }),
        mention_roles: roleMentions(content),
        attachments: clone(o.attachments ?? []),
        embeds: clone(o.embeds ?? []),
        timestamp: isoNow(),
        edited_timestamp: null,
        components: clone(o.components ?? []),
        id: o.id ?? snowflake(),
        channel_id: channelId,
        author,
        pinned: false,
        mention_everyone: /@(everyone|here)\b/.test(content) && from !== 'webhook',
        tts: false,
        ...(from === 'user' ? { nonce: snowflake() } : {}),
        ...(webhookId ? { webhook_id: webhookId } : {}),
        ...(replied && referenced
          ? { message_reference: { type: 0, channel_id: replied.channel_id, message_id: replied.id, ...(guildId ? { guild_id: guildId } : {}) }, referenced_message: referenced }
          : {}),
        channel_type: (o.dm ? ChannelType.DM : world.channelsById.get(channelId)!.type) as GatewayMessageCreateDispatchData['channel_type'],
        ...(guildId ? { guild_id: guildId } : {}),
      };
      if (guildId && !webhookId) {
        const m = state.memberNoUser(guildId, author.id);
        if (m) msg.member = m;
      }
      return msg;
    },
  };
}
