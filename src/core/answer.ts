/** Composing replies from entries: pure functions from knowledge to the reply model. */
import { AREA_TITLES, AREAS, isConcept, type Area, type ComparisonEntry, type ConceptEntry, type Entry, type Knowledge, type PlatformEntry, type Relation } from './knowledge/types.ts';
import { classificationVerdict, usualClass } from './verdict.ts';
import type {
  AmbiguousReply,
  ClassificationBlock,
  ClassificationReply,
  ComparisonReply,
  DefinitionReply,
  EntryRef,
  HelpReply,
  HintReply,
  NotFoundReply,
  SourceRef,
  TermListReply,
} from './reply.ts';

export const HELP_EXAMPLES = [
  'what is social media?',
  "what's the difference between social media and social networking?",
  'is YouTube a social network?',
  'SEO vs SEM',
  'define engagement rate',
];

export function ref(e: Entry): EntryRef {
  return { id: e.id, name: e.name, kind: e.kind, area: e.area };
}

/** Each cited source once, in order of first citation. */
export function sourceRefs(k: Knowledge, citations: Iterable<readonly string[]>): SourceRef[] {
  const seen = new Set<string>();
  const out: SourceRef[] = [];
  for (const ids of citations) {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const s = k.sources.get(id);
      if (s) out.push({ id: s.id, label: s.label, title: s.title, author: s.author });
    }
  }
  return out;
}

const refs = (k: Knowledge, ids: readonly string[]) =>
  ids.map((id) => k.byId.get(id)).filter((e): e is Entry => e !== undefined).map(ref);

/** Comparisons indexed by their unordered pair, and by each side. */
export class ComparisonTable {
  private readonly byPair = new Map<string, ComparisonEntry>();
  private readonly bySide = new Map<string, ComparisonEntry[]>();
  constructor(k: Knowledge) {
    for (const e of k.entries) {
      if (e.kind !== 'comparison') continue;
      this.byPair.set(pairKey(e.a, e.b), e);
      for (const side of [e.a, e.b]) this.bySide.set(side, [...(this.bySide.get(side) ?? []), e]);
    }
  }
  find(a: string, b: string): ComparisonEntry | undefined {
    return this.byPair.get(pairKey(a, b));
  }
  involving(id: string): ComparisonEntry[] {
    return this.bySide.get(id) ?? [];
  }
}
const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

function classificationBlock(p: PlatformEntry): ClassificationBlock {
  const views = p.classification.views.map((v) => ({ ...v }));
  return { label: p.classification.label, summary: { text: p.classification.summary, sources: [...new Set(views.map((v) => v.source))] }, views };
}

export function definitionReply(k: Knowledge, table: ComparisonTable, e: ConceptEntry, matchedFrom?: string): DefinitionReply {
  const definition = { text: e.definition, sources: e.sources };
  const details = e.facts;
  const views = e.views.map((v) => ({ source: v.source, text: v.says }));
  const classification = e.kind === 'platform' ? classificationBlock(e) : undefined;
  const citations: (readonly string[])[] = [
    definition.sources,
    ...views.map((v) => [v.source]),
    ...(e.disagreement ? [e.disagreement.sources] : []),
    ...(classification ? [classification.summary.sources] : []),
    ...details.map((d) => d.sources),
  ];
  return {
    kind: 'definition',
    entry: ref(e),
    aliases: e.aliases,
    definition,
    details,
    examples: e.examples,
    views,
    ...(e.disagreement ? { disagreement: e.disagreement } : {}),
    ...(classification ? { classification } : {}),
    broader: refs(k, e.broader),
    related: refs(k, e.related),
    comparisons: table.involving(e.id).map(ref),
    sources: sourceRefs(k, citations),
    ...(matchedFrom ? { matchedFrom } : {}),
  };
}

export function writtenComparisonReply(k: Knowledge, c: ComparisonEntry, matchedFrom?: string): ComparisonReply {
  const a = k.byId.get(c.a);
  const b = k.byId.get(c.b);
  if (!a || !b) throw new Error(`comparison ${c.id} links to a missing entry`);
  const relationViews = c.relationViews.map((v) => ({ source: v.source, relation: v.relation, text: v.says }));
  return {
    kind: 'comparison',
    comparison: ref(c),
    a: ref(a),
    b: ref(b),
    derived: false,
    relation: { kind: c.relation, text: { text: c.relationSummary, sources: c.sources } },
    relationViews,
    dimensions: c.dimensions,
    notes: c.facts,
    sources: sourceRefs(k, [c.sources, ...relationViews.map((v) => [v.source]), ...c.dimensions.map((d) => d.sources), ...c.facts.map((f) => f.sources)]),
    ...(matchedFrom ? { matchedFrom } : {}),
  };
}

