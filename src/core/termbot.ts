/**
 * The termbot core: one object built from the knowledge, answering free text and the commands.
 * Pure and synchronous: no discord.js, no I/O. Expected misses are values (not-found with
 * suggestions, or silence), never exceptions.
 *
 * A free-text message goes through four steps (see README, "How questions are understood"):
 * clean → spot the entries it mentions (the term index is the gazetteer) → skeleton → intent
 * model, then a verdict per mode. `explain` returns the same answer with a trace of every step.
 */
import {
  ambiguousReply,
  classificationReply,
  ComparisonTable,
  definitionReply,
  derivedComparisonReply,
  helpReply,
  sourcesReply,
  hintReply,
  notFoundReply,
  ref,
  termListReply,
  writtenComparisonReply,
} from './answer.ts';
import { EMPTY_PHRASINGS, IntentModel, type IntentLabel, type IntentReading, type IntentScore, type Phrasings } from './intent.ts';
import { isConcept, labelsOf, PLATFORM_LABELS, type Area, type ConceptEntry, type Entry, type Knowledge } from './knowledge/types.ts';
import { canonicalWord, normalizeKey } from './normalize.ts';
import { LABEL_WORDS } from './present.ts';
import type { Answer, ClassificationReply, EntryRef, Reply } from './reply.ts';
import { TermIndex } from './search.ts';
import { clean, MAX_QUESTION_LENGTH, skeleton, spot, STOP, tokenize, type Gazetteer, type Mention, type Token } from './understand.ts';

export type AskMode =
  /** An ask channel: answer only confident questions about known entries; otherwise stay silent. */
  | 'channel'
  /** A DM or a mention: someone is talking to the bot, so it takes the best reading or offers the terms it found. */
  | 'direct';

/** First words of a name that is itself a question (an alias like "which is better social media or social networking"). */
const QUESTION_START = new Set(['which', 'what', 'how', 'why', 'should', 'is', 'are', 'does', 'do', 'can']);
/** A word pointing back at what an earlier sentence named ("what does it mean?"). */
const POINTER = /\b(?:it|this|that)\b/;
/** How sure the model must be, per mode, before termbot answers. */
export const THRESHOLDS: Record<AskMode, number> = { channel: 0.7, direct: 0.3 };

/** Every step of reading one message, for `npm run ask -- --explain` and the tests. */
export interface Trace {
  mode: AskMode;
  cleaned: string;
  mentions: { text: string; span: [number, number]; how: Mention['how']; kind: Mention['kind']; ids: string[] }[];
  skeleton: string;
  /** Top intents with their probability. */
  scores: IntentScore[];
  /** Set when the skeleton is written so in the examples. */
  template?: IntentLabel;
  /** The sentence read, when the message has several and another one was the question. */
  sentence?: string;
  intent: IntentLabel | 'skipped';
  verdict: 'answer' | 'silence' | 'offer' | 'not-found' | 'hint';
  /** What decided the verdict, in words (for silence: which threshold or veto). */
  because: string;
}

export interface Termbot {
  readonly knowledge: Knowledge;
  readonly index: TermIndex;
  /** The intent model, trained from the phrasing examples at creation. */
  readonly model: IntentModel;
  /** Understands and answers a free-text message. */
  ask(message: string, mode?: AskMode): Answer;
  /** The same, with a trace of every step of understanding. */
  explain(message: string, mode?: AskMode): { answer: Answer; trace: Trace };
  /** The skeleton of a message, as the model sees it ("what is {T} ?"). */
  skeletonOf(message: string): string;
  /** `/define`: an id, name, alias or typo; a miss is not-found with suggestions. */
  define(query: string): Answer;
  /** `/compare`: two ids, names, aliases or typos. */
  compare(first: string, second: string): Answer;
  help(): Answer;
  terms(area?: Area, page?: number): Answer;
  /** Autocomplete choices; `concepts` leaves out comparisons (for /compare's two boxes). */
  complete(text: string, options?: { concepts?: boolean; limit?: number }): EntryRef[];
}

export interface TermbotOptions {
  /** The phrasing data (examples, shorthand, everyday words); defaults to the knowledge's own. */
  phrasings?: Phrasings;
  /** An already trained model (a server glossary can share the main one). */
  model?: IntentModel;
  /** Prebuilt parts: a server's overlay (src/core/glossary/overlay.ts) layers its own over the shipped ones instead of rebuilding them. */
  index?: TermIndex;
  table?: ComparisonTable;
  /** The spotter's word lists, prebuilt (a server's overlay: see overlayGazetteer). */
  gazetteer?: FullGazetteer;
}

const NONE: Answer = { intent: 'none', terms: [] };

function silence(trace: Trace | undefined, because: string): Answer {
  if (trace) Object.assign(trace, { verdict: 'silence', because });
  return NONE;
}

const SENTENCE_END = /[.!?;]\s/;

/** Words between two terms that make them a pair ("reels or stories", "SEO n SEM", "from X to Y"). */
const PAIR_JOINERS = new Set(['and', 'or', 'vs', 'versus', 'v', 'from', 'to', 'with', 'than', 'between', 'against', 'over']);

