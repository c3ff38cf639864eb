/**
 * Exercises tests/fake-discord/server.ts with a REAL discord.js Client.
 * Everything runs on 127.0.0.1 with ephemeral ports; every test destroys its client and closes its server.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  Partials,
  RESTEvents,
  type ClientOptions,
  type Interaction,
  type Message,
  type RateLimitData,
} from 'discord.js';
import { createFakeDiscord, destroyClient, FastIdentifyThrottler, fastIdentifyClientOptions, type FakeDiscord, type FakeDiscordOptions } from './server.ts';

const CALLBACK = 'POST /interactions/:interaction/:token/callback';
const ALL_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  const pending = cleanups.reverse();
  cleanups = [];
  for (const fn of pending) await fn();
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await createFakeDiscord({ heartbeatIntervalMs: 500, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

function newClient(fake: FakeDiscord, extra: Partial<ClientOptions> = {}): Client {
  const client = new Client({
    intents: ALL_INTENTS,
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    ...fastIdentifyClientOptions(),
    ...extra,
  });
  cleanups.push(() => destroyClient(client)); // plain client.destroy() can hang mid-reconnect (see server.ts)
  return client;
}

async function start(options: { fake?: FakeDiscordOptions; client?: Partial<ClientOptions> } = {}) {
  const fake = await startFake(options.fake);
  const client = newClient(fake, options.client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

/** Resolves with the next messageCreate that is not from the bot itself (the fake echoes the bot's own sends, like Discord). */
function nextForeignMessage(client: Client): Promise<Message> {
  return new Promise((resolve) => {
    const onMessage = (m: Message) => {
      if (m.author.id === client.user?.id) return;
      client.off(Events.MessageCreate, onMessage);
      resolve(m);
    };
    client.on(Events.MessageCreate, onMessage);
  });
}

function answerPing(client: Client, content = 'pong') {
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (i.isChatInputCommand()) void i.reply({ content });
  });
}

