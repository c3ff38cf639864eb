/**
 * fake-discord: a small, honest stand-in for Discord's REST API (the v10 routes termbot uses) and
 * Gateway, for tests that drive a REAL discord.js Client. Test support only: the bot never imports
 * this. Everything listens on 127.0.0.1, ephemeral port. See README.md beside this file.
 *
 *   const fake = await createFakeDiscord();
 *   const client = new Client({ intents, rest: { api: fake.apiUrl }, ...fastIdentifyClientOptions() });
 *   await client.login(fake.token);
 *   fake.dispatch('INTERACTION_CREATE', fake.build.chatInput({ name: 'define', options: { term: 'CTR' } }));
 *   const cb = await fake.waitForInteractionCallback(interaction);
 *   await destroyClient(client); await fake.close();
 *
 * Parts: state.ts (world + records), payloads.ts (payload builders), gateway.ts, rest.ts (plumbing),
 * routes.ts (the REST routes), faults.ts, errors.ts, client.ts (discord.js-side helpers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, type APITextChannel } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import { createFaults, waitForConnsClosed } from './faults.ts';
import { createGateway } from './gateway.ts';
import { createBuilders } from './payloads.ts';
import { createRestListener, Router } from './rest.ts';
import { addRoutes } from './routes.ts';
import { FakeState } from './state.ts';
import type { FakeDiscord, FakeDiscordOptions, GatewayMatcher, RecordedRequest, RequestMatcher } from './types.ts';

export { destroyClient, FastIdentifyThrottler, fastIdentifyClientOptions } from './client.ts';
export { PRIVILEGED_INTENTS } from './state.ts';
export { DEFAULT_WAIT_MS, fakeBotToken, snowflake } from './util.ts';
import { DEFAULT_WAIT_MS } from './util.ts';
export type * from './types.ts';

function requestPredicate(m: RequestMatcher): (r: RecordedRequest) => boolean {
  if (typeof m === 'function') return m;
  return (r) =>
    (m.method === undefined || r.method === m.method.toUpperCase()) &&
    (m.route === undefined || r.route === m.route) &&
    (m.path === undefined || (typeof m.path === 'string' ? r.path === m.path : m.path.test(r.path))) &&
    (m.pathIncludes === undefined || r.path.includes(m.pathIncludes)) &&
    (m.status === undefined || r.status === m.status);
}
const gatewayPredicate = (m: GatewayMatcher) => (typeof m === 'function' ? m : (g: { op: number; t?: string | null }) => (m.op === undefined || g.op === m.op) && (m.t === undefined || g.t === m.t));

/** GET /attachments/:channel/:id/:filename: the bytes of a file attached to an interaction (Discord's CDN, here on loopback). */
function serveAttachment(state: FakeState, req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const id = path.split('/')[3] ?? '';
  const file = state.attachmentFiles.get(id);
  state.attachmentDownloads.push({ path, status: file ? 200 : 404 });
  state.log(`CDN GET ${path} → ${file ? 200 : 404}`);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) }).end(file.bytes);
}

export async function createFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeState(options);
  const gateway = createGateway(state);
  const router = new Router();
  addRoutes(router, state, gateway);

  const rest = createRestListener(state, router);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/attachments/')) serveAttachment(state, req, res);
    else rest(req, res);
  });
  server.keepAliveTimeout = 1000;
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', gateway.onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  state.gatewayUrl = `ws://127.0.0.1:${port}`;
  state.httpUrl = `http://127.0.0.1:${port}`;

  const { world } = state;
  const firstGuild = world.guilds[0]!;
  const firstChannel = firstGuild?.channels.find((c): c is APITextChannel => c.type === ChannelType.GuildText);

  const handle: FakeDiscord = {
    port,
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: state.gatewayUrl,
    token: world.token,
    botUser: world.botUser,
    application: world.application,
    users: world.users,
    user: world.users[0]!,
    otherBot: world.otherBot,
    guilds: world.guilds,
    guild: firstGuild,
    channel: firstChannel!,
    requests: state.requests,
    attachmentDownloads: state.attachmentDownloads,
    gatewayReceived: state.gatewayReceived,
    gatewaySent: state.gatewaySent,
    connections: state.connections,
    get sessions() {
      return state.sessions.map((s) => s.info);
    },
    messages: state.messagesView,
    commands: state.commands,
    get pendingDispatches() {
      return state.pending.length;
    },
    findRequests: (match) => state.requests.filter(requestPredicate(match)),
    waitForRequest(match, opts = {}) {
      const pred = requestPredicate(match);
      const since = opts.since ?? 0;
      const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
      const recent = () => state.requests.slice(-8).map((r) => `  ${r.method} ${r.path} → ${r.status}`).join('\n');
      return state.requestWaiters.wait(
        state.requests.slice(since).filter((r) => r.status !== 0),
        (r) => r.index >= since && pred(r),
        timeoutMs,
        () => `fake-discord: no matching REST request within ${timeoutMs} ms. Recent requests:\n${recent() || '  (none)'}`,
      );
    },
    waitForInteractionCallback(interaction, opts = {}) {
      const id = typeof interaction === 'string' ? interaction : interaction.id;
      return handle.waitForRequest((r) => r.route === 'POST /interactions/:interaction/:token/callback' && r.params.interaction === id, opts);
    },
    waitForGateway(match, opts = {}) {
      const pred = gatewayPredicate(match);
      const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
      const recent = () => state.gatewayReceived.slice(-8).map((g) => `  conn${g.connection} op ${g.op}`).join('\n');
      return state.gatewayWaiters.wait(state.gatewayReceived.slice(opts.since ?? 0), pred, timeoutMs, () => `fake-discord: no matching gateway payload within ${timeoutMs} ms. Recent:\n${recent() || '  (none)'}`);
    },
    dispatch: (event, data) => gateway.dispatch(event, data),
    build: createBuilders(state),
    ...createFaults(state, gateway),
    async close() {
      if (state.closed) return;
      state.closed = true;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      state.requestWaiters.close();
      state.gatewayWaiters.close();
      const open = [...state.conns];
      for (const c of open) c.ws.terminate();
      await waitForConnsClosed(open);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}
