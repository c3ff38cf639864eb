/** Plain data types for the knowledge base. No I/O, no discord.js. */
import type { Phrasings } from '../intent.ts';

export const AREAS = [
  'basics',
  'platforms',
  'formats',
  'metrics',
  'advertising',
  'search',
  'content',
  'strategy',
  'analytics',
  'email',
] as const;
export type Area = (typeof AREAS)[number];

export function isArea(value: unknown): value is Area {
  return typeof value === 'string' && (AREAS as readonly string[]).includes(value);
}

export const AREA_TITLES: Record<Area, string> = {
  basics: 'Basics',
  platforms: 'Platforms',
  formats: 'Formats and features',
  metrics: 'Metrics',
  advertising: 'Advertising',
  search: 'Search',
  content: 'Content',
  strategy: 'Strategy',
  analytics: 'Analytics and tracking',
  email: 'Email',
};

/** What one source classes a platform as. */
export const VIEW_LABELS = ['social-media', 'social-network', 'both', 'messaging', 'community', 'other'] as const;
/** A platform's usual answer: a view label, or `split` when the sources that class it disagree one to one. */
export const PLATFORM_LABELS = [...VIEW_LABELS, 'split'] as const;
export type PlatformLabel = (typeof PLATFORM_LABELS)[number];
export type ViewLabel = (typeof VIEW_LABELS)[number];

/**
 * How firmly a source holds its view: `says` it outright (or argues it), only `lists` the platform as
 * an example under the label, or `debates` the question without settling it (the label is its lean).
 * A source with no view of a platform is silent on it.
 */
export const STANCES = ['says', 'lists', 'debates'] as const;
export type Stance = (typeof STANCES)[number];

/** The categories a member can ask about ("is X a social network?"), and a view can deny (`not`). */
export const CATEGORIES = ['social-media', 'social-network', 'messaging'] as const;
export type Category = (typeof CATEGORIES)[number];

export const RELATIONS = ['distinct', 'overlap', 'a-contains-b', 'b-contains-a'] as const;
export type Relation = (typeof RELATIONS)[number];

export type EntryKind = 'term' | 'platform' | 'comparison';

export interface Source {
  id: string;
  title: string;
  author: string;
  /** Short label used in citations, e.g. "Diksha". */
  label: string;
  /** Who the author is and what the source covers, in the editors' words. */
  about?: string;
  /** The seed article id in shared/seeds, for the four articles. */
  seed?: string;
}

/** A statement and the ids of the sources it comes from. */
export interface Cited {
  text: string;
  sources: string[];
  /**
   * When the fact can change (ownership, features, rules): the date it was last checked, `YYYY` or
   * `YYYY-MM`, from `[editorial; as of 2026-01]` in the citation.
   */
  asOf?: string;
}

export interface View {
  source: string;
  says: string;
}

interface EntryBase {
  id: string;
  /** Path of the file relative to the knowledge folder, e.g. "terms/seo.md". */
  file: string;
  name: string;
  /** One sentence: the short answer's "In short" line (for a comparison, the relationship). */
  summary: string;
  /** Other names people write; "Also called" shows the ones matching does not already cover. */
  aliases: string[];
  /** Match-only keys (misspellings, run-together web names): they find the entry but are never shown. */
  matchKeys: string[];
  area: Area;
  sources: string[];
  related: string[];
  /** The body: one fact per bullet, each with its citations. */
  facts: Cited[];
}

export interface TermEntry extends EntryBase {
  kind: 'term';
  definition: string;
  views: View[];
  disagreement?: Cited;
  examples: string[];
  broader: string[];
}

export interface ClassificationView {
  source: string;
  label: ViewLabel;
  stance: Stance;
  /** Categories the source says outright the platform is not. */
  not: Category[];
  /** For `debates`: the source's own name for the question ("the internet's biggest dilemma"). */
  called?: string;
  why: string;
}

export interface PlatformEntry extends Omit<TermEntry, 'kind'> {
  kind: 'platform';
  classification: {
    label: PlatformLabel;
    summary: string;
    views: ClassificationView[];
  };
}

export interface RelationView {
  source: string;
  relation: Relation;
  says: string;
}

export interface Dimension {
  name: string;
  a: string;
  b: string;
  sources: string[];
}

export interface ComparisonEntry extends EntryBase {
  kind: 'comparison';
  a: string;
  b: string;
  relation: Relation;
  relationSummary: string;
  relationViews: RelationView[];
  dimensions: Dimension[];
}

export type ConceptEntry = TermEntry | PlatformEntry;
export type Entry = ConceptEntry | ComparisonEntry;

export interface AmbiguousAlias {
  alias: string;
  meanings: string[];
}

export interface Knowledge {
  entries: Entry[];
  byId: ReadonlyMap<string, Entry>;
  sources: ReadonlyMap<string, Source>;
  ambiguous: AmbiguousAlias[];
  /** How questions are phrased: labelled examples and word lists from knowledge/understanding/. */
  phrasings?: Phrasings;
}

/** One mistake in the knowledge files: which file, which field, what is wrong. */
export interface Problem {
  file: string;
  field: string;
  message: string;
}

export function isConcept(entry: Entry): entry is ConceptEntry {
  return entry.kind !== 'comparison';
}

/** The part of a name before its brackets: "ROI (return on investment)" → "ROI". */
export function mainName(name: string): string | undefined {
  return /^(.+?)\s*\([^)]*\)\s*$/.exec(name)?.[1]?.trim();
}

/**
 * Every label an entry answers to: its name, its aliases, and the main part of a name with a
 * bracketed part ("ROI (return on investment)" also answers to "ROI").
 */
export function labelsOf(entry: Pick<Entry, 'name' | 'aliases'> & { matchKeys?: readonly string[] }): string[] {
  const labels = [entry.name, ...entry.aliases];
  const main = mainName(entry.name);
  if (main && !labels.includes(main)) labels.push(main);
  for (const m of entry.matchKeys ?? []) if (!labels.includes(m)) labels.push(m);
  return labels;
}
