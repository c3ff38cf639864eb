/**
 * End to end: insights in Discord. Members ask through the fake Discord (mentions and /define,
 * including misses); `/insights show` lists the misses with an "Add entry" button each (the
 * `/glossary add` form, prefilled with the term) and, where a miss or a corrected typo is another
 * name of an entry, "Make it an alias" (the entry's edit form with the term added to its aliases).
 * The editor role counts as well as Manage Server; anyone else is refused privately. The same
 * createBot as `npm start`, with a server glossary in SQLite, and the real discord.js client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRole } from 'discord-api-types/v10';
import { termKey } from '../../src/core/insights.ts';
import { InsightsRecorder } from '../../src/insights/recorder.ts';
import { MemoryInsightsStore } from '../../src/insights/store.ts';
import type { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import type { FakeDiscord } from '../fake-discord/server.ts';
import { sqliteBackend } from '../helpers/databases.ts';
import { startGlossaryWorld, type GlossaryWorld, callbackOf, type CallbackBody } from './harness.ts';
import { shippedKnowledge } from '../helpers/shipped.ts';

const knowledge = await shippedKnowledge();

type Body = CallbackBody;
type Row = { components: { type: number; custom_id: string; label?: string; options?: { label: string; value: string }[] }[] };
/** The text inputs of a modal callback, by custom id. */
const inputsOf = (body: Body) => Object.fromEntries((body.data?.components as { components: { custom_id: string; value?: string }[] }[]).map((r) => [r.components[0]!.custom_id, r.components[0]!.value ?? '']));

/** A long missed term in another script: more than a custom id can carry. */
const GREEK = 'ελληνικός όρος για κάτι που κανείς δεν έχει ορίσει ακόμα στο γλωσσάρι της κοινότητας μας εδώ';

