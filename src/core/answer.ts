/** Composing replies from entries: pure functions from knowledge to the reply model. */
import { AREA_TITLES, AREAS, isConcept, mainName, type Area, type ComparisonEntry, type ConceptEntry, type Entry, type Knowledge, type PlatformEntry, type Relation } from './knowledge/types.ts';
import { classificationVerdict, usualClass } from './verdict.ts';
import { midName, startName } from './present.ts';
import { compactKey, normalizeKey } from './normalize.ts';
import type {
  AmbiguousReply,
  ClassificationBlock,
  ClassificationReply,
  ComparisonReply,
  DefinitionReply,
  EntryRef,
  HelpReply,
  SourcesReply,
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
    aliases: shownAliases(e),
    summary: { text: e.summary, sources: e.sources },
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

/**
 * The aliases worth showing: each one that matching does not already get from the name or an
 * earlier alias (plurals, spacing and hyphen variants are left out; match-only keys are never here).
 */
export function shownAliases(e: Pick<Entry, 'name' | 'aliases'>): string[] {
  const seen = new Set<string>();
  const cover = (label: string) => {
    const key = normalizeKey(label);
    const covered = seen.has(key) || seen.has(compactKey(key));
    seen.add(key);
    seen.add(compactKey(key));
    return covered;
  };
  cover(e.name);
  const main = mainName(e.name);
  if (main) cover(main);
  return e.aliases.filter((a) => !cover(a));
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
    summary: { text: c.summary, sources: c.sources },
    relation: { kind: c.relation, text: { text: c.relationSummary, sources: c.sources } },
    relationViews,
    dimensions: c.dimensions,
    notes: c.facts,
    sources: sourceRefs(k, [c.sources, ...relationViews.map((v) => [v.source]), ...c.dimensions.map((d) => d.sources), ...c.facts.map((f) => f.sources)]),
    ...(matchedFrom ? { matchedFrom } : {}),
  };
}

/** Every entry an entry is part of, through `broader` links, nearest first. */
function ancestors(k: Knowledge, e: ConceptEntry): string[] {
  const out: string[] = [];
  let frontier = [...e.broader];
  while (frontier.length && out.length < 12) {
    const next: string[] = [];
    for (const id of frontier) {
      if (out.includes(id) || id === e.id) continue;
      out.push(id);
      const p = k.byId.get(id);
      if (p && isConcept(p)) next.push(...p.broader);
    }
    frontier = next;
  }
  return out;
}

/** Whether `whole` is the entry that names `part`'s area ("Metrics" for a metric). */
function namesArea(whole: ConceptEntry, part: ConceptEntry): boolean {
  const key = normalizeKey(whole.name);
  return key === normalizeKey(part.area) || key === normalizeKey(AREA_TITLES[part.area]);
}

/** "social networking" and "online social network": an activity (-ing) and the thing it centres on. */
function activityOf(activity: ConceptEntry, thing: ConceptEntry): boolean {
  const w = normalizeKey(activity.name.replace(/\([^)]*\)/g, '')).split(' ');
  const last = w[w.length - 1] ?? '';
  if (!/ing$/.test(last) || last.length < 6) return false;
  const stem = last.replace(/ing$/, '').replace(/(.)\1$/, '$1');
  const t = normalizeKey(thing.name.replace(/\([^)]*\)/g, '')).split(' ');
  const phrase = [...w.slice(0, -1), stem].join(' ');
  return t.join(' ').includes(phrase) && !w.join(' ').includes(t.join(' '));
}

/** What the links between two entries show about how they relate, if anything; never a stock sentence. */
function derivedRelation(k: Knowledge, a: ConceptEntry, b: ConceptEntry): { kind: Relation; text?: string } {
  const A = startName(midName(a));
  const B = startName(midName(b));
  const upA = ancestors(k, a);
  const upB = ancestors(k, b);
  if (upA.includes(b.id) || namesArea(b, a)) return { kind: 'b-contains-a', text: `${A} is part of ${midName(b)}.` };
  if (upB.includes(a.id) || namesArea(a, b)) return { kind: 'a-contains-b', text: `${B} is part of ${midName(a)}.` };
  const site = (e: ConceptEntry) => (e.kind === 'platform' || /\b(?:network|site|platform|app)s?\b/i.test(e.name) ? 'the kind of site it happens on' : 'the thing it centres on');
  if (activityOf(a, b)) return { kind: 'overlap', text: `${A} is the activity; ${midName(b)} is ${site(b)}.` };
  if (activityOf(b, a)) return { kind: 'overlap', text: `${B} is the activity; ${midName(a)} is ${site(a)}.` };
  const shared = upA.find((x) => upB.includes(x));
  const parent = shared ? k.byId.get(shared) : undefined;
  if (parent) return { kind: 'distinct', text: `${A} and ${midName(b)} are both part of ${midName(parent)}, as different things.` };
  if (a.kind === 'platform' && b.kind === 'platform') {
    const same = a.classification.label === b.classification.label && a.classification.label !== 'split';
    return { kind: 'distinct', text: same ? `Two separate platforms, both ${usualClass(a)}.` : `Two separate platforms: ${a.name} is ${usualClass(a)}, ${b.name} ${usualClass(b)}.` };
  }
  if (a.related.includes(b.id) || b.related.includes(a.id)) return { kind: 'distinct', text: `${A} and ${midName(b)} are different things that are often discussed together.` };
  return { kind: 'distinct' };
}

