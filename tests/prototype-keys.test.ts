/**
 * Words that are also names of Object.prototype members ("constructor", "__proto__", "toString",
 * "hasOwnProperty", "valueOf") are ordinary words: every lookup keyed by text from members or
 * editors uses a Map (or a null-prototype object), so they are neither mistaken for built-ins as
 * queries nor unreachable as aliases.
 */
import { describe, expect, it } from 'vitest';
import { canonicalWord, normalizeKey } from '../src/core/normalize.ts';
import { botFrom, compile, term } from './helpers/fixture.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];
const knowledge = await shippedKnowledge();
const shipped = await shippedTermbot();

describe('prototype names as text', () => {
  it.each(WORDS)('normalizes %s to a plain string', (w) => {
    expect(typeof canonicalWord(w.toLowerCase())).toBe('string');
    expect(canonicalWord(w.toLowerCase())).toMatch(/^[a-z_]+$/);
    expect(typeof normalizeKey(w)).toBe('string');
    expect(normalizeKey(`what is ${w}?`)).toMatch(/^what is [a-z]+$/);
  });

  it.each(WORDS)('as a query to the shipped glossary, %s is a miss, never a crash or a built-in', (w) => {
    for (const q of [w, `what is ${w}?`, `${w} vs social media`, `is ${w} a social network?`]) {
      const asked = shipped.ask(q, 'direct');
      expect(asked.terms.every((t) => typeof t.id === 'string' && knowledge.byId.has(t.id))).toBe(true);
    }
    expect(shipped.define(w).reply?.kind).toBe('not-found');
    expect(shipped.compare(w, 'seo').reply?.kind).toBe('not-found');
    expect(shipped.complete(w).every((r) => knowledge.byId.has(r.id))).toBe(true);
    expect(shipped.index.suggest(w).every((e) => knowledge.byId.has(e.id))).toBe(true);
  });

  it('finds an entry aliased by every one of them', () => {
    const fx = botFrom([
      term('object-words', 'Object words', { aliases: WORDS }),
      term('social-media', 'Social media'),
    ]);
    for (const w of WORDS) {
      expect(fx.define(w).terms.map((t) => t.id)).toEqual(['object-words']);
      expect(fx.ask(`what is ${w}?`, 'direct').terms.map((t) => t.id)).toEqual(['object-words']);
      expect(fx.complete(w).map((r) => r.id)[0]).toBe('object-words');
      expect(fx.compare(w, 'social media').terms.map((t) => t.id)).toEqual(['object-words', 'social-media']);
    }
  });

  it('accepts them as entry names and source-free aliases in the checker', () => {
    const { problems, knowledge: k } = compile([term('constructor', 'constructor', { aliases: ['__proto__', 'valueOf'] }), term('tostring', 'toString', { aliases: ['hasOwnProperty'] })]);
    expect(problems).toEqual([]);
    expect(k.entries.map((e) => e.id).sort()).toEqual(['constructor', 'tostring']);
  });
});
