/**
 * The REST routes termbot uses (and only those; anything else is a recorded 404):
 *   GET  /gateway/bot                                    login
 *   PUT  /applications/:app/commands                     deploy, global
 *   PUT  /applications/:app/guilds/:guild/commands       deploy, one server
 *   POST /interactions/:id/:token/callback               reply, update, deferUpdate, respond (autocomplete), showModal
 *   POST /webhooks/:app/:token                           followUp
 *   PATCH|DELETE /webhooks/:app/:token/messages/:message editReply, deleteReply (`@original`)
 *   POST /channels/:channel/messages                     message.reply / channel.send (403 50007 in the DM of a user with closed DMs)
 *   GET  /channels/:channel                              channels.fetch
 *   POST /users/@me/channels                             users.send / user.createDM (opens the DM channel)
 *   GET  /applications/@me, /oauth2/applications/@me     client.application.fetch (the owner)
 * Bodies are checked like Discord checks them (lengths, limits, empty messages, 50035 form errors).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIApplicationCommand,
  type APIEmbed,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPICurrentUserCreateDMChannelJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { E, formError, HttpError, type FormIssue } from './errors.ts';
import type { Gateway } from './gateway.ts';
import { applyAllowedMentions, applyEdit, attachmentsFrom, newMessage, normalizeEmbeds, roleMentions, toGatewayMessage, type MessageEdit } from './payloads.ts';
import { bodyOf, type RouteResult, type Router } from './rest.ts';
import type { FakeState, InteractionRecord, StoredMessage } from './state.ts';
import type { RecordedFile, RecordedRequest } from './types.ts';
import { clone, isoNow, snowflake } from './util.ts';

const COMMAND_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** The fields of a message body the checks look at, as the client sent them. */
interface SentMessage {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  flags?: unknown;
  sticker_ids?: unknown;
  poll?: unknown;
}

