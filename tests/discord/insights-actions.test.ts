import { describe, expect, it } from 'vitest';
import missButton from '../../src/discord/components/insights-miss.ts';
import { actionParts, parseAction, termHash, type MissAction } from '../../src/discord/insights-actions.ts';
import { insightsComponents } from '../../src/discord/insights.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import type { InsightsReport } from '../../src/core/insights.ts';

const action = (term: string, entryId?: string): MissAction => (entryId ? { kind: 'alias', entryId, days: 30, hash: termHash(term), term } : { kind: 'add', days: 30, hash: termHash(term), term });

describe('insights actions in custom ids', () => {
  it('a short term rides whole; its hash says so', () => {
    const id = missButton.id(action('zorblax funnel'));
    const parsed = missButton.decode(id.split(':').slice(2));
    expect(parsed).toEqual(action('zorblax funnel'));
    expect(termHash(parsed!.term)).toBe(parsed!.hash);
  });

  it('a long term in astral letters is cut on whole characters and stays within 100', () => {
    const term = `${'𝔣𝔬𝔬 '.repeat(16)}end`.slice(0, 100);
    for (const a of [action(term), action(term, 'click-through-rate')]) {
      const id = missButton.id(a);
      expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
      const parsed = missButton.decode(id.split(':').slice(2))!;
      expect(parsed.hash).toBe(termHash(term));
      expect(term.startsWith(parsed.term)).toBe(true);
      expect(parsed.term).not.toMatch(/[\uD800-\uDBFF]$/); // no half of a surrogate pair
      expect(termHash(parsed.term)).not.toBe(parsed.hash); // cut: found again in the report
    }
  });

  it('refuses malformed parts', () => {
    for (const parts of [[], ['a'], ['a', '0', 'x', 't'], ['a', '400', 'x', 't'], ['a', '7', 'NOT-A-HASH', 't'], ['l', 'Bad_Id', '7', 'x', 't'], ['z', '7', 'x', 't']]) {
      expect(parseAction(parts)).toBeUndefined();
    }
    expect(actionParts(action('x', 'a'.repeat(100)), LIMITS.customId - 'tb:imiss:'.length)).toBeUndefined();
  });

  it('the report gets one row per term while they fit, then a menu; never more than Discord allows', () => {
    const report = (misses: number, suggestions: number): InsightsReport => ({
      guildId: 'g', from: '2026-11-01', to: '2026-11-30', days: 30,
      totals: { questions: 0, answered: 0, misses: 0, picks: 0 }, daily: [], sparkline: '', byKind: [], topAsked: [],
      topMisses: Array.from({ length: misses }, (_, n) => ({ term: `miss ${n}`, count: 1, ...(n % 2 ? { alias: { term: `miss ${n}`, entryId: 'hashtag', name: 'Hashtag', count: 1, via: 'close' as const } } : {}) })),
      aliasSuggestions: Array.from({ length: suggestions }, (_, n) => ({ term: `typo ${n}`, entryId: 'hashtag', name: 'Hashtag', count: 1, via: 'typo' as const })),
    });
    expect(insightsComponents(report(0, 0))).toEqual([]);
    const few = insightsComponents(report(3, 2));
    expect(few).toHaveLength(5);
    expect(few.every((r) => r.components.every((c) => c.type === 2))).toBe(true);
    const many = insightsComponents(report(10, 10));
    expect(many).toHaveLength(5);
    const menu = many[4]!.components[0]!;
    expect(menu.type).toBe(3);
    // Misses 5 to 10 (add, and alias for every other one: 9 options), then the 10 typos.
    expect('options' in menu && menu.options.length).toBe(19);
    const ids = many.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
