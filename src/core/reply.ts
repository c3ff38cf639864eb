/**
 * The reply model: what termbot answers, as plain data. Adapters (console, Discord) render it;
 * nothing here knows how. Citations are source ids; `sources` lists each cited source once, in the
 * order of first use, so renderers can number them.
 */
import type { IntentLabel } from './intent.ts';
import type { Area, ClassificationView, EntryKind, PlatformLabel, Relation } from './knowledge/types.ts';

export interface EntryRef {
  id: string;
  name: string;
  kind: EntryKind;
  area: Area;
}

export interface SourceRef {
  id: string;
  label: string;
  title: string;
  author: string;
}

export interface CitedText {
  text: string;
  sources: string[];
  /** For a fact that can change: when it was last checked, `2026` or `2026-01` (show it with `asOfWords`). */
  asOf?: string;
}

export interface SourceView {
  source: string;
  text: string;
}

export interface ClassificationBlock {
  label: PlatformLabel;
  summary: CitedText;
  /** Each source's view: its label, how firmly it holds it (`stance`), what it denies, and why. */
  views: ClassificationView[];
}

/** A server's own entry used in a reply: who added it and when (shown without pinging anyone). */
export interface ServerEntryNote {
  entry: EntryRef;
  /** Discord user id of whoever added it. */
  addedBy: string;
  /** ISO time it was added. */
  addedAt: string;
  /** ISO time of the last edit, when it was edited after. */
  editedAt?: string;
  /** The shipped entry it takes the place of in this server. */
  replaces?: EntryRef;
}

export interface DefinitionReply {
  kind: 'definition';
  entry: EntryRef;
  /** Other names people write (not match-only keys, not variants matching already covers). */
  aliases: string[];
  /** The one-sentence "In short" line, on the definition's sources. */
  summary: CitedText;
  definition: CitedText;
  details: CitedText[];
  examples: string[];
  /** How each source defines or describes it. */
  views: SourceView[];
  /** Where the sources disagree, in a sentence. */
  disagreement?: CitedText;
  classification?: ClassificationBlock;
  broader: EntryRef[];
  related: EntryRef[];
  /** Written comparisons that involve this entry. */
  comparisons: EntryRef[];
  sources: SourceRef[];
  /** Set when the asked text was a typo or variant matched fuzzily: what was asked. */
  matchedFrom?: string;
  /** When the entry is this server's own: from its glossary, by whom, when. */
  server?: ServerEntryNote[];
}

export interface ComparisonReply {
  kind: 'comparison';
  /** The written comparison, when there is one. */
  comparison?: EntryRef;
  a: EntryRef;
  b: EntryRef;
  /** True when no comparison is written and this one is put together from both entries. */
  derived: boolean;
  /** The relationship in one sentence (a written comparison's summary; for a derived one, what the links between the entries show, if anything). */
  summary?: CitedText;
  relation: { kind: Relation; text: CitedText };
  /** Each source's view of the relation, when they disagree. */
  relationViews: { source: string; relation: Relation; text: string }[];
  dimensions: { name: string; a: string; b: string; sources: string[] }[];
  notes: CitedText[];
  sources: SourceRef[];
  matchedFrom?: string;
  /** Either side that is this server's own entry. */
  server?: ServerEntryNote[];
}

/** `unstated`: no source puts it in the asked category, and none says it is not in it. */
export type Verdict = 'yes' | 'no' | 'mixed' | 'unstated';

export interface ClassificationReply {
  kind: 'classification';
  entry: EntryRef;
  /** What the member asked about ("social network"), if anything. */
  asked?: 'social-media' | 'social-network' | 'messaging';
  /** The short answer to the asked category, from the sources' views. */
  verdict?: { answer: Verdict; text: string };
  classification: ClassificationBlock;
  definition: CitedText;
  disagreement?: CitedText;
  related: EntryRef[];
  sources: SourceRef[];
  /** Other platforms asked about in the same question ("are reddit and pinterest social networks?"). */
  also?: ClassificationReply[];
}

export interface AmbiguousReply {
  kind: 'ambiguous';
  query: string;
  meanings: { entry: EntryRef; definition: CitedText }[];
  sources: SourceRef[];
}

export interface NotFoundReply {
  kind: 'not-found';
  query: string;
  suggestions: EntryRef[];
  /** For a comparison with one side not found: the side that was found, so a pick completes the comparison. */
  compareWith?: EntryRef;
}

export interface HelpReply {
  kind: 'help';
  counts: { entries: number; terms: number; platforms: number; comparisons: number };
  areas: { area: Area; title: string; count: number }[];
  examples: string[];
}

export interface TermListReply {
  kind: 'term-list';
  area?: Area;
  title: string;
  page: number;
  pages: number;
  total: number;
  entries: EntryRef[];
  areas: { area: Area; title: string; count: number }[];
}

/** Where the answers come from: every source, or the one a question named ("who is Diksha?"). */
export interface SourcesReply {
  kind: 'sources';
  /** Each source with who is behind it and how many entries cite it. */
  sources: (SourceRef & { about?: string; entries: number })[];
  /** The name asked about, when the question named someone ("Diksha"); `sources` then holds theirs. */
  asked?: string;
  /** Entries that cite the source asked about (a few), to open next. */
  citedIn: EntryRef[];
}

/** A short pointer for someone who mentioned the bot without a question it understood. */
export interface HintReply {
  kind: 'hint';
  examples: string[];
  /** Known terms the message mentioned, offered when it was not clear what it asked about them. */
  terms?: EntryRef[];
}

export type Reply =
  | DefinitionReply
  | ComparisonReply
  | ClassificationReply
  | AmbiguousReply
  | NotFoundReply
  | HelpReply
  | TermListReply
  | SourcesReply
  | HintReply;

/** An answer's intent: one of the intents a message is read as (`intent.ts`); the glossary list answers as help. */
export type Intent = Exclude<IntentLabel, 'terms' | 'sources'>;

/** The core's answer to a free-text message. `reply` is absent when termbot stays silent. */
export interface Answer {
  intent: Intent;
  /** Entries the answer is about, most relevant first. */
  terms: EntryRef[];
  reply?: Reply;
  /** How the asked names were matched: all exactly (names, aliases, ids), or with a typo corrected. */
  match?: 'exact' | 'typo';
  /** On a not-found answer: the part of the question that named nothing termbot knows. */
  missed?: string;
}
