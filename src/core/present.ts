/**
 * Wording shared by every renderer: citation marks, relation phrases, classification labels.
 * Pure strings, so the console and Discord say the same thing.
 */
import type { PlatformLabel, Relation } from './knowledge/types.ts';
import { asOfWords } from './knowledge/dates.ts';
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

export function sourceLine(s: SourceRef, n: number): string {
  return s.id === 'editorial' ? `[${n}] ${s.author}` : `[${n}] “${s.title}”, ${s.author}`;
}

export function sourceLabel(id: string, sources: readonly SourceRef[]): string {
  return sources.find((s) => s.id === id)?.label ?? id;
}

export const LABEL_WORDS: Record<PlatformLabel, string> = {
  'social-media': 'social media',
  'social-network': 'a social network',
  both: 'both social media and a social network',
  messaging: 'a messaging app',
  community: 'a community platform',
  other: 'something else',
};

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
