/** Answer composition on the shipped knowledge: what a member sees, as data. */
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/adapters/text.ts';
import type { ClassificationReply, ComparisonReply, DefinitionReply, NotFoundReply } from '../src/core/reply.ts';
import { botFrom, term } from './helpers/fixture.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();

describe('definitions', () => {
  const reply = bot.ask('what is social media?').reply as DefinitionReply;
  it('cite their sources and show each article’s own definition', () => {
    expect(reply.kind).toBe('definition');
    const viewSources = reply.views.map((v) => v.source);
    expect(viewSources).toEqual(expect.arrayContaining(['diksha', 'waywardkind', 'smsn-explainer', 'smdm-explainer']));
    // The Kaplan and Haenlein definition, as the article quotes it.
    expect(reply.views.find((v) => v.source === 'smsn-explainer')?.text).toMatch(/Kaplan/);
    expect(reply.sources.map((s) => s.id)).toEqual(expect.arrayContaining(['diksha', 'waywardkind', 'smsn-explainer', 'smdm-explainer']));
  });
  it('say where the sources disagree', () => {
    expect(reply.disagreement?.sources.length).toBeGreaterThanOrEqual(2);
    expect(renderText(reply)).toMatch(/^(?:Sources disagree: )?The articles disagree on how social media relates to social networking\. \[/m);
    expect(renderText(reply, { detail: 'full' })).toMatch(/Where sources disagree/);
  });
  it('offer related entries and comparisons to open next', () => {
    expect(reply.related.length).toBeGreaterThan(0);
    expect(reply.comparisons.map((c) => c.id)).toContain('social-media-vs-social-networking');
  });
  it('number citations consistently in the text', () => {
    const text = renderText(reply);
    const marks = [...text.matchAll(/\[(\d+)(?:, \d+)*\]/g)].flatMap((m) => m[0].slice(1, -1).split(', ').map(Number));
    expect(Math.max(...marks)).toBeLessThanOrEqual(reply.sources.length);
  });
});

describe('comparisons', () => {
  it('state the relationship first, with each source’s view where they disagree', () => {
    const reply = bot.ask('social media vs social networking').reply as ComparisonReply;
    expect(reply.kind).toBe('comparison');
    expect(reply.derived).toBe(false);
    expect(reply.relationViews.map((v) => v.source)).toContain('smsn-explainer');
    const text = renderText(reply);
    expect(text.split('\n')[1]).toMatch(/^In short: /);
    expect(reply.dimensions.map((d) => d.name.toLowerCase()).join(' ')).toMatch(/purpose/);
    expect(reply.dimensions.map((d) => d.name.toLowerCase()).join(' ')).toMatch(/goal/);
  });
  it('are derived from both entries when none is written, never "no data"', () => {
    const reply = bot.compare('hashtag', 'landing page').reply as ComparisonReply;
    expect(reply.kind).toBe('comparison');
    expect(reply.derived).toBe(true);
    expect(reply.dimensions[0]?.name).toBe('In short');
    expect(reply.dimensions[0]?.a.length).toBeGreaterThan(10);
  });
  it('derive "part of" from the broader link', () => {
    const fx = botFrom([term('parent', 'Parent thing'), term('child', 'Child thing', { broader: ['parent'] })]);
    const reply = fx.compare('child thing', 'parent thing').reply as ComparisonReply;
    expect(reply.relation.kind).toBe('b-contains-a');
    expect(reply.relation.text.text).toBe('Child thing is part of parent thing.');
  });
  it('of an entry with itself is just its definition', () => {
    expect(bot.compare('SEO', 'search engine optimisation').reply?.kind).toBe('definition');
  });
});

describe('classifications', () => {
  it('answer the asked category from the sources’ views', () => {
    const youtube = bot.ask('is youtube a social network?').reply as ClassificationReply;
    expect(youtube.asked).toBe('social-network');
    expect(youtube.verdict?.answer).toBe('no');
    const instagram = bot.ask('is instagram social media?').reply as ClassificationReply;
    // Wayward Kind files Instagram under social networking; the other two under social media.
    expect(instagram.verdict?.answer).toBe('mixed');
    expect(instagram.verdict?.text).toMatch(/Wayward Kind/);
  });
  it('say the sources differ on whether Twitter is a social network (the explainer’s "dilemma")', () => {
    const reply = bot.ask('is twitter a social network?').reply as ClassificationReply;
    expect(reply.verdict?.answer).toBe('mixed');
  });
  it('list every source view for Twitter, the articles’ "biggest dilemma"', () => {
    const reply = bot.ask('Is Twitter social media or a social network?').reply as ClassificationReply;
    expect(reply.classification.views.map((v) => v.source)).toEqual(expect.arrayContaining(['smsn-explainer', 'diksha']));
    expect(reply.asked).toBeUndefined();
  });
});

describe('misses', () => {
  it('are silent in a channel and a not-found with suggestions when asked directly', () => {
    expect(bot.ask('what is engagment ratte?!').intent).toBe('define');
    expect(bot.ask('define recursion', 'channel')).toEqual({ intent: 'none', terms: [] });
    const direct = bot.ask('define recursion', 'direct').reply as NotFoundReply;
    expect(direct.kind).toBe('not-found');
    expect(direct.query).toBe('recursion');
  });
  it('offer "did you mean" for a near miss in /define, never a silent guess', () => {
    const reply = bot.define('hashtg').reply as DefinitionReply;
    // Close enough to correct, and the reply says it was corrected.
    expect(reply.entry.id).toBe('hashtag');
    expect(reply.matchedFrom).toBe('hashtg');
    const far = bot.define('influencer marketting strategy ideas').reply;
    expect(far?.kind).toBe('not-found');
    expect((far as NotFoundReply).suggestions.map((s) => s.id)).toContain('influencer-marketing');
  });
  it('show every meaning of an ambiguous acronym', () => {
    const reply = bot.ask('what does DM mean?').reply;
    expect(reply?.kind).toBe('ambiguous');
    expect(reply?.kind === 'ambiguous' && reply.meanings.map((m) => m.entry.id).sort()).toEqual(['digital-marketing', 'direct-message']);
  });
  it('give a short hint when someone talks to the bot without a question', () => {
    expect(bot.ask('hi there', 'direct').reply?.kind).toBe('hint');
  });
});

describe('help and the glossary list', () => {
  it('help counts what termbot knows', () => {
    const reply = bot.help().reply;
    expect(reply?.kind === 'help' && reply.counts.entries).toBe(knowledge.entries.length);
  });
  it('pages the glossary by area', () => {
    const page1 = bot.terms('metrics', 1).reply;
    expect(page1?.kind).toBe('term-list');
    if (page1?.kind !== 'term-list') return;
    expect(page1.entries.every((e) => e.area === 'metrics')).toBe(true);
    expect(page1.entries.length).toBeLessThanOrEqual(20);
    const last = bot.terms(undefined, 999).reply;
    expect(last?.kind === 'term-list' && last.page).toBe(last?.kind === 'term-list' ? last.pages : -1);
  });
});
