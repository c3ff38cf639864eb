import { describe, expect, it } from 'vitest';
import { clean, tokenize } from '../src/core/understand.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const mentions = (q: string) => bot.explain(q, 'direct').trace.mentions.map((m) => [m.text, m.how, m.kind, m.ids.join('|')]);

describe('cleaning a chat message', () => {
  it('drops mentions, links, code blocks, markdown and emoji', () => {
    expect(clean('<@123456789012345678> **what is** `SEO`? 🤔 https://x.test/a').text).toBe('what is seo ?');
    expect(clean('@everyone what is ~~reach~~').text).toBe('what is reach');
    expect(clean('```js\nconsole.log(1)\n```').text).toBe('');
  });
  it('folds Unicode look-alikes, accents and invisible characters', () => {
    expect(clean('ｗｈａｔ ｉｓ ＳＥＯ').text).toBe('what is seo');
    expect(clean('what is s\u200beo\u202e').text).toBe('what is seo');
    expect(clean('what is séo').text).toBe('what is seo');
  });
});

describe('tokens', () => {
  it('normalize like the index (plurals, spelling) and expand shorthand, keeping spans', () => {
    const shorthand = knowledge.phrasings!.shorthand;
    expect(tokenize("wats the diff btwn hashtags n stories?", shorthand).map((t) => t.word)).toEqual(['what', 'is', 'the', 'diff', 'between', 'hashtag', 'and', 'story', '?']);
    expect(tokenize('web 2.0 & a/b testing').map((t) => [t.word, t.start])).toEqual([['web', 0], ['2.0', 4], ['and', 8], ['a', 10], ['b', 12], ['testing', 14]]);
  });
});

describe('spotting the entries a message mentions', () => {
  it('takes the longest name first', () => {
    expect(mentions('is social media marketing part of digital marketing')).toEqual([
      ['social media marketing', 'exact', 'term', 'social-media-marketing'],
      ['digital marketing', 'exact', 'term', 'digital-marketing'],
    ]);
  });
  it('corrects typos only in words that are not ordinary language', () => {
    expect(mentions('what is enagement rate')).toEqual([['enagement rate', 'typo', 'term', 'engagement-rate']]);
    expect(mentions('whats organc reach')).toEqual([['organc reach', 'typo', 'term', 'organic-reach']]);
    expect(mentions('what is the capital of france')).toEqual([]);
  });
  it('finds the people the knowledge cites', () => {
    const [kaplan] = mentions('what did Kaplan say?');
    // The entries that quote them, the one named most often beside them first.
    expect(kaplan?.slice(0, 3)).toEqual(['kaplan', 'exact', 'source']);
    expect(kaplan?.[3]?.split('|')[0]).toBe('social-media');
  });
  it('reads a category next to a platform, and the same platform named twice as one', () => {
    expect(mentions('is X (formerly Twitter) a social network?')).toEqual([
      ['x (formerly twitter', 'exact', 'platform', 'twitter'],
      ['social network', 'exact', 'category', 'online-social-network|social-network'],
    ]);
  });
  it('completes the first half of "organic and paid traffic"', () => {
    expect(mentions("what's the difference between organic and paid traffic")).toEqual([
      ['organic', 'exact', 'term', 'organic-traffic'],
      ['paid traffic', 'exact', 'term', 'paid-traffic'],
    ]);
  });
  it('reads a written comparison named whole as its two sides', () => {
    expect(bot.skeletonOf('seo vs sem')).toBe('{T} vs {T}');
  });
});
