/**
 * End to end: editing a server's glossary in Discord, through the local fake Discord and the real
 * discord.js client, with the same createBot as `npm start` (SQLite in a temporary folder, and
 * Postgres when TEST_DATABASE_URL is set). One fake and one bot per database for the whole flow:
 * add (the form) → ask → edit → history → revert → export → import, and the permission refusals;
 * then two bots sharing one database: an entry added through one is answered by the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRole } from 'discord.js';
import { readConfig } from '../../src/app/config.ts';
import { loadRegistry } from '../../commands/index.ts';
import { fromBundle, toBundle } from '../../src/core/glossary/bundle.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { NOT_AN_EDITOR } from '../../src/discord/glossary/access.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import { captureLogger } from '../discord/fakes.ts';
import { createFakeDiscord, fastIdentifyClientOptions, type FakeDiscord } from '../fake-discord/server.ts';
import { backends, type TestDatabase } from '../helpers/databases.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';
import { startGlossaryWorld, type GlossaryWorld, callbackOf, type CallbackBody } from './harness.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = await loadRegistry();
const EDITOR_ROLE = '1999000000000000777';

type Body = CallbackBody;

/** alice (the owner), bob (no permissions) and carol (the editor role, added before the bot connects). */
const PEOPLE = { users: [{ username: 'alice' }, { username: 'bob' }, { username: 'carol' }] };
function addEditorRole(fake: FakeDiscord): void {
  const everyone = fake.guild.roles[0]!;
  const role: APIRole = { ...everyone, id: EDITOR_ROLE, name: 'glossary editors', position: 2, permissions: '0' };
  fake.guild.roles.push(role);
  fake.guild.members.find((m) => m.user.username === 'carol')!.roles.push(EDITOR_ROLE);
}
async function world(): Promise<FakeDiscord> {
  const fake = await createFakeDiscord({ heartbeatIntervalMs: 400, ...PEOPLE });
  addEditorRole(fake);
  return fake;
}

function botFor(fake: FakeDiscord, glossaries: ServerGlossaries, askChannel: string): Bot {
  const config = readConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, ASK_CHANNEL_IDS: askChannel, COOLDOWN_MEMBER_SECONDS: '0' });
  return createBot({ config, logger: captureLogger('info').logger, termbot, termbotFor: (g) => glossaries.termbotFor(g), glossaries: async () => glossaries, registry, clientOptions: fastIdentifyClientOptions() });
}

const form = {
  name: 'Launch Week',
  aliases: 'LW, launch',
  summary: 'Our yearly release week.',
  definition: 'The week each year when we ship the big release.',
  more: 'Announced a month ahead.\nRelated: reach',
};

