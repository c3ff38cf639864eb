/**
 * Wording shared by every renderer: citation marks, relation phrases, classification labels.
 * Pure strings, so the console and Discord say the same thing.
 */
import type { PlatformLabel, Relation } from './knowledge/types.ts';
import { asOfWords } from './knowledge/dates.ts';
import { VIEW_LABEL_WORDS } from './verdict.ts';
import type { CitedText, ComparisonReply, SourceRef } from './reply.ts';

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

/** "Social networking is part of social media", from the relation and the two names. */
export function relationPhrase(relation: Relation, a: string, b: string): string {
  switch (relation) {
    case 'a-contains-b':
      return `${b} is part of ${a}`;
    case 'b-contains-a':
      return `${a} is part of ${b}`;
    case 'overlap':
      return `${a} and ${b} overlap`;
    case 'distinct':
      return `${a} and ${b} are different things`;
  }
}

/** The comparison's one-line answer; when the sources disagree on the relation, it says so instead of picking one. */
export function relationHeadline(reply: ComparisonReply): string {
  if (new Set(reply.relationViews.map((v) => v.relation)).size > 1) return `the sources disagree on how ${reply.a.name} and ${reply.b.name} relate`;
  return relationPhrase(reply.relation.kind, reply.a.name, reply.b.name);
}
