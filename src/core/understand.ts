/**
 * Understanding free text, steps 1 and 2: clean a chat message, spot the known entries it mentions
 * (the term index is the gazetteer), and turn it into a skeleton where every mention is a
 * placeholder ("are {T} and {T} the same thing ?", "is {P} a {C} ?"). Step 3, reading the intent
 * from the skeleton, is a model learned from examples (`intent.ts`); `termbot.ts` runs the steps.
 * Nothing here holds phrasing rules: those live in the examples under `knowledge/understanding/`.
 */
import { canonicalWord, fold, MIN_COMPACT_MATCH } from './normalize.ts';

const ASCII_TEXT = /^[\x20-\x7e]*$/;

/** Longer messages are conversation, not a terminology question. */
export const MAX_QUESTION_LENGTH = 300;
/** Words read from a message, at most (a question has far fewer). */
const MAX_TOKENS = 60;
/** The longest name, in words, the spotter looks for. */
const MAX_NAME_WORDS = 8;
/** A typo'd name is at most this many words. */
const MAX_TYPO_WORDS = 4;

export interface Cleaned {
  /** Folded, without mentions, links, code, markdown or emoji. */
  text: string;
}

/** Strips what is not words of the question: mentions, code blocks, links, markdown, emoji. */
export function clean(message: string): Cleaned {
  let t = message.length > 4 * MAX_QUESTION_LENGTH ? message.slice(0, 4 * MAX_QUESTION_LENGTH) : message;
  // Each replacement runs only when its tell-tale character is there: most chat has none of them.
  if (t.includes('```')) t = t.replace(/```[\s\S]*?(?:```|$)/g, ' ');
  if (t.includes('<')) t = t.replace(/<a?:\w+:\d+>/g, ' ').replace(/<(?:@[!&]?|#)\d+>/g, ' ').replace(/<t:\d+(?::\w)?>/g, ' ');
  if (t.includes('@')) t = t.replace(/@(?:everyone|here)\b/gi, ' ');
  if (t.includes('://')) t = t.replace(/https?:\/\/\S+/gi, ' ');
  const ascii = ASCII_TEXT.test(t);
  t = fold(t);
  if (/[`*_~>|#^]/.test(t)) t = t.replace(/`+/g, ' ').replace(/\|\||[*_~>^]+/g, ' ').replace(/(^|\s)#+(?=\s)/g, ' ');
  if (!ascii) {
    t = t
      .replace(/[’‘´]/g, "'")
      .replace(/[“”«»„]/g, '"')
      .replace(/[\p{Extended_Pictographic}\p{So}\p{Sk}\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ');
  }
  t = t.replace(/\s+/g, ' ').trim();
  return { text: t };
}

/** One word of the cleaned text: `word` is canonical (singular, American spelling, shorthand expanded). */
export interface Token {
  word: string;
  /** Character offsets in the cleaned text. */
  start: number;
  end: number;
}

/** A question mark is a token of its own; everything else that is not a letter or digit separates words. */
const TOKEN = /\?|&|\+|[\p{L}\p{N}][\p{L}\p{N}.']*/gu;

/**
 * The words of a cleaned text, normalized the way the index normalizes names (`normalizeKey`), so a
 * run of tokens joined by spaces is a lookup key. `shorthand` maps a chat spelling to its words
 * ("btwn" → "between", "wats" → "what is").
 */
export function tokenize(text: string, shorthand?: ReadonlyMap<string, readonly string[]>): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m && out.length < MAX_TOKENS; m = TOKEN.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (raw === '?') {
      out.push({ word: '?', start, end });
      continue;
    }
    if (raw === '&') {
      out.push({ word: 'and', start, end });
      continue;
    }
    if (raw === '+') {
      out.push({ word: 'plus', start, end });
      continue;
    }
    let w = raw;
    if (w.indexOf("'") >= 0 && shorthand?.has(w.replace(/'/g, ''))) w = w.replace(/'/g, '');
    if (w.indexOf('.') >= 0 || w.indexOf("'") >= 0) {
      w = w.replace(/^[.']+|[.']+$/g, '').replace(/'s$/, '').replace(/'/g, '');
      // Dots only survive between digits ("2.0"); "x.com" becomes "x com".
      if (w.indexOf('.') >= 0) {
        for (const part of w.split(/(?<!\d)\.|\.(?!\d)/)) if (part) pushWord(out, part, start, end, shorthand);
        continue;
      }
    }
    if (w) pushWord(out, w, start, end, shorthand);
  }
  return out;
}

function pushWord(out: Token[], raw: string, start: number, end: number, shorthand?: ReadonlyMap<string, readonly string[]>): void {
  const expanded = shorthand?.get(raw);
  if (expanded) for (const w of expanded) out.push({ word: canonicalWord(w), start, end });
  else out.push({ word: canonicalWord(raw), start, end });
}

export type MentionKind =
  /** A term (or a platform talked about as a term). */
  | 'term'
  | 'platform'
  /** A classification category ("social network", "messaging app") next to a platform. */
  | 'category'
  /** A person or source the knowledge cites ("Kaplan"): stands for the entries that cite them. */
  | 'source'
  /** A term that is also an everyday word ("story", "share"): the examples teach when it is the term. */
  | 'everyday'
  /** A written comparison named as a whole ("SEO vs SEM"): both its sides. */
  | 'comparison';

export interface Mention {
  /** Token range [from, to). */
  from: number;
  to: number;
  /** Character span in the cleaned text. */
  start: number;
  end: number;
  /** The text as written. */
  text: string;
  /** The normalized key that matched. */
  key: string;
  /** The entries it names: one, or several for an ambiguous name. Empty for a category that is no entry. */
  ids: string[];
  how: 'exact' | 'typo';
  kind: MentionKind;
  /** For a comparison: the word that joined its sides ("vs", "or", "and"). */
  joiner?: string;
}

/** What the spotter needs from the knowledge: `TermIndex` plus the word lists derived from it. */
export interface Gazetteer {
  /** Entry ids whose name or alias has this normalized key (comparisons excluded). */
  exactKey(key: string): string[];
  /** The entry within a few edits of the key, or nothing. */
  fuzzyKey(key: string): { ids: string[] } | undefined;
  /** Whether a canonical word appears in some name or alias. */
  hasWord(word: string): boolean;
  /** The most words the spotter tries from this word (at least 1; 2 for a short word, a name written in parts). */
  longestFrom(word: string): number;
  /** The most words of any name, alias or category that starts with this word (0: none starts with it). */
  namedFrom(word: string): number;
  /** Whether a word is within a couple of typos of a glossary word (cheap; gates the typo search). */
  nearWord(word: string): boolean;
  isPlatform(id: string): boolean;
  isComparison(id: string): boolean;
  /** Canonical word → entries that cite a person or source of that name ("kaplan"). */
  people: ReadonlyMap<string, string[]>;
  /** Normalized category phrases ("social network", "messaging app") → label. */
  categories: ReadonlyMap<string, string>;
  /** Single-word names that are also everyday words. */
  everyday: ReadonlySet<string>;
  /** Words of ordinary language (never corrected as typos). */
  ordinary: { has(word: string): boolean };
}

/** Small words that start no name alone and are never part of an unknown name. */
export const STOP = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'for', 'to', 'and', 'or', 'is', 'are', 'what', 'it', 'my', 'our', 'your', 'with', 'by', 'at', 'vs', 'do', 'does', '?']);

function join(tokens: readonly Token[], from: number, to: number): string {
  let s = tokens[from]!.word;
  for (let i = from + 1; i < to; i++) s += ` ${tokens[i]!.word}`;
  return s;
}

/** The words joined without spaces: the compact key of the run ("hash tag" → "hashtag"). */
function joinCompact(tokens: readonly Token[], from: number, to: number): string {
  let s = tokens[from]!.word;
  for (let i = from + 1; i < to; i++) s += tokens[i]!.word;
  return s;
}

function mention(text: string, tokens: readonly Token[], from: number, to: number, key: string, ids: string[], how: Mention['how']): Mention {
  const start = tokens[from]!.start;
  const end = tokens[to - 1]!.end;
  return { from, to, start, end, text: text.slice(start, end), key, ids, how, kind: 'term' };
}

const categoryKeys = new WeakMap<ReadonlyMap<string, string>, string[]>();

/** A category phrase, or one with a few letters more ("social networks" → social network). */
function isCategory(m: Mention, categories: ReadonlyMap<string, string>): boolean {
  if (m.kind === 'source') return false;
  if (categories.has(m.key)) return true;
  let keys = categoryKeys.get(categories);
  if (!keys) categoryKeys.set(categories, (keys = [...categories.keys()]));
  for (const c of keys) if (m.key.startsWith(c) && m.key.length - c.length <= 3) return true;
  return false;
}

const hasDigit = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

/**
 * Every mention of a known entry, left to right, longest first: exact names and aliases, then the
 * people and sources the knowledge cites, then (only for words that are not ordinary language) names
 * within a few typos.
 */
export function spot(text: string, tokens: readonly Token[], g: Gazetteer): Mention[] {
  const out: Mention[] = [];
  /** For each token, 1 + the index in `out` of the mention covering it, or 0. */
  const covered = new Uint16Array(tokens.length);
  for (let i = 0; i < tokens.length; ) {
    const w = tokens[i]!.word;
    let found: Mention | undefined;
    if (w !== '?') {
      // No name starts with a word the glossary does not use, and none is a single small word.
      const maxN = Math.min(MAX_NAME_WORDS, g.longestFrom(w), tokens.length - i);
      const minN = STOP.has(w) ? 2 : 1;
      // Names (and categories) starting with this word have at most `named` words: a longer run can
      // only be a name written in parts ("hash tag"), found by its compact key.
      const named = g.namedFrom(w);
      for (let n = maxN; n >= minN && !found; n--) {
        if (tokens[i + n - 1]!.word === '?') continue;
        if (n > named) {
          const compact = joinCompact(tokens, i, i + n);
          const ids = compact.length >= MIN_COMPACT_MATCH ? g.exactKey(compact) : [];
          if (ids.length > 0) found = mention(text, tokens, i, i + n, join(tokens, i, i + n), ids, 'exact');
          continue;
        }
        const key = join(tokens, i, i + n);
        const ids = g.exactKey(key);
        if (ids.length > 0) found = mention(text, tokens, i, i + n, key, ids, 'exact');
        else if (g.categories.has(key)) found = mention(text, tokens, i, i + n, key, [], 'exact');
      }
      if (!found && !STOP.has(w)) {
        const people = g.people.get(w);
        if (people) found = { ...mention(text, tokens, i, i + 1, w, people, 'exact'), kind: 'source' };
      }
    }
    if (found) {
      out.push(found);
      covered.fill(out.length, found.from, found.to);
      i = found.to;
    } else i++;
  }
  // Typos, only for words that are neither glossary words nor ordinary language ("enagement", not "pose").
  let tries = 0;
  /** Keys already looked up with no match (the windows around two typo'd words overlap). */
  let missed: string[] | undefined;
  for (let j = 0; j < tokens.length && tries < 3; j++) {
    const w = tokens[j]!.word;
    if (covered[j] || w.length < 4 || STOP.has(w) || g.hasWord(w) || g.ordinary.has(w) || hasDigit(w) || !g.nearWord(w)) continue;
    tries++;
    let best: Mention | undefined;
    for (let n = Math.min(MAX_TYPO_WORDS, tokens.length); n >= 1 && !best; n--) {
      for (let from = Math.max(0, j - n + 1); from <= j && from + n <= tokens.length && !best; from++) {
        // A name never starts or ends with a small word ("is enagement rate" is "enagement rate").
        if (STOP.has(tokens[from]!.word) || STOP.has(tokens[from + n - 1]!.word)) continue;
        // The window may take in whole exact mentions ("organc reach" → organic reach), never part of one.
        let free = true;
        for (let k = from; k < from + n; k++) {
          const c = covered[k]!;
          if (tokens[k]!.word === '?' || (c && (out[c - 1]!.from < from || out[c - 1]!.to > from + n))) free = false;
        }
        if (!free) continue;
        const key = join(tokens, from, from + n);
        if (missed?.includes(key)) continue;
        const r = g.fuzzyKey(key);
        if (r) best = mention(text, tokens, from, from + n, key, r.ids, 'typo');
        else (missed ??= []).push(key);
      }
    }
    if (best) {
      for (let k = best.from; k < best.to; k++) if (covered[k]) out[covered[k]! - 1]!.ids = [];
      out.push(best);
      covered.fill(out.length, best.from, best.to);
    }
  }
  if (out.length === 0) return out;
  // "organic and paid traffic": the first half of a pair shares the second's last words.
  for (let k = 0, n = out.length; k < n; k++) {
    const m = out[k]!;
    const a = m.from - 2;
    if (m.to - m.from < 2 || a < 0 || covered[a] || !JOINERS.has(tokens[a + 1]!.word)) continue;
    const key = `${tokens[a]!.word} ${join(tokens, m.from + 1, m.to)}`;
    const ids = g.exactKey(key);
    if (ids.length > 0) {
      out.push(mention(text, tokens, a, a + 1, key, ids, 'exact'));
      covered[a] = out.length;
    }
  }
  for (let k = out.length - 1; k >= 0; k--) if (out[k]!.ids.length === 0 && out[k]!.how === 'exact' && !g.categories.has(out[k]!.key)) out.splice(k, 1);
  out.sort(byFrom);
  // Kinds: platforms; categories only next to a platform ("is reddit a social network?"), else terms;
  // everyday words; the same entry named twice in a row ("X (formerly Twitter)") is one mention.
  let hasCategory = false;
  // A name with a platform among its meanings ("threads") is the platform next to a category or another platform.
  let surePlatform = false;
  let somePlatform = false;
  for (const m of out) {
    if (!hasCategory && isCategory(m, g.categories)) hasCategory = true;
    if (m.ids.length > 0 && m.ids.every(g.isPlatform)) surePlatform = true;
    if (m.ids.some(g.isPlatform)) somePlatform = true;
  }
  const hasPlatform = somePlatform && (hasCategory || surePlatform);
  const kept: Mention[] = [];
  for (const m of out) {
    if (m.kind === 'source') {
      kept.push(m);
      continue;
    }
    const platform = (hasCategory || surePlatform) && m.ids.some(g.isPlatform);
    if (hasPlatform && isCategory(m, g.categories) && !platform) m.kind = 'category';
    else if (m.ids.length === 0) continue;
    else if (m.ids.every(g.isComparison)) {
      m.kind = 'comparison';
      m.joiner = tokens.slice(m.from, m.to).find((t) => JOINERS.has(t.word))?.word ?? 'vs';
    } else if (platform) m.kind = 'platform';
    else if (m.to - m.from === 1 && g.everyday.has(m.key)) m.kind = 'everyday';
    const prev = kept[kept.length - 1];
    if (prev && prev.kind === m.kind && m.from - prev.to <= 2 && sameIds(prev.ids, m.ids)) {
      prev.to = m.to;
      prev.end = m.end;
      prev.text = text.slice(prev.start, prev.end);
      continue;
    }
    kept.push(m);
  }
  return kept;
}

const byFrom = (a: Mention, b: Mention): number => a.from - b.from;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const JOINERS = new Set(['vs', 'versus', 'v', 'or', 'and']);

export const PLACEHOLDERS: Record<MentionKind, string> = { term: '{T}', platform: '{P}', category: '{C}', source: '{S}', everyday: '{W}', comparison: '{T}' };

/** The message with each mention replaced by its placeholder, as skeleton words. */
export function skeleton(tokens: readonly Token[], mentions: readonly Mention[]): string[] {
  const out: string[] = [];
  let m = 0;
  for (let i = 0; i < tokens.length; ) {
    const mention = mentions[m];
    if (mention && mention.from === i) {
      out.push(PLACEHOLDERS[mention.kind]);
      if (mention.kind === 'comparison') out.push(mention.joiner ?? 'vs', PLACEHOLDERS.comparison);
      else {
        // One name that sets two things side by side ("owned media vs paid media", an alias of one entry) reads as a comparison.
        for (let j = mention.from + 1; j < mention.to - 1; j++) {
          const w = tokens[j]!.word;
          if (w === 'vs' || w === 'versus') {
            out.push(w, PLACEHOLDERS[mention.kind]);
            break;
          }
          // "earned media better than paid media": the word before "than" says how they are compared.
          if (w === 'than' && j - 1 > mention.from) {
            out.push(tokens[j - 1]!.word, w, PLACEHOLDERS[mention.kind]);
            break;
          }
        }
      }
      i = mention.to;
      m++;
      continue;
    }
    out.push(tokens[i]!.word);
    i++;
  }
  return out;
}
