/**
 * Wording shared by every renderer: citation marks, relation phrases, classification labels.
 * Pure strings, so the console and Discord say the same thing.
 */
import type { PlatformLabel, Relation } from './knowledge/types.ts';
import { asOfWords } from './knowledge/dates.ts';
import { VIEW_LABEL_WORDS } from './verdict.ts';
import type { CitedText, ComparisonReply, ServerEntryNote, SourceRef } from './reply.ts';

/** "[1, 3]" for the given source ids, numbered by their place in `sources`. */
export function citeMarks(ids: readonly string[], sources: readonly SourceRef[]): string {
  const nums = [...new Set(ids)]
    .map((id) => sources.findIndex((s) => s.id === id) + 1)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  return nums.length ? `[${nums.join(', ')}]` : '';
}

/** A fact's text, with "(as of 2026)" when it is dated. */
export function factText(fact: CitedText): string {
  return fact.asOf ? `${fact.text} (${asOfWords(fact.asOf)})` : fact.text;
}

/** "[3] “Title” (the social networking explainer; author not named)": the title, and the label when the author line does not already give it. */
export function sourceLine(s: SourceRef, n: number): string {
  if (s.id === 'editorial') return `[${n}] ${s.author}`;
  return s.author.toLowerCase().includes(s.label.toLowerCase()) ? `[${n}] “${s.title}”, ${s.author}` : `[${n}] “${s.title}” (${s.label}; ${s.author})`;
}

/** A source's label as a heading: "The social networking explainer". */
export function sourceLabel(id: string, sources: readonly SourceRef[]): string {
  const label = sources.find((s) => s.id === id)?.label ?? id;
  return label.startsWith('the ') ? `The ${label.slice(4)}` : label;
}

export { viewWords } from './verdict.ts';

/** A platform's usual class, or a view's label, in words ("a social network"). */
export const LABEL_WORDS: Record<PlatformLabel, string> = { ...VIEW_LABEL_WORDS, split: 'classed differently by different sources' };

/** "Social networking is part of social media", from the relation and the two entries (names in sentence case mid-sentence). */
export function relationPhrase(relation: Relation, a: { name: string; kind: string }, b: { name: string; kind: string }): string {
  switch (relation) {
    case 'a-contains-b':
      return `${startName(midName(b))} is part of ${midName(a)}`;
    case 'b-contains-a':
      return `${startName(midName(a))} is part of ${midName(b)}`;
    case 'overlap':
      return `${startName(midName(a))} and ${midName(b)} overlap`;
    case 'distinct':
      return `${startName(midName(a))} and ${midName(b)} are different things`;
  }
}

/** The comparison's one-line answer; when the sources disagree on the relation, it says so instead of picking one. */
export function relationHeadline(reply: ComparisonReply): string {
  if (new Set(reply.relationViews.map((v) => v.relation)).size > 1) return `The sources disagree on how ${midName(reply.a)} and ${midName(reply.b)} relate`;
  return relationPhrase(reply.relation.kind, reply.a, reply.b);
}

/**
 * A name as it reads mid-sentence: sentence-case term names lose their capital ("a blog is part of
 * social media"); platform names, acronyms and proper names ("Google Analytics", "Web 2.0") keep it.
 */
export function midName(ref: { name: string; kind: string }): string {
  if (ref.kind === 'platform') return ref.name;
  const m = /^([A-Z])([a-z]+)(.*)$/.exec(ref.name);
  if (!m) return ref.name;
  const rest = (m[3] ?? '').replace(/\([^)]*\)/g, '');
  // Another capitalised word or a version number makes it a proper name.
  if (/\s[A-Z][a-z]|\s\d/.test(rest)) return ref.name;
  return `${(m[1] ?? '').toLowerCase()}${m[2] ?? ''}${m[3] ?? ''}`;
}

/** A name at the start of a sentence: its first letter in capitals. */
export function startName(name: string): string {
  return name ? `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}` : name;
}

/** A source's label as the subject of a sentence: "Diksha", "the termbot editors", "the digital marketing explainer". */
export function sourceSubject(label: string): string {
  if (/(?:editors|authors|writers|explainer)$/i.test(label) && !/^the\s/i.test(label)) {
    return `the ${/^[A-Z][a-z]/.test(label) ? `${label[0]?.toLowerCase() ?? ''}${label.slice(1)}` : label}`;
  }
  return label;
}

/** "A", "A and B", "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Clean text for people: raw source ids in brackets become labels ("(diksha)" → "(Diksha)"), a
 * spaced hyphen becomes a dash, and doubled punctuation (".;", "..") is cut to one mark.
 */
export function tidy(text: string, sources: readonly SourceRef[] = []): string {
  let t = text;
  if (t.includes('(')) {
    for (const s of sources) if (t.includes(`(${s.id})`)) t = t.split(`(${s.id})`).join(`(${s.label})`);
  }
  return t
    .replace(/\s+-{1,2}\s+/g, ' – ')
    .replace(/([.!?])[.;,:](?=\s|$)/g, '$1')
    .replace(/[;,:]([.!?;,:])(?=\s|$)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The first sentence of a text (the whole text when it is one sentence). */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])["'’”)]?\s+["'‘“(]?[A-Z]/.exec(text);
  return m && m[1] && !/\b(?:e\.g|i\.e|vs|etc)\.$/.test(m[1]) ? m[1] : text;
}

/**
 * Text cut to at most `max` characters for the short answer: the whole text when it fits, else its
 * first sentence when that fits, else cut at a word boundary with "…". `cut` says whether it was shortened.
 */
export function clip(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const first = firstSentence(text);
  if (first.length <= max && first.length >= max * 0.4) return { text: first, cut: true };
  const slice = text.slice(0, Math.max(0, max - 1));
  // A clause boundary (", ", "; ", ": ", " – ") reads better than a word cut.
  const clause = Math.max(slice.lastIndexOf(', '), slice.lastIndexOf('; '), slice.lastIndexOf(': '), slice.lastIndexOf(' – '));
  if (clause >= max * 0.55) return { text: `${slice.slice(0, clause).replace(/[\s,;:.–—(-]+$/, '')}…`, cut: true };
  const space = slice.lastIndexOf(' ');
  const base = (space > max * 0.5 ? slice.slice(0, space) : slice).replace(/[\s,;:.–—(-]+$/, '');
  return { text: `${base}…`, cut: true };
}

/**
 * The line under an answer from this server's own glossary: who added it, when, and what shipped
 * entry it takes the place of. `person` and `date` let each adapter write a user and a time its way
 * (Discord: a mention inside an embed, which never pings, and a timestamp; text: the id and the day).
 */
export function serverNoteText(n: ServerEntryNote, person: (userId: string) => string, date: (iso: string) => string, many = false): string {
  const what = many ? `${n.entry.name}: from this server's glossary` : "From this server's glossary";
  const edited = n.editedAt ? `, edited ${date(n.editedAt)}` : '';
  const replaces = n.replaces ? ` In this server it takes the place of the shipped entry “${n.replaces.name}”.` : '';
  // Imports from a shell are recorded without a Discord user.
  const who = /^\d{17,20}$/.test(n.addedBy) ? person(n.addedBy) : 'an admin (imported from the command line)';
  return `${what}, added by ${who} on ${date(n.addedAt)}${edited}.${replaces}`;
}