/** A comparison put together from two entries when none is written: never "no data". */
export function derivedComparisonReply(k: Knowledge, a: ConceptEntry, b: ConceptEntry): ComparisonReply {
  let relation: Relation = 'distinct';
  let text: string;
  if (a.broader.includes(b.id)) {
    relation = 'b-contains-a';
    text = `${a.name} is a part or kind of ${b.name}.`;
  } else if (b.broader.includes(a.id)) {
    relation = 'a-contains-b';
    text = `${b.name} is a part or kind of ${a.name}.`;
  } else if (a.broader.some((x) => b.broader.includes(x))) {
    relation = 'distinct';
    const parent = k.byId.get(a.broader.find((x) => b.broader.includes(x)) ?? '');
    text = `${a.name} and ${b.name} are separate ideas, both part of ${parent?.name ?? 'a wider field'}.`;
  } else if (a.kind === 'platform' && b.kind === 'platform') {
    text = `Two separate platforms: ${a.name} is ${usualClass(a)}, ${b.name} ${usualClass(b)}.`;
  } else if (a.related.includes(b.id) || b.related.includes(a.id)) {
    text = `They are separate ideas, often discussed together; here is each side by side.`;
  } else {
    text = `They are separate ideas; here is each side by side.`;
  }
  const dimensions: ComparisonReply['dimensions'] = [
    { name: 'What it is', a: a.definition, b: b.definition, sources: [...new Set([...a.sources, ...b.sources])] },
  ];
  if (a.kind === 'platform' || b.kind === 'platform') {
    const cls = (e: ConceptEntry) => (e.kind === 'platform' ? e.classification.summary : `A ${e.kind === 'term' ? 'term' : 'platform'}, not a platform.`);
    const src = (e: ConceptEntry) => (e.kind === 'platform' ? e.classification.views.map((v) => v.source) : []);
    dimensions.push({ name: 'How it is classified', a: cls(a), b: cls(b), sources: [...new Set([...src(a), ...src(b), 'editorial'])] });
  }
  if (a.area !== b.area) dimensions.push({ name: 'Area', a: AREA_TITLES[a.area], b: AREA_TITLES[b.area], sources: ['editorial'] });
  if (a.examples.length > 0 || b.examples.length > 0) {
    const ex = (e: ConceptEntry) => (e.examples.length ? e.examples.slice(0, 3).join('; ') : '—');
    dimensions.push({ name: 'Examples', a: ex(a), b: ex(b), sources: [...new Set([...a.sources, ...b.sources])] });
  }
  const firstFact = (e: ConceptEntry) => e.facts[0];
  const fa = firstFact(a);
  const fb = firstFact(b);
  if (fa && fb) dimensions.push({ name: 'Worth knowing', a: fa.text, b: fb.text, sources: [...new Set([...fa.sources, ...fb.sources])] });
  return {
    kind: 'comparison',
    a: ref(a),
    b: ref(b),
    derived: true,
    relation: { kind: relation, text: { text, sources: ['editorial'] } },
    relationViews: [],
    dimensions,
    notes: [],
    sources: sourceRefs(k, [['editorial'], ...dimensions.map((d) => d.sources)]),
  };
}

export function askedCategory(text: string): ClassificationReply['asked'] {
  if (/network/.test(text)) return 'social-network';
  if (/messag|chat/.test(text)) return 'messaging';
  if (/media/.test(text)) return 'social-media';
  return undefined;
}

export function classificationReply(k: Knowledge, p: PlatformEntry, categories: readonly string[]): ClassificationReply {
  const asked = categories.length === 1 ? askedCategory(categories[0] ?? '') : undefined;
  const block = classificationBlock(p);
  const verdict = asked ? classificationVerdict(k, p, asked) : undefined;
  return {
    kind: 'classification',
    entry: ref(p),
    ...(asked ? { asked } : {}),
    ...(verdict ? { verdict } : {}),
    classification: block,
    definition: { text: p.definition, sources: p.sources },
    ...(p.disagreement ? { disagreement: p.disagreement } : {}),
    related: refs(k, p.related),
    sources: sourceRefs(k, [block.summary.sources, ...(p.disagreement ? [p.disagreement.sources] : []), p.sources]),
  };
}

export function ambiguousReply(k: Knowledge, query: string, ids: readonly string[]): AmbiguousReply {
  const meanings = ids
    .map((id) => k.byId.get(id))
    .filter((e): e is Entry => e !== undefined)
    .map((e) => ({ entry: ref(e), definition: { text: isConcept(e) ? e.definition : e.relationSummary, sources: e.sources } }));
  return { kind: 'ambiguous', query, meanings, sources: sourceRefs(k, meanings.map((m) => m.definition.sources)) };
}

export function notFoundReply(query: string, suggestions: readonly Entry[], compareWith?: Entry): NotFoundReply {
  return { kind: 'not-found', query, suggestions: suggestions.map(ref), ...(compareWith ? { compareWith: ref(compareWith) } : {}) };
}

export function areaCounts(k: Knowledge): HelpReply['areas'] {
  return AREAS.map((area) => ({ area, title: AREA_TITLES[area], count: k.entries.filter((e) => e.area === area).length })).filter((a) => a.count > 0);
}

export function helpReply(k: Knowledge): HelpReply {
  const count = (kind: Entry['kind']) => k.entries.filter((e) => e.kind === kind).length;
  return {
    kind: 'help',
    counts: { entries: k.entries.length, terms: count('term'), platforms: count('platform'), comparisons: count('comparison') },
    areas: areaCounts(k),
    examples: HELP_EXAMPLES,
  };
}

export const TERMS_PAGE_SIZE = 20;

export function termListReply(k: Knowledge, area: Area | undefined, page: number): TermListReply {
  const all = k.entries.filter((e) => !area || e.area === area).sort((x, y) => x.name.localeCompare(y.name));
  const pages = Math.max(1, Math.ceil(all.length / TERMS_PAGE_SIZE));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return {
    kind: 'term-list',
    ...(area ? { area } : {}),
    title: area ? AREA_TITLES[area] : 'All entries',
    page: p,
    pages,
    total: all.length,
    entries: all.slice((p - 1) * TERMS_PAGE_SIZE, p * TERMS_PAGE_SIZE).map(ref),
    areas: areaCounts(k),
  };
}

export function hintReply(terms?: readonly EntryRef[]): HintReply {
  return { kind: 'hint', examples: HELP_EXAMPLES.slice(0, 3), ...(terms?.length ? { terms: [...terms] } : {}) };
}
