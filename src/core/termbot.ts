/**
 * The termbot core: one object built from the knowledge, answering free text and the commands.
 * Pure and synchronous: no discord.js, no I/O. Expected misses are values (not-found with
 * suggestions, or silence), never exceptions.
 */
import {
  ambiguousReply,
  classificationReply,
  ComparisonTable,
  definitionReply,
  derivedComparisonReply,
  helpReply,
  hintReply,
  notFoundReply,
  ref,
  termListReply,
  writtenComparisonReply,
} from './answer.ts';
import { isConcept, labelsOf, type Area, type ConceptEntry, type Entry, type Knowledge } from './knowledge/types.ts';
import type { Answer, EntryRef, Reply } from './reply.ts';
import { TermIndex, type Resolution } from './search.ts';
import { compactKey, normalizeKey } from './normalize.ts';
import { EVERYDAY_VERBS, EVERYDAY_WORDS, mentionReading, slotVariants, SPECIFIC, SPECIFIC_CONTEXT, understand, type Reading } from './understand.ts';

/** Work shared by the readings of one message. */
interface Memo {
  variants: Map<string, { text: string; key: string }[]>;
  fuzzy: Map<string, Resolution | false>;
}

interface Miss {
  intent: Answer['intent'];
  query: string;
  suggestFor: string;
  compareWith?: ConceptEntry;
}

export type AskMode =
  /** An ask channel: answer only understood questions about known entries; otherwise stay silent. */
  | 'channel'
  /** A DM or a mention: someone is talking to the bot, so a miss gets a short reply with suggestions. */
  | 'direct';

interface Resolved {
  ids: string[];
  how: 'exact' | 'fuzzy';
  text: string;
}

export interface Termbot {
  readonly knowledge: Knowledge;
  readonly index: TermIndex;
  /** Understands and answers a free-text message. */
  ask(message: string, mode?: AskMode): Answer;
  /** `/define`: an id, name, alias or typo; a miss is not-found with suggestions. */
  define(query: string): Answer;
  /** `/compare`: two ids, names, aliases or typos. */
  compare(first: string, second: string): Answer;
  help(): Answer;
  terms(area?: Area, page?: number): Answer;
  /** Autocomplete choices; `concepts` leaves out comparisons (for /compare's two boxes). */
  complete(text: string, options?: { concepts?: boolean; limit?: number }): EntryRef[];
}

const NONE: Answer = { intent: 'none', terms: [] };

