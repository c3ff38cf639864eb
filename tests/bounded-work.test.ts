/**
 * Work per call is bounded for any input: fuse.js (the slow, last-resort ranking) only ever sees a
 * short pattern and a few candidate entries, however long or hostile the text. Speed itself is
 * measured by `npm run bench` (its worst-case rows); here we check the bounds that make it so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import Fuse from 'fuse.js';
import { normalizeKey } from '../src/core/normalize.ts';
import { FUSE_MAX_CANDIDATES, FUSE_MAX_CHARS, FUSE_MAX_WORDS, fuseQuery } from '../src/core/search.ts';
import { adversarialInputs } from '../src/bench/adversarial.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const vocabulary = [...new Set(knowledge.entries.flatMap((e) => [e.name, ...e.aliases]).flatMap((l) => normalizeKey(l).split(' ')))];
const inputs = adversarialInputs(vocabulary);

afterEach(() => vi.restoreAllMocks());

/** Every pattern fuse.js was asked to search, with the number of documents it searched. */
function fuseCalls(run: () => void): { pattern: string; docs: number }[] {
  const spy = vi.spyOn(Fuse.prototype, 'search');
  run();
  return spy.mock.calls.map((call, i) => {
    const q = call[0] as string | { $or: { name?: string; aliases?: string }[] };
    const docs = (spy.mock.contexts[i] as unknown as { _docs: unknown[] })._docs.length;
    return { pattern: typeof q === 'string' ? q : (q.$or[0]?.name ?? ''), docs };
  });
}

describe('bounded work per call', () => {
  it('generates a few hundred adversarial inputs of at most 100 characters', () => {
    expect(inputs.length).toBeGreaterThan(200);
    expect(inputs.every((q) => q.length <= 100 && q.trim().length > 0)).toBe(true);
    expect(inputs.some((q) => q.startsWith('a b a b a b') && q.length >= 99)).toBe(true);
  });

  it('gives fuse.js a short pattern of distinct, meaningful words, or nothing for hopeless input', () => {
    expect(fuseQuery('a b a b a b a b a b a b')).toBeUndefined();
    expect(fuseQuery('the of a an is')).toBeUndefined();
    expect(fuseQuery('media media media media media media')).toBe('media');
    expect(fuseQuery('persona')).toBe('persona');
    const long = fuseQuery('ssssssssssssssssssssssssssssssssssssssssssssssssss marketing');
    expect(long!.length).toBeLessThanOrEqual(FUSE_MAX_CHARS);
    expect(fuseQuery('one two three four five six')!.split(' ').length).toBeLessThanOrEqual(FUSE_MAX_WORDS);
  });

  it.each([
    ['/define', (q: string) => void bot.define(q)],
    ['/compare', (q: string) => void bot.compare(q, q)],
    ['autocomplete', (q: string) => void bot.complete(q)],
    ['a mention', (q: string) => void bot.ask(q, 'direct')],
  ])('%s: fuse.js never sees more than a short pattern and a few candidates', (_, call) => {
    const calls = fuseCalls(() => inputs.forEach(call));
    for (const c of calls) {
      expect(c.pattern.length).toBeLessThanOrEqual(FUSE_MAX_CHARS);
      expect(c.docs).toBeLessThanOrEqual(FUSE_MAX_CANDIDATES);
    }
  });

  it('still finds entries through words of their definitions and typos', () => {
    const fx = bot.complete('likes').map((r) => r.id);
    expect(fx.length).toBeGreaterThan(0);
    expect(bot.index.suggest('hashtga').map((e) => e.id)).toContain('hashtag');
  });
});