/**
 * A comparison put together from two entries when none is written: what their links show about the
 * relation (or nothing), each side in short, and only dimensions both sides have.
 */
export function derivedComparisonReply(k: Knowledge, a: ConceptEntry, b: ConceptEntry): ComparisonReply {
  const rel = derivedRelation(k, a, b);
  const both = (x: readonly string[], y: readonly string[]) => [...new Set([...x, ...y])];
  const dimensions: ComparisonReply['dimensions'] = [{ name: 'In short', a: a.summary, b: b.summary, sources: both(a.sources, b.sources) }];
  if (a.kind === 'platform' && b.kind === 'platform') {
    const src = (e: PlatformEntry) => e.classification.views.map((v) => v.source);
    dimensions.push({ name: 'How it is classified', a: a.classification.summary, b: b.classification.summary, sources: both(src(a), src(b)) });
  }
  if (a.examples.length > 0 && b.examples.length > 0) {
    const ex = (e: ConceptEntry) => e.examples.slice(0, 3).join('; ');
    dimensions.push({ name: 'Examples', a: ex(a), b: ex(b), sources: both(a.sources, b.sources) });
  }
  if (a.area !== b.area) dimensions.push({ name: 'Area', a: AREA_TITLES[a.area], b: AREA_TITLES[b.area], sources: ['editorial'] });
  // The full definitions are there for "More".
  const notes = [
    { text: `${a.name}: ${a.definition}`, sources: a.sources },
    { text: `${b.name}: ${b.definition}`, sources: b.sources },
  ];
  const text = { text: rel.text ?? '', sources: ['editorial'] };
  return {
    kind: 'comparison',
    a: ref(a),
    b: ref(b),
    derived: true,
    ...(rel.text ? { summary: text } : {}),
    relation: { kind: rel.kind, text },
    relationViews: [],
    dimensions,
    notes,
    sources: sourceRefs(k, [...(rel.text ? [['editorial']] : []), ...dimensions.map((d) => d.sources), ...notes.map((n) => n.sources)]),
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

/**
 * The sources: all of them, or those whose author or label names one of `people` ("Diksha",
 * "Kaplan"), with the entries that draw on the first of those most (the most facts and views citing it).
 */
export function sourcesReply(k: Knowledge, people: readonly string[] = []): SourcesReply {
  const all = [...k.sources.values()];
  const words = (s: { author: string; label: string }) => `${s.author} ${s.label}`;
  const wanted = all.filter((s) => people.some((p) => words(s).toLowerCase().includes(p.toLowerCase())));
  const shown = wanted.length ? wanted : all;
  const citing = (id: string) => k.entries.filter((e) => e.sources.includes(id));
  // The entries that draw on the source most: the facts (and views) citing it, the most first.
  const uses = (e: Entry, id: string) =>
    e.facts.filter((f) => f.sources.includes(id)).length + (isConcept(e) ? e.views.filter((v) => v.source === id).length : e.relationViews.filter((v) => v.source === id).length);
  const citedIn = wanted.length
    ? citing(wanted[0]!.id)
        .map((e) => ({ e, n: uses(e, wanted[0]!.id) }))
        .sort((a, b) => b.n - a.n || a.e.name.localeCompare(b.e.name))
        .slice(0, 5)
        .map(({ e }) => ref(e))
    : [];
  // The names as the sources write them ("kaplan" → "Kaplan", "wayward" → "Wayward Kind").
  const proper = (p: string): string => {
    for (const s of wanted) for (const m of words(s).matchAll(/[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*/g)) if (m[0].toLowerCase().includes(p.toLowerCase())) return m[0];
    return p;
  };
  const asked = [...new Set(people.map(proper))];
  return {
    kind: 'sources',
    sources: shown.map((s) => ({ id: s.id, label: s.label, title: s.title, author: s.author, ...(s.about ? { about: s.about } : {}), entries: citing(s.id).length })),
    ...(wanted.length && asked.length ? { asked: asked.join(' and ') } : {}),
    citedIn,
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
