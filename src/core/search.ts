/**
 * The term index: exact lookup on normalized keys first, fuzzy matching with fuse.js second.
 *
 * - `resolve` turns a fragment of a question into an entry. Exact keys (name, aliases, folded for
 *   case, punctuation, plurals and spelling) win. Otherwise `fuzzy` looks for a key within a few
 *   edits of the whole fragment, among the keys that share enough letter pairs with it (a bigram
 *   index), so "socail netwroking" finds social networking while "media" does not become "social
 *   media" just because it is a substring, and chatter ("what's for lunch") costs microseconds.
 * - `suggest` ranks entries for "did you mean": look-alike keys, then the fuse.js index over
 *   names, aliases and definitions.
 * - `complete` serves autocomplete: exact > name prefix > alias prefix > word prefix > fuse.js.
 */
import Fuse, { type FuseIndex } from 'fuse.js';
import { canonicalWord, compactKey, MIN_COMPACT_MATCH, normalizeKey, words } from './normalize.ts';
import { isConcept, labelsOf, type Entry, type Knowledge } from './knowledge/types.ts';

interface KeyRecord {
  key: string;
  compact: string;
  id: string;
  isName: boolean;
}

interface EntryDoc {
  id: string;
  name: string;
  aliases: string[];
  definition: string;
}

export interface Resolution {
  /** Entry ids: one, or several when the text is an ambiguous alias. */
  ids: string[];
  how: 'exact' | 'fuzzy';
}

export type CompleteFilter = (entry: Entry) => boolean;

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** How many edits a fuzzy match may need, by length: none for short words, up to 3 for long phrases. */
export function allowedEdits(length: number): number {
  if (length < 5) return 0;
  if (length < 8) return 1;
  if (length < 14) return 2;
  return 3;
}

/** Above this many entries, autocomplete's fuse.js pass over definitions costs more than a keystroke should. */
const FUSE_FALLBACK_MAX_ENTRIES = 2000;

/**
 * What fuse.js may be given. Its cost grows with the pattern's length times the errors it allows
 * (a pattern over 32 characters is even searched in several chunks), so a 100-character "a b a b …"
 * cost 50–90 ms a call: the words go to fuse.js distinct, without stopwords, at most
 * FUSE_MAX_WORDS of them and FUSE_MAX_CHARS in all.
 */
export const FUSE_MAX_WORDS = 3;
export const FUSE_MAX_CHARS = 16;
/** fuse.js ranks at most this many candidate entries, picked first by a word index (so its cost does not grow with the glossary). */
export const FUSE_MAX_CANDIDATES = 12;
/** Everything that reaches the matching stages is cut to this many characters first (slash options hold 100). */
export const MAX_QUERY_CHARS = 100;
/** The bigram (Dice) pass compares at most this many characters: no name or alias is longer than a sentence. */
const MAX_SIMILAR_CHARS = 60;