export function createTermbot(knowledge: Knowledge, options: TermbotOptions = {}): Termbot {
  const index = options.index ?? new TermIndex(knowledge);
  const table = options.table ?? new ComparisonTable(knowledge);
  const phrasings = options.phrasings ?? knowledge.phrasings ?? EMPTY_PHRASINGS;
  const gazetteer = options.gazetteer ?? buildGazetteer(knowledge, index, phrasings);
  const people = [...gazetteer.people.keys()];
  /** The sources' labels, lower-cased: a person named in one is a source's own author ("Diksha"), not someone it quotes. */
  const authors = [...knowledge.sources.values()].map((s) => s.label.toLowerCase());

  const tokensOf = (text: string) => tokenize(text, phrasings.shorthand);
  const skeletonWords = (text: string): string[] => {
    const tokens = tokensOf(text);
    return skeleton(tokens, spot(text, tokens, gazetteer));
  };
  const model =
    options.model ??
    new IntentModel(
      phrasings.examples.map((e) => ({ skeleton: skeletonWords(clean(e.text).text), intent: e.intent })),
      // A rare word is either a word of the field (the entries' own texts use it) or from elsewhere ("python", "baking").
      (w) => (gazetteer.field.has(w) || index.hasWord(w) ? '<field>' : '<other>'),
    );

  const entryAnswer = (e: Entry, asked?: string): Answer => {
    if (!isConcept(e)) return compareAnswerFor(e.a, e.b, asked);
    return { intent: 'define', terms: [ref(e)], reply: definitionReply(knowledge, table, e, asked) };
  };

  /** The answer for the entries a name matched: one entry, or every meaning of an ambiguous name. */
  const idsAnswer = (ids: readonly string[], query: string, typo: boolean): Answer => {
    if (ids.length > 1) {
      const reply = ambiguousReply(knowledge, query, ids);
      return { intent: 'define', terms: reply.meanings.map((m) => m.entry), reply };
    }
    const e = knowledge.byId.get(ids[0] ?? '');
    if (!e) return NONE;
    return entryAnswer(e, typo ? query : undefined);
  };

  function compareAnswerFor(aId: string, bId: string, matchedFrom?: string): Answer {
    const a = knowledge.byId.get(aId);
    const b = knowledge.byId.get(bId);
    if (!a || !b || !isConcept(a) || !isConcept(b)) return NONE;
    if (a.id === b.id) return entryAnswer(a);
    const written = table.find(a.id, b.id);
    const reply = written ? writtenComparisonReply(knowledge, written, matchedFrom) : derivedComparisonReply(knowledge, a, b);
    return { intent: 'compare', terms: [reply.a, reply.b], reply };
  }

  /** The concept a name stands for; of an ambiguous name's meanings, the first that is not `other`. */
  const conceptOf = (ids: readonly string[], other?: string): ConceptEntry | undefined => {
    let fallback: ConceptEntry | undefined;
    for (const id of ids) {
      const e = knowledge.byId.get(id);
      if (!e || !isConcept(e)) continue;
      if (e.id !== other) return e;
      fallback ??= e;
    }
    return fallback;
  };

  const notFound = (intent: Answer['intent'], query: string, compareWith?: ConceptEntry): Answer => {
    const reply = notFoundReply(query, index.suggest(query, 5, compareWith ? isConcept : undefined).filter((e) => e.id !== compareWith?.id), compareWith);
    return { intent, terms: [], reply, missed: query };
  };

  /** A message with no word of any name or alias (nor close to one, nor a cited person) cannot be answered in a channel. */
  const couldBeAnswered = (text: string): boolean => index.couldName(text, true) || people.some((p) => text.includes(p));

  /** A word neither the examples (often enough to learn from) nor the entries' texts use: part of a name termbot does not know. */
  const isUnknownWord = (w: string): boolean => !STOP.has(w) && !model.knows(w) && !gazetteer.field.has(w) && !gazetteer.asked.has(w);

  /**
   * The words of a message the model never saw and the spotter did not place: a real unknown term
   * ("what is a flibbet?"), never a fragment of a known one. At most four words in a row.
   */
  function unknownSpan(tokens: readonly Token[], mentions: readonly Mention[]): [number, number] | undefined {
    let best: [number, number] | undefined;
    let from = -1;
    const inMention = (i: number) => mentions.some((m) => i >= m.from && i < m.to);
    for (let i = 0; i <= tokens.length; i++) {
      const t = tokens[i];
      const unknown = t !== undefined && !inMention(i) && isUnknownWord(t.word);
      if (unknown && from < 0) from = i;
      if (!unknown && from >= 0) {
        if (!best || i - from > best[1] - best[0]) best = [from, i];
        from = -1;
      }
    }
    return best && best[1] - best[0] <= 4 ? best : undefined;
  }

  /**
   * For a DM or a mention with no reading that fits: when the message reads as a question once its
   * unknown words are taken for a term ("define {T}", "{T} vs {T}"), those words are the term asked
   * about, and the answer is "I don't have an entry for …" with suggestions.
   */
  function unknownTermAnswer(r: Read, text: string): { answer: Answer; why: string } | undefined {
    const span = unknownSpan(r.tokens, r.mentions);
    if (!span) return undefined;
    const at = r.mentions.filter((m) => m.to <= span[0]).length;
    const hypo: Mention = { from: span[0], to: span[1], start: r.tokens[span[0]]!.start, end: r.tokens[span[1] - 1]!.end, text: '', key: '', ids: [], how: 'exact', kind: 'term' };
    const { intent, p } = readText(text, undefined, { tokens: r.tokens, mentions: [...r.mentions.slice(0, at), hypo, ...r.mentions.slice(at)] });
    // Only a clear question makes the unknown words a term asked about ("hello there" is no question).
    if (p < THRESHOLDS.channel || (intent !== 'define' && intent !== 'compare' && intent !== 'classify')) return undefined;
    const query = text.slice(hypo.start, hypo.end);
    const known = r.mentions.find((m) => m.kind !== 'source' && m.ids.length > 0);
    const other = known && conceptOf(known.ids);
    if (intent === 'compare' && other) return { answer: notFound('compare', query, other), why: `read as a comparison with "${known.text}"; "${query}" is no known term` };
    return { answer: notFound(intent === 'compare' ? 'compare' : 'define', query), why: `read as ${intent} once "${query}" is taken for a term; it is no known term` };
  }

  interface Read {
    tokens: Token[];
    mentions: Mention[];
    skeleton: string[];
    reading: IntentReading;
    intent: IntentLabel;
    p: number;
    sentence?: string;
  }

  const readText = (text: string, sentence?: string, spotted?: { tokens: Token[]; mentions: Mention[] }): Read => {
    const tokens = spotted?.tokens ?? tokensOf(text);
    const mentions = spotted?.mentions ?? spot(text, tokens, gazetteer);
    const skel = skeleton(tokens, mentions);
    const reading = model.read(skel);
    const top = reading.scores[0]!;
    const intent = reading.template ?? top.intent;
    const p = reading.template ? 1 : top.p;
    return { tokens, mentions, skeleton: skel, reading, intent, p, ...(sentence !== undefined ? { sentence } : {}) };
  };

  /** The whole message, or, when it has several sentences, the one that reads most as a question. */
  function readMessage(text: string, spotted: { tokens: Token[]; mentions: Mention[] }): Read {
    const whole = readText(text, undefined, spotted);
    if (whole.intent !== 'none' && whole.p >= THRESHOLDS.channel) return whole;
    // One sentence (no ".", "!", "?" or ";" before a space): nothing else to read.
    if (!SENTENCE_END.test(text)) return whole;
    const parts = text.split(/(?<=[.!?;])\s+/).filter((s) => s.length > 2);
    if (parts.length < 2) return whole;
    let best = whole;
    // The one term the message names, for a question that points back at it ("… dark social … what does it mean?").
    const named = whole.mentions.filter((m) => m.kind === 'term' || m.kind === 'platform' || m.kind === 'everyday');
    const only = named.length > 0 && named.every((m) => m.ids.length === 1 && m.ids[0] === named[0]!.ids[0]) ? named[0] : undefined;
    for (let i = 0; i < parts.length; i++) {
      let s = parts[i]!;
      let r = readText(s, s);
      if (r.mentions.length === 0 && only && POINTER.test(s)) {
        s = s.replace(POINTER, only.text);
        r = readText(s, s);
      }
      if (r.mentions.length === 0 || r.intent === 'none') continue;
      if (best.intent === 'none' || r.p > best.p) best = r;
    }
    return best;
  }

  function run(message: string, mode: AskMode, trace: Trace | undefined): Answer {
    const cleaned = clean(message);
    const text = cleaned.text;
    if (trace) trace.cleaned = text;
    if (!text) return silence(trace, 'nothing left after cleaning');
    if (text.length > MAX_QUESTION_LENGTH) return silence(trace, `longer than ${MAX_QUESTION_LENGTH} characters: conversation, not a question`);
    // In a channel, a message with no word of any name (nor close to one) cannot be answered: stop early.
    if (mode === 'channel' && !couldBeAnswered(text)) return silence(trace, 'no word of any name, alias or cited person: cannot be about an entry');

    const tokens = tokensOf(text);
    const mentions = spot(text, tokens, gazetteer);
    // Every answer in a channel is about an entry the message names: none named, nothing to read.
    if (mode === 'channel' && mentions.length === 0) {
      if (trace) trace.intent = 'skipped';
      return silence(trace, 'names no entry (exactly, by a typo, or by a cited person)');
    }
    const r = readMessage(text, { tokens, mentions });
    if (trace) {
      trace.mentions = r.mentions.map((m) => ({ text: m.text, span: [m.start, m.end], how: m.how, kind: m.kind, ids: m.ids }));
      trace.skeleton = r.skeleton.join(' ');
      trace.scores = r.reading.scores.slice(0, 3).map((s) => ({ intent: s.intent, p: Math.round(s.p * 1000) / 1000 }));
      if (r.reading.template) trace.template = r.reading.template;
      if (r.sentence !== undefined) trace.sentence = r.sentence;
      trace.intent = r.intent;
    }
    const decided = (given: Answer, because: string): Answer => {
      // How the names were matched (for insights): a typo in any mention makes it `typo`.
      const kind = given.reply?.kind;
      const answer: Answer = given.reply && kind !== 'not-found' && kind !== 'hint' ? { ...given, match: r.mentions.some((m) => m.how === 'typo') ? 'typo' : 'exact' } : given;
      if (trace) Object.assign(trace, { verdict: answer.reply?.kind === 'not-found' ? 'not-found' : answer.reply?.kind === 'hint' ? (answer.reply.terms?.length ? 'offer' : 'hint') : 'answer', because });
      return answer;
    };
    // The reasons are words for the trace: not built when nobody reads them.
    const how = !trace ? '' : r.reading.template ? `the examples read "${r.skeleton.join(' ')}" as ${r.intent}` : `the model reads it as ${r.intent} (p=${r.p.toFixed(2)})`;
    const text2 = r.sentence ?? text;

    // A name that is itself a question ("which is better social media or social networking", an alias
    // of the entry that answers it) asks for that entry, whatever words come around it.
    const question = r.mentions.find((m) => m.kind === 'term' && m.ids.length === 1 && m.to - m.from >= 4 && QUESTION_START.has(r.tokens[m.from]!.word));
    if (question && (r.intent === 'none' || r.p < THRESHOLDS.channel)) {
      return decided(idsAnswer(question.ids, question.text, question.how === 'typo'), trace ? `"${question.text}" is a question one entry is named by` : '');
    }

    if (mode === 'channel') {
      if (r.intent === 'none') return silence(trace, `${how}: chatter`);
      if (r.p < THRESHOLDS.channel) return silence(trace, `${how}, below the ask-channel threshold ${THRESHOLDS.channel}`);
      if ((r.intent === 'help' || r.intent === 'terms' || (r.intent === 'sources' && !r.mentions.some((m) => m.kind === 'source'))) && !text.includes('termbot')) return silence(trace, `${how}, but not addressed to termbot`);
      const answer = answerFor(r.intent, r, text2, mode);
      if (!answer.answer) return silence(trace, `${how}, but ${answer.why}`);
      return decided(answer.answer, `${how}; ${answer.why}`);
    }

    // A DM or a mention: the best reading that fits the terms found, then an offer of those terms.
    const tried: string[] = [];
    for (const s of r.reading.template ? [{ intent: r.intent, p: 1 }] : r.reading.scores) {
      if (s.intent === 'none' || s.p < THRESHOLDS.direct) continue;
      const answer = answerFor(s.intent, r, text2, mode);
      if (answer.answer) return decided(answer.answer, `${r.reading.template ? how : `the model reads it as ${s.intent} (p=${s.p.toFixed(2)})`}; ${answer.why}`);
      tried.push(`${s.intent}: ${answer.why}`);
    }
    // "@termbot CTR": a message that is nothing but one entry's name asks for that entry.
    const only = r.mentions.length === 1 && r.skeleton.filter((w) => w !== '?' && w !== '!').length === 1 ? r.mentions[0] : undefined;
    if (only && (only.kind === 'term' || only.kind === 'platform') && only.ids.length > 0) {
      const answer = answerFor('define', r, text2, mode);
      if (answer.answer) return decided(answer.answer, `the message is only a name, "${only.text}": ${answer.why}`);
    }
    const missing = unknownTermAnswer(r, text2);
    if (missing) return decided(missing.answer, `${how}${tried.length ? ` (${tried.join('; ')})` : ''}; ${missing.why}`);
    const found = uniqueEntries(r.mentions);
    if (found.length > 0) {
      return decided({ intent: 'none', terms: found, reply: hintReply(found) }, `${how}${tried.length ? ` (${tried.join('; ')})` : ''}; offering the terms found`);
    }
    return decided({ intent: 'none', terms: [], reply: hintReply() }, `${how}; no known term: a hint`);
  }

  const uniqueEntries = (mentions: readonly Mention[]): EntryRef[] => {
    const out: EntryRef[] = [];
    for (const m of mentions) {
      // Everyday words ("like") and categories are not what someone asks about when nothing else fits.
      if (m.kind === 'everyday' || m.kind === 'category') continue;
      for (const id of m.ids) {
        const e = knowledge.byId.get(id);
        if (e && !out.some((x) => x.id === id)) out.push(ref(e));
      }
    }
    return out.slice(0, 5);
  };

  /** The answer for one intent with the mentions found, or why it does not fit. */
  function answerFor(intent: IntentLabel, r: Read, text: string, mode: AskMode): { answer?: Answer; why: string } {
    const concepts = r.mentions.filter((m) => m.kind !== 'source' && m.ids.length > 0);
    switch (intent) {
      case 'none':
        return { why: 'chatter' };
      case 'help':
        return { answer: help(), why: 'help' };
      case 'terms':
        return { answer: terms(), why: 'the glossary' };
      case 'sources': {
        const people = r.mentions.filter((m) => m.kind === 'source').map((m) => m.text);
        // People an article quotes ("Kaplan and Haenlein") lead to the entries citing them; a source's own author ("Diksha") to the source.
        if (people.length && !people.some((p) => authors.some((a) => a.includes(p.toLowerCase())))) return answerFor('define', r, text, mode);
        // "what is social networking according to Wayward Kind?" asks about the term (its answer gives each source's view).
        if (concepts.length > 0) return answerFor('define', r, text, mode);
        return { answer: sources(people), why: people.length ? `who ${people.map((p) => `"${p}"`).join(' and ')} is, among the sources` : 'the sources' };
      }
      case 'define': {
        // A term before an everyday word before a platform: "what is a story on instagram" asks about the story.
        const target = concepts.find((m) => m.kind === 'term') ?? concepts.find((m) => m.kind === 'everyday') ?? concepts.find((m) => m.kind !== 'category') ?? concepts[0];
        // "what is a zorblax funnel?": an unknown word right before or after the term makes another name.
        if (target) {
          let from = target.from;
          let to = target.to;
          while (from > 0 && isUnknownWord(r.tokens[from - 1]!.word)) from--;
          while (to < r.tokens.length && isUnknownWord(r.tokens[to]!.word)) to++;
          if (from < target.from || to > target.to) {
            const name = text.slice(r.tokens[from]!.start, r.tokens[to - 1]!.end);
            if (mode === 'channel') return { why: `"${name}" is a name termbot does not know` };
            return { answer: notFound('define', name), why: `"${name}" is a name termbot does not know (it holds "${target.text}")` };
          }
        }
        if (target) return { answer: idsAnswer(target.ids, target.text, target.how === 'typo'), why: `defines "${target.text}" (${target.how})` };
        const person = r.mentions.find((m) => m.kind === 'source');
        if (person?.ids[0]) return { answer: idsAnswer([person.ids[0]], person.text, false), why: `"${person.text}" is cited in ${person.ids[0]}` };
        return { why: 'it names no known term' };
      }
      case 'compare': {
        const written = r.mentions.find((m) => m.kind === 'comparison');
        const c = written && knowledge.byId.get(written.ids[0]!);
        if (written && c && c.kind === 'comparison' && concepts.filter((m) => m.kind !== 'comparison').length === 0) return { answer: entryAnswer(c), why: `"${written.text}" names the comparison ${c.id}` };
        const pair = pickPair(r);
        if (pair) {
          const b = conceptOf(pair[1].ids);
          const a = conceptOf(pair[0].ids, b?.id);
          const b2 = conceptOf(pair[1].ids, a?.id);
          if (a && b2) return { answer: compareAnswerFor(a.id, b2.id), why: `compares "${pair[0].text}" and "${pair[1].text}"` };
        }
        // "paid vs owned media": both sides are names of one entry that covers them together (two mentions of it, or one name joining both).
        const sides = concepts.filter((m) => m.kind !== 'comparison');
        const joined = sides.length === 1 && sides[0]!.ids.length === 1 && /\s(?:vs\.?|versus|and|or|than)\s/.test(sides[0]!.text);
        if (joined || (sides.length >= 2 && sides.every((m) => m.ids.length === 1 && m.ids[0] === sides[0]!.ids[0]))) {
          return { answer: idsAnswer(sides[0]!.ids, sides[0]!.text, sides.some((m) => m.how === 'typo')), why: `${sides.map((m) => `"${m.text}"`).join(' and ')} are both covered by ${sides[0]!.ids[0]}` };
        }
        const one = concepts[0];
        const comparison = one && one.ids.map((id) => knowledge.byId.get(id)).find((e) => e?.kind === 'comparison');
        if (comparison) return { answer: entryAnswer(comparison), why: `"${one.text}" names a comparison` };
        return { why: `it names ${concepts.length} known term${concepts.length === 1 ? '' : 's'}, not two` };
      }
      case 'classify': {
        const platforms: ConceptEntry[] = [];
        for (const m of r.mentions) {
          if (m.kind !== 'platform') continue;
          const e = conceptOf(m.ids.filter((id) => knowledge.byId.get(id)?.kind === 'platform'));
          if (e && !platforms.includes(e)) platforms.push(e);
        }
        if (platforms.length === 0) {
          // A term, not a platform ("is blogging social media?"): compare it with the category asked about.
          if (concepts.length >= 2) return answerFor('compare', r, text, mode);
          if (concepts.length === 1) return answerFor('define', r, text, mode);
          return { why: 'it names no platform' };
        }
        const cats = r.mentions.filter((m) => m.kind === 'category').map((m) => m.text);
        const last = r.mentions.filter((m) => m.kind === 'platform').pop()!;
        const categories = cats.length > 0 ? cats : [text.slice(last.end).trim()].filter(Boolean);
        const replies = platforms.map((p) => classificationReply(knowledge, p as Parameters<typeof classificationReply>[1], categories));
        const [first, ...others] = replies;
        const reply: ClassificationReply = others.length > 0 ? { ...first!, also: others } : first!;
        return { answer: { intent: 'classify', terms: replies.map((x) => x.entry), reply }, why: `classifies ${platforms.map((p) => p.name).join(' and ')}` };
      }
    }
  }

  /** The two terms compared: a written comparison's own sides, or two terms joined by "and", "or", "vs"…, or the first two. */
  function pickPair(r: Read): [Mention, Mention] | undefined {
    let sides = r.mentions.filter((m) => m.kind !== 'source' && m.ids.length > 0 && m.ids.some((id) => knowledge.byId.get(id)?.kind !== 'comparison'));
    // A term the others are kinds of is context, not a side ("is reach the same metric as impressions?").
    if (sides.length > 2) {
      const broaderOf = (m: Mention) => m.ids.flatMap((id) => {
        const e = knowledge.byId.get(id);
        return e && isConcept(e) ? e.broader : [];
      });
      const context = sides.filter((m) => sides.filter((o) => o !== m && broaderOf(o).some((b) => m.ids.includes(b))).length >= 2);
      if (sides.length - context.length >= 2) sides = sides.filter((m) => !context.includes(m));
    }
    // An everyday word ("short term", "the story") is a side only when fewer than two terms are named.
    if (sides.length > 2) {
      const named = sides.filter((m) => m.kind !== 'everyday');
      if (named.length >= 2) sides = named;
    }
    for (let i = 0; i + 1 < sides.length; i++) {
      const a = sides[i]!;
      const b = sides[i + 1]!;
      const between = r.tokens.slice(a.to, b.from).map((t) => t.word);
      if (between.length <= 2 && between.some((w) => PAIR_JOINERS.has(w))) return [a, b];
    }
    return sides.length >= 2 ? [sides[0]!, sides[1]!] : undefined;
  }

  function ask(message: string, mode: AskMode = 'channel'): Answer {
    return run(message, mode, undefined);
  }

  function explain(message: string, mode: AskMode = 'channel'): { answer: Answer; trace: Trace } {
    const trace: Trace = { mode, cleaned: '', mentions: [], skeleton: '', scores: [], intent: 'skipped', verdict: 'silence', because: '' };
    const answer = run(message, mode, trace);
    return { answer, trace };
  }

  function skeletonOf(message: string): string {
    return skeletonWords(clean(message).text).join(' ');
  }

  function define(query: string): Answer {
    const q = query.trim();
    if (!q) return help();
    if (knowledge.byId.has(q)) return { ...entryAnswer(knowledge.byId.get(q)!), match: 'exact' };
    const res = q.length <= 200 ? index.resolve(q) : undefined;
    if (res) return { ...idsAnswer(res.ids, q, res.how === 'fuzzy'), match: res.how === 'fuzzy' ? 'typo' : 'exact' };
    // A whole question typed into the box ("what is reach?") is understood too, when it names its terms
    // exactly (a phrase with a typo gets "did you mean", never a silent guess).
    const asked = explain(q, 'channel');
    if (asked.answer.reply && asked.trace.mentions.every((m) => m.how === 'exact')) return asked.answer;
    return notFound('define', q);
  }

  function compare(first: string, second: string): Answer {
    let typo = false;
    const lookup = (q: string) => {
      if (knowledge.byId.has(q.trim())) return [q.trim()];
      const r = q.length <= 200 ? index.resolve(q) : undefined;
      if (r?.how === 'fuzzy') typo = true;
      return r?.ids ?? [];
    };
    const idsA = lookup(first);
    const idsB = lookup(second);
    const ea = conceptOf(idsA, conceptOf(idsB)?.id);
    const eb = conceptOf(idsB, ea?.id);
    if (!ea) return notFound('compare', first, eb);
    if (!eb) return notFound('compare', second, ea);
    return { ...compareAnswerFor(ea.id, eb.id), match: typo ? 'typo' : 'exact' };
  }

  function help(): Answer {
    return { intent: 'help', terms: [], reply: helpReply(knowledge) };
  }

  function sources(people: readonly string[] = []): Answer {
    return { intent: 'help', terms: [], reply: sourcesReply(knowledge, people) };
  }

  function terms(area?: Area, page = 1): Answer {
    return { intent: 'help', terms: [], reply: termListReply(knowledge, area, page) };
  }

  function complete(text: string, opts: { concepts?: boolean; limit?: number } = {}): EntryRef[] {
    const filter = opts.concepts ? isConcept : undefined;
    return index.complete(text, opts.limit ?? 25, filter).map(ref);
  }

  return { knowledge, index, model, ask, explain, skeletonOf, define, compare, help, terms, complete };
}

