/**
 * End to end: server glossaries in Discord. The same createBot as `npm start`, answering each server
 * with its own glossary (SQLite in a temporary folder, and Postgres when TEST_DATABASE_URL is set),
 * against the local fake Discord with the real discord.js client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import type { FakeDiscord } from '../fake-discord/server.ts';
import { backends } from '../helpers/databases.ts';
import { startGlossaryWorld, type GlossaryWorld, callbackOf } from './harness.ts';


describe.each(backends)('server glossaries in Discord ($name)', (backend) => {
  let world: GlossaryWorld;
  let fake: FakeDiscord;
  let glossaries: ServerGlossaries;
  let askChannel = '';
  let guildId = '';
  const author = '1999000000000000042';

  beforeAll(async () => {
    world = await startGlossaryWorld(backend, { env: { COOLDOWN_MEMBER_SECONDS: '0' } });
    ({ fake, glossaries, askChannel, guildId } = world);
  }, 60_000);
  afterAll(() => world?.stop());

  it("answers a server's new entry right after it is saved, in /define, autocomplete and free text, citing the server's glossary", async () => {
    const before = fake.build.chatInput({ name: 'define', options: { term: 'launch week' } });
    fake.dispatch('INTERACTION_CREATE', before);
    expect((await callbackOf(fake, before)).data?.flags).toBe(64); // not found: private "did you mean"

    const saved = await glossaries.store.save(guildId, { name: 'Launch Week', aliases: ['LW'], summary: 'Our yearly release week.', definition: 'The week each year when we ship the big release.', details: ['Announced a month ahead.'] }, author);
    expect(saved.ok).toBe(true);

    const i = fake.build.chatInput({ name: 'define', options: { term: 'LW' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const body = await callbackOf(fake, i);
    const embed = body.data?.embeds?.[0];
    expect(embed?.title).toBe('Launch Week');
    expect(embed?.description).toContain(`From this server's glossary, added by <@${author}>`);
    expect(JSON.stringify(embed)).toContain("this server's glossary");
    expect(body.data?.allowed_mentions).toMatchObject({ parse: [] });
    expect(body.data?.allowed_mentions?.users ?? []).toEqual([]);

    const a = fake.build.autocomplete({ name: 'define', options: { term: 'launch' }, focused: 'term' });
    fake.dispatch('INTERACTION_CREATE', a);
    expect(((await callbackOf(fake, a)).data?.choices as { value: string }[])[0]?.value).toBe('launch-week');

    const since = fake.requests.length;
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: 'what is launch week?', channelId: askChannel }));
    const answer = await fake.waitForRequest({ method: 'POST', path: `/channels/${askChannel}/messages` }, { since });
    expect((answer.body as Record<string, any>).embeds?.[0]?.title).toBe('Launch Week');
  });

  it('a hidden shipped entry vanishes in that server; a DM still gets the shipped one', async () => {
    expect((await glossaries.store.setHidden(guildId, 'hashtag', true, author)).ok).toBe(true);
    const i = fake.build.chatInput({ name: 'define', options: { term: 'hashtag' } });
    fake.dispatch('INTERACTION_CREATE', i);
    const body = await callbackOf(fake, i);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.title ?? '').not.toBe('Hashtag');
    expect((await glossaries.termbotFor(null)).define('hashtag').reply?.kind).toBe('definition');
  });
});