const FUSE_OPTIONS = {
  keys: [
    { name: 'name', weight: 3 },
    { name: 'aliases', weight: 2 },
    { name: 'definition', weight: 0.5 },
  ],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.4,
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The items of a sorted list whose text starts with `prefix` (at most `max`), by binary search. */
function prefixRange<T>(sorted: readonly T[], text: (item: T) => string, prefix: string, max: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (text(sorted[mid]!) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && out.length < max && text(sorted[i]!).startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/** Small words that carry no meaning of their own in a term. */
const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'for', 'to', 'and', 'or', 'is', 'are', 'what', 'it', 'my', 'our', 'your', 'with', 'by', 'at', 'vs', 'do', 'does']);

/** The word with each single letter deleted. */
function deletes(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/**
 * The words of a text worth a fuzzy search, as one short fuse.js pattern, or undefined when there
 * are none (one-letter words, stopwords, repeats only: hopeless, so no search at all).
 */
export function fuseQuery(text: string): string | undefined {
  const out: string[] = [];
  let length = 0;
  for (const w of words(text.slice(0, MAX_QUERY_CHARS))) {
    if (w.length < 2 || STOPWORDS.has(w) || out.includes(w)) continue;
    const word = w.slice(0, FUSE_MAX_CHARS);
    if (length + word.length + (out.length ? 1 : 0) > FUSE_MAX_CHARS) break;
    out.push(word);
    length += word.length + (out.length > 1 ? 1 : 0);
    if (out.length >= FUSE_MAX_WORDS) break;
  }
  return out.length > 0 ? out.join(' ') : undefined;
}

function bigrams(s: string): string[] {
  const padded = ` ${s} `;
  const out: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
  return out;
}

/**
 * Texts indexed by their letter pairs, for a Dice-coefficient search (2·shared / (|a|+|b|)). Each
 * pair's list is sorted by text length, so only texts of a length that can reach the wanted score
 * (or, with `within`, that are at most that many characters longer or shorter) are looked at: a
 * common pair ("in", "er") does not walk every text. Matches come in the order the full lists would
 * give them (by the first pair of the query that finds a text, then by position), so ties rank the same.
 */
class LetterPairs {
  private readonly lists = new Map<string, Int32Array>();
  private readonly lengths: Uint16Array;
  private readonly counts: Uint16Array;
  private readonly first: Uint16Array;

  constructor(texts: readonly string[]) {
    const lengths = (this.lengths = Uint16Array.from(texts, (t) => Math.min(t.length, 0xffff)));
    this.counts = new Uint16Array(texts.length);
    this.first = new Uint16Array(texts.length);
    // Visiting the texts by length (then position) fills every pair's list already in that order.
    const order = Array.from(texts, (_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    const lists = new Map<string, number[]>();
    for (const index of order) {
      for (const g of new Set(bigrams(texts[index]!))) {
        const list = lists.get(g);
        if (list) list.push(index);
        else lists.set(g, [index]);
      }
    }
    for (const [g, list] of lists) this.lists.set(g, Int32Array.from(list));
  }

  /** Texts with a Dice coefficient of at least `min` with `query` (its first MAX_SIMILAR_CHARS characters), by position. */
  similar(query: string, min: number, within?: number): Map<number, number> {
    const qGrams = new Set(bigrams(query.slice(0, MAX_SIMILAR_CHARS)));
    const q = qGrams.size;
    // A text of length L has at most L + 1 distinct pairs, so its Dice is at most 2·min(q, L + 1) / (q + L + 1):
    // that bounds the lengths worth a look (with slack for rounding).
    let lo = Math.max(0, Math.floor((min * q) / (2 - min)) - 2);
    let hi = Math.ceil((2 * q) / min - q) + 1;
    if (within !== undefined) {
      lo = Math.max(lo, query.length - within);
      hi = Math.min(hi, query.length + within);
    }
    const { counts, first, lengths } = this;
    const touched: number[] = [];
    let at = 0;
    for (const g of qGrams) {
      at++;
      const list = this.lists.get(g);
      if (!list) continue;
      // The first text of length ≥ lo, by binary search.
      let a = 0;
      let b = list.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (lengths[list[mid]!]! < lo) a = mid + 1;
        else b = mid;
      }
      for (let k = a; k < list.length; k++) {
        const index = list[k]!;
        if (lengths[index]! > hi) break;
        if (counts[index] === 0) {
          touched.push(index);
          first[index] = at;
        }
        counts[index]! += 1;
      }
    }
    const kept: number[] = [];
    for (const index of touched) {
      if ((2 * counts[index]!) / (q + lengths[index]! + 1) >= min) kept.push(index);
      else counts[index] = 0;
    }
    if (kept.length > 1) kept.sort((x, y) => first[x]! - first[y]! || x - y);
    const out = new Map<number, number>();
    for (const index of kept) {
      out.set(index, (2 * counts[index]!) / (q + lengths[index]! + 1));
      counts[index] = 0;
    }
    return out;
  }
}

export class TermIndex {
  private readonly exactKeys = new Map<string, string[]>();
  private readonly records: KeyRecord[] = [];
  /** The records' compact keys by letter pairs: finds the keys a typo is close to. */
  private readonly keyPairs: LetterPairs;
  private readonly docs: EntryDoc[];
  /** Every word of every name, alias and definition, sorted, with the entries (indices into `docs`) it appears in. */
  private readonly docWords: { word: string; docs: number[] }[] = [];
  /** The same words by letter pairs: finds the words a typo is close to. */
  private readonly docWordPairs: LetterPairs;
  private readonly popular: Entry[];
  /** Each entry's name and aliases in lower case (made on first use). */
  private lowerLabels: string[][] | undefined;
  /** fuse.js's index records of every entry (made on first use). */
  private fuseRecords: ReturnType<FuseIndex<EntryDoc>['toJSON']> | undefined;
  /** For autocomplete: record indices sorted by key, by compact key, and every in-key word start ("media marketing", "marketing"). */
  private readonly byKey: number[];
  private readonly byCompact: number[];
  private readonly wordStarts: { text: string; index: number }[];
  /** Every word that appears in a name or alias, normalized. */
  private readonly vocabulary = new Set<string>();
  /** The vocabulary's words with one letter deleted (SymSpell): finds a word within ~2 edits of a typo cheaply. */
  private readonly vocabularyDeletes = new Set<string>();

  constructor(private readonly knowledge: Knowledge) {
    const addExact = (key: string, id: string) => {
      const list = this.exactKeys.get(key);
      if (!list) this.exactKeys.set(key, [id]);
      else if (!list.includes(id)) list.push(id);
    };
    for (const e of knowledge.entries) {
      labelsOf(e).forEach((label, i) => {
        const key = normalizeKey(label);
        if (!key) return;
        const compact = compactKey(key);
        addExact(key, e.id);
        addExact(compact, e.id);
        for (const w of key.split(' ')) this.vocabulary.add(w);
        this.records.push({ key, compact, id: e.id, isName: i === 0 });
      });
    }
    for (const w of this.vocabulary) for (const d of deletes(w)) this.vocabularyDeletes.add(d);
    this.keyPairs = new LetterPairs(this.records.map((r) => r.compact));
    const order = this.records.map((_, i) => i);
    this.byKey = [...order].sort((a, b) => cmp(this.records[a]!.key, this.records[b]!.key));
    this.byCompact = [...order].sort((a, b) => cmp(this.records[a]!.compact, this.records[b]!.compact));
    this.wordStarts = this.records
      .flatMap((r, index) => [...r.key.matchAll(/ /g)].map((m) => ({ text: r.key.slice((m.index ?? 0) + 1), index })))
      .sort((a, b) => cmp(a.text, b.text));
    this.docs = knowledge.entries.map((e) => ({ id: e.id, name: e.name, aliases: e.aliases, definition: isConcept(e) ? e.definition : e.relationSummary }));
    const wordDocs = new Map<string, number[]>();
    this.docs.forEach((d, i) => {
      for (const w of new Set(words([d.name, ...d.aliases, d.definition].join(' ')))) {
        const list = wordDocs.get(w);
        if (!list) wordDocs.set(w, [i]);
        else list.push(i);
      }
    });
    this.docWords = [...wordDocs].map(([word, docs]) => ({ word, docs })).sort((a, b) => cmp(a.word, b.word));
    this.docWordPairs = new LetterPairs(this.docWords.map((w) => w.word));
    this.popular = rankByLinks(knowledge);
  }

  /** Entry ids whose name or alias is exactly this text, after normalization. */
  exact(text: string): string[] {
    return this.exactKey(normalizeKey(text));
  }

  /** Whether a normalized word appears in some name or alias. */
  hasWord(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /**
   * Whether a text could name an entry at all: some word is a glossary word (for exact matches) or,
   * with `typos`, within a couple of edits of one. Lets chatter skip all further lookups.
   */
  couldName(text: string, typos: boolean): boolean {
    for (const raw of words(text)) {
      const w = canonicalWord(raw);
      if (STOPWORDS.has(w)) continue;
      if (this.vocabulary.has(w)) return true;
      if (typos && w.length >= 4 && this.nearVocabulary(w)) return true;
    }
    return false;
  }

  /** Words already checked by nearVocabulary (chat repeats its words); cleared when full. */
  private readonly near = new Map<string, boolean>();

  /** Whether a word is within about two edits of a vocabulary word: a SymSpell check over its one-letter deletes, memoized. */
  private nearVocabulary(w: string): boolean {
    let yes = this.near.get(w);
    if (yes !== undefined) return yes;
    yes = this.vocabularyDeletes.has(w);
    for (let i = 0; i < w.length && !yes; i++) {
      const d = w.slice(0, i) + w.slice(i + 1);
      yes = this.vocabulary.has(d) || this.vocabularyDeletes.has(d);
    }
    if (this.near.size >= 20_000) this.near.clear();
    this.near.set(w, yes);
    return yes;
  }

  /** The same, for an already normalized key. */
  exactKey(key: string): string[] {
    if (!key) return [];
    // A key without spaces is its own compact form: one lookup.
    const direct = this.exactKeys.get(key);
    if (direct !== undefined || key.indexOf(' ') < 0) return direct ?? [];
    const compact = compactKey(key);
    return (compact.length >= MIN_COMPACT_MATCH ? this.exactKeys.get(compact) : undefined) ?? [];
  }

  resolve(text: string): Resolution | undefined {
    const key = normalizeKey(text);
    const ids = this.exactKey(key);
    if (ids.length > 0) return { ids, how: 'exact' };
    return this.fuzzyKey(key);
  }

  /**
   * The closest entry within a few edits of the whole text, or nothing. Candidates are the keys that
   * share enough letter pairs and have a compatible length (a bigram index); the edit distance on the
   * whole string decides, so a substring ("media" in "social media") is never a match. (fuse.js ranks
   * "did you mean" and autocomplete below; here it would cost ~10x more for the same verdict.)
   * Takes an already normalized key.
   */
  fuzzyKey(key: string): Resolution | undefined {
    const compact = compactKey(key);
    const allowed = allowedEdits(compact.length);
    if (allowed === 0 || compact.length > 60 || !this.typoLike(key)) return undefined;
    let best: { id: string; distance: number; dice: number; isName: boolean } | undefined;
    for (const [index, dice] of this.keyPairs.similar(compact, 0.5, allowed)) {
      const r = this.records[index]!;
      // The allowance comes from what was typed, so "budget" is not a typo of "ad budget" (`similar` only
      // yields keys whose length is within it).
      const distance = editDistance(compact, r.compact, allowed);
      if (distance > allowed) continue;
      const better = !best || distance < best.distance || (distance === best.distance && (dice > best.dice || (dice === best.dice && r.isName && !best.isName)));
      if (better) best = { id: r.id, distance, dice, isName: r.isName };
    }
    return best ? { ids: [best.id], how: 'fuzzy' } : undefined;
  }

  /**
   * Whether a fragment looks like a misspelt term: at least one word is not a glossary word but is
   * within a couple of edits of one, and every other word is a glossary word ("socal media marketng"
   * yes; "video", "capital of france", "lunch" no). Cheap, so chatter never reaches fuzzy matching,
   * and correctly spelt words are never "corrected" into another entry.
   */
  private typoLike(key: string): boolean {
    let misspelt = 0;
    for (const w of key.split(' ')) {
      if (STOPWORDS.has(w) || this.vocabulary.has(w)) continue;
      if (w.length < 4) return false;
      if (this.nearVocabulary(w)) misspelt++;
      else return false;
    }
    return misspelt > 0;
  }

  /**
   * A fuse.js index over the few entries worth ranking for a (short, see fuseQuery) pattern: those
   * with a word that starts with, or shares most letter pairs with, one of the pattern's words, best
   * first, at most FUSE_MAX_CANDIDATES. `definitions` also looks at words of the definitions.
   */
  private fuseOver(pattern: string, definitions: boolean): Fuse<EntryDoc> {
    const score = new Map<number, number>();
    const lowerLabels = (this.lowerLabels ??= this.docs.map((d) => [d.name, ...d.aliases].map((l) => l.toLowerCase())));
    const consider = (index: number, s: number) => {
      const entry = this.docWords[index]!;
      const n = Math.min(entry.docs.length, FUSE_MAX_CANDIDATES * 4);
      for (let k = 0; k < n; k++) {
        const doc = entry.docs[k]!;
        if (!definitions && !lowerLabels[doc]!.some((l) => l.includes(entry.word))) continue;
        if ((score.get(doc) ?? 0) < s) score.set(doc, s);
      }
    };
    for (const w of pattern.split(' ')) {
      // Words that start with it ("persona" → personas, "lik" → likes).
      let lo = 0;
      let hi = this.docWords.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.docWords[mid]!.word < w) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo, n = 0; i < this.docWords.length && n < FUSE_MAX_CANDIDATES && this.docWords[i]!.word.startsWith(w); i++, n++) consider(i, 2);
      if (w.length < 4) continue;
      // Words a typo away: Dice coefficient over letter pairs.
      for (const [index, dice] of this.docWordPairs.similar(w, 0.5)) consider(index, dice);
    }
    const picked = [...score].sort((a, b) => b[1] - a[1]).slice(0, FUSE_MAX_CANDIDATES).map(([doc]) => doc);
    // fuse.js's own records of every entry are made once; each search takes those of its few candidates.
    const all = (this.fuseRecords ??= Fuse.createIndex(FUSE_OPTIONS.keys, this.docs).toJSON());
    const records = picked.map((doc, i) => ({ ...all.records[doc]!, i }));
    return new Fuse(
      picked.map((doc) => this.docs[doc]!),
      FUSE_OPTIONS,
      Fuse.parseIndex<EntryDoc>({ keys: all.keys, records }),
    );
  }

  /** Entries that look like the text, best first, for "did you mean". */
  suggest(text: string, limit = 5, filter?: CompleteFilter): Entry[] {
    const q = text.trim().slice(0, MAX_QUERY_CHARS);
    const compact = compactKey(normalizeKey(q));
    if (!compact) return [];
    const scores = new Map<string, number>();
    const bump = (id: string, score: number) => {
      const e = this.knowledge.byId.get(id);
      if (!e || (filter && !filter(e))) return;
      if ((scores.get(id) ?? 0) < score) scores.set(id, score);
    };
    for (const id of this.exact(q)) bump(id, 2);
    for (const [index, dice] of this.keyPairs.similar(compact, 0.45)) bump(this.records[index]!.id, dice);
    // Names and aliases that contain the words asked ("persona" → buyer persona).
    const pattern = fuseQuery(q);
    if (pattern) {
      for (const hit of this.fuseOver(pattern, false).search({ $or: [{ name: pattern }, { aliases: pattern }] }, { limit: limit * 2 })) {
        if ((hit.score ?? 1) <= 0.1) bump(hit.item.id, 0.6 - (hit.score ?? 0));
      }
    }
    return [...scores.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([id]) => this.knowledge.byId.get(id))
      .filter((e): e is Entry => e !== undefined);
  }

  /** Autocomplete choices: exact > name prefix > alias prefix > word prefix > fuzzy; an empty box shows the most linked entries. */
  complete(text: string, limit = 25, filter?: CompleteFilter): Entry[] {
    return this.completeRanked(text, limit, filter).map((x) => x.entry);
  }

  /**
   * The same, with each choice's tier (0 exact, 1 name prefix, 2 alias prefix, 3 word prefix, 4 look-alike,
   * 5 words of a definition; an empty box: 6 for every popular entry), so two indexes can be merged in order.
   * `lastResort: false` skips the search of definitions (an overlay runs it only when both indexes find nothing).
   */
  completeRanked(text: string, limit = 25, filter?: CompleteFilter, lastResort = true): { entry: Entry; tier: number }[] {
    const key = normalizeKey(text.slice(0, MAX_QUERY_CHARS));
    const keep = (e: Entry | undefined): e is Entry => e !== undefined && (!filter || filter(e));
    if (!key) return this.popular.filter(keep).slice(0, limit).map((entry) => ({ entry, tier: 6 }));
    const compact = compactKey(key);
    const tiers = new Map<string, number>();
    const rank = (id: string, tier: number) => {
      const prior = tiers.get(id);
      if (prior === undefined || tier < prior) tiers.set(id, tier);
    };
    for (const id of this.exactKeys.get(key) ?? this.exactKeys.get(compact) ?? []) rank(id, 0);
    const MAX = 400;
    // The last word is usually half typed ("unifie"): match it as typed as well as normalized.
    const typed = words(text.slice(0, MAX_QUERY_CHARS));
    const partial = [...typed.slice(0, -1).map(canonicalWord), typed[typed.length - 1] ?? ''].join(' ');
    for (const prefix of new Set([key, partial])) {
      for (const i of prefixRange(this.byKey, (i) => this.records[i]!.key, prefix, MAX)) rank(this.records[i]!.id, this.records[i]!.isName ? 1 : 2);
      for (const i of prefixRange(this.byCompact, (i) => this.records[i]!.compact, compactKey(prefix), MAX)) rank(this.records[i]!.id, this.records[i]!.isName ? 1 : 2);
      for (const w of prefixRange(this.wordStarts, (w) => w.text, prefix, MAX)) rank(this.records[w.index]!.id, 3);
    }
    const ranked = [...tiers.entries()]
      .map(([id, tier]) => ({ entry: this.knowledge.byId.get(id), tier }))
      .filter((x): x is { entry: Entry; tier: number } => keep(x.entry))
      .sort((x, y) => x.tier - y.tier || x.entry.name.length - y.entry.name.length || x.entry.name.localeCompare(y.entry.name));
    const has = (e: Entry) => ranked.some((x) => x.entry === e);
    if (ranked.length < limit && compact.length >= 3) {
      // Typos: keys that share most letter pairs with what was typed (or with a same-length prefix of a key).
      const near = [...this.keyPairs.similar(compact, 0.45)].sort((a, b) => b[1] - a[1]);
      for (const [index] of near) {
        const e = this.knowledge.byId.get(this.records[index]!.id);
        if (keep(e) && !has(e)) ranked.push({ entry: e, tier: 4 });
        if (ranked.length >= limit) break;
      }
    }
    const pattern = lastResort && ranked.length === 0 && compact.length >= 3 && this.knowledge.entries.length <= FUSE_FALLBACK_MAX_ENTRIES ? fuseQuery(text) : undefined;
    if (pattern) {
      // Last resort: words found only in definitions ("likes" → engagement), through fuse.js
      // (linear in the definitions' length: skipped for very large glossaries).
      for (const hit of this.fuseOver(pattern, true).search(pattern, { limit })) {
        const e = this.knowledge.byId.get(hit.item.id);
        if (keep(e) && !has(e)) ranked.push({ entry: e, tier: 5 });
      }
    }
    return ranked.slice(0, limit);
  }
}

/** Entries ranked by how many other entries link to them (related, broader, compared), then by name. */
function rankByLinks(k: Knowledge): Entry[] {
  const score = new Map<string, number>();
  const bump = (id: string, by = 1) => score.set(id, (score.get(id) ?? 0) + by);
  for (const e of k.entries) {
    e.related.forEach((id) => bump(id));
    if (isConcept(e)) e.broader.forEach((id) => bump(id, 2));
    else {
      bump(e.a, 2);
      bump(e.b, 2);
    }
    // The articles' own subjects come first: they are what members ask about most.
    if (e.sources.some((s) => s !== 'editorial')) bump(e.id, 3);
  }
  return [...k.entries].sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0) || a.name.localeCompare(b.name));
}