/** A set of words that is only asked whether it holds a word (a server's overlay layers its own on the shipped one). */
export interface WordSet {
  has(word: string): boolean;
}

export type FullGazetteer = Gazetteer & { field: WordSet; asked: WordSet };

/** What the spotter's word lists are made of, kept per index so a server's overlay adds its own entries to the shipped lists instead of reading every entry again. */
interface GazetteerParts {
  /** Lower-case words of the entries' texts, as written. */
  lowerSeen: ReadonlySet<string>;
  /** The same, canonical: words of the field. */
  field: ReadonlySet<string>;
  /** Words of the chatter examples. */
  chatter: ReadonlySet<string>;
  /** Words of the question examples → how many examples use each. */
  df: ReadonlyMap<string, number>;
  asked: ReadonlySet<string>;
  ordinary: ReadonlySet<string>;
  people: ReadonlyMap<string, string[]>;
  categories: ReadonlyMap<string, string>;
  categoryWords: ReadonlySet<string>;
  longest: ReadonlyMap<string, number>;
  everyday: ReadonlySet<string>;
}

const partsOf = new WeakMap<TermIndex, GazetteerParts>();

/** The words an entry is explained with (its name and aliases aside), citation marks ("[diksha]") removed. */
function entryText(e: Entry): string {
  const parts = isConcept(e)
    ? [e.definition, ...e.facts.map((f) => f.text), ...e.views.map((v) => v.says), ...e.examples, e.disagreement?.text ?? '', ...(e.kind === 'platform' ? [e.classification.summary, ...e.classification.views.map((v) => v.why)] : [])]
    : [e.relationSummary, ...e.facts.map((f) => f.text), ...e.relationViews.map((v) => v.says), ...e.dimensions.flatMap((d) => [d.name, d.a, d.b])];
  return parts.join(' \n ').replace(/\[[^\]]*\]/g, ' ');
}