describe.each(backends)('editing a server glossary in Discord ($name)', (backend) => {
  let world: GlossaryWorld;
  let fake: FakeDiscord;
  let glossaries: ServerGlossaries;
  let askChannel = '';
  let guildId = '';
  const user = (name: string) => fake.users.find((u) => u.username === name)!;

  beforeAll(async () => {
    world = await startGlossaryWorld(backend, { fake: PEOPLE, before: addEditorRole, env: { COOLDOWN_MEMBER_SECONDS: '0' } });
    ({ fake, glossaries, askChannel, guildId } = world);
  }, 60_000);
  afterAll(() => world?.stop());

  const slash = async (subcommand: string, options: Parameters<FakeDiscord['build']['chatInput']>[0]['options'] = {}, who = 'alice') => {
    const i = fake.build.chatInput({ name: 'glossary', subcommand, options, user: user(who) });
    fake.dispatch('INTERACTION_CREATE', i);
    return { i, body: await callbackOf(fake, i) };
  };
  const submit = async (customId: string, fields: Record<string, string>, who = 'alice') => {
    const i = fake.build.modalSubmit({ customId, fields, user: user(who) });
    fake.dispatch('INTERACTION_CREATE', i);
    return callbackOf(fake, i);
  };
  const define = async (term: string) => {
    const i = fake.build.chatInput({ name: 'define', options: { term } });
    fake.dispatch('INTERACTION_CREATE', i);
    return callbackOf(fake, i);
  };
  /** The answer to a deferred command: the edit of its @original message. */
  const deferredAnswer = async (i: { token: string }) =>
    (await fake.waitForRequest((r) => r.route === 'PATCH /webhooks/:application/:token/messages/:message' && r.params.token === i.token)).body as { content?: string };

  it('a member without Manage Server or the editor role is refused privately, and nothing changes', async () => {
    const { body } = await slash('add', {}, 'bob');
    expect(body).toMatchObject({ type: 4, data: { content: NOT_AN_EDITOR, flags: 64 } });
    const sneaky = await submit('tb:gentry:a', form, 'bob');
    expect(sneaky).toMatchObject({ type: 4, data: { content: NOT_AN_EDITOR, flags: 64 } });
    expect(await glossaries.store.exportFiles(guildId)).toEqual([]);
  });

  it('add → ask: the form is saved and the entry answers at once in /define and free text, citing the server', async () => {
    const { body } = await slash('add');
    expect(body).toMatchObject({ type: 9, data: { custom_id: 'tb:gentry:a', title: 'Add a term' } });
    const saved = await submit('tb:gentry:a', form);
    expect(saved.type).toBe(4);
    expect(saved.data?.flags).toBe(64);
    expect(saved.data?.content).toContain('Added **Launch Week**');
    expect(saved.data?.embeds?.[0]?.title).toBe('Launch Week');
    expect(saved.data?.allowed_mentions).toEqual({ parse: [] });

    const answer = await define('LW');
    expect(answer.data?.embeds?.[0]?.title).toBe('Launch Week');
    expect(answer.data?.embeds?.[0]?.description).toContain(`From this server's glossary, added by <@${user('alice').id}>`);
    const since = fake.requests.length;
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is launch week?', channelId: askChannel }));
    const free = await fake.waitForRequest({ method: 'POST', path: `/channels/${askChannel}/messages` }, { since });
    expect((free.body as Record<string, any>).embeds?.[0]?.title).toBe('Launch Week');
  });

  it("autocomplete offers this server's entries for edit and only shipped ones for hide", async () => {
    const choices = async (subcommand: string, value: string) => {
      const a = fake.build.autocomplete({ name: 'glossary', subcommand, options: { term: value }, focused: 'term' });
      fake.dispatch('INTERACTION_CREATE', a);
      return ((await callbackOf(fake, a)).data?.choices ?? []) as { name: string; value: string }[];
    };
    expect((await choices('edit', 'launch w'))[0]).toEqual({ name: 'Launch Week (this server)', value: 'launch-week' });
    const hide = await choices('hide', 'launch');
    expect(hide.length).toBeGreaterThan(0);
    expect(hide.some((c) => c.value === 'launch-week')).toBe(false);
  });

  it('edit: the form opens prefilled, and the change answers at once', async () => {
    const { body } = await slash('edit', { term: 'launch-week' });
    expect(body.type).toBe(9);
    expect(body.data?.custom_id).toBe('tb:gentry:e:launch-week');
    const inputs = (body.data?.components as { components: { custom_id: string; value?: string }[] }[]).map((r) => r.components[0]!);
    expect(Object.fromEntries(inputs.map((t) => [t.custom_id, t.value]))).toEqual({ ...form, aliases: 'LW, launch' });
    const saved = await submit('tb:gentry:e:launch-week', { ...form, summary: 'Our yearly release week, with a party.' });
    expect(saved.data?.content).toContain('Saved your changes to **Launch Week**');
    expect((await define('launch week')).data?.embeds?.[0]?.description).toContain('with a party');
  });

  it('history → revert: revisions with author and time, and the menu puts an earlier one back', async () => {
    const { body } = await slash('history', { term: 'launch-week' });
    expect(body.data?.flags).toBe(64);
    expect(body.data?.content).toMatch(new RegExp(`edited by <@${user('alice').id}> <t:\\d+:R>`));
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    const menu = body.data?.components?.[0]?.components?.[0] as { custom_id: string; options: { value: string }[] };
    const first = menu.options.at(-1)!.value;

    const refused = fake.build.stringSelect({ customId: menu.custom_id, values: [first], user: user('bob') });
    fake.dispatch('INTERACTION_CREATE', refused);
    expect((await callbackOf(fake, refused)).data?.content).toBe(NOT_AN_EDITOR);

    const pick = fake.build.stringSelect({ customId: menu.custom_id, values: [first] });
    fake.dispatch('INTERACTION_CREATE', pick);
    expect((await callbackOf(fake, pick)).data).toMatchObject({ content: expect.stringContaining(`Put **Launch Week** back as it was at revision #${first}`), flags: 64 });
    expect((await define('launch week')).data?.embeds?.[0]?.description).not.toContain('with a party');
  });

  it('export → import: the file comes back in, checked, all or nothing, and the editor role may import', async () => {
    const { i, body } = await slash('export');
    expect(body.data?.flags).toBe(64);
    const rec = await fake.waitForInteractionCallback(i);
    const exported = rec.files[0]!;
    expect(exported.filename).toBe(`glossary-${guildId}.md`);
    const files = fromBundle(exported.content.toString('utf8'), exported.filename).files;
    expect(files.map((f) => f.file)).toEqual(['terms/launch-week.md']);

    // A bad file: nothing is stored, and each problem names the file and the field.
    const badText = toBundle([...files, { file: 'terms/launch-crew.md', text: '---\nkind: term\nname: Launch Crew\naliases: [LW]\narea: basics\nsummary: Our crew.\ndefinition: The people who run launch week.\nsources: [server]\n---\n' }]);
    const bad = await slash('import', { file: { filename: 'bad.md', content: badText } });
    expect(bad.body.type).toBe(5);
    const refusal = await deferredAnswer(bad.i);
    expect(refusal.content).toMatch(/^Nothing was imported: 1 problem\(s\) in `bad\.md`:\n• \*\*`terms\/launch-week\.md` Other names\*\*: "LW" is already claimed by terms\/launch-crew\.md/);
    expect(await glossaries.store.entry(guildId, 'launch-crew')).toBeUndefined();

    // Too large by its declared size: refused before anything is downloaded.
    const downloads = fake.attachmentDownloads.length;
    const big = await slash('import', { file: { filename: 'big.md', content: 'x', size: 3_000_000 } });
    expect(big.body.data?.content).toContain('an import may be at most 2000 kB');
    expect(fake.attachmentDownloads.length).toBe(downloads);

    // Declared small but larger when downloaded: the download stops at the cap.
    const lying = await slash('import', { file: { filename: 'lying.md', content: 'x'.repeat(2_100_000), size: 100 } });
    expect((await deferredAnswer(lying.i)).content).toBe('Nothing was imported: `lying.md` is larger than 2 MB.');

    // A good file, by a member with the editor role.
    await glossaries.store.updateSettings(guildId, { editorRoleId: EDITOR_ROLE }, user('alice').id);
    const goodText = toBundle([...files, { file: 'terms/launch-crew.md', text: '---\nkind: term\nname: Launch Crew\naliases: [crew]\narea: basics\nsummary: Our crew.\ndefinition: The people who run launch week.\nsources: [server]\nrelated: [launch-week]\n---\n' }]);
    const good = await slash('import', { file: { filename: 'glossary.md', content: goodText } }, 'carol');
    expect(good.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect((await deferredAnswer(good.i)).content).toBe("Imported `glossary.md` into this server's glossary: 1 added, 0 updated, 1 unchanged. The entries answer at once.");
    expect(fake.attachmentDownloads.at(-1)?.status).toBe(200);
    expect((await define('crew')).data?.embeds?.[0]?.title).toBe('Launch Crew');
  });

  it('remove by the editor role works; by a member without it, nothing changes', async () => {
    expect((await slash('remove', { term: 'launch-crew' }, 'bob')).body.data?.content).toBe(NOT_AN_EDITOR);
    expect(await glossaries.store.entry(guildId, 'launch-crew')).toBeDefined();
    expect((await slash('remove', { term: 'launch-crew' }, 'carol')).body.data?.content).toContain('Removed **Launch Crew**');
    expect(await glossaries.store.entry(guildId, 'launch-crew')).toBeUndefined();
  });
});

describe.each(backends)('two bots sharing one database ($name)', (backend) => {
  let fakes: FakeDiscord[] = [];
  let bots: Bot[] = [];
  let stores: ServerGlossaries[] = [];
  let tdb: TestDatabase;
  const logs = captureLogger('debug');

  beforeAll(async () => {
    tdb = await backend.create();
    fakes = [await world(), await world()];
    // Each bot opens the database on its own, as two processes would; the second polls for the first one's changes.
    stores = [new ServerGlossaries(new GlossaryStore(await tdb.open(), knowledge), termbot), new ServerGlossaries(new GlossaryStore(await tdb.open(), knowledge), termbot, { logger: logs.logger })];
    stores[1]!.start();
    bots = fakes.map((f, k) => botFor(f, stores[k]!, ''));
    await Promise.all(bots.map((b) => b.start()));
  }, 60_000);
  afterAll(async () => {
    for (const b of bots) await b.stop();
    for (const f of fakes) await f.close();
    for (const s of stores) {
      s.stop();
      await s.store.close();
    }
    await tdb?.drop();
  });

  it('an entry added through bot 1 is answered by bot 2', async () => {
    const [one, two] = fakes as [FakeDiscord, FakeDiscord];
    const guildId = String(one.guild.id);
    expect(String(two.guild.id)).toBe(guildId);
    const ask = async (fake: FakeDiscord) => {
      const i = fake.build.chatInput({ name: 'define', options: { term: 'Shared Term' } });
      fake.dispatch('INTERACTION_CREATE', i);
      return callbackOf(fake, i);
    };
    // Bot 2 holds the server (a miss for now), so its poll watches it.
    expect((await ask(two)).data?.embeds?.[0]?.title).not.toBe('Shared Term');

    const i = one.build.modalSubmit({ customId: 'tb:gentry:a', fields: { ...form, name: 'Shared Term', aliases: '' } });
    one.dispatch('INTERACTION_CREATE', i);
    expect((await callbackOf(one, i)).data?.content).toContain('Added **Shared Term**');

    await logs.waitForLine((l) => l.msg === 'server glossaries changed elsewhere: reloaded' && Array.isArray(l.guilds) && l.guilds.includes(guildId));
    const answer = await ask(two);
    expect(answer.data?.embeds?.[0]?.title).toBe('Shared Term');
    expect(answer.data?.embeds?.[0]?.description).toContain("From this server's glossary");
  });
});