describe('fake-discord with a real discord.js client', () => {
  it('logs in: gateway info, IDENTIFY with intents, READY, guild and channels cached', async () => {
    const { fake, client } = await start();
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(fake.application.id);
    expect(client.guilds.cache.get(fake.guild.id)?.name).toBe(fake.guild.name);
    const channel = client.channels.cache.get(fake.channel.id);
    expect(channel?.isTextBased()).toBe(true);
    expect(fake.findRequests({ route: 'GET /gateway/bot' })).toHaveLength(1);
    expect(fake.connections[0]?.url).toBe('/?v=10&encoding=json');
    const identify = await fake.waitForGateway({ op: 2 });
    expect(identify.d).toMatchObject({ token: '<redacted>', intents: fake.sessions[0]?.intents, shard: [0, 1] });
    expect(fake.sessions[0]!.intents & GatewayIntentBits.MessageContent).toBeTruthy();
    expect(fake.sessions[0]!.dispatched.slice(0, 2)).toEqual([
      { s: 1, t: 'READY' },
      { s: 2, t: 'GUILD_CREATE' },
    ]);

    // command deployment round-trip, then an interaction carries the registered command id
    const [cmd] = (await client.application!.commands.set([{ name: 'define', description: 'Define a term', options: [{ name: 'term', description: 'term', type: 3, required: true }] }])).values();
    const put = await fake.waitForRequest({ route: 'PUT /applications/:application/commands' });
    expect(put.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.build.chatInput({ name: 'define', options: { term: 'CTR' } }).data.id).toBe(cmd!.id);
    await expect(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035, status: 400 });
    // Only the routes termbot uses exist; anything else is a recorded 404.
    await expect(client.rest.get('/users/@me')).rejects.toMatchObject({ status: 404 });
    expect(fake.findRequests({ path: '/users/@me' })).toMatchObject([{ route: null, status: 404 }]);
  });

  it('chat-input interaction: reply() reaches the callback route', async () => {
    const { fake, client } = await start();
    const seen: string[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push(`${i.commandName}:${i.options.getString('term')}:${i.inCachedGuild()}`);
      await i.reply({ content: `**${i.options.getString('term')}**: click-through rate` });
    });
    const interaction = fake.build.chatInput({ name: 'define', options: { term: 'CTR' } });
    fake.dispatch('INTERACTION_CREATE', interaction);
    const cb = await fake.waitForInteractionCallback(interaction);
    expect(cb.status).toBe(204);
    expect(cb.query.with_response).toBe('false');
    expect(cb.body).toMatchObject({ type: 4, data: { content: '**CTR**: click-through rate' } });
    expect(cb.headers.authorization).toBeUndefined(); // interaction callbacks are unauthenticated
    expect(seen).toEqual(['define:CTR:true']);
  });

  it('deferReply then editReply hits PATCH @original (sent as %40original); followUp posts to the webhook', async () => {
    const { fake, client } = await start();
    const done = new Promise<Message>((resolve, reject) => {
      client.on(Events.InteractionCreate, async (i) => {
        if (!i.isChatInputCommand()) return;
        try {
          await i.deferReply();
          await i.editReply({ content: 'Engagement rate = interactions / reach' });
          resolve(await i.followUp({ content: 'Sources: ...' }));
        } catch (error) {
          reject(error);
        }
      });
    });
    const interaction = fake.build.chatInput({ name: 'define', options: { term: 'engagement rate' } });
    fake.dispatch('INTERACTION_CREATE', interaction);
    const followUp = await done;
    const cb = await fake.waitForInteractionCallback(interaction);
    expect(cb.body).toMatchObject({ type: 5 });
    const patch = await fake.waitForRequest({ route: 'PATCH /webhooks/:application/:token/messages/:message' });
    expect(patch.path).toBe(`/webhooks/${fake.application.id}/${interaction.token}/messages/@original`);
    expect(patch.rawPath).toContain('/messages/%40original');
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ content: 'Engagement rate = interactions / reach' });
    const original = fake.messages.get(String((patch.response as { id: string }).id));
    expect(original).toMatchObject({ type: 20, flags: 0, webhook_id: fake.application.id, content: 'Engagement rate = interactions / reach' });
    const post = await fake.waitForRequest({ route: 'POST /webhooks/:application/:token' });
    expect(post.query.wait).toBe('true');
    expect(followUp.content).toBe('Sources: ...');
  });

  it('autocomplete: respond() sends callback type 8 with choices', async () => {
    const { fake, client } = await start();
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = String(i.options.getFocused());
      await i.respond(['CTR', 'CPC', 'CPM'].filter((t) => t.startsWith(typed.toUpperCase())).map((t) => ({ name: t, value: t.toLowerCase() })));
    });
    const interaction = fake.build.autocomplete({ name: 'define', options: { term: 'cp' }, focused: 'term' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    const cb = await fake.waitForInteractionCallback(interaction);
    expect(cb.status).toBe(204);
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'CPC', value: 'cpc' }, { name: 'CPM', value: 'cpm' }] } });
  });

  it('button: update() sends type 7 and edits the component message', async () => {
    const { fake, client } = await start();
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isButton() && i.customId === 'more:ctr') await i.update({ content: 'More about CTR...', components: [] });
    });
    const interaction = fake.build.button({ customId: 'more:ctr' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    const cb = await fake.waitForInteractionCallback(interaction);
    expect(cb.body).toMatchObject({ type: 7, data: { content: 'More about CTR...', components: [] } });
    expect(fake.messages.get(interaction.message.id)).toMatchObject({ content: 'More about CTR...', components: [] });
  });

  it('modal: showModal() sends type 9; a modal submit carries the typed fields and can be replied to', async () => {
    const { fake, client } = await start();
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isButton() && i.customId === 'add') {
        await i.showModal({
          customId: 'glossary-add',
          title: 'Add a term',
          components: [{ type: 1, components: [{ type: 4, customId: 'term', label: 'Term', style: 1 }] }],
        });
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `Added ${i.fields.getTextInputValue('term')}`, flags: 64 });
      }
    });
    const button = fake.build.button({ customId: 'add' });
    fake.dispatch('INTERACTION_CREATE', button);
    expect((await fake.waitForInteractionCallback(button)).body).toMatchObject({ type: 9, data: { custom_id: 'glossary-add', title: 'Add a term' } });

    const submit = fake.build.modalSubmit({ customId: 'glossary-add', fields: { term: 'CTR' } });
    fake.dispatch('INTERACTION_CREATE', submit);
    expect((await fake.waitForInteractionCallback(submit)).body).toMatchObject({ type: 4, data: { content: 'Added CTR', flags: 64 } });
  });

  it('an attachment option arrives resolved (name, declared size, type) with a url the fake serves on loopback', async () => {
    const { fake, client } = await start();
    const got = new Promise<Interaction>((resolve) => client.on(Events.InteractionCreate, resolve));
    const content = '---\nkind: term\nname: Launch Week\n---\n';
    const i = fake.build.chatInput({ name: 'glossary', subcommand: 'import', options: { file: { filename: 'glossary.md', content, size: 99 } } });
    fake.dispatch('INTERACTION_CREATE', i);
    const interaction = await got;
    if (!interaction.isChatInputCommand()) throw new Error('not a slash command');
    expect(interaction.options.getSubcommand()).toBe('import');
    const file = interaction.options.getAttachment('file', true);
    expect(file).toMatchObject({ name: 'glossary.md', size: 99, contentType: 'text/markdown; charset=utf-8' });
    expect(file.url.startsWith(`http://127.0.0.1:${fake.port}/attachments/`)).toBe(true);
    const res = await fetch(file.url);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(content)));
    expect(await res.text()).toBe(content);
    expect((await fetch(`http://127.0.0.1:${fake.port}/attachments/1/2/nope.md`)).status).toBe(404);
    expect(fake.attachmentDownloads.map((d) => d.status)).toEqual([200, 404]);
  });

  it('guild MESSAGE_CREATE reaches messageCreate with content; reply() and channel.send() hit POST /channels/{id}/messages', async () => {
    const { fake, client } = await start();
    const received = nextForeignMessage(client);
    const payload = fake.build.message({ content: 'what is CPM?' });
    fake.dispatch('MESSAGE_CREATE', payload);
    const message = await received;
    expect(message.content).toBe('what is CPM?');
    expect(message.author.id).toBe(fake.user.id);
    expect(message.guildId).toBe(fake.guild.id);
    expect(message.member?.id).toBe(fake.user.id);

    const reply = await message.reply('CPM = cost per mille');
    const post = await fake.waitForRequest({ route: 'POST /channels/:channel/messages' });
    expect(post.params.channel).toBe(fake.channel.id);
    expect(post.body).toMatchObject({ content: 'CPM = cost per mille', message_reference: { message_id: payload.id } });
    expect(reply.author.id).toBe(fake.botUser.id);
    expect(reply.reference?.messageId).toBe(payload.id);

    const echoed = new Promise<Message>((resolve) => client.on(Events.MessageCreate, (m) => m.content === 'hello' && resolve(m)));
    const channel = message.channel;
    if (!channel.isSendable()) throw new Error('channel not sendable');
    const sent = await channel.send('hello');
    expect(fake.findRequests({ route: 'POST /channels/:channel/messages' })).toHaveLength(2);
    expect((await echoed).id).toBe(sent.id); // the bot sees its own message on the gateway, as on Discord

    await expect(channel.send({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('channels.fetch with force hits GET /channels/{id}; an unknown channel is 10003', async () => {
    const { fake, client } = await start();
    const channel = await client.channels.fetch(fake.channel.id, { force: true });
    expect(channel?.id).toBe(fake.channel.id);
    expect(fake.findRequests({ route: 'GET /channels/:channel' })).toHaveLength(1);
    await expect(client.channels.fetch('123456789012345678', { force: true })).rejects.toMatchObject({ code: 10003, status: 404 });
  });

  it('users.send opens the DM channel (POST /users/@me/channels) and posts in it; a user with closed DMs gets 403 50007', async () => {
    const { fake, client } = await start({ fake: { users: [{ username: 'alice' }, { username: 'bob' }, { username: 'carol', dmsClosed: true }] } });
    const [alice, , carol] = fake.users;
    const sent = await client.users.send(alice!.id, { content: 'hello', allowedMentions: { parse: [] } });
    const open = await fake.waitForRequest({ route: 'POST /users/@me/channels' });
    expect(open.body).toEqual({ recipient_id: alice!.id });
    const post = await fake.waitForRequest({ route: 'POST /channels/:channel/messages' });
    expect(post.params.channel).toBe(sent.channelId);
    expect(fake.messages.get(sent.id)?.content).toBe('hello');
    await expect(client.users.send(carol!.id, { content: 'hello' })).rejects.toMatchObject({ code: 50007, status: 403 });
    await expect(client.users.send('123456789012345678', { content: 'hello' })).rejects.toMatchObject({ code: 10013, status: 404 });
  });

  it('application.fetch hits GET /applications/@me and gives the owner', async () => {
    const { fake, client } = await start();
    const app = await client.application!.fetch();
    expect(fake.findRequests({ route: 'GET /applications/@me' })).toHaveLength(1);
    expect(app.owner?.id).toBe(fake.user.id);
  });

  it('a modal opened from a button: deferUpdate then editReply change the message the button is on', async () => {
    const { fake, client } = await start();
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isModalSubmit() && i.message) {
        await i.deferUpdate();
        await i.editReply({ content: `Saved ${i.fields.getTextInputValue('term')}`, components: [] });
      }
    });
    const button = fake.build.button({ customId: 'edit' });
    const message = button.message;
    const submit = fake.build.modalSubmit({ customId: 'edit-form', fields: { term: 'CTR' }, message });
    fake.dispatch('INTERACTION_CREATE', submit);
    expect((await fake.waitForInteractionCallback(submit)).body).toMatchObject({ type: 6 });
    const patch = await fake.waitForRequest({ method: 'PATCH', pathIncludes: '/messages/@original' });
    expect(patch.status).toBe(200);
    expect(fake.messages.get(message.id)?.content).toBe('Saved CTR');
    expect(fake.messages.get(message.id)?.components).toEqual([]);
  });

  it('without the MessageContent intent, content is empty unless the bot is mentioned or it is a DM', async () => {
    const { fake, client } = await start({
      client: { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] },
    });
    expect(fake.sessions[0]!.intents & GatewayIntentBits.MessageContent).toBe(0);
    const cases: Array<[string, Parameters<FakeDiscord['build']['message']>[0]]> = [
      ['plain', { content: 'what is reach?', embeds: [{ title: 'x' }] }],
      ['mention', { content: 'what is reach?', mentionBot: true }],
      ['dm', { content: 'what is reach?', dm: true }],
      ['webhook', { content: 'from a webhook', from: 'webhook' }],
      ['other bot', { content: 'from a bot', from: 'bot' }],
    ];
    const got: Record<string, { content: string; embeds: number; webhookId: string | null; bot: boolean; dm: boolean }> = {};
    for (const [label, opts] of cases) {
      const received = nextForeignMessage(client);
      fake.dispatch('MESSAGE_CREATE', fake.build.message(opts));
      const m = await received;
      got[label] = { content: m.content, embeds: m.embeds.length, webhookId: m.webhookId, bot: m.author.bot, dm: m.channel.isDMBased() };
    }
    expect(got.plain).toEqual({ content: '', embeds: 0, webhookId: null, bot: false, dm: false });
    expect(got.mention?.content).toBe(`<@${fake.botUser.id}> what is reach?`);
    expect(got.dm).toMatchObject({ content: 'what is reach?', dm: true });
    expect(got.webhook).toMatchObject({ content: '', bot: true });
    expect(got.webhook?.webhookId).toBeTruthy();
    expect(got['other bot']).toMatchObject({ content: '', bot: true, webhookId: null });
  });

  it('close 4000: the client RESUMEs and an interaction dispatched while it was down is still answered', async () => {
    const { fake, client } = await start();
    answerPing(client);
    const resumed = once(client, Events.ShardResume);
    const since = fake.gatewayReceived.length;
    await fake.closeWith(4000);
    expect(fake.sessions[0]).toMatchObject({ connected: false, resumable: true });
    const interaction = fake.build.chatInput({ name: 'ping' });
    expect(fake.dispatch('INTERACTION_CREATE', interaction).delivered).toHaveLength(1);
    const resume = await fake.waitForGateway({ op: 6 }, { since });
    expect(resume.d).toMatchObject({ session_id: fake.sessions[0]!.id, token: '<redacted>' });
    const cb = await fake.waitForInteractionCallback(interaction);
    expect(cb.body).toMatchObject({ type: 4, data: { content: 'pong' } });
    const [, replayed] = await resumed;
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect(fake.gatewayReceived.filter((g) => g.op === 2)).toHaveLength(1); // no re-IDENTIFY
    expect(fake.sessions).toHaveLength(1);
  });

  it('dropped TCP connection (no close frame): the client resumes', async () => {
    const { fake, client } = await start();
    answerPing(client);
    const since = fake.gatewayReceived.length;
    await fake.dropConnection();
    expect(fake.connections[0]).toMatchObject({ closedBy: 'dropped', closeCode: 1006 });
    await fake.waitForGateway({ op: 6 }, { since });
    const interaction = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    expect((await fake.waitForInteractionCallback(interaction)).status).toBe(204);
    expect(fake.sessions).toHaveLength(1);
  });

  it('missing heartbeat ACKs: the client treats the connection as a zombie and resumes', async () => {
    const { fake, client } = await start({ fake: { heartbeatIntervalMs: 100 } });
    answerPing(client);
    const since = fake.gatewayReceived.length;
    fake.stopHeartbeatAcks();
    await fake.waitForGateway({ op: 6 }, { since });
    fake.resumeHeartbeatAcks();
    expect(fake.connections[0]?.closeCode).toBe(4200); // @discordjs/ws' own "resuming" close code
    const interaction = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    expect((await fake.waitForInteractionCallback(interaction)).status).toBe(204);
  });

  it('close 1000: the client re-IDENTIFIEs through the fast throttler and keeps answering', async () => {
    // The default throttler would hold the re-IDENTIFY ~5-6.5 s; check ours is the one asked, not the clock.
    let identifies = 0;
    class CountingThrottler extends FastIdentifyThrottler {
      override async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
        identifies += 1;
        await super.waitForIdentify(shardId, signal);
      }
    }
    const { fake, client } = await start({ client: { ws: { buildIdentifyThrottler: () => new CountingThrottler() } } });
    answerPing(client);
    const since = fake.gatewayReceived.length;
    await fake.closeWith(1000);
    expect(fake.sessions[0]?.resumable).toBe(false);
    await fake.waitForGateway({ op: 2 }, { since });
    expect(identifies).toBe(2);
    expect(fake.sessions).toHaveLength(2);
    const interaction = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    expect((await fake.waitForInteractionCallback(interaction)).status).toBe(204);
    expect(fake.gatewayReceived.filter((g) => g.op === 6)).toHaveLength(0);
  });

  it('op 7 RECONNECT → resume; op 9 INVALID SESSION (not resumable) → re-IDENTIFY', async () => {
    const { fake, client } = await start();
    answerPing(client);
    let since = fake.gatewayReceived.length;
    fake.requestReconnect();
    await fake.waitForGateway({ op: 6 }, { since });
    await once(client, Events.ShardResume);

    since = fake.gatewayReceived.length;
    fake.invalidateSession(false);
    await fake.waitForGateway({ op: 2 }, { since });
    expect(fake.sessions.map((x) => x.resumable)).toEqual([false, true]);
    const interaction = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    expect((await fake.waitForInteractionCallback(interaction)).body).toMatchObject({ type: 4 });
  });

  it('DM chat-input and a string select in a guild', async () => {
    const { fake, client } = await start();
    const seen: string[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isChatInputCommand()) {
        seen.push(`cmd dm=${i.channel?.isDMBased()} guild=${i.guildId}`);
        await i.reply({ content: 'in DM', flags: 64 });
      } else if (i.isStringSelectMenu()) {
        seen.push(`select ${i.values.join(',')}`);
        await i.deferUpdate();
        await i.editReply({ content: `You picked ${i.values[0]}` });
      }
    });
    const dm = fake.build.chatInput({ name: 'define', options: { term: 'SEO' }, dm: true });
    expect(dm.user?.id).toBe(fake.user.id);
    fake.dispatch('INTERACTION_CREATE', dm);
    expect((await fake.waitForInteractionCallback(dm)).body).toMatchObject({ type: 4, data: { content: 'in DM', flags: 64 } });

    const select = fake.build.stringSelect({ customId: 'pick', values: ['reach'] });
    fake.dispatch('INTERACTION_CREATE', select);
    expect((await fake.waitForInteractionCallback(select)).body).toEqual({ type: 6 });
    const patch = await fake.waitForRequest({ route: 'PATCH /webhooks/:application/:token/messages/:message' });
    expect(patch.params.message).toBe('@original');
    expect(fake.messages.get(select.message.id)?.content).toBe('You picked reach');
    expect(seen).toEqual(['cmd dm=true guild=null', 'select reach']);
  });

  it('429 with Retry-After is waited out and retried (interaction callback and channel message)', async () => {
    const { fake, client } = await start();
    // An unexpected 429 on the interaction callback (a "burst" route) does NOT emit RESTEvents.RateLimited;
    // RESTEvents.Response sees every response, and restDebug gets an "Encountered unexpected 429" line.
    const responses: number[] = [];
    const debug: string[] = [];
    const rateLimits: RateLimitData[] = [];
    client.rest.on(RESTEvents.Response, (_request, response) => responses.push(response.status));
    client.rest.on(RESTEvents.Debug, (line) => debug.push(line));
    client.rest.on(RESTEvents.RateLimited, (info) => rateLimits.push(info));
    const replied = new Promise<void>((resolve, reject) => {
      client.on(Events.InteractionCreate, (i) => {
        if (i.isChatInputCommand()) i.reply({ content: 'ok' }).then(() => resolve(), reject);
      });
    });
    fake.failNext({ pathIncludes: '/callback', status: 429, retryAfter: 0.3 });
    const interaction = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', interaction);
    await replied;
    const calls = fake.findRequests({ route: CALLBACK });
    expect(calls.map((c) => c.status)).toEqual([429, 204]);
    expect(calls[0]?.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.3, global: false });
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(300);
    expect(responses).toEqual([429, 204]);
    expect(debug.some((line) => line.includes('Encountered unexpected 429 rate limit'))).toBe(true);
    expect(rateLimits).toHaveLength(0);

    // Same on a normal (sequential, bucketed) route: here the x-ratelimit-* headers make it emit RateLimited.
    fake.failNext({ method: 'POST', pathIncludes: `/channels/${fake.channel.id}/messages`, status: 429, retryAfter: 0.2 });
    const channel = client.channels.cache.get(fake.channel.id);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    await channel.send('after the limit');
    const posts = fake.findRequests({ route: 'POST /channels/:channel/messages' });
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(200);
    expect(rateLimits[0]).toMatchObject({ global: false, route: '/channels/:id/messages', method: 'POST' });
  });

  it('500: retried transparently once, surfaced as HTTPError when it persists', async () => {
    const { fake, client } = await start();
    // Each reply's outcome, in order; nextOutcome() resolves when the next one settles.
    const settled: Array<Promise<unknown>> = [];
    client.on(Events.InteractionCreate, (i) => {
      if (i.isChatInputCommand()) settled.push(i.reply({ content: 'ok' }).then(() => 'ok', (error: unknown) => error));
    });
    let taken = 0;
    const nextOutcome = async (): Promise<unknown> => {
      const n = taken++;
      while (settled.length <= n) await once(client, Events.InteractionCreate);
      return settled[n];
    };
    // @discordjs/rest retries a 5xx `rest.retries` (3) times, immediately.
    fake.failNext({ pathIncludes: '/callback', status: 500 });
    const first = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', first);
    expect(await nextOutcome()).toBe('ok');

    fake.failNext({ pathIncludes: '/callback', status: 500, times: 4 });
    const second = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', second);
    const error = await nextOutcome();
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ status: 500, method: 'POST', name: 'HTTPError' });
    expect(fake.findRequests((r) => r.route === CALLBACK && r.params.interaction === second.id).map((r) => r.status)).toEqual([500, 500, 500, 500]);

    // a 4xx is not retried: answering twice gives DiscordAPIError 40060
    const third = fake.build.chatInput({ name: 'ping' });
    fake.dispatch('INTERACTION_CREATE', third);
    expect(await nextOutcome()).toBe('ok');
    await expect(client.rest.post(`/interactions/${third.id}/${third.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false })).rejects.toBeInstanceOf(DiscordAPIError);
  });

  it('interaction deadline (when enabled): a callback arriving after it gets 10062 Unknown interaction', async () => {
    const { fake, client } = await start({ fake: { interactionResponseTimeoutMs: 5 } });
    const outcome = new Promise<unknown>((resolve) => {
      client.on(Events.InteractionCreate, (i) => {
        if (i.isChatInputCommand()) i.reply({ content: 'too late' }).then(resolve, resolve);
      });
    });
    // The fake holds the callback 50 ms before handling it: always past a 5 ms deadline, however fast the machine.
    fake.delayNext({ pathIncludes: '/callback', ms: 50 });
    fake.dispatch('INTERACTION_CREATE', fake.build.chatInput({ name: 'ping' }));
    const error = await outcome;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10062, status: 404 });
  });

  it('4014 disallowed intents: login rejects and the shard disconnects with code 4014', async () => {
    const fake = await startFake({ privilegedIntentsAllowed: false });
    const client = newClient(fake);
    const disconnects: Array<{ code: number; shardId: number }> = [];
    const shardErrors: Error[] = [];
    client.on(Events.ShardDisconnect, (event, shardId) => disconnects.push({ code: event.code, shardId }));
    client.on(Events.ShardError, (error) => shardErrors.push(error));
    const failure = await client.login(fake.token).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('Used disallowed intents');
    expect(disconnects).toEqual([{ code: 4014, shardId: 0 }]);
    expect(shardErrors.map((e) => e.message)).toEqual(['Used disallowed intents']);
    expect(fake.sessions).toHaveLength(0);
    expect(client.isReady()).toBe(false);
  });
});