/** The first word of a name → how many words the longest name starting with it has. */
function noteName(longest: Map<string, number>, key: string): void {
  const parts = key.split(' ');
  if (parts[0] && (longest.get(parts[0]) ?? 0) < parts.length) longest.set(parts[0], parts.length);
}

/**
 * The spotter's view of the knowledge: the index's names and aliases, the platforms, the category
 * words of the classification labels, the people and sources the knowledge cites, and the words of
 * ordinary language (every word the entries' own texts use), which are never corrected as typos.
 */
export function buildGazetteer(knowledge: Knowledge, index: TermIndex, phrasings: Phrasings): FullGazetteer {
  const ordinary = new Set<string>();
  const lowerSeen = new Set<string>();
  const texts = new Map<string, string>();
  for (const e of knowledge.entries) {
    const t = entryText(e);
    texts.set(e.id, t);
    for (const m of t.matchAll(/\b[a-z][a-z]+\b/g)) lowerSeen.add(m[0]);
  }
  for (const w of lowerSeen) ordinary.add(canonicalWord(w));
  const field = new Set(ordinary);
  // The examples' words are ordinary language too: all of the chatter's, and the questions' words used
  // more than once (a question example may hold a typo'd term, "enagement rate", once).
  const df = new Map<string, number>();
  const chatter = new Set<string>();
  for (const e of phrasings.examples) {
    for (const t of new Set(tokenize(clean(e.text).text).map((x) => x.word))) {
      if (e.intent === 'none') {
        ordinary.add(t);
        chatter.add(t);
      } else df.set(t, (df.get(t) ?? 0) + 1);
    }
  }
  // Words of the questions that are not near a glossary word ("explained", "anyway"; not "enagement").
  const asked = new Set<string>();
  for (const [w, n] of df) {
    if (index.couldName(w, true)) continue;
    asked.add(w);
    if (n >= 2) ordinary.add(w);
  }
  // People and sources: capitalised names in the source registry that the entries' texts also use
  // ("Kaplan", "Haenlein", "Diksha"), never in lower case, and not a name or alias of an entry.
  const people = new Map<string, string[]>();
  // Each text's sentences and each concept's lower-case name, made once for all the names below.
  let sentences: [string, string[]][] | undefined;
  let conceptNames: [string, string][] | undefined;
  for (const s of knowledge.sources.values()) {
    for (const m of `${s.author} ${s.label}`.matchAll(/\b[A-Z][a-z]{3,}\b/g)) {
      const name = m[0];
      const key = name.toLowerCase();
      if (people.has(key) || lowerSeen.has(key) || index.hasWord(key)) continue;
      // The entries that cite them, the one most often named alongside them first ("Kaplan" → social media).
      const score = new Map<string, number>();
      const bump = (id: string, n: number) => score.set(id, (score.get(id) ?? 0) + n);
      sentences ??= [...texts].map(([id, t]) => [id, t.split(/[.;\n]+/)]);
      conceptNames ??= knowledge.entries.filter((e) => isConcept(e) && e.name.length >= 4).map((e) => [e.id, e.name.toLowerCase()]);
      for (const [id, list] of sentences) {
        for (const sentence of list) {
          if (!sentence.includes(name)) continue;
          if (knowledge.byId.get(id)?.kind !== 'comparison') bump(id, 1);
          const lower = sentence.toLowerCase();
          for (const [cid, cname] of conceptNames) if (lower.includes(cname)) bump(cid, 2);
        }
      }
      // Named in no entry's text ("Diksha"): the entries citing their source, the most focused first.
      if (score.size === 0) for (const e of knowledge.entries) if (e.sources.includes(s.id)) bump(e.id, 1 / e.sources.length);
      if (score.size > 0) people.set(key, [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([id]) => id));
    }
  }
  // Category words: the classification labels as the answers word them ("a social network" → "social network").
  const categories = new Map<string, string>();
  for (const label of PLATFORM_LABELS) {
    const phrase = LABEL_WORDS[label];
    if (/\b(?:both|something)\b/.test(phrase)) continue;
    const key = normalizeKey(phrase.replace(/^(?:an?|the) /, ''));
    categories.set(key, label);
    // "a messaging app" is also asked as "messaging"; "a social network" is never just "social".
    const head = key.split(' ')[0]!;
    if (key.includes(' ') && head !== 'social') categories.set(head, label);
  }
  const categoryWords = new Set([...categories.keys()].flatMap((k) => k.split(' ')));
  // How many words the names starting with each word have, at most (the spotter tries no longer runs).
  const longest = new Map<string, number>();
  for (const e of knowledge.entries) for (const label of labelsOf(e)) noteName(longest, normalizeKey(label));
  for (const key of categories.keys()) noteName(longest, key);
  const parts: GazetteerParts = { lowerSeen, field, chatter, df, asked, ordinary, people, categories, categoryWords, longest, everyday: phrasings.everyday };
  partsOf.set(index, parts);
  return gazetteerOf(parts, knowledge, index, (w) => longest.get(w) ?? 0);
}