export function createTermbot(knowledge: Knowledge): Termbot {
  const index = new TermIndex(knowledge);
  const table = new ComparisonTable(knowledge);

  /** Fuzzy matching is for short fragments: a typo'd term, not a sentence. */
  const MAX_FUZZY_WORDS = 6;

  /** A slot's readings (see slotVariants) with their normalized keys, computed once per message. */
  const variantsOf = (slot: string, memo?: Memo): { text: string; key: string }[] => {
    const cached = memo?.variants.get(slot);
    if (cached) return cached;
    const list = slotVariants(slot).map((text) => ({ text, key: normalizeKey(text) }));
    memo?.variants.set(slot, list);
    return list;
  };

  /**
   * Resolves a slot: `exact` tries names and aliases only; `fuzzy` also tolerates typos. `asIs` skips
   * the slot's variants (no articles or context dropped): for a whole message taken as a term.
   */
  const resolve = (slot: string, phase: 'exact' | 'fuzzy' = 'fuzzy', memo?: Memo, asIs = false): Resolved | undefined => {
    const trimmed = slot.trim();
    if (!trimmed || trimmed.length > 200) return undefined;
    if (knowledge.byId.has(trimmed)) return { ids: [trimmed], how: 'exact', text: trimmed };
    if (!index.couldName(trimmed, phase === 'fuzzy')) return undefined;
    const variants = asIs ? [{ text: trimmed, key: normalizeKey(trimmed) }] : variantsOf(trimmed, memo);
    for (const v of variants) {
      const ids = index.exactKey(v.key);
      if (ids.length > 0) return { ids, how: 'exact', text: v.text };
    }
    if (phase === 'exact') return undefined;
    for (const v of variants) {
      if (v.key.split(' ').length > MAX_FUZZY_WORDS) continue;
      const done = memo?.fuzzy.get(v.key);
      const r = done !== undefined ? done || undefined : index.fuzzyKey(v.key);
      memo?.fuzzy.set(v.key, r ?? false);
      if (r) return { ...r, text: v.text };
    }
    return undefined;
  };

  const entryAnswer = (e: Entry, asked?: string): Answer => {
    if (!isConcept(e)) return compareAnswerFor(e.a, e.b, asked);
    return { intent: 'define', terms: [ref(e)], reply: definitionReply(knowledge, table, e, asked) };
  };

  /** Notes on an answer how its names were matched: a typo anywhere makes it `typo`. */
  const matched = (a: Answer, ...rs: (Resolved | undefined)[]): Answer =>
    a.reply ? { ...a, match: rs.some((r) => r?.how === 'fuzzy') ? 'typo' : 'exact' } : a;

  const resolvedAnswer = (r: Resolved, query: string): Answer => {
    if (r.ids.length > 1) {
      const reply = ambiguousReply(knowledge, query, r.ids);
      return matched({ intent: 'define', terms: reply.meanings.map((m) => m.entry), reply }, r);
    }
    const e = knowledge.byId.get(r.ids[0] ?? '');
    if (!e) return NONE;
    return matched(entryAnswer(e, r.how === 'fuzzy' ? query : undefined), r);
  };

  function compareAnswerFor(aId: string, bId: string, matchedFrom?: string): Answer {
    const a = knowledge.byId.get(aId);
    const b = knowledge.byId.get(bId);
    if (!a || !b || !isConcept(a) || !isConcept(b)) return NONE;
    const written = table.find(a.id, b.id);
    const reply = written ? writtenComparisonReply(knowledge, written, matchedFrom) : derivedComparisonReply(knowledge, a, b);
    return { intent: 'compare', terms: [reply.a, reply.b], reply };
  }

  /** The concept a compare slot names: an ambiguous alias takes its first meaning that is a concept. */
  const concept = (r: Resolved | undefined): ConceptEntry | undefined => {
    for (const id of r?.ids ?? []) {
      const e = knowledge.byId.get(id);
      if (e && isConcept(e)) return e;
    }
    return undefined;
  };

  const notFound = (intent: Answer['intent'], query: string, suggestFor: string = query, compareWith?: ConceptEntry): Answer => {
    const reply = notFoundReply(query, index.suggest(suggestFor, 5, compareWith ? isConcept : undefined).filter((e) => e.id !== compareWith?.id), compareWith);
    return { intent, terms: [], reply, missed: suggestFor };
  };

  const lookupKey = (key: string) => index.exactKey(key);
  const couldBeAnswered = (cleaned: { text: string }) => cleaned.text.length > 0 && index.couldName(cleaned.text, true);
  const isWord = (word: string) => index.hasWord(word);

  /**
   * A whole message taken as a term, in a channel: it must be an entry's own name ("hashtags?"), or an
   * acronym typed in capitals ("CTR?"); an alias that is an everyday word ("timeline?", "copy?") is not enough.
   */
  function bareOk(res: Resolved, message: string): boolean {
    const key = normalizeKey(res.text);
    if (message.includes(res.text.toUpperCase()) && /^[a-z0-9]{2,6}$/.test(compactKey(key))) return true;
    if (compactKey(key).length <= 3) return false;
    return res.ids.some((id) => {
      const e = knowledge.byId.get(id);
      if (!e) return false;
      const main = labelsOf(e).filter((l, i) => i === 0 || !e.aliases.includes(l));
      return main.some((l) => normalizeKey(l) === key);
    });
  }

  /** "our funnel", "this post": about the team's own things, unless that is itself a name ("My Story"). */
  function isSpecific(slot: string, memo: Memo): boolean {
    if (!SPECIFIC.test(slot)) return false;
    for (const v of variantsOf(slot.trim(), memo)) if (SPECIFIC.test(`${v.text} `) && index.exactKey(v.key).length > 0) return false;
    return true;
  }

  /**
   * Tries one reading; `phase` says whether typos may be corrected. Records a miss worth reporting.
   * In a channel, only clear questions about terms count: not "our funnel", not "post or share?".
   */
  function tryReading(r: Reading, message: string, mode: AskMode, phase: 'exact' | 'fuzzy', misses: Miss[], memo: Memo): Answer | undefined {
    const channel = mode === 'channel';
    switch (r.intent) {
      case 'help':
        return channel && !r.addressed ? undefined : help();
      case 'terms':
        return channel && !r.addressed ? undefined : terms();
      case 'define': {
        if (channel && (!r.cue || isSpecific(r.slot, memo))) return undefined;
        // "the X …": only when the whole rest is a name ("what is the algorithm?"), not "the CTR on the new ad",
        // and not an everyday idiom ("what's the story?").
        if (channel && /^the /.test(r.slot)) {
          const rest = r.slot.slice(4).replace(/\s+(?:exactly|again|anyway|then|please|pls)$/, '');
          if (EVERYDAY_WORDS.has(normalizeKey(rest)) || SPECIFIC_CONTEXT.test(rest) || /\b(?:our|my|your|their|this|that) |\babout$/.test(rest)) return undefined;
          const res = resolve(rest, phase, memo);
          return res ? resolvedAnswer(res, res.how === 'fuzzy' ? res.text : rest) : undefined;
        }
        // A whole message is matched exactly in a channel unless it is a phrase ("socal media marketing?", not "video?"),
        // and a short lower-case word ("map?") is not taken for an acronym.
        if (r.bare && channel && phase === 'fuzzy' && !r.slot.includes(' ')) return undefined;
        const res = resolve(r.slot, phase, memo, r.bare);
        if (res && r.bare && channel && !r.slot.includes(' ') && !bareOk(res, message)) return undefined;
        if (res) return resolvedAnswer(res, res.how === 'fuzzy' ? res.text : r.slot);
        if (r.cue) misses.push({ intent: 'define', query: r.slot, suggestFor: r.slot });
        return undefined;
      }
      case 'compare': {
        if (channel && (isSpecific(r.a, memo) || isSpecific(r.b, memo))) return undefined;
        // "X or Y?" in a channel: both sides must be names as written ("reel or carousel for the launch?" is a decision).
        const asIs = channel && r.weak;
        const ra = resolve(r.a, phase, memo, asIs);
        const rb = resolve(r.b, phase, memo, asIs);
        const ea = concept(ra);
        const eb = concept(rb);
        if (ea && eb) {
          if (channel && r.weak && EVERYDAY_VERBS.has(normalizeKey(ra?.text ?? '')) && EVERYDAY_VERBS.has(normalizeKey(rb?.text ?? ''))) return undefined;
          return matched(ea.id === eb.id ? entryAnswer(ea) : compareAnswerFor(ea.id, eb.id), ra, rb);
        }
        if (!r.weak && (ea || eb)) misses.push({ intent: 'compare', query: `${r.a} vs ${r.b}`, suggestFor: ea ? r.b : r.a, ...(ea ? { compareWith: ea } : eb ? { compareWith: eb } : {}) });
        return undefined;
      }
      case 'classify': {
        if (channel && isSpecific(r.subject, memo)) return undefined;
        const rs = resolve(r.subject, phase, memo);
        const e = concept(rs);
        if (!e) {
          misses.push({ intent: 'classify', query: r.subject, suggestFor: r.subject });
          return undefined;
        }
        if (e.kind === 'platform') {
          const reply = classificationReply(knowledge, e, r.categories);
          return matched({ intent: 'classify', terms: [reply.entry], reply }, rs);
        }
        // A term, not a platform ("is blogging social media?"): compare it with the category asked about.
        const category = concept(r.categories[0] ? resolve(r.categories[0], 'exact') : undefined);
        return matched(category && category.id !== e.id ? compareAnswerFor(e.id, category.id) : entryAnswer(e), rs);
      }
    }
  }

  function ask(message: string, mode: AskMode = 'channel'): Answer {
    // In a channel, a message with no word of any name or alias (nor close to one) cannot be answered: stop early.
    const understood = understand(message, mode === 'channel' ? couldBeAnswered : undefined);
    if (understood.skipped) return NONE;
    const rs = understood.readings;
    const misses: Miss[] = [];
    const memo: Memo = { variants: new Map(), fuzzy: new Map() };
    // Exact names and aliases across every reading first; typo correction only when none fits.
    for (const phase of ['exact', 'fuzzy'] as const) {
      for (const r of rs) {
        const answer = tryReading(r, message, mode, phase, misses, memo);
        if (answer) return answer;
      }
    }
    // Last: a question that mentions known terms in a phrasing no rule covers.
    const mention = mentionReading(understood.cleaned, lookupKey, isWord);
    if (mention) {
      const answer = tryReading(mention, message, mode, 'exact', [], memo);
      if (answer) return answer;
    }
    if (mode === 'channel') return NONE;
    const miss = misses[0];
    if (miss) return notFound(miss.intent, miss.query, miss.suggestFor, miss.compareWith);
    return { intent: 'none', terms: [], reply: hintReply() };
  }

  function define(query: string): Answer {
    const q = query.trim();
    if (!q) return { intent: 'help', terms: [], reply: helpReply(knowledge) };
    const res = resolve(q);
    if (res) return resolvedAnswer(res, q);
    // A whole question typed into the box ("what is reach?") is understood too.
    const asked = ask(q, 'channel');
    if (asked.reply) return asked;
    return notFound('define', q);
  }

  function compare(first: string, second: string): Answer {
    const a = resolve(first);
    const b = resolve(second);
    const ea = concept(a);
    const eb = concept(b);
    if (!ea) return notFound('compare', first, first, eb);
    if (!eb) return notFound('compare', second, second, ea);
    return matched(ea.id === eb.id ? entryAnswer(ea) : compareAnswerFor(ea.id, eb.id), a, b);
  }

  function help(): Answer {
    return { intent: 'help', terms: [], reply: helpReply(knowledge) };
  }

  function terms(area?: Area, page = 1): Answer {
    return { intent: 'help', terms: [], reply: termListReply(knowledge, area, page) };
  }

  function complete(text: string, options: { concepts?: boolean; limit?: number } = {}): EntryRef[] {
    const filter = options.concepts ? isConcept : undefined;
    return index.complete(text, options.limit ?? 25, filter).map(ref);
  }

  return { knowledge, index, ask, define, compare, help, terms, complete };
}

export type { Reply };
