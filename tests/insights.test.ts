/** Insights, the pure part: outcomes from answers, counts, the report, the sparkline and the CSV. */
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  countOutcomes,
  csvCell,
  dayOf,
  DM_GUILD,
  MAX_TERM,
  outcomeOf,
  periodOf,
  reportCsv,
  reportText,
  sparkline,
  termKey,
  type Outcome,
  type OutcomeContext,
} from '../src/core/insights.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const AT = Date.parse('2026-11-30T10:00:00Z');
const G = '300000000000000001';
const ctx = (over: Partial<OutcomeContext> = {}): OutcomeContext => ({ at: AT, guildId: G, channelId: '400000000000000001', kind: 'mention', ...over });

describe('outcomes from answers', () => {
  it('keep the entries answered and an exact match, with time, server, channel and kind', () => {
    const o = outcomeOf(bot.ask('what is engagement rate?', 'direct'), ctx());
    expect(o).toEqual({ at: AT, day: '2026-11-30', guildId: G, channelId: '400000000000000001', kind: 'mention', intent: 'define', entries: ['engagement-rate'], match: 'exact' });
  });

  it('mark a corrected typo and keep what was typed (normalized), for alias suggestions', () => {
    const o = outcomeOf(bot.ask('what is enagement rate?', 'direct'), ctx());
    expect(o?.match).toBe('typo');
    expect(o?.entries).toEqual(['engagement-rate']);
    expect(o?.term).toBe('enagement rate');
  });

  it('mark typos in comparisons and classifications too', () => {
    expect(outcomeOf(bot.ask('reach vs impresions', 'direct'), ctx())).toMatchObject({ intent: 'compare', entries: ['reach', 'impressions'], match: 'typo' });
    expect(outcomeOf(bot.ask('is youtbe a social network?', 'direct'), ctx())).toMatchObject({ intent: 'classify', entries: ['youtube'], match: 'typo' });
    expect(outcomeOf(bot.compare('reach', 'impressions'), ctx({ kind: 'slash', command: 'compare' }))).toMatchObject({ match: 'exact', command: 'compare' });
  });

  it('keep only the missed term of a miss, normalized, never the message', () => {
    const o = outcomeOf(bot.ask('Hey, what is a ZORBLAX funnel?!', 'direct'), ctx());
    expect(o).toMatchObject({ entries: [], term: 'zorblax funnel' });
    expect(o).not.toHaveProperty('match');
    expect(JSON.stringify(o)).not.toMatch(/hey/i);
    // A comparison with one side missing keeps that side only.
    expect(outcomeOf(bot.ask('reach vs zorblax', 'direct'), ctx())).toMatchObject({ intent: 'compare', entries: [], term: 'zorblax' });
    expect(outcomeOf(bot.define('Zorblax™ Ads'), ctx({ kind: 'slash', command: 'define' }))).toMatchObject({ term: 'zorblaxtm ads' });
  });

  it('record nothing for silence, help, the term list or a hint', () => {
    expect(outcomeOf(bot.ask('lol same', 'channel'), ctx({ kind: 'channel' }))).toBeUndefined();
    expect(outcomeOf(bot.help(), ctx())).toBeUndefined();
    expect(outcomeOf(bot.terms(), ctx())).toBeUndefined();
    expect(outcomeOf(bot.ask('hello there', 'direct'), ctx())).toBeUndefined();
  });

  it('file direct messages under the DM pseudo-server', () => {
    expect(outcomeOf(bot.ask('what is reach?', 'direct'), ctx({ guildId: null, channelId: null, kind: 'dm' }))?.guildId).toBe(DM_GUILD);
  });

  it('record a did-you-mean pick with the term it was picked for', () => {
    const o = outcomeOf(bot.define('engagement-rate'), ctx({ kind: 'button', button: 'pick', pickedFor: 'Engagment Ratio' }));
    expect(o).toMatchObject({ kind: 'button', button: 'pick', match: 'pick', entries: ['engagement-rate'], term: 'engagment ratio' });
  });

  it('bound terms to 100 characters of whole words, and entries to 5', () => {
    const long = termKey(`${'abcdefghij '.repeat(30)}end`);
    expect(long.length).toBeLessThanOrEqual(MAX_TERM);
    expect(long.endsWith('abcdefghij')).toBe(true);
    expect(termKey('x'.repeat(6000))).toBe('');
    expect(termKey('  @everyone **bold** `code`  ')).toBe('everyone bold code');
    const answer = { intent: 'define' as const, terms: Array.from({ length: 9 }, (_, i) => ({ id: `e${i}`, name: `E${i}`, kind: 'term' as const, area: 'basics' as const })), reply: bot.ask('what is reach?', 'direct').reply! };
    expect(outcomeOf(answer, ctx())?.entries).toHaveLength(5);
  });
});

const o = (over: Partial<Outcome>): Outcome => ({ at: AT, day: dayOf(AT), guildId: G, channelId: null, kind: 'mention', intent: 'define', entries: [], ...over });

