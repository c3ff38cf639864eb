/**
 * Adversarial inputs for the worst-case rows of `npm run bench` (and the robustness tests): texts
 * built to make each matching stage do as much work as it can, up to the 100 characters a slash
 * command option or autocomplete box allows. Deterministic (seeded), so every run measures the same set.
 */
import { pick, rng } from './stats.ts';

const SHORT = ['a', 'b', 'e', 'i', 'o', 's', 'x', 'ad', 'so', 'me', 'ma', 'in', 'to', 'of', 'the', 'seo', 'ads', 'cta', 'roi', 'ugc'];

/** Repeats `unit` (joined by `sep`) until the text is `length` characters long, cut at a word boundary when it can be. */
function fill(unit: readonly string[], sep: string, length: number, r: () => number): string {
  let s = '';
  while (s.length < length) s += (s ? sep : '') + pick(r, unit);
  return s.slice(0, length).trimEnd();
}

/**
 * About 300 inputs of at most `max` characters: alternating one-letter words ("a b a b …"), long runs
 * of short words and glossary prefixes, random letters with and without spaces, words that almost
 * spell entries, punctuation and Unicode noise, and the same with a glossary word mixed in.
 */
export function adversarialInputs(vocabulary: readonly string[], max = 100, seed = 7): string[] {
  const r = rng(seed);
  const vocab = vocabulary.length > 0 ? vocabulary : ['social', 'media', 'marketing'];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const randomWord = (n: number) => Array.from({ length: n }, () => letters[Math.floor(r() * 26)]).join('');
  const typo = (w: string) => {
    if (w.length < 3) return w;
    const i = 1 + Math.floor(r() * (w.length - 2));
    return w.slice(0, i) + letters[Math.floor(r() * 26)] + w.slice(i + 1);
  };
  const out = new Set<string>();
  for (const len of [20, 50, 80, max]) {
    out.add(fill(['a', 'b'], ' ', len, () => 0).replace(/a a/g, 'a b'));
    out.add(Array.from({ length: Math.ceil(len / 2) }, (_, i) => (i % 2 ? 'b' : 'a')).join(' ').slice(0, len));
    out.add('a '.repeat(len).slice(0, len).trim());
    out.add('ab '.repeat(len).slice(0, len).trim());
    out.add('s'.repeat(len));
    out.add('media '.repeat(len).slice(0, len).trim());
    out.add('social media '.repeat(len).slice(0, len).trim());
    out.add('e-'.repeat(len).slice(0, len));
    out.add('vs '.repeat(len).slice(0, len).trim());
    out.add('what is '.repeat(len).slice(0, len).trim());
  }
  for (let i = 0; i < 60; i++) out.add(fill(SHORT, ' ', 40 + Math.floor(r() * (max - 40)), r));
  for (let i = 0; i < 40; i++) out.add(fill(vocab.map((w) => w.slice(0, 1 + Math.floor(r() * 3))), ' ', 60 + Math.floor(r() * (max - 60)), r));
  for (let i = 0; i < 40; i++) out.add(fill(vocab.map(typo), ' ', 30 + Math.floor(r() * (max - 30)), r));
  for (let i = 0; i < 30; i++) out.add(fill(vocab, ' ', 50 + Math.floor(r() * (max - 50)), r));
  for (let i = 0; i < 30; i++) out.add(randomWord(10 + Math.floor(r() * (max - 10))));
  for (let i = 0; i < 30; i++) out.add(Array.from({ length: 30 }, () => randomWord(1 + Math.floor(r() * 5))).join(' ').slice(0, max));
  for (let i = 0; i < 20; i++) out.add(fill(['a', 'b', 'é', 'ß', '٠', '𝐚', '-', '.', "'", '&', '+', 'ｓ', '\u200b'], r() < 0.5 ? ' ' : '', max, r));
  for (let i = 0; i < 20; i++) out.add(`${fill(SHORT, ' ', max - 20, r)} ${pick(r, vocab)}`.slice(0, max));
  return [...out].filter((s) => s.trim().length > 0).map((s) => s.slice(0, max));
}