describe('insights in Discord: the report, its buttons and who may use them', () => {
  let world: GlossaryWorld;
  let fake: FakeDiscord;
  let glossaries: ServerGlossaries;
  let insights: InsightsRecorder;
  let guildId = '';
  let channelId = '';
  const editorRole = '1999000000000000777';
  const owner = '1999000000000000001';

  beforeAll(async () => {
    // Carol holds the server's editor role (no Manage Server); Bob holds nothing.
    const addEditorRole = (f: FakeDiscord) => {
      const roles = f.guild.roles as APIRole[];
      roles.push({ ...roles[0]!, id: editorRole, name: 'glossary editors', position: 2, permissions: '0' });
      const carol = (f.guild.members as { user: { id: string }; roles: string[] }[]).find((m) => m.user.id === f.users[2]!.id);
      carol?.roles.push(editorRole);
    };
    insights = new InsightsRecorder({ store: new MemoryInsightsStore() });
    world = await startGlossaryWorld(sqliteBackend, {
      fake: { users: [{ username: 'alice' }, { username: 'bob' }, { username: 'carol' }] },
      before: addEditorRole,
      env: { COOLDOWN_MEMBER_SECONDS: '0', COOLDOWN_CHANNEL_MAX: '100' },
      bot: { insights },
    });
    ({ fake, glossaries, guildId } = world);
    channelId = world.otherChannel;
    await glossaries.store.updateSettings(guildId, { editorRoleId: editorRole }, owner);
    const saved = await glossaries.store.save(guildId, { name: 'Launch Week', aliases: ['LW'], summary: 'Our yearly release week.', definition: 'The week each year when we ship the big release.' }, owner);
    expect(saved.ok).toBe(true);
  }, 60_000);
  afterAll(() => world?.stop());

  it('shows the misses to an editor; "Add entry" and "Make it an alias" open the prefilled forms; others are refused', async () => {
    // The outcome is recorded after the answer is sent, in the same step as its "handled" log line: wait for those lines.
    const from = world.log.lines().length;
    for (let n = 0; n < 2; n++) {
      const since = fake.requests.length;
      fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is a zorblax funnel?', channelId, mentionBot: true, author: { id: `19990000000000010${n}`, username: `m${n}`, discriminator: '0', global_name: null, avatar: null } }));
      await fake.waitForRequest({ method: 'POST', path: `/channels/${channelId}/messages` }, { since });
    }
    const asked = ['frobnitz quux', GREEK, 'clickthrough rat', 'hastag', 'launch weak'];
    for (const term of asked) {
      const i = fake.build.chatInput({ name: 'define', options: { term } });
      fake.dispatch('INTERACTION_CREATE', i);
      await callbackOf(fake, i);
    }
    await world.log.waitForLine(() => world.log.lines().slice(from).filter((l) => l.msg === 'handled').length >= 2 + asked.length);

    const carol = fake.users[2]!;
    const bob = fake.users[1]!;
    const show = fake.build.chatInput({ name: 'insights', subcommand: 'show', options: { days: 7 }, user: carol });
    fake.dispatch('INTERACTION_CREATE', show);
    const body = await callbackOf(fake, show);
    expect(body.data?.flags).toBe(64);
    const fields = body.data?.embeds?.[0]?.fields as { name: string; value: string }[];
    const misses = fields.find((f) => /Top misses/.test(f.name))?.value ?? '';
    expect(misses).toMatch(/2 · zorblax funnel/);
    expect(misses).toMatch(/1 · frobnitz quux/);
    expect(fields.find((f) => /Aliases to consider/.test(f.name))?.value).toMatch(/hastag.*Hashtag.*typo corrected/);

    // Six terms to act on: one row of buttons for each of the first four, a menu for the rest.
    const rows = body.data?.components as Row[];
    expect(rows.length).toBeLessThanOrEqual(5);
    const buttons = rows.flatMap((r) => r.components).filter((c) => c.type === 2);
    const menu = rows.flatMap((r) => r.components).find((c) => c.type === 3);
    expect(rows.every((r) => r.components.length <= 5)).toBe(true);
    expect([...buttons.map((b) => b.custom_id), menu?.custom_id ?? ''].every((id) => id.length <= 100)).toBe(true);
    const press = (label: RegExp, user = carol) => {
      const b = buttons.find((x) => label.test(x.label ?? ''));
      if (b) return fake.build.button({ customId: b.custom_id, user });
      const option = menu?.options?.find((o) => label.test(o.label));
      if (!menu || !option) throw new Error(`no action ${label} in ${JSON.stringify(rows)}`);
      return fake.build.stringSelect({ customId: menu.custom_id, values: [option.value], user });
    };

    // "Add entry": the /glossary add form, the missed term as the name.
    const add = press(/^Add entry: “zorblax funnel”/);
    fake.dispatch('INTERACTION_CREATE', add);
    const form = await callbackOf(fake, add);
    expect(form.type).toBe(9);
    expect(form.data?.custom_id).toBe('tb:gentry:a');
    expect(inputsOf(form).name).toBe('zorblax funnel');

    // A term longer than a custom id can carry comes back whole (found again in the report).
    const greek = termKey(GREEK);
    const addLong = press(new RegExp(`Add entry: “${greek.slice(0, 20)}`));
    fake.dispatch('INTERACTION_CREATE', addLong);
    const longForm = await callbackOf(fake, addLong);
    expect(longForm.type).toBe(9);
    expect(inputsOf(longForm).name).toBe(greek);

    // "Make it an alias" of a shipped entry (a corrected typo): its edit form, the typo added to its aliases.
    const hashtag = knowledge.byId.get('hashtag')!;
    const alias = press(/hastag.*alias of Hashtag/);
    fake.dispatch('INTERACTION_CREATE', alias);
    const edit = await callbackOf(fake, alias);
    expect(edit.type).toBe(9);
    expect(edit.data?.custom_id).toBe('tb:gentry:e:hashtag');
    expect(inputsOf(edit).name).toBe(hashtag.name);
    expect(inputsOf(edit).aliases).toBe([...hashtag.aliases, 'hastag'].join(', '));

    // ... and of this server's own entry.
    const own = press(/alias of Launch Week/);
    fake.dispatch('INTERACTION_CREATE', own);
    const ownEdit = await callbackOf(fake, own);
    expect(ownEdit.data?.custom_id).toBe('tb:gentry:e:launch-week');
    expect(inputsOf(ownEdit).aliases).toBe('LW, launch weak');
    expect(inputsOf(ownEdit).definition).toBe('The week each year when we ship the big release.');
    // Submitted as prefilled (the glossary saves it), the term is now one of the entry's aliases and answers exactly.
    const submit = fake.build.modalSubmit({ customId: ownEdit.data?.custom_id as string, fields: inputsOf(ownEdit), user: carol });
    fake.dispatch('INTERACTION_CREATE', submit);
    expect((await callbackOf(fake, submit)).data?.flags).toBe(64);
    expect((await glossaries.store.entry(guildId, 'launch-week'))?.aliases).toEqual(['LW', 'launch weak']);
    const again = fake.build.chatInput({ name: 'define', options: { term: 'launch weak' } });
    fake.dispatch('INTERACTION_CREATE', again);
    const answer = JSON.stringify((await callbackOf(fake, again)).data?.embeds);
    expect(answer).toContain('Launch Week');
    expect(answer).not.toMatch(/Closest match/);

    // A member with neither Manage Server nor the editor role: refused privately, for the report and the buttons.
    const refusedShow = fake.build.chatInput({ name: 'insights', subcommand: 'show', user: bob });
    fake.dispatch('INTERACTION_CREATE', refusedShow);
    const r1 = await callbackOf(fake, refusedShow);
    expect(r1.data?.flags).toBe(64);
    expect(r1.data?.content).toMatch(/Manage Server or this server's editor role/);
    const refusedPress = press(/^Add entry: “zorblax funnel”/, bob);
    fake.dispatch('INTERACTION_CREATE', refusedPress);
    const r2 = await callbackOf(fake, refusedPress);
    expect(r2.type).toBe(4);
    expect(r2.data?.flags).toBe(64);
    expect(r2.data?.content).toMatch(/Manage Server or this server's editor role/);

    // The recording switch stays with Manage Server (the owner), like the server's other settings.
    const switchOff = fake.build.chatInput({ name: 'insights', subcommand: 'recording', options: { on: false }, user: carol });
    fake.dispatch('INTERACTION_CREATE', switchOff);
    expect((await callbackOf(fake, switchOff)).data?.content).toMatch(/Only members with Manage Server/);
  });
});