function gazetteerOf(parts: GazetteerParts, knowledge: Knowledge, index: TermIndex, named: (word: string) => number, words?: { ordinary: WordSet; field: WordSet; asked: WordSet; people: ReadonlyMap<string, string[]> }): FullGazetteer {
  const { categories, categoryWords } = parts;
  return {
    exactKey: (key) => index.exactKey(key),
    fuzzyKey: (key) => index.fuzzyKey(key),
    hasWord: (w) => index.hasWord(w) || categoryWords.has(w),
    // A compact name ("hashtag") may be written in parts ("hash tag"): one word more than its key.
    longestFrom: (w) => Math.max(named(w), 1, w.length <= 6 ? 2 : 1),
    namedFrom: named,
    nearWord: (w) => index.couldName(w, true),
    isPlatform: (id) => knowledge.byId.get(id)?.kind === 'platform',
    isComparison: (id) => knowledge.byId.get(id)?.kind === 'comparison',
    people: words?.people ?? parts.people,
    categories,
    everyday: parts.everyday,
    ordinary: words?.ordinary ?? parts.ordinary,
    field: words?.field ?? parts.field,
    asked: words?.asked ?? parts.asked,
  };
}

/**
 * A server overlay's gazetteer: the shipped one's word lists (built once, when the shipped termbot
 * was) with the server's own entries added, so a saved entry costs its own words only. `index` is the
 * overlay's index (the server's entries, then the shipped ones). Undefined when the shipped index has
 * no gazetteer yet (then the overlay builds its own). A hidden or replaced shipped entry's words stay
 * words of the field, and the people the knowledge cites keep their shipped entries.
 */
