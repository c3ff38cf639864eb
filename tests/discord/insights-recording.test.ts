/** What the Discord handlers record for insights: outcomes of questions, never who asked or the text. */
import { describe, expect, it } from 'vitest';
import type { InteractionReplyOptions } from 'discord.js';
import { loadCommands } from '../../commands/index.ts';
import { createRegistry, loadComponents } from '../../src/discord/registry.ts';
import open from '../../src/discord/components/open.ts';
import pick from '../../src/discord/components/pick.ts';
import { DM_GUILD, type Outcome } from '../../src/core/insights.ts';
import { InsightsRecorder } from '../../src/insights/recorder.ts';
import { MemoryInsightsStore } from '../../src/insights/store.ts';
import { ASK_CHANNEL, BOT_ID, captureLogger, FakeChatInput, FakeComponent, FakeMessage, GUILD_ID, OTHER_CHANNEL, testDispatcher, USER_ID } from './fakes.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = createRegistry(await loadCommands(), await loadComponents());

/** A store that remembers what it was given. */
class SpyStore extends MemoryInsightsStore {
  readonly seen: Outcome[] = [];
  override async append(outcomes: readonly Outcome[]) {
    this.seen.push(...outcomes);
    return super.append(outcomes);
  }
}

function setup() {
  const { logger } = captureLogger();
  const store = new SpyStore();
  const recorder = new InsightsRecorder({ store });
  /** What was recorded so far (written to the store first). */
  const insights = {
    get seen(): Promise<Outcome[]> {
      return recorder.flush().then(() => store.seen);
    },
  };
  const handlers = testDispatcher({ termbot, logger, registry, insights: recorder });
  return { handlers, insights };
}

describe('recording outcomes in Discord', () => {
  it('ask-channel questions, mentions and DMs, by kind; chatter records nothing', async () => {
    const { handlers, insights } = setup();
    await handlers.message(new FakeMessage('what is engagement rate?'));
    await handlers.message(new FakeMessage('lol did you see the game last night'));
    await handlers.message(new FakeMessage(`<@${BOT_ID}> what is a zorblax funnel?`, { channelId: OTHER_CHANNEL, mentionsBot: true }));
    await handlers.message(new FakeMessage('reach vs impresions', { dm: true }));
    expect((await insights.seen).map((o) => [o.kind, o.guildId, o.entries, o.term ?? null, o.match ?? null])).toEqual([
      ['channel', GUILD_ID, ['engagement-rate'], null, 'exact'],
      ['mention', GUILD_ID, [], 'zorblax funnel', null],
      ['dm', DM_GUILD, ['reach', 'impressions'], null, 'typo'],
    ]);
    const all = JSON.stringify(await insights.seen);
    expect(all).not.toContain(USER_ID);
    expect(all).not.toContain('what is');
  });

  it('slash commands with their command', async () => {
    const { handlers, insights } = setup();
    await handlers.chatInput(new FakeChatInput('define', { term: 'zorblax' }));
    await handlers.chatInput(new FakeChatInput('compare', { first: 'reach', second: 'impressions' }));
    await handlers.chatInput(new FakeChatInput('help', {}));
    expect((await insights.seen).map((o) => [o.kind, o.command, o.entries, o.term ?? null])).toEqual([
      ['slash', 'define', [], 'zorblax'],
      ['slash', 'compare', ['reach', 'impressions'], null],
    ]);
  });

  it('a did-you-mean pick carries the missed term from the button into the outcome', async () => {
    const { handlers, insights } = setup();
    const i = new FakeChatInput('define', { term: 'Viral loop' });
    await handlers.chatInput(i);
    const rows = ((i.calls[0]?.options as InteractionReplyOptions).components ?? []) as unknown as { components: { custom_id: string }[] }[];
    const id = rows[0]?.components[0]?.custom_id ?? '';
    expect(registry.component(id)?.args).toMatchObject({ asked: 'viral loop' });
    await handlers.component(new FakeComponent(id));
    expect((await insights.seen).at(-1)).toMatchObject({ kind: 'button', button: 'pick', match: 'pick', entries: ['viral-content'], term: 'viral loop' });
    await handlers.component(new FakeComponent(open.id({ entryId: 'reach', private: false })));
    expect((await insights.seen).at(-1)).toMatchObject({ kind: 'button', button: 'open', entries: ['reach'] });
  });

  it('pick ids stay within 100 characters: a long missed term is left out', () => {
    const id = pick.id({ entryId: 'engagement-rate', mode: 'update', ownerId: USER_ID, asked: 'x '.repeat(60).trim() });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(registry.component(id)?.args).toEqual({ entryId: 'engagement-rate', mode: 'update', ownerId: USER_ID });
    const short = pick.id({ entryId: 'reach', mode: 'private', asked: 'reech~x:y' });
    expect(registry.component(short)?.args).toEqual({ entryId: 'reach', mode: 'private', asked: 'reech x y' });
    const both = pick.id({ entryId: 'reach', mode: 'public', compareWith: 'impressions', asked: 'reech' });
    expect(registry.component(both)?.args).toEqual({ entryId: 'reach', mode: 'public', compareWith: 'impressions', asked: 'reech' });
    // Old ids (before the asked term) still work.
    expect(registry.component('tb:pick:u:-:reach')?.args).toEqual({ entryId: 'reach', mode: 'update' });
  });
});

