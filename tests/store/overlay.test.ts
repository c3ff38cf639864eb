/**
 * A server's overlay over the shipped knowledge: its entries answer in that server only, wherever
 * shipped entries do; a same-named entry takes the shipped one's place and says so; hidden entries vanish.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/text.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import type { ServerEntry } from '../../src/core/glossary/entry.ts';
import { createGuildTermbot, type GuildTermbot } from '../../src/core/glossary/overlay.ts';
import type { Termbot } from '../../src/core/termbot.ts';
import { shippedTermbot } from '../helpers/shipped.ts';

const ALICE = '333333333333333333';

function entry(name: string, extra: Partial<ServerEntry> = {}): ServerEntry {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id,
    guildId: '111111111111111111',
    name,
    aliases: [],
    summary: `${name} is one of this server's own things.`,
    definition: `${name} is what this server calls one of its own things.`,
    details: [`People here use ${name} every week.`],
    related: [],
    area: 'content',
    kind: 'term',
    authorId: ALICE,
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedBy: ALICE,
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...extra,
  };
}

let shipped: Termbot;
let guild: GuildTermbot;
beforeAll(async () => {
  shipped = await shippedTermbot();
  guild = createGuildTermbot(shipped, {
    entries: [
      entry('Launch Week', { aliases: ['LW'], related: ['reach', 'launch-party'] }),
      entry('Launch Party'),
      entry('Reach', { id: 'reach', definition: 'Here, reach means the members who opened our newsletter.', updatedAt: '2026-12-01T09:00:00.000Z' }),
    ],
    hidden: ['hashtag'],
  });
});

describe('a server overlay', () => {
  it('answers its own entries by name, alias, typo and free text, in that server only', () => {
    for (const q of ['Launch Week', 'LW', 'launch-week', 'lanch week']) {
      const a = guild.define(q);
      expect(a.reply?.kind, q).toBe('definition');
      if (a.reply?.kind === 'definition') expect(a.reply.entry.id, q).toBe('launch-week');
    }
    for (const [q, mode] of [['what is launch week?', 'channel'], ['what does LW mean', 'direct'], ['launch week?', 'channel']] as const) {
      expect(guild.ask(q, mode).terms[0]?.id, q).toBe('launch-week');
    }
    expect(shipped.define('launch week').reply?.kind).toBe('not-found');
    expect(shipped.ask('what is launch week?', 'channel').reply).toBeUndefined();
  });

  it('cites this server’s glossary, with who added it and when, without a ping', () => {
    const a = guild.define('launch week');
    if (a.reply?.kind !== 'definition') throw new Error('expected a definition');
    expect(a.reply.sources.map((s) => s.label)).toEqual(["this server's glossary"]);
    expect(a.reply.server).toEqual([{ entry: { id: 'launch-week', name: 'Launch Week', kind: 'term', area: 'content' }, addedBy: ALICE, addedAt: '2026-11-30T10:00:00.000Z' }]);
    expect(a.reply.related.map((r) => r.id)).toEqual(['reach', 'launch-party']);
    expect(renderText(a.reply)).toMatch(/From this server's glossary, added by user 333333333333333333 on 2026-11-30\./);
    const d = renderDiscord(a.reply);
    expect(JSON.stringify(d.embeds)).toContain(`added by <@${ALICE}> on <t:${Date.parse('2026-11-30T10:00:00Z') / 1000}:D>`);
  });

  it('a same-named entry takes the shipped one’s place in that server, and the answer says so', () => {
    const a = guild.define('reach');
    if (a.reply?.kind !== 'definition') throw new Error('expected a definition');
    expect(a.reply.definition.text).toMatch(/opened our newsletter/);
    expect(a.reply.server?.[0]?.replaces?.name).toBe('Reach');
    expect(a.reply.comparisons).toEqual([]);
    expect(renderText(a.reply)).toMatch(/edited 2026-12-01\. In this server it takes the place of the shipped entry “Reach”\./);
    // The shipped comparison of reach and impressions spoke of the shipped reach: here it is put together from both entries.
    const c = guild.compare('reach', 'impressions');
    expect(c.reply).toMatchObject({ kind: 'comparison', derived: true });
    expect(shipped.compare('reach', 'impressions').reply).toMatchObject({ kind: 'comparison', derived: false });
    expect(shipped.define('reach').reply).toMatchObject({ definition: { text: expect.not.stringMatching(/newsletter/) } });
  });

  it('compares its own entries with shipped ones (derived), noting whose they are', () => {
    const c = guild.compare('launch week', 'engagement rate');
    expect(c.reply).toMatchObject({ kind: 'comparison', derived: true, a: { id: 'launch-week' }, b: { id: 'engagement-rate' } });
    if (c.reply?.kind === 'comparison') expect(c.reply.server?.map((n) => n.entry.id)).toEqual(['launch-week']);
    expect(guild.ask('launch week vs launch party', 'channel').terms.map((t) => t.id)).toEqual(['launch-week', 'launch-party']);
  });

  it('offers its own entries in autocomplete and did-you-mean, and keeps shipped ones there too', () => {
    expect(guild.complete('laun').map((e) => e.id).slice(0, 2).sort()).toEqual(['launch-party', 'launch-week']);
    expect(guild.complete('engagement r')[0]?.id).toBe('engagement-rate');
    expect(guild.complete('').slice(0, 3).map((e) => e.id)).toEqual(expect.arrayContaining(['launch-week']));
    const miss = guild.define('launch thing');
    expect(miss.reply?.kind).toBe('not-found');
    if (miss.reply?.kind === 'not-found') expect(miss.reply.suggestions.map((s) => s.id)).toEqual(expect.arrayContaining(['launch-week']));
  });

  it('hidden shipped entries vanish in that server only', () => {
    expect(shipped.define('hashtag').reply?.kind).toBe('definition');
    expect(guild.define('hashtag').reply?.kind).toBe('not-found');
    expect(guild.ask('what is a hashtag?', 'channel').reply).toBeUndefined();
    expect(guild.complete('hasht').map((e) => e.id)).not.toContain('hashtag');
    expect(guild.knowledge.entries.some((e) => e.id === 'hashtag')).toBe(false);
    for (const e of guild.knowledge.entries) {
      const a = guild.define(e.id);
      if (a.reply?.kind === 'definition') expect(a.reply.related.map((r) => r.id)).not.toContain('hashtag');
    }
  });

  it('builds without touching the shipped index, and the shipped termbot answers as before', () => {
    const before = shipped.index;
    const g2 = createGuildTermbot(shipped, { entries: [], hidden: [] });
    expect(shipped.index).toBe(before);
    for (const q of ['what is reach?', 'seo vs sem', 'is youtube a social network?', 'what is a hashtag?']) {
      expect(g2.ask(q, 'channel')).toEqual(shipped.ask(q, 'channel'));
    }
  });
});
