/**
 * /glossary settings, suggest (the form, the review channel's Approve / Edit / Reject, the suggester's
 * DM, the audit channel) and reload, through the dispatcher with small fakes of the interactions and
 * of the bot's Discord tools, over a real SQLite glossary store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageCreateOptions } from 'discord.js';
import { loadRegistry } from '../../commands/index.ts';
import type { ReloadResult, ServerTools } from '../../src/discord/context.ts';
import { entryForm, ENTRY_INPUTS } from '../../src/discord/components/glossary-entry.ts';
import { reviewButton } from '../../src/discord/components/glossary-review.ts';
import { NO_REVIEW_CHANNEL, NOT_A_REVIEWER } from '../../src/discord/glossary/suggestions.ts';
import { InsightsRecorder } from '../../src/insights/recorder.ts';
import { MemoryInsightsStore } from '../../src/insights/store.ts';
import { GlossaryStore } from '../../src/store/glossary.ts';
import { ServerGlossaries } from '../../src/store/server-glossaries.ts';
import { sqliteBackend, type TestDatabase } from '../helpers/databases.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';
import { captureLogger, FakeChatInput, FakeComponent, FakeModalSubmit, GUILD_ID, OTHER_ID, testDispatcher, USER_ID, type Call } from './fakes.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = await loadRegistry();

const REVIEW = '400000000000000010';
const AUDIT = '400000000000000011';
const EDITORS = '700000000000000001';
const OWNER = '100000000000000009';
const REVIEWER = { id: '100000000000000003', bot: false };

type Sent = { channelId: string; message: MessageCreateOptions };

const text = (c: Call | undefined): string => {
  const o = c?.options as { content?: string } | undefined;
  return o?.content ?? '';
};
const outcome = (c: Call | undefined) => (c?.options as { embeds?: { fields: { name: string; value: string }[] }[] } | undefined)?.embeds?.[0]?.fields.find((f) => f.name === 'Outcome')?.value;
const form = (fields: { name?: string; aliases?: string; summary?: string; definition?: string; more?: string }) => ({
  [ENTRY_INPUTS.name]: fields.name ?? '',
  [ENTRY_INPUTS.aliases]: fields.aliases ?? '',
  [ENTRY_INPUTS.summary]: fields.summary ?? `${fields.name ?? 'It'} in one line.`,
  [ENTRY_INPUTS.definition]: fields.definition ?? '',
  [ENTRY_INPUTS.more]: fields.more ?? '',
});

describe('/glossary settings, suggest, review and reload', () => {
  let tdb: TestDatabase;
  let glossaries: ServerGlossaries;
  let posted: Sent[];
  let dms: Sent[];
  let dmsOpen: boolean;
  let postsWork: boolean;
  let reloadResult: ReloadResult;
  let insights: InsightsRecorder;
  let log: ReturnType<typeof captureLogger>;
  let dispatcher: ReturnType<typeof testDispatcher>;

  beforeAll(async () => {
    tdb = await sqliteBackend.create();
    glossaries = new ServerGlossaries(new GlossaryStore(await tdb.open(), knowledge), termbot);
  });
  afterAll(async () => {
    glossaries?.stop();
    await glossaries?.store.close();
    await tdb?.drop();
  });
  beforeEach(() => {
    posted = [];
    dms = [];
    dmsOpen = true;
    postsWork = true;
    reloadResult = { ok: true, entries: 303 };
    insights = new InsightsRecorder({ store: new MemoryInsightsStore() });
    log = captureLogger('info');
    const server: ServerTools = {
      glossaries: async () => glossaries,
      async post(channelId, message) {
        if (!postsWork) return false;
        posted.push({ channelId, message });
        return true;
      },
      async dm(userId, message) {
        if (!dmsOpen) return false;
        dms.push({ channelId: userId, message });
        return true;
      },
      owners: async () => [OWNER],
      reload: async () => reloadResult,
    };
    dispatcher = testDispatcher({ termbot, registry, logger: log.logger, insights, server, termbotFor: (g) => glossaries.termbotFor(g) });
  });

  const settings = async (values: Record<string, string | boolean | { id: string }>, o: { moderator?: boolean } = { moderator: true }) => {
    const i = new FakeChatInput('glossary', { subcommand: 'settings', ...values }, o);
    await dispatcher.chatInput(i);
    return i;
  };
  /** Submits the suggest form as USER_ID; returns the interaction and the review post, if any. */
  const suggestTerm = async (fields: Parameters<typeof form>[0], user = { id: USER_ID, bot: false }) => {
    const i = new FakeModalSubmit(entryForm.id({ mode: 'suggest' }), form(fields), { user });
    await dispatcher.modalSubmit(i);
    return i;
  };
  const lastSuggestionId = async () => (await glossaries.store.suggestions(GUILD_ID)).at(-1)!.id;

  it('settings: Manage Server only; no options shows them privately', async () => {
    const refused = await settings({ 'review-channel': { id: REVIEW } }, { moderator: false });
    expect(text(refused.calls[0])).toMatch(/Only members with Manage Server/);
    expect((await glossaries.store.settings(GUILD_ID)).reviewChannelId).toBeNull();

    const shown = await settings({});
    const reply = shown.calls[0]?.options as { content: string; flags: number; allowedMentions: { parse: string[] } };
    expect(reply.flags).toBe(64);
    expect(reply.allowedMentions.parse).toEqual([]);
    expect(reply.content).toMatch(/Editor role: not set/);
    expect(reply.content).toMatch(/Review channel: not set/);
    expect(reply.content).toMatch(/Insights: on/);
  });

  it('settings: sets and clears each one, refuses set-and-clear and @everyone, switches insights', async () => {
    const i = await settings({ 'editor-role': { id: EDITORS }, 'audit-channel': { id: AUDIT } });
    expect(text(i.calls[0])).toMatch(new RegExp(`Changed: editor role <@&${EDITORS}>; audit channel <#${AUDIT}>`));
    expect(await glossaries.store.settings(GUILD_ID)).toMatchObject({ editorRoleId: EDITORS, auditChannelId: AUDIT, reviewChannelId: null });
    // The change went to the (new) audit channel, naming who made it without pinging.
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channelId: AUDIT });
    expect(String(posted[0]?.message.content)).toMatch(new RegExp(`^<@${USER_ID}> changed the glossary settings`));

    expect(text((await settings({ clear: 'audit-channel', 'audit-channel': { id: AUDIT } })).calls[0])).toMatch(/not both/);
    expect(text((await settings({ 'editor-role': { id: GUILD_ID } })).calls[0])).toMatch(/cannot be @everyone/);
    await settings({ clear: 'audit-channel' });
    expect((await glossaries.store.settings(GUILD_ID)).auditChannelId).toBeNull();

    const off = await settings({ insights: false });
    expect(text(off.calls[0])).toMatch(/Insights are off for this server/);
    expect(await insights.store.enabled(GUILD_ID)).toBe(false);
    await settings({ insights: true });
    expect(await insights.store.enabled(GUILD_ID)).toBe(true);
  });

  it('settings: a review channel that termbot cannot post in is reported privately', async () => {
    postsWork = false;
    const i = await settings({ 'review-channel': { id: REVIEW } });
    expect(i.calls.map((c) => c.method)).toEqual(['reply', 'followUp']);
    expect(text(i.calls[1])).toMatch(/could not post in <#\d+>: give it View Channel, Send Messages and Embed Links/);
    await settings({ clear: 'review-channel' });
  });

  it('suggest opens the form; problems come back privately and nothing is stored', async () => {
    const open = new FakeChatInput('glossary', { subcommand: 'suggest' });
    await dispatcher.chatInput(open);
    expect(open.calls[0]?.method).toBe('showModal');
    expect((open.calls[0]?.options as { custom_id: string }).custom_id).toBe(entryForm.id({ mode: 'suggest' }));

    const aliases = Array.from({ length: 25 }, (_, n) => `lwx${n}`).join(', ');
    const bad = await suggestTerm({ name: 'Launch Week', aliases, definition: 'The week we ship the big release.' });
    expect(text(bad.calls[0])).toMatch(/^Your suggestion was not sent/);
    expect(text(bad.calls[0])).toMatch(/Other names/);
    expect(await glossaries.store.suggestions(GUILD_ID)).toHaveLength(0);
  });

  it('with no review channel, the suggester is told privately and the suggestion waits; setting one posts it', async () => {
    const i = await suggestTerm({ name: 'Launch Week', definition: 'The week each year when we ship the big release.', more: 'Announced a month ahead.' });
    expect(text(i.calls[0])).toContain(NO_REVIEW_CHANNEL);
    expect(posted).toHaveLength(0);
    expect(await glossaries.store.suggestions(GUILD_ID)).toHaveLength(1);

    await settings({ 'review-channel': { id: REVIEW } });
    // The channel's introduction, then the waiting suggestion with its three buttons.
    const inReview = posted.filter((p) => p.channelId === REVIEW);
    expect(inReview).toHaveLength(2);
    const review = inReview[1]!.message as unknown as { embeds: { title: string; fields: { name: string; value: string }[] }[]; components: { components: { custom_id: string; label: string }[] }[] };
    expect(review.embeds[0]?.title).toBe('Suggested: Launch Week');
    expect(review.embeds[0]?.fields.find((f) => f.name === 'Suggested by')?.value).toBe(`<@${USER_ID}>`);
    const id = await lastSuggestionId();
    expect(review.components[0]?.components.map((b) => [b.label, b.custom_id])).toEqual([
      ['Approve', reviewButton.id({ action: 'approve', id })],
      ['Edit', reviewButton.id({ action: 'edit', id })],
      ['Reject', reviewButton.id({ action: 'reject', id })],
    ]);
  });

  it('approve: editors only; saves the entry, shows who decided without buttons, tells the suggester, posts to the audit channel', async () => {
    await settings({ 'audit-channel': { id: AUDIT }, 'editor-role': { id: EDITORS } });
    posted = [];
    const id = await lastSuggestionId();
    const stranger = new FakeComponent(reviewButton.id({ action: 'approve', id }), { user: { id: OTHER_ID, bot: false } });
    await dispatcher.component(stranger);
    expect(text(stranger.calls[0])).toBe(NOT_A_REVIEWER);
    expect((await glossaries.store.suggestions(GUILD_ID)).map((s) => s.id)).toContain(id);

    const editor = new FakeComponent(reviewButton.id({ action: 'approve', id }), { user: REVIEWER, roles: [EDITORS] });
    await dispatcher.component(editor);
    const update = editor.calls[0]?.options as { embeds: { fields: { name: string; value: string }[] }[]; components: unknown[]; allowedMentions: { parse: string[] } };
    expect(editor.calls[0]?.method).toBe('update');
    expect(update.components).toEqual([]);
    expect(update.allowedMentions.parse).toEqual([]);
    expect(update.embeds[0]?.fields.find((f) => f.name === 'Outcome')?.value).toBe(`Approved by <@${REVIEWER.id}>`);
    expect((await glossaries.termbotFor(GUILD_ID)).define('launch week').terms[0]?.id).toBe('launch-week');
    expect(dms).toHaveLength(1);
    expect(dms[0]?.channelId).toBe(USER_ID);
    expect(String(dms[0]?.message.content)).toMatch(/Launch Week\*\* for a server's glossary .* was approved/);
    expect(posted.map((p) => p.channelId)).toEqual([AUDIT]);
    expect(String(posted[0]?.message.content)).toMatch(new RegExp(`^<@${REVIEWER.id}> approved the suggestion \\*\\*Launch Week\\*\\* by <@${USER_ID}>`));

    // A second press (another reviewer, or a second post of it): the message shows the outcome, and the presser is told.
    const again = new FakeComponent(reviewButton.id({ action: 'reject', id }), { user: { id: OTHER_ID, bot: false }, moderator: true });
    await dispatcher.component(again);
    expect(again.calls.map((c) => c.method)).toEqual(['update', 'followUp']);
    expect(outcome(again.calls[0])).toBe(`Approved by <@${REVIEWER.id}>`);
    expect(text(again.calls[1])).toBe(`This suggestion was already approved by <@${REVIEWER.id}>.`);
    expect((await glossaries.store.suggestion(GUILD_ID, id))?.status).toBe('approved');
  });

  it('reject: the suggester hears it; with DMs closed the reviewer is told and it is logged', async () => {
    await suggestTerm({ name: 'Growth Sprint', definition: 'A two-week push on one growth metric.' });
    const id = await lastSuggestionId();
    dmsOpen = false;
    const editor = new FakeComponent(reviewButton.id({ action: 'reject', id }), { user: REVIEWER, moderator: true });
    await dispatcher.component(editor);
    expect(editor.calls.map((c) => c.method)).toEqual(['update', 'followUp']);
    const update = editor.calls[0]?.options as { embeds: { fields: { name: string; value: string }[] }[] };
    expect(update.embeds[0]?.fields.find((f) => f.name === 'Outcome')?.value).toBe(`Rejected by <@${REVIEWER.id}>`);
    expect(text(editor.calls[1])).toMatch(/could not tell <@\d+> by direct message/);
    expect(log.lines().some((l) => l.msg === 'could not tell the suggester the outcome by DM (their DMs may be closed)')).toBe(true);
    expect((await glossaries.store.suggestions(GUILD_ID, 'rejected')).map((s) => s.id)).toContain(id);
    expect((await glossaries.termbotFor(GUILD_ID)).define('growth sprint').reply?.kind).not.toBe('definition');
  });

  it('edit: opens the form prefilled; its submit saves the edited entry and approves it', async () => {
    await suggestTerm({ name: 'Brand Day', aliases: 'BD', definition: 'A day ot brand posts.' });
    const id = await lastSuggestionId();
    const press = new FakeComponent(reviewButton.id({ action: 'edit', id }), { user: REVIEWER, moderator: true });
    await dispatcher.component(press);
    const modal = press.calls[0]?.options as { custom_id: string; components: { components: { custom_id: string; value?: string }[] }[] };
    expect(press.calls[0]?.method).toBe('showModal');
    expect(modal.custom_id).toBe(entryForm.id({ mode: 'review', id }));
    const prefilled = Object.fromEntries(modal.components.map((r) => [r.components[0]!.custom_id, r.components[0]!.value]));
    expect(prefilled).toMatchObject({ name: 'Brand Day', aliases: 'BD', definition: 'A day ot brand posts.' });

    // A member who is not an editor cannot submit it either.
    const sneaky = new FakeModalSubmit(entryForm.id({ mode: 'review', id }), form({ name: 'Brand Day', definition: 'x' }), { user: { id: OTHER_ID, bot: false } });
    await dispatcher.modalSubmit(sneaky);
    expect(text(sneaky.calls[0])).toBe(NOT_A_REVIEWER);

    const submit = new FakeModalSubmit(entryForm.id({ mode: 'review', id }), form({ name: 'Brand Day', aliases: 'BD', definition: 'A day of brand posts, once a month.' }), { user: REVIEWER, moderator: true, fromMessage: '800000000000000001' });
    await dispatcher.modalSubmit(submit);
    expect(submit.calls.map((c) => c.method)).toEqual(['deferUpdate', 'editReply']);
    const edited = submit.calls[1]?.options as { embeds: { fields: { name: string; value: string }[] }[]; components: unknown[] };
    expect(edited.components).toEqual([]);
    expect(edited.embeds[0]?.fields.find((f) => f.name === 'Outcome')?.value).toBe(`Approved with edits by <@${REVIEWER.id}>`);
    const entry = await glossaries.store.entry(GUILD_ID, 'brand-day');
    expect(entry?.definition).toBe('A day of brand posts, once a month.');
    expect(entry?.updatedBy).toBe(REVIEWER.id);
    expect(String(dms.at(-1)?.message.content)).toMatch(/with some edits by a reviewer/);
  });

  it('reload: owners only; reports success, or the problems (cut to fit) while the old knowledge stays', async () => {
    const stranger = new FakeChatInput('glossary', { subcommand: 'reload' }, { moderator: true });
    await dispatcher.chatInput(stranger);
    expect(text(stranger.calls[0])).toMatch(/Only the bot's owner/);

    const owner = new FakeChatInput('glossary', { subcommand: 'reload' }, { user: { id: OWNER, bot: false } });
    await dispatcher.chatInput(owner);
    expect(owner.calls.map((c) => c.method)).toEqual(['reply', 'followUp']);
    expect(text(owner.calls[1])).toMatch(/^Reloaded: 303 entries/);

    reloadResult = { ok: false, problems: Array.from({ length: 120 }, (_, n) => ({ file: `terms/t${n}.md`, field: 'area', message: `must be one of the areas ${'(long) '.repeat(8)}` })) };
    const broken = new FakeChatInput('glossary', { subcommand: 'reload' }, { user: { id: OWNER, bot: false } });
    await dispatcher.chatInput(broken);
    const report = text(broken.calls[1]);
    expect(report).toMatch(/^Not reloaded: the knowledge has 120 problem\(s\)/);
    expect(report).toMatch(/terms\/t0\.md.*area.*must be one of/);
    expect(report.length).toBeLessThanOrEqual(2000);
    expect((broken.calls[1]?.options as { flags: number }).flags).toBe(64);
  });
});