/** Discord's checks on a message body (send, edit, interaction response, follow-up). */
export function validateMessageBody(body: SentMessage, opts: { requireSomething: boolean; hasFiles: boolean; interaction?: boolean }): HttpError | null {
  const issues: FormIssue[] = [];
  const tooLong = (path: FormIssue['path'], n: number): FormIssue => ({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` });
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') issues.push({ path: ['content'], code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    else if ([...body.content].length > 2000) issues.push(tooLong(['content'], 2000));
  }
  if (Array.isArray(body.embeds)) {
    const embeds = body.embeds as Array<Partial<APIEmbed>>;
    if (embeds.length > 10) issues.push(tooLong(['embeds'], 10));
    let total = 0;
    const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);
    const max = (path: FormIssue['path'], s: unknown, n: number) => {
      if (len(s) > n) issues.push(tooLong(path, n));
      total += len(s);
    };
    embeds.forEach((e, i) => {
      max(['embeds', i, 'title'], e.title, 256);
      max(['embeds', i, 'description'], e.description, 4096);
      max(['embeds', i, 'footer', 'text'], e.footer?.text, 2048);
      max(['embeds', i, 'author', 'name'], e.author?.name, 256);
      const fields = Array.isArray(e.fields) ? e.fields : [];
      if (fields.length > 25) issues.push(tooLong(['embeds', i, 'fields'], 25));
      fields.forEach((f, j) => {
        if (!len(f.name)) issues.push({ path: ['embeds', i, 'fields', j, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        if (!len(f.value)) issues.push({ path: ['embeds', i, 'fields', j, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        max(['embeds', i, 'fields', j, 'name'], f.name, 256);
        max(['embeds', i, 'fields', j, 'value'], f.value, 1024);
      });
    });
    if (total > 6000) issues.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  }
  const flags = Number(body.flags ?? 0);
  if (Array.isArray(body.components)) {
    const rows = body.components as Array<{ components?: Array<{ custom_id?: unknown }> }>;
    if (!(flags & MessageFlags.IsComponentsV2) && rows.length > 5) issues.push(tooLong(['components'], 5));
    // Discord rejects a message whose components repeat a custom_id.
    const ids = rows.flatMap((row) => (Array.isArray(row.components) ? row.components : [])).map((c) => c.custom_id).filter((id): id is string => typeof id === 'string');
    if (new Set(ids).size !== ids.length) issues.push({ path: ['components'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
  }
  const allowedFlags = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2 | (opts.interaction ? MessageFlags.Ephemeral : 0);
  if (flags & ~allowedFlags) issues.push({ path: ['flags'], code: 'MESSAGE_FLAGS_INVALID', message: 'Invalid flags' });
  if (issues.length) return formError(issues);
  if (opts.requireSomething) {
    const empty =
      !(typeof body.content === 'string' && body.content.trim() !== '') &&
      !(Array.isArray(body.embeds) && body.embeds.length) &&
      !(Array.isArray(body.components) && body.components.length) &&
      !(Array.isArray(body.sticker_ids) && body.sticker_ids.length) &&
      !body.poll &&
      !opts.hasFiles;
    if (empty) return E.emptyMessage();
  }
  return null;
}

type SentCommand = Partial<RESTPutAPIApplicationCommandsJSONBody[number]>;
type SentOption = { name?: unknown; description?: unknown; type?: unknown; required?: unknown; choices?: unknown; autocomplete?: unknown; options?: unknown };

/** Discord's checks on command registrations (names, descriptions, option order and counts). */
export function validateCommands(list: SentCommand[], bulk: boolean): HttpError | null {
  const issues: FormIssue[] = [];
  if (list.length > 100) issues.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  const seen = new Set<string>();
  const invalidName = (name: unknown, lowercase: boolean) => typeof name !== 'string' || !COMMAND_NAME_RE.test(name) || (lowercase && name !== name.toLowerCase());
  const badDescription = (d: unknown) => typeof d !== 'string' || d.length < 1 || d.length > 100;
  list.forEach((c, i) => {
    const at = (...p: Array<string | number>) => (bulk ? [i, ...p] : p);
    const type = c.type ?? ApplicationCommandType.ChatInput;
    const chat = type === ApplicationCommandType.ChatInput;
    if (invalidName(c.name, chat)) issues.push({ path: at('name'), code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    const key = `${type}:${c.name}`;
    if (seen.has(key)) issues.push({ path: at('name'), code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
    seen.add(key);
    const description = 'description' in c ? c.description : undefined;
    if (chat && badDescription(description)) issues.push({ path: at('description'), code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    else if (!chat && description) issues.push({ path: at('description'), code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', message: 'Context menu commands cannot have description' });
    const checkOptions = (opts: unknown, path: Array<string | number>) => {
      if (opts === undefined || opts === null) return;
      if (!Array.isArray(opts)) return void issues.push({ path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
      if (opts.length > 25) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      let sawOptional = false;
      (opts as SentOption[]).forEach((o, j) => {
        if (invalidName(o.name, true)) issues.push({ path: [...path, j, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
        if (badDescription(o.description)) issues.push({ path: [...path, j, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
        if (Array.isArray(o.choices)) {
          if (o.choices.length > 25) issues.push({ path: [...path, j, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
          if (o.autocomplete) issues.push({ path: [...path, j, 'autocomplete'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set with choices' });
        }
        if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) checkOptions(o.options, [...path, j, 'options']);
        else if (o.required) {
          if (sawOptional) issues.push({ path: [...path, j, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
        } else sawOptional = true;
      });
    };
    checkOptions('options' in c ? c.options : undefined, at('options'));
  });
  return issues.length ? formError(issues) : null;
}

/** Which callback types each interaction type accepts. */
const ALLOWED_CALLBACKS: Partial<Record<InteractionType, InteractionResponseType[]>> = {
  [InteractionType.ApplicationCommand]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal, InteractionResponseType.LaunchActivity],
  [InteractionType.MessageComponent]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.DeferredMessageUpdate, InteractionResponseType.UpdateMessage, InteractionResponseType.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.DeferredMessageUpdate, InteractionResponseType.UpdateMessage],
};

export function addRoutes(router: Router, state: FakeState, gateway: Gateway): void {
  const { world, settings } = state;
  const application = world.application;

  const echoEvent = (t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', stored: StoredMessage) => {
    if (settings.echo && !stored.ephemeral) gateway.dispatch(t, toGatewayMessage(state, stored));
  };
  const echoDelete = (stored: StoredMessage) => {
    if (!settings.echo || stored.ephemeral) return;
    gateway.dispatch('MESSAGE_DELETE', { id: stored.msg.id, channel_id: stored.msg.channel_id, ...(stored.guildId ? { guild_id: stored.guildId } : {}) });
  };

  // ----- gateway info -----
  router.add('GET', '/gateway/bot', () => ({
    status: 200,
    body: { url: state.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
  }));

  // ----- command deployment (bulk overwrite) -----
  const materializeCommand = (c: SentCommand, scope: string, existing: APIApplicationCommand[] | undefined): APIApplicationCommand => {
    const type = c.type ?? ApplicationCommandType.ChatInput;
    const name = String(c.name);
    const prev = existing?.find((x) => x.name === name && x.type === type);
    const idKey = `${scope}:${type}:${name}`;
    const id = prev?.id ?? state.commandIdsByName.get(idKey) ?? snowflake();
    state.commandIdsByName.set(idKey, id);
    const sent = c as SentCommand & { description?: string; options?: APIApplicationCommand['options']; description_localizations?: APIApplicationCommand['description_localizations'] };
    return {
      id,
      application_id: application.id,
      version: snowflake(),
      default_member_permissions: c.default_member_permissions ?? null,
      type,
      name,
      ...(c.name_localizations ? { name_localizations: c.name_localizations } : {}),
      description: sent.description ?? '',
      ...(sent.description_localizations ? { description_localizations: sent.description_localizations } : {}),
      ...(scope !== 'global' ? { guild_id: scope } : { dm_permission: c.dm_permission ?? true }),
      ...(sent.options ? { options: clone(sent.options) } : {}),
      nsfw: c.nsfw ?? false,
      integration_types: c.integration_types ?? [0],
      contexts: c.contexts ?? null,
    } as APIApplicationCommand;
  };
  const commandScope = (r: RecordedRequest): string => {
    if (r.params.application !== application.id) throw E.missingAccess();
    if (r.params.guild === undefined) return 'global';
    if (!world.guildsById.has(r.params.guild)) throw E.missingAccess();
    return r.params.guild;
  };
  for (const base of ['/applications/:application/commands', '/applications/:application/guilds/:guild/commands']) {
    router.add('PUT', base, (r) => {
      const scope = commandScope(r);
      const list = r.body;
      if (!Array.isArray(list)) throw formError([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
      const err = validateCommands(list as SentCommand[], true);
      if (err) throw err;
      const existing = state.commands.get(scope);
      const stored = (list as SentCommand[]).map((c) => materializeCommand(c, scope, existing));
      state.commands.set(scope, stored);
      return { status: 200, body: clone(stored) };
    });
  }

  // ----- interactions -----
  const interactionMessageType = (rec: InteractionRecord): MessageType => {
    if (rec.type !== InteractionType.ApplicationCommand) return MessageType.Reply;
    const data = rec.payload.data as { type?: ApplicationCommandType } | undefined;
    return data?.type === undefined || data.type === ApplicationCommandType.ChatInput ? MessageType.ChatInputCommand : MessageType.ContextMenuCommand;
  };
  const newInteractionMessage = (rec: InteractionRecord, data: APIInteractionResponseCallbackData, files: RecordedFile[], type: MessageType): StoredMessage => {
    const p = rec.payload;
    const channelId = p.channel?.id ?? p.channel_id ?? '';
    const flags = Number(data.flags ?? 0);
    const user = p.user ?? p.member?.user;
    const msg = newMessage(state, {
      channel_id: channelId,
      type,
      content: data.content ?? '',
      embeds: normalizeEmbeds(data.embeds),
      components: clone((data.components ?? []) as APIMessage['components']),
      attachments: attachmentsFrom(data, files, channelId),
      flags,
      tts: Boolean(data.tts),
      webhook_id: application.id,
      application_id: application.id,
      interaction_metadata: {
        id: rec.id,
        type: rec.type,
        user: clone(user!),
        authorizing_integration_owners: clone(p.authorizing_integration_owners ?? {}),
        ...(rec.type === InteractionType.ApplicationCommand ? { name: (p.data as { name?: string } | undefined)?.name, command_type: (p.data as { type?: number } | undefined)?.type ?? 1 } : {}),
        ...(rec.componentMessageId ? { interacted_message_id: rec.componentMessageId } : {}),
      } as APIMessage['interaction_metadata'],
    });
    msg.mentions = applyAllowedMentions(state, msg.content, data, undefined);
    if (rec.componentMessageId && msg.type === MessageType.Reply) {
      msg.message_reference = { type: 0, channel_id: channelId, message_id: rec.componentMessageId, ...(p.guild_id ? { guild_id: p.guild_id } : {}) };
    }
    return state.storeMessage(msg, p.guild_id ?? null, Boolean(flags & MessageFlags.Ephemeral));
  };

  router.add(
    'POST',
    '/interactions/:interaction/:token/callback',
    (r) => {
      const rec = state.interactions.get(r.params.interaction!);
      if (!rec || rec.token !== r.params.token) throw E.unknownInteraction();
      if (settings.interactionTimeout > 0 && rec.dispatchedAt !== null && Date.now() - rec.dispatchedAt > settings.interactionTimeout) throw E.unknownInteraction();
      if (rec.acknowledged) throw E.alreadyAcknowledged();
      const body = bodyOf<APIInteractionResponse>(r);
      const type = body.type;
      const data = ('data' in body && body.data ? body.data : {}) as APIInteractionResponseCallbackData & Record<string, unknown>;
      if (type === undefined || !(ALLOWED_CALLBACKS[rec.type] ?? []).includes(type)) {
        throw formError([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${String(type)} is not valid for interaction type ${rec.type}` }]);
      }
      let stored: StoredMessage | null = null;
      let event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE' | null = null;
      switch (type) {
        case InteractionResponseType.ChannelMessageWithSource: {
          const err = validateMessageBody(data, { requireSomething: true, hasFiles: r.files.length > 0, interaction: true });
          if (err) throw err;
          stored = newInteractionMessage(rec, data, r.files, interactionMessageType(rec));
          rec.originalMessageId = stored.msg.id;
          event = 'MESSAGE_CREATE';
          break;
        }
        case InteractionResponseType.DeferredChannelMessageWithSource: {
          const flags = Number(data.flags ?? 0) & MessageFlags.Ephemeral;
          stored = newInteractionMessage(rec, { flags: flags | MessageFlags.Loading }, [], interactionMessageType(rec));
          rec.originalMessageId = stored.msg.id;
          event = 'MESSAGE_CREATE';
          break;
        }
        case InteractionResponseType.DeferredMessageUpdate:
          rec.originalMessageId = rec.componentMessageId;
          break;
        case InteractionResponseType.UpdateMessage: {
          const err = validateMessageBody(data, { requireSomething: false, hasFiles: r.files.length > 0, interaction: true });
          if (err) throw err;
          const target = rec.componentMessageId ? state.messages.get(rec.componentMessageId) : undefined;
          if (!target) throw E.unknownMessage();
          applyEdit(state, target.msg, data as MessageEdit, r.files);
          target.msg.edited_timestamp = isoNow();
          rec.originalMessageId = target.msg.id;
          stored = target;
          event = 'MESSAGE_UPDATE';
          break;
        }
        case InteractionResponseType.ApplicationCommandAutocompleteResult: {
          const choices = data.choices;
          const issues: FormIssue[] = [];
          if (!Array.isArray(choices)) issues.push({ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
          else {
            if (choices.length > 25) issues.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
            (choices as Array<{ name?: unknown; value?: unknown }>).forEach((c, i) => {
              if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) issues.push({ path: ['data', 'choices', i, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
              if (typeof c.value === 'string' && c.value.length > 100) issues.push({ path: ['data', 'choices', i, 'value'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
              if (typeof c.value !== 'string' && typeof c.value !== 'number') issues.push({ path: ['data', 'choices', i, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
            });
          }
          if (issues.length) throw formError(issues);
          break;
        }
        case InteractionResponseType.Modal: {
          const issues: FormIssue[] = [];
          const { custom_id: customId, title, components } = data as { custom_id?: unknown; title?: unknown; components?: unknown };
          if (typeof customId !== 'string' || customId.length < 1 || customId.length > 100) issues.push({ path: ['data', 'custom_id'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
          if (typeof title !== 'string' || title.length < 1 || title.length > 45) issues.push({ path: ['data', 'title'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 45 in length.' });
          if (!Array.isArray(components) || components.length < 1 || components.length > 5) issues.push({ path: ['data', 'components'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
          if (issues.length) throw formError(issues);
          break;
        }
        default:
          break;
      }
      rec.acknowledged = true;
      rec.callbackType = type;
      const after = () => {
        if (stored && event) echoEvent(event, stored);
      };
      if (r.query.with_response !== 'true') return { status: 204, after };
      return {
        status: 200,
        after,
        body: {
          interaction: {
            id: rec.id,
            type: rec.type,
            ...(stored
              ? { response_message_id: stored.msg.id, response_message_loading: Boolean((stored.msg.flags ?? 0) & MessageFlags.Loading), response_message_ephemeral: stored.ephemeral }
              : {}),
          },
          resource: { type, ...(stored ? { message: clone(stored.msg) } : {}) },
        },
      };
    },
    false,
  );

  // ----- interaction webhooks: follow-ups and the original response -----
  const webhookInteraction = (r: RecordedRequest): InteractionRecord => {
    const rec = state.interactionsByToken.get(r.params.token!);
    if (!rec || r.params.application !== application.id) throw E.unknownWebhook();
    return rec;
  };
  const webhookMessage = (r: RecordedRequest): StoredMessage => {
    const rec = webhookInteraction(r);
    const id = r.params.message === '@original' ? rec.originalMessageId : r.params.message;
    const stored = id ? state.messages.get(id) : undefined;
    if (!stored) throw E.unknownMessage();
    return stored;
  };
  router.add(
    'POST',
    '/webhooks/:application/:token',
    (r) => {
      const rec = webhookInteraction(r);
      if (!rec.acknowledged) throw E.unknownWebhook();
      const body = bodyOf<RESTPostAPIWebhookWithTokenJSONBody>(r);
      const err = validateMessageBody(body, { requireSomething: true, hasFiles: r.files.length > 0, interaction: true });
      if (err) throw err;
      const stored = newInteractionMessage(rec, body as APIInteractionResponseCallbackData, r.files, MessageType.Default);
      const after = () => echoEvent('MESSAGE_CREATE', stored);
      return r.query.wait === 'true' ? { status: 200, body: clone(stored.msg), after } : { status: 204, after };
    },
    false,
  );
  router.add(
    'PATCH',
    '/webhooks/:application/:token/messages/:message',
    (r) => {
      const stored = webhookMessage(r);
      const body = bodyOf<RESTPatchAPIWebhookWithTokenMessageJSONBody>(r);
      const err = validateMessageBody(body, { requireSomething: false, hasFiles: r.files.length > 0, interaction: true });
      if (err) throw err;
      const wasLoading = Boolean((stored.msg.flags ?? 0) & MessageFlags.Loading);
      applyEdit(state, stored.msg, body as MessageEdit, r.files);
      stored.msg.flags = (stored.msg.flags ?? 0) & ~MessageFlags.Loading;
      if (!wasLoading) stored.msg.edited_timestamp = isoNow();
      return { status: 200, body: clone(stored.msg), after: () => echoEvent('MESSAGE_UPDATE', stored) };
    },
    false,
  );
  router.add(
    'DELETE',
    '/webhooks/:application/:token/messages/:message',
    (r): RouteResult => {
      const stored = webhookMessage(r);
      state.deleteMessage(stored.msg.id);
      return { status: 204, after: () => echoDelete(stored) };
    },
    false,
  );

  // ----- channel messages -----
  router.add('POST', '/channels/:channel/messages', (r) => {
    const ch = state.channel(r.params.channel);
    if (!ch) throw E.unknownChannel();
    const body = bodyOf<RESTPostAPIChannelMessageJSONBody>(r);
    const err = validateMessageBody(body, { requireSomething: true, hasFiles: r.files.length > 0 });
    if (err) throw err;
    // enforce_nonce: a second send with the same nonce returns the message the first one made (as Discord does, for a few minutes).
    if (body.enforce_nonce && body.nonce !== undefined) {
      const prior = [...state.messages.values()].find((m) => m.msg.channel_id === ch.id && m.msg.nonce === body.nonce && m.msg.author.id === state.botId);
      if (prior) return { status: 200, body: clone(prior.msg) };
    }
    let replied: APIMessage | undefined;
    if (body.message_reference) {
      const ref = state.messages.get(String(body.message_reference.message_id));
      if (ref && ref.msg.channel_id === ch.id) replied = ref.msg;
      else if (body.message_reference.fail_if_not_exists !== false) {
        throw formError([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
      }
    }
    if (ch.type === ChannelType.DM && ch.recipients?.some((u) => state.world.dmsClosed.has(u.id))) throw E.cannotMessageUser();
    const guildId = 'guild_id' in ch ? ch.guild_id : null;
    const msg = newMessage(state, {
      channel_id: ch.id,
      content: body.content ?? '',
      embeds: normalizeEmbeds(body.embeds),
      components: clone((body.components ?? []) as APIMessage['components']),
      attachments: attachmentsFrom(body, r.files, ch.id),
      flags: Number(body.flags ?? 0),
      tts: Boolean(body.tts),
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(Array.isArray(body.sticker_ids) ? { sticker_items: [] } : {}),
    });
    msg.mentions = applyAllowedMentions(state, msg.content, body, replied);
    msg.mention_roles = roleMentions(msg.content);
    if (replied) {
      msg.type = MessageType.Reply;
      msg.message_reference = { type: 0, channel_id: ch.id, message_id: replied.id, ...(guildId ? { guild_id: guildId } : {}) };
      msg.referenced_message = clone(replied);
    }
    const stored = state.storeMessage(msg, guildId);
    return { status: 200, body: clone(msg), after: () => echoEvent('MESSAGE_CREATE', stored) };
  });

  // ----- channels, DMs, the application -----
  router.add('GET', '/channels/:channel', (r) => {
    const ch = state.channel(r.params.channel);
    if (!ch) throw E.unknownChannel();
    return { status: 200, body: clone(ch) };
  });
  router.add('POST', '/users/@me/channels', (r) => {
    const body = bodyOf<RESTPostAPICurrentUserCreateDMChannelJSONBody>(r);
    const user = typeof body.recipient_id === 'string' ? world.knownUsers.get(body.recipient_id) : undefined;
    if (!user) {
      if (typeof body.recipient_id !== 'string') throw formError([{ path: ['recipient_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
      throw E.unknownUser();
    }
    return { status: 200, body: clone(state.dmChannelFor(user)) };
  });
  for (const path of ['/applications/@me', '/oauth2/applications/@me']) router.add('GET', path, () => ({ status: 200, body: clone(application) }));
}
