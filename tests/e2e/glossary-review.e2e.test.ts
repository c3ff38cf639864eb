/**
 * End to end: /glossary settings, suggest → review channel → Approve / Edit / Reject → the
 * suggester's DM and the audit channel, and /glossary reload, with the same createBot as `npm start`
 * and the real discord.js client against the local fake Discord (one fake and one bot for the file).
 * Then the real process (`npm start`) reloading its knowledge on SIGHUP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stderrIncludes } from '../helpers/child.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { APIMessage, APIUser } from 'discord.js';
import { readConfig } from '../../src/app/config.ts';
import { createReloader } from '../../src/app/reload.ts';
import { loadRegistry } from '../../commands/index.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { createTermbot, type Termbot } from '../../src/core/termbot.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import { captureLogger } from '../discord/fakes.ts';
import { createFakeDiscord, fastIdentifyClientOptions, type FakeDiscord, type RecordedRequest } from '../fake-discord/server.ts';
import { sqliteBackend, type TestDatabase } from '../helpers/databases.ts';
import { BROKEN_TERM, copyKnowledge, NEW_TERM } from '../helpers/knowledge-copy.ts';
import { callbackOf, type CallbackBody } from './harness.ts';

const { knowledge } = await loadKnowledge();
const registry = await loadRegistry();

type Body = CallbackBody;
type Embed = { title?: string; fields?: { name: string; value: string }[] };
const bodyOf = (r: RecordedRequest) => r.body as Record<string, any>;
const noPings = (body: Record<string, any> | undefined) => {
  const am = body?.allowed_mentions as { parse?: string[]; users?: string[]; roles?: string[] } | undefined;
  return Array.isArray(am?.parse) && am.parse.length === 0 && !(am.users ?? []).length && !(am.roles ?? []).length;
};
const EDITOR_ROLE = '1234567890123456789';
const outcomeOf = (embeds: Embed[] | undefined) => embeds?.[0]?.fields?.find((f) => f.name === 'Outcome')?.value;

describe('/glossary settings, suggestions, review and reload against the fake Discord', () => {
  let fake: FakeDiscord;
  let bot: Bot;
  let tdb: TestDatabase;
  let glossaries: ServerGlossaries;
  let shipped: Termbot;
  let log: ReturnType<typeof captureLogger>;
  const folder = copyKnowledge();
  let alice: APIUser; // owns the server (Manage Server) and the application
  let bob: APIUser; // a member without permissions
  let carol: APIUser; // a member whose DMs are closed
  let dave: APIUser; // a member with the role that becomes the editor role
  let reviewChannel = '';
  let auditChannel = '';
  let guildId = '';

  beforeAll(async () => {
    fake = await createFakeDiscord({
      heartbeatIntervalMs: 400,
      users: [{ username: 'alice' }, { username: 'bob' }, { username: 'carol', dmsClosed: true }, { username: 'dave' }],
      guilds: [{ channels: [{ name: 'general' }, { name: 'reviews' }, { name: 'audit' }] }],
    });
    [alice, bob, carol, dave] = fake.users as [APIUser, APIUser, APIUser, APIUser];
    // dave holds a role with no permissions, added before the bot connects; it becomes the editor role through /glossary settings.
    fake.guild.roles.push({ ...fake.guild.roles[0]!, id: EDITOR_ROLE, name: 'glossary editors', position: 2, permissions: '0' });
    fake.guild.members.find((m) => m.user.id === dave.id)!.roles.push(EDITOR_ROLE);
    guildId = String(fake.guild.id);
    const channels = fake.guild.channels as { id: string; name: string }[];
    reviewChannel = channels.find((c) => c.name === 'reviews')!.id;
    auditChannel = channels.find((c) => c.name === 'audit')!.id;
    tdb = await sqliteBackend.create();
    shipped = createTermbot(knowledge);
    glossaries = new ServerGlossaries(new GlossaryStore(await tdb.open(), knowledge), shipped);
    log = captureLogger('info');
    const reload = createReloader({
      dir: folder.dir,
      logger: log.logger,
      apply(next) {
        shipped = next;
        glossaries.setShipped(next);
      },
    });
    const config = readConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_CLIENT_ID: String(fake.application.id), DISCORD_GUILD_ID: guildId, COOLDOWN_MEMBER_SECONDS: '0' });
    // Registered, so the fake types the channel options and resolves them as Discord does.
    await deployCommands(config, log.logger, registry.commands);
    bot = createBot({ config, logger: log.logger, termbot: () => shipped, termbotFor: (g) => glossaries.termbotFor(g), glossaries: async () => glossaries, reload, registry, clientOptions: fastIdentifyClientOptions() });
    await bot.start();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    glossaries?.stop();
    await glossaries?.store.close();
    await tdb?.drop();
    folder.drop();
  });

  const glossary = (subcommand: string, user: APIUser, options: Record<string, string | boolean> = {}) => {
    const i = fake.build.chatInput({ name: 'glossary', subcommand, options, user });
    fake.dispatch('INTERACTION_CREATE', i);
    return i;
  };
  /** Suggests a term as `user` through the form; resolves with the review channel's post. */
  const suggest = async (user: APIUser, name: string, definition: string) => {
    const open = glossary('suggest', user);
    const modal = await callbackOf(fake, open);
    expect(modal.type).toBe(9);
    const since = fake.requests.length;
    const submit = fake.build.modalSubmit({ customId: String(modal.data?.custom_id), fields: { name, aliases: '', summary: `${name} in one line.`, definition, more: '' }, user });
    fake.dispatch('INTERACTION_CREATE', submit);
    const reply = await callbackOf(fake, submit);
    expect(reply.data?.flags).toBe(64);
    expect(reply.data?.content).toMatch(/was sent to this server's reviewers/);
    return fake.waitForRequest({ method: 'POST', path: `/channels/${reviewChannel}/messages` }, { since });
  };
  const buttonsOf = (post: RecordedRequest) => (bodyOf(post).components[0].components as { custom_id: string; label: string }[]).map((b) => [b.label, b.custom_id] as const);
  const press = (post: RecordedRequest, label: string, user: APIUser) => {
    const customId = buttonsOf(post).find(([l]) => l === label)![1];
    const message = fake.messages.get((post.response as APIMessage).id)!;
    const i = fake.build.button({ customId, message, user, channelId: reviewChannel });
    fake.dispatch('INTERACTION_CREATE', i);
    return i;
  };

  it('settings: refused without Manage Server; alice sets the review and audit channels, announced in both', async () => {
    const refused = await callbackOf(fake, glossary('settings', bob, { 'review-channel': reviewChannel }));
    expect(refused.data).toMatchObject({ flags: 64, content: expect.stringMatching(/Only members with Manage Server/) });

    const since = fake.requests.length;
    const set = await callbackOf(fake, glossary('settings', alice, { 'review-channel': reviewChannel, 'audit-channel': auditChannel }));
    expect(set.data?.flags).toBe(64);
    expect(set.data?.content).toContain(`Review channel: <#${reviewChannel}>`);
    expect(noPings(set.data)).toBe(true);
    const intro = await fake.waitForRequest({ method: 'POST', path: `/channels/${reviewChannel}/messages` }, { since });
    expect(bodyOf(intro).content).toMatch(/will be posted here for review/);
    const audit = await fake.waitForRequest({ method: 'POST', path: `/channels/${auditChannel}/messages` }, { since });
    expect(bodyOf(audit).content).toMatch(new RegExp(`^<@${alice.id}> changed the glossary settings`));
    expect(noPings(bodyOf(audit))).toBe(true);
    expect(await glossaries.store.settings(guildId)).toMatchObject({ reviewChannelId: reviewChannel, auditChannelId: auditChannel });

    const shown = await callbackOf(fake, glossary('settings', alice));
    expect(shown.data?.content).toMatch(/Audit channel: <#\d+>/);
  });

  it('suggest → review post with three buttons; Approve: refused for bob, done by alice; bob hears it by DM; the audit channel and answers have it', async () => {
    const post = await suggest(bob, 'Launch Week', 'The week each year when we ship the big release.');
    expect(buttonsOf(post).map(([label]) => label)).toEqual(['Approve', 'Edit', 'Reject']);
    expect((bodyOf(post).embeds as Embed[])[0]?.title).toBe('Suggested: Launch Week');
    expect(noPings(bodyOf(post))).toBe(true);

    const refused = await callbackOf(fake, press(post, 'Approve', bob));
    expect(refused.data).toMatchObject({ flags: 64, content: expect.stringMatching(/Only members with Manage Server or this server's editor role can review/) });

    const since = fake.requests.length;
    const approved = await callbackOf(fake, press(post, 'Approve', alice));
    expect(approved.type).toBe(7);
    expect(approved.data?.components).toEqual([]);
    expect(outcomeOf(approved.data?.embeds)).toBe(`Approved by <@${alice.id}>`);
    expect(noPings(approved.data)).toBe(true);
    const opened = await fake.waitForRequest({ method: 'POST', route: 'POST /users/@me/channels' }, { since });
    expect(bodyOf(opened).recipient_id).toBe(bob.id);
    const dmChannel = (opened.response as { id: string }).id;
    const dm = await fake.waitForRequest({ method: 'POST', path: `/channels/${dmChannel}/messages` }, { since });
    expect(bodyOf(dm).content).toMatch(/Launch Week\*\* for a server's glossary .* was approved/);
    const audit = await fake.waitForRequest({ method: 'POST', path: `/channels/${auditChannel}/messages` }, { since });
    expect(bodyOf(audit).content).toMatch(new RegExp(`^<@${alice.id}> approved the suggestion \\*\\*Launch Week\\*\\* by <@${bob.id}>`));

    // Pressed again (the old buttons, or another reviewer's stale view): the outcome is shown and said privately.
    const late = fake.requests.length;
    const again = await callbackOf(fake, press(post, 'Reject', alice));
    expect(again.type).toBe(7);
    expect(outcomeOf(again.data?.embeds)).toBe(`Approved by <@${alice.id}>`);
    const said = await fake.waitForRequest({ method: 'POST', route: 'POST /webhooks/:application/:token' }, { since: late });
    expect(bodyOf(said)).toMatchObject({ flags: 64, content: `This suggestion was already approved by <@${alice.id}>.` });

    const define = fake.build.chatInput({ name: 'define', options: { term: 'launch week' }, user: bob });
    fake.dispatch('INTERACTION_CREATE', define);
    expect((await callbackOf(fake, define)).data?.embeds?.[0]?.title).toBe('Launch Week');
  });

  it('Reject: the review post shows it; carol has closed DMs, so alice is told privately and it is logged', async () => {
    const post = await suggest(carol, 'Growth Sprint', 'A two-week push on one growth metric.');
    const since = fake.requests.length;
    const rejected = await callbackOf(fake, press(post, 'Reject', alice));
    expect(rejected.type).toBe(7);
    expect(outcomeOf(rejected.data?.embeds)).toBe(`Rejected by <@${alice.id}>`);
    // Rejections are audited like approvals.
    const audited = await fake.waitForRequest({ method: 'POST', path: `/channels/${auditChannel}/messages` }, { since });
    expect(bodyOf(audited).content).toMatch(new RegExp(`^<@${alice.id}> rejected the suggestion \\*\\*Growth Sprint\\*\\* by <@${carol.id}>`));
    expect(noPings(bodyOf(audited))).toBe(true);
    const refusedDm = await fake.waitForRequest({ method: 'POST', route: 'POST /channels/:channel/messages', status: 403 }, { since });
    expect((refusedDm.response as { code: number }).code).toBe(50007);
    const note = await fake.waitForRequest({ method: 'POST', route: 'POST /webhooks/:application/:token' }, { since });
    expect(bodyOf(note)).toMatchObject({ flags: 64, content: expect.stringMatching(/could not tell <@\d+> by direct message/) });
    await log.waitForLine((l) => l.msg === 'could not tell the suggester the outcome by DM (their DMs may be closed)');
    // An expected refusal: logged at info, not as an unexpected error.
    expect(log.lines().find((l) => l.code === 50007)?.level).toBe(30);
    expect((await glossaries.store.suggestions(guildId, 'rejected')).length).toBe(1);
  });

  it("Edit: the form opens prefilled; its submit saves the reviewer's version, approves it and updates the review post", async () => {
    const post = await suggest(bob, 'Brand Day', 'A day ot brand posts.');
    const opened = await callbackOf(fake, press(post, 'Edit', alice));
    expect(opened.type).toBe(9);
    const values = Object.fromEntries((opened.data?.components as { components: { custom_id: string; value?: string }[] }[]).map((r) => [r.components[0]!.custom_id, r.components[0]!.value]));
    expect(values).toMatchObject({ name: 'Brand Day', definition: 'A day ot brand posts.' });

    const since = fake.requests.length;
    const message = fake.messages.get((post.response as APIMessage).id)!;
    const submit = fake.build.modalSubmit({ customId: String(opened.data?.custom_id), fields: { aliases: '', more: '', ...values, definition: 'A day of brand posts, once a month.' } as Record<string, string>, user: alice, message, channelId: reviewChannel });
    fake.dispatch('INTERACTION_CREATE', submit);
    const submitted = await callbackOf(fake, submit);
    expect(submitted.data?.content).toBeUndefined();
    expect(submitted.type).toBe(6);
    const edit = await fake.waitForRequest({ method: 'PATCH', pathIncludes: '/messages/@original' }, { since });
    expect(bodyOf(edit).components).toEqual([]);
    expect(outcomeOf(bodyOf(edit).embeds)).toBe(`Approved with edits by <@${alice.id}>`);
    expect(outcomeOf(fake.messages.get(message.id)?.embeds as Embed[])).toBe(`Approved with edits by <@${alice.id}>`);
    expect((await glossaries.store.entry(guildId, 'brand-day'))?.definition).toBe('A day of brand posts, once a month.');
  });

  it('the editor role, set with /glossary settings, may review: dave approves', async () => {
    const post = await suggest(bob, 'Launch Crew', 'The people who run Launch Week.');
    const before = await callbackOf(fake, press(post, 'Approve', dave));
    expect(before.data).toMatchObject({ flags: 64, content: expect.stringMatching(/can review suggestions/) });

    const set = await callbackOf(fake, glossary('settings', alice, { 'editor-role': EDITOR_ROLE }));
    expect(set.data?.content).toContain(`Editor role: <@&${EDITOR_ROLE}>`);
    expect(noPings(set.data)).toBe(true);
    const approved = await callbackOf(fake, press(post, 'Approve', dave));
    expect(approved.type).toBe(7);
    expect(outcomeOf(approved.data?.embeds)).toBe(`Approved by <@${dave.id}>`);
    expect((await glossaries.store.entry(guildId, 'launch-crew'))?.updatedBy).toBe(dave.id);
  });

  it("reload: the owner only; good knowledge answers at once in DMs and servers, broken knowledge is refused with its problems and the old stays", async () => {
    const refused = await callbackOf(fake, glossary('reload', bob));
    expect(refused.data).toMatchObject({ flags: 64, content: expect.stringMatching(/Only the bot's owner/) });

    const defineIn = async (where: { dm: true } | { dm?: false }) => {
      const i = fake.build.chatInput({ name: 'define', options: { term: 'zorblax funnel' }, user: bob, ...where });
      fake.dispatch('INTERACTION_CREATE', i);
      return (await callbackOf(fake, i)).data?.embeds?.[0]?.title as string | undefined;
    };
    expect(await defineIn({ dm: true })).not.toBe(NEW_TERM.name);

    folder.write(NEW_TERM);
    let since = fake.requests.length;
    const ok = glossary('reload', alice);
    expect((await callbackOf(fake, ok)).data).toMatchObject({ flags: 64, content: 'Checking the shipped knowledge…' });
    const done = await fake.waitForRequest({ method: 'POST', route: 'POST /webhooks/:application/:token' }, { since });
    expect(bodyOf(done)).toMatchObject({ flags: 64, content: expect.stringMatching(/^Reloaded: \d+ entries/) });
    expect(await defineIn({ dm: true })).toBe(NEW_TERM.name);
    expect(await defineIn({})).toBe(NEW_TERM.name);
    // The server's own entries stay on top of the new shipped knowledge.
    const own = fake.build.chatInput({ name: 'define', options: { term: 'launch week' }, user: bob });
    fake.dispatch('INTERACTION_CREATE', own);
    expect((await callbackOf(fake, own)).data?.embeds?.[0]?.title).toBe('Launch Week');

    folder.write(BROKEN_TERM);
    since = fake.requests.length;
    glossary('reload', alice);
    const report = await fake.waitForRequest({ method: 'POST', route: 'POST /webhooks/:application/:token' }, { since });
    expect(bodyOf(report)).toMatchObject({ flags: 64, content: expect.stringMatching(/^Not reloaded: the knowledge has \d+ problem/) });
    expect(bodyOf(report).content).toContain(BROKEN_TERM.file);
    expect(String(bodyOf(report).content).length).toBeLessThanOrEqual(2000);
    expect(await defineIn({ dm: true })).toBe(NEW_TERM.name);
    folder.remove(BROKEN_TERM);
  });
});

describe('the real process (npm start) reloads its knowledge on SIGHUP', () => {

  it('SIGHUP with good knowledge: the new entry answers; with broken knowledge: the problems are logged and the old knowledge answers', async () => {
    const fake = await createFakeDiscord({ heartbeatIntervalMs: 400 });
    const folder = copyKnowledge();
    const tdb = await sqliteBackend.create();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, ...tdb.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, KNOWLEDGE_DIR: folder.dir, LOG_LEVEL: 'info', INSIGHTS: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    const define = async (where: { dm: true } | { dm?: false }) => {
      const i = fake.build.chatInput({ name: 'define', options: { term: 'zorblax funnel' }, ...where });
      fake.dispatch('INTERACTION_CREATE', i);
      return (await callbackOf(fake, i)).data?.embeds?.[0]?.title as string | undefined;
    };
    try {
      await stderrIncludes(child, () => logs, 'connected to Discord');
      expect(await define({})).not.toBe(NEW_TERM.name);

      folder.write(NEW_TERM);
      let from = logs.length;
      child.kill('SIGHUP');
      await stderrIncludes(child, () => logs, '"knowledge reloaded"', from);
      expect(await define({ dm: true })).toBe(NEW_TERM.name);
      expect(await define({})).toBe(NEW_TERM.name);

      folder.write(BROKEN_TERM);
      from = logs.length;
      child.kill('SIGHUP');
      await stderrIncludes(child, () => logs, 'knowledge not reloaded', from);
      expect(logs.slice(from)).toContain(BROKEN_TERM.file);
      expect(await define({})).toBe(NEW_TERM.name);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
      await tdb.drop();
      folder.drop();
    }
  });
});
