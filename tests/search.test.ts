/**
 * Ranking sets, after minisearch's: fixed documents, a query, the expected top hit, and why.
 */
import { describe, expect, it } from 'vitest';
import { editDistance } from '../src/core/search.ts';
import { botFrom, platform, term } from './helpers/fixture.ts';

const bot = botFrom([
  term('social-media', 'Social media', { aliases: ['social media platform'] }),
  term('social-networking', 'Social networking', { aliases: ['networking'] }),
  term('social-media-marketing', 'Social media marketing', { aliases: ['SMM'] }),
  term('seo', 'SEO (search engine optimization)', { aliases: ['SEO', 'search engine optimization'], area: 'search' }),
  term('search-engine-marketing', 'Search engine marketing', { aliases: ['SEM'], area: 'advertising' }),
  term('engagement', 'Engagement', { aliases: ['likes and comments'], definition: 'How people interact with content: likes, comments, shares.' }),
  term('engagement-rate', 'Engagement rate', { area: 'metrics' }),
  term('email-marketing', 'Email marketing', { aliases: ['email campaign'], area: 'email' }),
  term('hashtag', 'Hashtag', { area: 'formats' }),
  term('cookies', 'Cookies', { aliases: ['cookie'], area: 'analytics' }),
  platform('youtube', 'YouTube', 'social-media'),
  platform('twitter', 'Twitter (X)', 'social-media', { aliases: ['X', 'Twitter'] }),
]);
const top = (q: string) => bot.index.resolve(q)?.ids[0];

describe('resolve: exact first', () => {
  it.each([
    // Case and punctuation fold away.
    ['SOCIAL-MEDIA', 'social-media'],
    // A regular plural is the same key.
    ['hashtags', 'hashtag'],
    // British spelling meets American.
    ['search engine optimisation', 'seo'],
    // Spaces inside a word ("e mail", "you tube") fold into the compact key.
    ['you tube', 'youtube'],
    ['e-mail marketing', 'email-marketing'],
    // The new name and the old one both find the platform.
    ['x', 'twitter'],
    // "cookies" singularizes to the same key as "cookie".
    ['cookie', 'cookies'],
  ])('%s → %s', (q, id) => expect(top(q)).toBe(id));
});

describe('resolve: fuzzy second, only when close as a whole', () => {
  it.each([
    // Two swapped letters in a long phrase: within the allowed edits.
    ['socail netwroking', 'social-networking'],
    // One missing letter.
    ['engagment', 'engagement'],
    // A typo in a longer name still prefers the closest whole string, not a substring.
    ['social media marketng', 'social-media-marketing'],
    ['engagment rate', 'engagement-rate'],
  ])('%s → %s', (q, id) => expect(top(q)).toBe(id));

  it.each([
    // A substring of a name is not a match: "media" is not "social media".
    ['media'],
    // Short words get no fuzzy leeway: "seo" is exact, "sea" is not a typo of it.
    ['sea'],
    // Unrelated words stay unresolved rather than picking the nearest entry.
    ['recursion'],
    ['speed of light'],
    ['lunch'],
  ])('%s → nothing', (q) => expect(top(q)).toBeUndefined());
});

describe('autocomplete ranking', () => {
  const names = (q: string) => bot.complete(q).map((r) => r.id);
  it('puts an exact alias first', () => {
    // "SEM" is an exact alias of search engine marketing; SEO only shares a prefix letter.
    expect(names('sem')[0]).toBe('search-engine-marketing');
  });
  it('ranks name prefixes before alias prefixes and word prefixes', () => {
    // "social" starts three names; shorter names first.
    expect(names('social').slice(0, 3)).toEqual(['social-media', 'social-networking', 'social-media-marketing']);
    // "engagement" is exact for one and a prefix of another.
    expect(names('engagement').slice(0, 2)).toEqual(['engagement', 'engagement-rate']);
    // A word inside a name ("marketing") comes after prefixes but is still offered.
    expect(names('marketing')).toEqual(expect.arrayContaining(['social-media-marketing', 'email-marketing', 'search-engine-marketing']));
  });
  it('completes a half-typed word that normalization would bend', () => {
    // "unifie" folds to "unify" (like "cookie" → "cooky"); as typed it is still a prefix of "unified".
    const fx = botFrom([term('unified-tracking', 'Unified tracking')]);
    expect(fx.complete('unifie').map((r) => r.id)).toEqual(['unified-tracking']);
  });
  it('falls back to fuzzy matches for typos', () => {
    expect(names('hashtgs')).toContain('hashtag');
  });
  it('shows useful entries for an empty box, never more than 25', () => {
    expect(bot.complete('').length).toBeGreaterThan(0);
    expect(bot.complete('', { limit: 100 }).length).toBeLessThanOrEqual(12);
    expect(bot.complete('e').length).toBeLessThanOrEqual(25);
  });
  it('leaves comparisons out of the compare boxes', () => {
    expect(bot.complete('', { concepts: true }).every((r) => r.kind !== 'comparison')).toBe(true);
  });
});

describe('suggestions', () => {
  it('suggests look-alikes, not unrelated entries', () => {
    expect(bot.index.suggest('hashtga').map((e) => e.id)).toContain('hashtag');
    expect(bot.index.suggest('recursion')).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('socail', 'social', 3)).toBe(1);
    expect(editDistance('abc', 'abc', 1)).toBe(0);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('what runs uses this resolver', () => {
  // /define, /compare and the free-text spotter all go through TermIndex (exactKey, fuzzyKey, resolve):
  // the ranking above is what members get.
  it.each([
    ['SOCIAL-MEDIA', 'social-media'],
    ['hashtags', 'hashtag'],
    ['search engine optimisation', 'seo'],
    ['you tube', 'youtube'],
    ['socail netwroking', 'social-networking'],
    ['engagment rate', 'engagement-rate'],
  ])('%s → %s, in /define and in a question', (q, id) => {
    expect(top(q)).toBe(id);
    expect(bot.define(q).terms[0]?.id).toBe(id);
    expect(bot.explain(`what is ${q}?`, 'direct').trace.mentions.map((m) => m.ids[0])).toEqual([id]);
  });
});