describe('/insights', () => {
  const reply = (i: FakeChatInput) => i.calls[0]?.options as InteractionReplyOptions;

  async function withQuestions() {
    const s = setup();
    for (const q of ['what is reach?', 'what is reach?', `<@${BOT_ID}> what is a zorblax funnel?`, `<@${BOT_ID}> what is a zorblax funnel`]) {
      await s.handlers.message(new FakeMessage(q, { mentionsBot: q.includes('<@'), channelId: q.includes('<@') ? OTHER_CHANNEL : ASK_CHANNEL }));
    }
    await s.insights.seen;
    return s;
  }

  it('shows a moderator the questions per day, the most asked entries and the misses, privately', async () => {
    const { handlers } = await withQuestions();
    const i = new FakeChatInput('insights', { subcommand: 'show', days: 7 }, { moderator: true });
    await handlers.chatInput(i);
    const r = reply(i);
    expect(r.flags).toBeDefined();
    const embed = (r.embeds?.[0] ?? {}) as { title?: string; description?: string; fields?: { name: string; value: string }[] };
    expect(embed.title).toBe('Insights: the last 7 days');
    expect(embed.description).toMatch(/\*\*4\*\* questions in this server: 2 answered, \*\*2\*\* found nothing/);
    expect(embed.description).toMatch(/`▁▁▁▁▁▁█`/);
    expect(embed.fields?.find((f) => f.name === 'Most asked')?.value).toMatch(/2 · Reach/);
    expect(embed.fields?.find((f) => /Top misses/.test(f.name))?.value).toMatch(/2 · zorblax funnel/);
  });

  it('exports the daily counts and the misses as CSV files', async () => {
    const { handlers } = await withQuestions();
    const i = new FakeChatInput('insights', { subcommand: 'export', days: 3 }, { moderator: true });
    await handlers.chatInput(i);
    const files = (reply(i).files ?? []) as { attachment: Buffer; name: string }[];
    expect(files.map((f) => f.name)).toEqual([expect.stringMatching(/^insights-daily-.*\.csv$/), expect.stringMatching(/^insights-misses-.*\.csv$/)]);
    expect(files[0]?.attachment.toString()).toMatch(/^day,questions,answered,misses\r\n(?:.*\r\n){2}.*,4,2,2\r\n$/);
    expect(files[1]?.attachment.toString()).toMatch(/zorblax funnel,2,/);
  });

  it('refuses members without Manage Server, and DMs', async () => {
    const { handlers } = await withQuestions();
    const i = new FakeChatInput('insights', { subcommand: 'show' });
    await handlers.chatInput(i);
    expect(reply(i).content).toMatch(/Manage Server/);
    expect(reply(i).embeds).toBeUndefined();
    const dm = new FakeChatInput('insights', { subcommand: 'show' }, { guildId: null, moderator: true });
    await handlers.chatInput(dm);
    expect(reply(dm).content).toMatch(/in a server/);
  });

  it('switches recording off (forgetting what was kept) and on again', async () => {
    const { handlers, insights } = await withQuestions();
    const off = new FakeChatInput('insights', { subcommand: 'recording', on: false }, { moderator: true });
    await handlers.chatInput(off);
    expect(reply(off).content).toMatch(/off for this server/);
    await handlers.message(new FakeMessage('what is reach?'));
    const show = new FakeChatInput('insights', { subcommand: 'show' }, { moderator: true });
    await handlers.chatInput(show);
    expect(reply(show).content).toMatch(/Insights are off/);
    expect(JSON.stringify(reply(show).embeds)).toMatch(/\*\*0\*\* questions/);
    await handlers.chatInput(new FakeChatInput('insights', { subcommand: 'recording', on: true }, { moderator: true }));
    await handlers.message(new FakeMessage('what is reach?'));
    await insights.seen;
    const again = new FakeChatInput('insights', { subcommand: 'show' }, { moderator: true });
    await handlers.chatInput(again);
    expect(JSON.stringify(reply(again).embeds)).toMatch(/\*\*1\*\* question in/);
  });
});

describe('/help lists /insights with its subcommands', () => {
  it('as alternatives, not optional options', async () => {
    const { commandUsage } = await import('../../src/discord/registry.ts');
    const insights = registry.command('insights');
    expect(insights && commandUsage(insights).usage).toBe('/insights show|export|recording');
  });
});
