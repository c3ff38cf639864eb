/**
 * The storage suite: the same tests on SQLite (always) and Postgres (when TEST_DATABASE_URL is set).
 * Every change is checked by the knowledge checker and stored in one transaction, or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { GLOSSARY_LIMITS, toMarkdown, type ServerEntryFields } from '../../src/core/glossary/entry.ts';
import type { Knowledge } from '../../src/core/knowledge/types.ts';
import { migrate, SQLITE_FILE, type Db } from '../../src/store/db.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { backends, type TestDatabase } from '../helpers/databases.ts';
import { shippedKnowledge } from '../helpers/shipped.ts';

let shipped: Knowledge;
beforeAll(async () => {
  shipped = await shippedKnowledge();
});

const G = '111111111111111111';
const OTHER = '222222222222222222';
const ALICE = '333333333333333333';
const BOB = '444444444444444444';

const term = (name: string, extra: Partial<ServerEntryFields> = {}) => ({
  name,
  summary: `${name} is one of this server's own things.`,
  definition: `${name} is what this server calls one of its own things.`,
  details: [`People here use ${name} every week.`],
  ...extra,
});

describe.each(backends)('glossary store on $name', (backend) => {
  let tdb: TestDatabase;
  let db: Db;
  let store: GlossaryStore;
  let clock = Date.parse('2026-11-30T10:00:00Z');

  beforeAll(async () => {
    tdb = await backend.create();
    db = await tdb.open();
    store = new GlossaryStore(db, shipped, () => new Date((clock += 1000)));
  });
  afterAll(async () => {
    await store?.close();
    await tdb?.drop();
  });

  it('creates its schema on first open, and running the migrations again changes nothing', async () => {
    await migrate(db);
    const again = await tdb.open();
    await again.close();
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db.db);
    expect(applied.rows.map((r) => r.name)).toEqual(['2026-11-30-001-server-glossaries', '2026-11-30-002-insights']);
    if (backend.name === 'sqlite') {
      expect(existsSync(join(tdb.options.dataDir!, SQLITE_FILE))).toBe(true);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    }
  });

  it('adds an entry with its author and time, bumps the version, and another server does not see it', async () => {
    const r = await store.save(G, term('Launch Week', { aliases: ['LW'], summary: 'Our yearly release week.', related: ['reach'] }), ALICE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toMatchObject({ id: 'launch-week', name: 'Launch Week', aliases: ['LW'], summary: 'Our yearly release week.', related: ['reach'], authorId: ALICE, kind: 'term', area: 'basics' });
    expect(r.entry.createdAt).toMatch(/^2026-11-30T10:00:\d\dZ|^2026-11-30T10:00:\d\d\.\d{3}Z$/);
    const g = await store.load(G);
    expect(g.version).toBe(r.version);
    expect(g.entries.map((e) => e.id)).toEqual(['launch-week']);
    expect((await store.load(OTHER)).entries).toEqual([]);
    expect((await store.versions([G, OTHER])).get(OTHER)).toBe(0);
  });

  it('refuses what check:knowledge refuses, with the field named, and stores nothing', async () => {
    const before = (await store.load(G)).version;
    const cases: [Parameters<typeof term>[0], Partial<ServerEntryFields>, RegExp][] = [
      ['The', {}, /name: "The" reads as just "the"/],
      ['Long One', { definition: 'x'.repeat(351) }, /definition: is 351 characters; at most 350 fit/],
      ['Linked', { related: ['no-such-entry'] }, /related\[0\]: links to missing entry "no-such-entry"/],
      ['Aliased', { aliases: Array.from({ length: 21 }, (_, i) => `alias ${i}`) }, /aliases: has 21 items; at most 20/],
      ['Clashing', { aliases: ['LW'] }, /"LW" is already claimed by terms\/launch-week\.md|claimed by terms\/clashing\.md/],
      ['Launch-Week', {}, /already has an entry "Launch Week"/],
      ['Facty', { details: Array.from({ length: 13 }, (_, i) => `Fact number ${i}.`) }, /body: has 13 facts; at most 12 fit/],
    ];
    for (const [name, extra, expected] of cases) {
      const r = await store.save(G, term(name, extra), ALICE);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('\n'), name).toMatch(expected);
    }
    const after = await store.load(G);
    expect(after.version).toBe(before);
    expect(after.entries.map((e) => e.id)).toEqual(['launch-week']);
  });

  it('a name of a shipped entry is allowed (it takes that entry’s place in this server)', async () => {
    const r = await store.save(G, term('Reach', { definition: 'In this server, reach means the members who opened our newsletter.' }), ALICE);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.entry.id).toBe('reach');
  });

  it('edits keep the id, author and creation time; history lists every revision; revert brings one back', async () => {
    const before = await store.entry(G, 'launch-week');
    const r = await store.save(G, { ...before!, definition: 'The week each year when we ship the big release.' }, BOB, { id: 'launch-week' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.entry).toMatchObject({ authorId: ALICE, updatedBy: BOB, createdAt: before!.createdAt });
    expect((await store.save(G, term('Nobody'), BOB, { id: 'nobody' })).ok).toBe(false);
    const history = await store.history(G, 'launch-week');
    expect(history.map((h) => [h.action, h.authorId])).toEqual([['edit', BOB], ['create', ALICE]]);
    expect(history[0]?.markdown).toContain('The week each year');
    const reverted = await store.revert(G, history[1]!.id, ALICE);
    expect(reverted.ok).toBe(true);
    const now = await store.entry(G, 'launch-week');
    expect(now?.definition).toBe(before!.definition);
    expect((await store.history(G, 'launch-week'))[0]?.action).toBe('revert');
    expect((await store.revert(G, 999_999, ALICE)).ok).toBe(false);
  });

  it('removing an entry records it, drops links to it, and can be reverted', async () => {
    expect((await store.save(G, term('Launch Party', { related: ['launch-week'] }), ALICE)).ok).toBe(true);
    const removed = await store.remove(G, 'launch-week', BOB);
    expect(removed.ok).toBe(true);
    expect(await store.entry(G, 'launch-week')).toBeUndefined();
    expect((await store.entry(G, 'launch-party'))?.related).toEqual([]);
    expect((await store.remove(G, 'launch-week', BOB)).ok).toBe(false);
    const [removal, last] = await store.history(G, 'launch-week');
    expect(removal).toMatchObject({ action: 'remove', markdown: null, authorId: BOB });
    expect((await store.revert(G, last!.id, ALICE)).ok).toBe(true);
    expect((await store.entry(G, 'launch-week'))?.name).toBe('Launch Week');
  });

  it('hides and shows shipped entries, only shipped ones, once', async () => {
    expect((await store.setHidden(G, 'hashtag', true, ALICE)).ok).toBe(true);
    expect((await store.setHidden(G, 'hashtag', true, ALICE)).ok).toBe(false);
    expect((await store.setHidden(G, 'launch-week', true, ALICE)).ok).toBe(false);
    expect((await store.load(G)).hidden).toEqual(['hashtag']);
    expect((await store.history(G, 'hashtag'))[0]).toMatchObject({ action: 'hide', authorId: ALICE });
    expect((await store.setHidden(G, 'hashtag', false, BOB)).ok).toBe(true);
    expect((await store.load(G)).hidden).toEqual([]);
  });

  it('export writes knowledge files; import reads them back, all or nothing', async () => {
    const files = await store.exportFiles(G);
    expect(files.map((f) => f.file)).toEqual(['terms/launch-party.md', 'terms/launch-week.md', 'terms/reach.md']);
    expect(files[1]?.text).toMatch(/^---\nkind: term\nname: Launch Week\naliases: \[ LW \]\narea: basics\nsummary: Our yearly release week\.\n/);
    // Into another server: everything arrives.
    const imported = await store.importFiles(OTHER, files, BOB);
    expect(imported).toMatchObject({ ok: true, added: ['launch-party', 'launch-week', 'reach'], updated: [], unchanged: [] });
    expect(await store.exportFiles(OTHER)).toEqual(files);
    expect(await store.importFiles(OTHER, files, BOB)).toMatchObject({ ok: true, added: [], unchanged: ['launch-party', 'launch-week', 'reach'] });
    // One bad file: nothing from the import is stored, and every problem is listed.
    const before = await store.load(OTHER);
    const bad = await store.importFiles(
      OTHER,
      [
        { file: 'terms/good-one.md', text: toMarkdown({ ...term('Good One'), aliases: [], related: [], area: 'content', kind: 'term' }) },
        { file: 'terms/bad-one.md', text: '---\nkind: term\nname: Bad One\narea: nowhere\ndefinition: x\nsources: [server]\n---\n- no citation\n' },
        { file: 'terms/clash.md', text: toMarkdown({ ...term('Clash', { aliases: ['LW'] }), aliases: ['LW'], related: [], area: 'basics', kind: 'term' }) },
        { file: 'platforms/tool.md', text: '' },
        { file: 'terms/cites.md', text: '---\nkind: term\nname: Cites\narea: basics\nsummary: Something here.\ndefinition: Something.\nsources: [diksha]\n---\n' },
      ],
      BOB,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const text = bad.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('\n');
      expect(text).toMatch(/terms\/bad-one\.md: area: must be one of/);
      expect(text).toMatch(/terms\/bad-one\.md: body, fact 1 \(line \d+\): has no source citation/);
      expect(text).toMatch(/"LW" is already claimed/);
      expect(text).toMatch(/platforms\/tool\.md: \(file\): a server glossary holds terms only/);
      expect(text).toMatch(/terms\/cites\.md: sources: cites unknown source "diksha"/);
      expect(text).not.toMatch(/good-one/);
    }
    const after = await store.load(OTHER);
    expect(after.version).toBe(before.version);
    expect(after.entries).toEqual(before.entries);
  });

  it('caps imports by size and by entry count', async () => {
    const big = [{ file: 'terms/big.md', text: 'x'.repeat(GLOSSARY_LIMITS.importBytes + 1) }];
    const r = await store.importFiles(OTHER, big, BOB);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/an import may be at most 2000 kB/);
    const many = Array.from({ length: GLOSSARY_LIMITS.entries + 1 }, (_, i) => ({ file: `terms/t${i}.md`, text: toMarkdown({ ...term(`Thing ${i}`), aliases: [], related: [], area: 'basics', kind: 'term' }) }));
    const r2 = await store.importFiles(OTHER, many, BOB);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems[0]?.message).toMatch(/at most 1000 entries/);
    expect((await store.importFiles(OTHER, [], BOB)).ok).toBe(false);
  });

  it('refuses a new entry once a server holds 1,000', async () => {
    const CAP = 'cap-guild-0000000000';
    const files = Array.from({ length: GLOSSARY_LIMITS.entries }, (_, i) => ({ file: `terms/cap-${i}.md`, text: toMarkdown({ ...term(`Cap ${i}`), aliases: [], related: [], area: 'basics', kind: 'term' }) }));
    const full = await store.importFiles(CAP, files, ALICE);
    expect(full.ok).toBe(true);
    const r = await store.save(CAP, term('One Too Many'), ALICE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/already has 1000 entries/);
    expect((await store.save(CAP, term('Cap 5', { definition: 'Edited, which is still allowed at the cap.' }), ALICE, { id: 'cap-5' })).ok).toBe(true);
  }, 60_000);

  it('keeps settings per server', async () => {
    expect(await store.settings(G)).toEqual({ guildId: G, editorRoleId: null, reviewChannelId: null, auditChannelId: null });
    await store.updateSettings(G, { editorRoleId: '555555555555555555' }, ALICE);
    await store.updateSettings(G, { reviewChannelId: '666666666666666666' }, ALICE);
    expect(await store.settings(G)).toMatchObject({ editorRoleId: '555555555555555555', reviewChannelId: '666666666666666666' });
    expect((await store.settings(OTHER)).editorRoleId).toBeNull();
  });

  it('stores suggestions for review; approving saves the entry, rejecting does not, and each is decided once', async () => {
    const bad = await store.suggest(G, term('The'), BOB);
    expect(bad.ok).toBe(false);
    const s1 = await store.suggest(G, term('Standup'), BOB);
    const s2 = await store.suggest(G, term('Crunch'), BOB);
    expect(s1.ok && s2.ok).toBe(true);
    if (!s1.ok || !s2.ok) return;
    expect((await store.suggestions(G)).map((s) => s.entryId)).toEqual(['standup', 'crunch']);
    const approved = await store.resolveSuggestion(G, s1.suggestion.id, 'approved', ALICE);
    expect(approved).toMatchObject({ ok: true, entry: { id: 'standup', authorId: ALICE }, suggestion: { status: 'approved', reviewerId: ALICE } });
    expect((await store.resolveSuggestion(G, s2.suggestion.id, 'rejected', ALICE)).ok).toBe(true);
    expect(await store.entry(G, 'crunch')).toBeUndefined();
    expect((await store.resolveSuggestion(G, s2.suggestion.id, 'approved', ALICE)).ok).toBe(false);
    expect(await store.suggestions(G)).toEqual([]);
    expect((await store.suggestions(G, 'approved')).map((s) => s.authorId)).toEqual([BOB]);
  });

  it("a reviewer's edited suggestion is saved as edited, under the suggestion's id; a refused edit stores nothing and leaves it waiting", async () => {
    const R = 'review-guild-0000000';
    const s = await store.suggest(R, term('Retro Day'), BOB);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(await store.suggestion(R, s.suggestion.id)).toMatchObject({ status: 'pending', entryId: 'retro-day', authorId: BOB });
    const refused = await store.resolveSuggestion(R, s.suggestion.id, 'approved', ALICE, { fields: { ...term('Retro Day'), aliases: ['The'] } });
    expect(refused.ok).toBe(false);
    expect(await store.entry(R, 'retro-day')).toBeUndefined();
    expect((await store.suggestion(R, s.suggestion.id))?.status).toBe('pending');
    const edited = await store.resolveSuggestion(R, s.suggestion.id, 'approved', ALICE, { fields: term('Retrospective Day', { definition: 'The day each sprint ends with a look back.' }) });
    expect(edited).toMatchObject({ ok: true, entry: { id: 'retro-day', name: 'Retrospective Day', updatedBy: ALICE } });
    expect((await store.entry(R, 'retro-day'))?.definition).toBe('The day each sprint ends with a look back.');
    expect(await store.suggestion(R, s.suggestion.id)).toMatchObject({ status: 'approved', reviewerId: ALICE });
    expect(await store.suggestion(R, 999_999)).toBeUndefined();
  });

  it('many saves at once: each is its own transaction, none lost, the version counts them all', async () => {
    const P = 'parallel-guild-00000';
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(P, term(`Parallel ${i}`), ALICE)));
    expect(results.every((r) => r.ok)).toBe(true);
    const g = await store.load(P);
    expect(g.entries).toHaveLength(20);
    expect(g.version).toBe(20);
    // The same name twice at once: exactly one wins.
    const twice = await Promise.all([store.save(P, term('Same Name'), ALICE), store.save(P, term('Same Name'), BOB)]);
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
  });

  it('survives a restart: a new connection sees everything', async () => {
    const again = await tdb.open();
    const fresh = new GlossaryStore(again, shipped);
    expect((await fresh.load(G)).entries.map((e) => e.id)).toEqual(['launch-party', 'launch-week', 'reach', 'standup']);
    await again.close();
  });
});