export function overlayGazetteer(shippedIndex: TermIndex, own: readonly Entry[], knowledge: Knowledge, index: TermIndex): FullGazetteer | undefined {
  const base = partsOf.get(shippedIndex);
  if (!base) return undefined;
  const ownLower = new Set<string>();
  for (const e of own) for (const m of entryText(e).matchAll(/\b[a-z][a-z]+\b/g)) ownLower.add(m[0]);
  const ownField = new Set<string>();
  for (const w of ownLower) {
    const c = canonicalWord(w);
    if (!base.field.has(c)) ownField.add(c);
  }
  // Question words the server's names come near are no longer "asked" (nor ordinary because of it).
  const notAsked = new Set<string>();
  const notOrdinary = new Set<string>();
  for (const w of base.asked) {
    if (!index.couldName(w, true)) continue;
    notAsked.add(w);
    if ((base.df.get(w) ?? 0) >= 2 && !base.field.has(w) && !base.chatter.has(w) && !ownField.has(w)) notOrdinary.add(w);
  }
  const ownLongest = new Map<string, number>();
  for (const e of own) for (const label of labelsOf(e)) noteName(ownLongest, normalizeKey(label));
  const people = new Map([...base.people].filter(([key]) => !ownLower.has(key) && !index.hasWord(key)));
  return gazetteerOf(base, knowledge, index, (w) => Math.max(base.longest.get(w) ?? 0, ownLongest.get(w) ?? 0), {
    people,
    field: { has: (w) => base.field.has(w) || ownField.has(w) },
    asked: { has: (w) => base.asked.has(w) && !notAsked.has(w) },
    ordinary: { has: (w) => (base.ordinary.has(w) && !notOrdinary.has(w)) || ownField.has(w) },
  });
}

export type { Reply };
