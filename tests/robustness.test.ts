/** Bad input never throws and never produces an oversized or pinging answer. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderText } from '../src/adapters/text.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();

const NASTY = [
  '',
  '   \n\t  ',
  'x'.repeat(6000),
  `what is ${'social media '.repeat(500)}?`,
  '🤖🔥💯',
  'what is 🤖?',
  '\u200b\u200b\u200b',
  'what is s\u200be\u200bo',
  'what is \u202eoes\u202c',
  'مرحبا ما هو التسويق',
  'שלום what is SEO',
  'Z̵̡̢a̸̧͜l̷̢̛g̵̨̛o̴͓̚ what is seo',
  'what is e\u0301ngagement',
  '```\nwhat is seo\n```',
  '`what is seo`',
  '@everyone what is reach?',
  '@here <@&123456789012345678> is youtube a social network?',
  '<@123456789012345678> define **SEO**',
  '> quote\n# heading\n|| spoiler || what is ROI',
  '[link](https://example.com) what is CTR',
  '\u0000\u0001\u0002 what is seo',
  'what is \ud800',
  '?'.repeat(3000),
  'vs vs vs vs vs',
  'difference between and and and',
  'is is is is a social network',
  '/define',
  '/compare |',
];

describe('hostile and odd input', () => {
  for (const mode of ['channel', 'direct'] as const) {
    it.each(NASTY.map((s) => [JSON.stringify(s.slice(0, 40)), s]))(`${mode}: %s`, (_, input) => {
      const answer = bot.ask(input, mode);
      expect(['define', 'compare', 'classify', 'help', 'none']).toContain(answer.intent);
      const text = renderText(answer.reply);
      expect(text.length).toBeLessThan(8000);
      expect(text).not.toMatch(/@everyone|@here|<@&?\d+>/);
    });
  }

  it('answers questions wrapped in mentions and markdown', () => {
    expect(bot.ask('<@123456789012345678> define **SEO**').terms[0]?.id).toBe('seo');
    expect(bot.ask('@everyone what is reach?').terms[0]?.id).toBe('reach');
  });

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), fc.constantFrom('channel', 'direct'), (s, mode) => {
        const a = bot.ask(s, mode as 'channel' | 'direct');
        renderText(a.reply);
        if (mode === 'channel' && a.intent === 'none') expect(a.reply).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('never throws when a known question is decorated with noise (property)', () => {
    const noise = fc.constantFrom('', ' ', '!!', '?', ' 🙏', '\u200b', ' @everyone', ' **', '~~', ' pls', ' <@123456789012345678>');
    fc.assert(
      fc.property(noise, noise, fc.constantFrom('what is seo', 'reach vs impressions', 'is tiktok a social network'), (pre, post, q) => {
        const a = bot.ask(`${pre} ${q} ${post}`, "channel");
        expect(a.intent).not.toBe('none');
      }),
      { numRuns: 200 },
    );
  });

  it('commands survive any text too (property)', () => {
    // Up to 100 characters: the slash commands' option limit (setMaxLength(100)) and autocomplete's cut.
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 100 }), (a, b) => {
        renderText(bot.define(a).reply);
        renderText(bot.compare(a, b).reply);
        bot.complete(a);
      }),
      { numRuns: 200 },
    );
  });
});