describe('counts', () => {
  const outcomes: Outcome[] = [
    o({ entries: ['reach'], match: 'exact' }),
    o({ entries: ['reach'], match: 'exact', day: '2026-11-28' }),
    o({ entries: ['reach', 'impressions'], match: 'exact', intent: 'compare' }),
    o({ entries: ['engagement-rate'], match: 'typo', term: 'enagement rate' }),
    o({ entries: ['engagement-rate'], match: 'typo', term: 'enagement rate', kind: 'slash', command: 'define' }),
    o({ term: 'zorblax' }),
    o({ term: 'zorblax', day: '2026-11-29' }),
    o({ term: 'engagment ratio' }),
    o({ kind: 'button', button: 'pick', match: 'pick', entries: ['engagement-rate'], term: 'engagment ratio' }),
    o({ kind: 'button', button: 'open', entries: ['impressions'] }),
  ];
  const c = countOutcomes(outcomes);

  it('count questions and misses per day, buttons apart', () => {
    expect(c.days).toEqual([
      { day: '2026-11-28', questions: 1, misses: 0 },
      { day: '2026-11-29', questions: 1, misses: 1 },
      { day: '2026-11-30', questions: 6, misses: 2 },
    ]);
    expect(c.buttons).toEqual([
      { button: 'open', count: 1 },
      { button: 'pick', count: 1 },
    ]);
    expect(c.kinds).toEqual([
      { kind: 'mention', count: 7 },
      { kind: 'slash', count: 1 },
    ]);
  });

  it('count entries from questions and picks, misses, picks and typos', () => {
    expect(c.entries).toEqual([
      { entryId: 'engagement-rate', count: 3 },
      { entryId: 'reach', count: 3 },
      { entryId: 'impressions', count: 1 },
    ]);
    expect(c.misses).toEqual([
      { term: 'zorblax', count: 2 },
      { term: 'engagment ratio', count: 1 },
    ]);
    expect(c.picks).toEqual([{ term: 'engagment ratio', entryId: 'engagement-rate', count: 1 }]);
    expect(c.typos).toEqual([{ term: 'enagement rate', entryId: 'engagement-rate', count: 2 }]);
  });
});

describe('the report', () => {
  const outcomes: Outcome[] = [
    ...Array.from({ length: 4 }, () => o({ entries: ['reach'], match: 'exact' as const })),
    o({ entries: ['reach'], match: 'exact', day: '2026-11-28' }),
    ...Array.from({ length: 3 }, () => o({ term: 'zorblax' })),
    o({ term: 'engagment ratio' }),
    o({ term: 'enagement rate' }),
    o({ kind: 'button', button: 'pick', match: 'pick', entries: ['engagement-rate'], term: 'engagment ratio' }),
    o({ entries: ['engagement-rate'], match: 'typo', term: 'engagemnt rate' }),
  ];
  const nameOf = (id: string) => knowledge.byId.get(id)?.name;
  const period = periodOf(AT, 7);
  const report = buildReport(countOutcomes(outcomes), { guildId: G, ...period, nameOf, closeEntry: (t) => (t === 'enagement rate' ? 'engagement-rate' : undefined) });

  it('covers every day of the period, zero-filled, with a sparkline', () => {
    expect(period).toEqual({ from: '2026-11-24', to: '2026-11-30', days: 7 });
    expect(report.daily.map((d) => d.questions)).toEqual([0, 0, 0, 0, 1, 0, 10]);
    expect(report.sparkline).toBe('▁▁▁▁▂▁█');
    expect(report.totals).toEqual({ questions: 11, answered: 6, misses: 5, picks: 1 });
  });

  it('lists the most asked entries by name and the top misses with counts', () => {
    expect(report.topAsked[0]).toEqual({ entryId: 'reach', name: 'Reach', count: 5 });
    expect(report.topMisses.map((m) => [m.term, m.count])).toEqual([
      ['zorblax', 3],
      ['enagement rate', 1],
      ['engagment ratio', 1],
    ]);
  });

  it('offers "make it an alias" for a miss members picked an entry for, or one close to a name', () => {
    expect(report.topMisses.find((m) => m.term === 'engagment ratio')?.alias).toMatchObject({ entryId: 'engagement-rate', via: 'pick' });
    expect(report.topMisses.find((m) => m.term === 'enagement rate')?.alias).toMatchObject({ entryId: 'engagement-rate', via: 'close' });
    expect(report.topMisses.find((m) => m.term === 'zorblax')?.alias).toBeUndefined();
  });

  it('lists did-you-mean picks and corrected typos as alias suggestions, minus names known since', () => {
    expect(report.aliasSuggestions.map((a) => [a.term, a.entryId, a.via])).toEqual([
      ['engagemnt rate', 'engagement-rate', 'typo'],
      ['engagment ratio', 'engagement-rate', 'pick'],
    ]);
    const later = buildReport(countOutcomes(outcomes), { guildId: G, ...period, isKnownName: (t) => t === 'engagment ratio' });
    expect(later.aliasSuggestions.map((a) => a.term)).toEqual(['engagemnt rate']);
    expect(later.topMisses.map((m) => m.term)).not.toContain('engagment ratio');
  });

  it('prints as text and exports as CSV', () => {
    const text = reportText(report);
    expect(text).toMatch(/Questions: 11 \(6 answered, 5 found nothing\)/);
    expect(text).toMatch(/zorblax/);
    const { daily, misses } = reportCsv(report);
    expect(daily.split('\r\n')[0]).toBe('day,questions,answered,misses');
    expect(daily.split('\r\n')).toContain('2026-11-30,10,5,5');
    expect(daily.split('\r\n').filter(Boolean)).toHaveLength(8);
    expect(misses.split('\r\n')).toContain('engagment ratio,1,engagement-rate');
  });

  it('an empty period is a report of zeros', () => {
    const empty = buildReport(countOutcomes([]), { guildId: DM_GUILD, ...periodOf(AT, 3) });
    expect(empty.sparkline).toBe('▁▁▁');
    expect(empty.topMisses).toEqual([]);
    expect(reportText(empty)).toMatch(/direct messages/);
  });
});

describe('small pieces', () => {
  it('sparkline scales to the busiest day', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([1, 10])).toBe('▂█');
    expect(sparkline([])).toBe('');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
  it('CSV cells are quoted and never formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell(-3)).toBe('-3');
  });
  it('periods are clamped to 1..366 days', () => {
    expect(periodOf(AT, 0).days).toBe(1);
    expect(periodOf(AT, 10_000).days).toBe(366);
  });
});
