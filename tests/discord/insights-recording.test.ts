/** What the Discord handlers record for insights: outcomes of questions, never who asked or the text. */
import { describe, expect, it } from 'vitest';
import type { InteractionReplyOptions } from 'discord.js';
import { loadCommands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/discord/dispatch.ts';
import { createRegistry, loadComponents } from '../../src/discord/registry.ts';
import open from '../../src/discord/components/open.ts';
import pick from '../../src/discord/components/pick.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { createTermbot } from '../../src/core/termbot.ts';
import { DM_GUILD, type Outcome } from '../../src/core/insights.ts';
import { InsightsRecorder } from '../../src/insights/recorder.ts';
import { MemoryInsightsStore } from '../../src/insights/store.ts';
import { ASK_CHANNEL, BOT_ID, captureLogger, FakeChatInput, FakeComponent, FakeMessage, GUILD_ID, OTHER_CHANNEL, USER_ID } from './fakes.ts';

const { knowledge } = await loadKnowledge();
const termbot = createTermbot(knowledge);
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
  const handlers = createDispatcher({
    termbot,
    logger,
    registry,
    config: { askChannelIds: [ASK_CHANNEL], answerDms: true, cooldown: { memberSeconds: 0, channelMax: 100, channelSeconds: 10 } },
    botUserId: () => BOT_ID,
    insights: recorder,
  });
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
