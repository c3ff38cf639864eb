/**
 * Builds a Knowledge value from the texts of the knowledge files and checks everything that spans
 * files: unique ids, one owner per alias, links to entries and sources, the size of what is shown.
 * Pure: the loader reads the folder, this decides.
 */
import { compactKey, normalizeKey } from '../normalize.ts';
import { isFuture } from './dates.ts';
import { LIMITS } from './schema.ts';
import { parsePhrasings } from '../intent.ts';
import { idFromFile, parseAmbiguous, parseEntry, parseSources } from './parse.ts';
import { isConcept, labelsOf, type AmbiguousAlias, type ComparisonEntry, type Entry, type Knowledge, type Problem, type Relation, type Source } from './types.ts';

export interface KnowledgeFiles {
  /** Entry files: path relative to the knowledge folder, and text. */
  entries: { file: string; text: string }[];
  /** Absent when the loader could not read it (and has said so). */
  sources?: { file: string; text: string };
  ambiguous?: { file: string; text: string };
  /** The files of understanding/ (phrasing examples and word lists), paths relative to the knowledge folder. */
  phrasings?: { file: string; text: string }[];
}

export interface Compiled {
  knowledge: Knowledge;
  problems: Problem[];
}

export interface CompileOptions {
  /** Today, for dates in citations (a fact cannot be "as of" a month that has not come yet). */
  now?: Date;
  /**
   * Ids of entries outside these files that links (related, broader, a comparison's sides) may name:
   * a server glossary links to the shipped entries. Maps each id to whether it is a concept.
   */
  external?: ReadonlyMap<string, boolean>;
}

export function compileKnowledge(files: KnowledgeFiles, options: CompileOptions = {}): Compiled {
  const problems: Problem[] = [];
  const sourcesFile = files.sources?.file ?? 'sources.yml';
  const sourcesParsed = files.sources ? parseSources(sourcesFile, files.sources.text) : { problems: [] };
  problems.push(...sourcesParsed.problems);
  const sources = new Map<string, Source>();
  for (const s of sourcesParsed.value ?? []) {
    if (sources.has(s.id)) problems.push({ file: sourcesFile, field: `id ${s.id}`, message: 'is listed twice' });
    sources.set(s.id, s);
  }
  // A broken or unreadable sources.yml is reported once (above, or by the loader), not again as an
  // "unknown source" for every citation of every entry.
  const sourcesKnown = sourcesParsed.value !== undefined && sources.size > 0;
  if (files.sources && sourcesParsed.value?.length === 0) problems.push({ file: sourcesFile, field: '(whole file)', message: 'lists no sources: every fact cites one of them' });
  let ambiguous: AmbiguousAlias[] = [];
  if (files.ambiguous) {
    const r = parseAmbiguous(files.ambiguous.file, files.ambiguous.text);
    problems.push(...r.problems);
    ambiguous = r.value ?? [];
  }

  const entries: Entry[] = [];
  const byId = new Map<string, Entry>();
  const files_ = new Map<string, string>();
  const invalid: { file: string; raw: Record<string, unknown> }[] = [];
  for (const f of [...files.entries].sort((x, y) => x.file.localeCompare(y.file))) {
    const r = parseEntry(f.file, f.text);
    problems.push(...r.problems);
    const id = idFromFile(f.file);
    const prior = files_.get(id);
    if (prior) {
      problems.push({ file: f.file, field: 'id (file name)', message: `is already used by ${prior}` });
      continue;
    }
    files_.set(id, f.file);
    if (r.value) {
      byId.set(r.value.id, r.value);
      entries.push(r.value);
    } else if (r.raw) invalid.push({ file: f.file, raw: r.raw });
  }

  const knowledge: Knowledge = { entries, byId, sources, ambiguous };
  if (files.phrasings) {
    const r = parsePhrasings(files.phrasings);
    problems.push(...r.problems);
    knowledge.phrasings = r.phrasings;
  }
  const external = options.external ?? new Map<string, boolean>();
  problems.push(...invalid.flatMap((x) => checkRawLinks(knowledge, files_, x.file, x.raw, external, sourcesKnown)));
  problems.push(...checkKnowledge(knowledge, { ...options, ambiguousFile: files.ambiguous?.file ?? 'ambiguous.yml', sourcesKnown }));
  return { knowledge, problems };
}

/**
 * The checks that span entries (links, one owner per name and alias, sizes, dates, relations), on
 * entries already parsed: a server glossary's save parses only the changed entry and checks it with
 * the others as stored.
 */
export function checkKnowledge(knowledge: Knowledge, options: CompileOptions & { ambiguousFile?: string; sourcesKnown?: boolean } = {}): Problem[] {
  const external = options.external ?? new Map<string, boolean>();
  return [...checkLinks(knowledge, external, options.sourcesKnown ?? true), ...checkAliases(knowledge, options.ambiguousFile ?? 'ambiguous.yml'), ...checkSummaries(knowledge), ...checkSizes(knowledge), ...checkDates(knowledge, options.now ?? new Date()), ...checkRelations(knowledge), ...checkClassifications(knowledge)];
}

/** Links in an entry whose schema failed, so one run of the checker reports them too. */
function checkRawLinks(k: Knowledge, ids: ReadonlyMap<string, string>, file: string, raw: Record<string, unknown>, external: ReadonlyMap<string, boolean>, sourcesKnown = true): Problem[] {
  const problems: Problem[] = [];
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  strings(raw.sources).forEach((id, i) => {
    if (sourcesKnown && !k.sources.has(id)) problems.push({ file, field: `sources[${i}]`, message: `cites unknown source "${id}" (see sources.yml)` });
  });
  for (const field of ['related', 'broader']) {
    strings(raw[field]).forEach((id, i) => {
      if (!ids.has(id) && !external.has(id)) problems.push({ file, field: `${field}[${i}]`, message: `links to missing entry "${id}"` });
    });
  }
  return problems;
}

function checkLinks(k: Knowledge, external: ReadonlyMap<string, boolean>, sourcesKnown = true): Problem[] {
  const problems: Problem[] = [];
  const source = (file: string, field: string, ids: readonly string[]) => {
    if (!sourcesKnown) return;
    ids.forEach((id, i) => {
      if (!k.sources.has(id)) problems.push({ file, field: ids.length > 1 ? `${field}[${i}]` : field, message: `cites unknown source "${id}" (see sources.yml)` });
    });
  };
  const entry = (file: string, field: string, id: string, want?: 'concept') => {
    const target = k.byId.get(id);
    const outside = target ? undefined : external.get(id);
    if (outside !== undefined) {
      if (want === 'concept' && !outside) problems.push({ file, field, message: `must name a term or platform, not the comparison "${id}"` });
    } else if (!target) problems.push({ file, field, message: `links to missing entry "${id}"` });
    else if (want === 'concept' && !isConcept(target)) problems.push({ file, field, message: `must name a term or platform, not the comparison "${id}"` });
  };
  const pairs = new Map<string, string>();
  for (const e of k.entries) {
    const f = e.file;
    source(f, 'sources', e.sources);
    e.facts.forEach((fact, i) => {
      source(f, `body, fact ${i + 1}`, fact.sources);
      // Readers see labels ("Diksha", "the social networking explainer"), never ids, in the text itself.
      for (const id of k.sources.keys()) {
        if (fact.text.includes(`(${id})`)) problems.push({ file: f, field: `body, fact ${i + 1}`, message: `names the source by its id "(${id})" in the text; write its label, "${k.sources.get(id)!.label}"` });
      }
    });
    e.related.forEach((id, i) => {
      if (id === e.id) problems.push({ file: f, field: `related[${i}]`, message: 'links the entry to itself' });
      else entry(f, `related[${i}]`, id);
    });
    if (isConcept(e)) {
      e.views.forEach((v, i) => source(f, `views[${i}].source`, [v.source]));
      if (e.disagreement) source(f, 'disagreement.sources', e.disagreement.sources);
      e.broader.forEach((id, i) => entry(f, `broader[${i}]`, id, 'concept'));
      if (e.kind === 'platform') e.classification.views.forEach((v, i) => source(f, `classification.views[${i}].source`, [v.source]));
    } else {
      entry(f, 'a', e.a, 'concept');
      entry(f, 'b', e.b, 'concept');
      if (e.a === e.b) problems.push({ file: f, field: 'b', message: 'compares the entry with itself' });
      const pair = [e.a, e.b].sort().join(' ');
      const prior = pairs.get(pair);
      if (prior) problems.push({ file: f, field: 'a, b', message: `the same pair is already compared in ${prior}` });
      else pairs.set(pair, f);
      e.relationViews.forEach((v, i) => source(f, `relation_views[${i}].source`, [v.source]));
      e.dimensions.forEach((d, i) => source(f, `dimensions[${i}].sources`, d.sources));
    }
  }
  return problems;
}

/** Keys that would match ordinary words of any question. */
const NOT_A_NAME = new Set(['vs', 'versus', 'and', 'or', 'the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'what', 'how', 'it', 'this', 'that']);

/** Every name and alias, normalized, belongs to one entry, unless ambiguous.yml lists it with all its meanings. */
function checkAliases(k: Knowledge, ambiguousFile: string): Problem[] {
  const problems: Problem[] = [];
  const allowed = new Map<string, AmbiguousAlias>();
  k.ambiguous.forEach((a, i) => {
    const key = normalizeKey(a.alias);
    allowed.set(key, a);
    a.meanings.forEach((id, j) => {
      const target = k.byId.get(id);
      if (!target) problems.push({ file: ambiguousFile, field: `[${i}].meanings[${j}]`, message: `links to missing entry "${id}"` });
      else if (!labelsOf(target).some((n) => normalizeKey(n) === key)) {
        problems.push({ file: ambiguousFile, field: `[${i}].meanings[${j}]`, message: `entry "${id}" does not list "${a.alias}" among its name or aliases` });
      }
    });
  });
  const owners = new Map<string, { id: string; file: string }>();
  for (const e of k.entries) {
    const seen = new Set<string>();
    labelsOf(e).forEach((label, i) => {
      const key = normalizeKey(label);
      const matchIndex = i > e.aliases.length ? e.matchKeys.indexOf(label) : -1;
      const field = i === 0 ? 'name' : i <= e.aliases.length ? `aliases[${i - 1}]` : matchIndex >= 0 ? `match[${matchIndex}]` : 'name (the part before the brackets)';
      if (!key) {
        problems.push({ file: e.file, field, message: `"${label}" has no letters or digits to match on` });
        return;
      }
      if (NOT_A_NAME.has(key)) {
        problems.push({ file: e.file, field, message: `"${label}" reads as just "${key}", a word every question uses; give a more specific alias` });
        return;
      }
      for (const variant of new Set([key, compactKey(key)])) {
        if (seen.has(variant)) continue;
        seen.add(variant);
        const owner = owners.get(variant);
        if (!owner) {
          owners.set(variant, { id: e.id, file: e.file });
          continue;
        }
        const amb = allowed.get(key) ?? allowed.get(variant);
        if (amb && amb.meanings.includes(owner.id) && amb.meanings.includes(e.id)) continue;
        problems.push({
          file: e.file,
          field,
          message: `"${label}" is already claimed by ${owner.file}; give it to one entry, or list it in ambiguous.yml with every meaning`,
        });
        break;
      }
    });
  }
  return problems;
}

/** Roughly what a full answer shows; it must fit one Discord embed (6,000 characters in all). */
export function shownLength(e: Entry): number {
  let n = e.name.length + e.facts.reduce((s, f) => s + f.text.length + 8 + (f.asOf ? 20 : 0), 0);
  if (isConcept(e)) {
    n += e.definition.length + e.views.reduce((s, v) => s + v.says.length + 40, 0) + (e.disagreement?.text.length ?? 0) + e.examples.join(', ').length;
    if (e.kind === 'platform') n += e.classification.summary.length + e.classification.views.reduce((s, v) => s + v.why.length + 50, 0);
  } else {
    n += e.relationSummary.length + e.relationViews.reduce((s, v) => s + v.says.length + 40, 0) + e.dimensions.reduce((s, d) => s + d.name.length + d.a.length + d.b.length + 10, 0);
  }
  return n;
}

/**
 * A platform's usual label must follow from its views: `both` needs a source that says or lists both
 * (two sources that each pick one make a `split`), and `split` needs views that disagree.
 */
function checkClassifications(k: Knowledge): Problem[] {
  const problems: Problem[] = [];
  for (const e of k.entries) {
    if (e.kind !== 'platform') continue;
    const labels = new Set(e.classification.views.map((v) => v.label));
    if (e.classification.label === 'both' && !labels.has('both')) {
      problems.push({ file: e.file, field: 'classification.label', message: `is "both", but no source in views calls it both${labels.has('social-media') && labels.has('social-network') ? '; sources that each pick one are a "split"' : ''}` });
    }
    if (e.classification.label === 'split' && labels.size < 2) {
      problems.push({ file: e.file, field: 'classification.label', message: 'is "split", but the views agree; use their label' });
    }
  }
  return problems;
}

/** A relation as seen from one side of a comparison: "side contains other", "other contains side", "distinct", "overlap". */
function fromSide(relation: Relation, c: ComparisonEntry, side: string): string {
  if (relation === 'distinct' || relation === 'overlap') return relation;
  const sideIsA = c.a === side;
  return (relation === 'a-contains-b') === sideIsA ? 'contains' : 'is part of';
}

/**
 * Relations must not contradict each other across entries:
 * - a comparison cannot call two entries distinct (or nest them the other way) when one lists the other as `broader`;
 * - two comparisons that ask the same question (they share a side, and their other sides link to each
 *   other) must record the same view for a source quoted in both, and then the same overall relation.
 */
function checkRelations(k: Knowledge): Problem[] {
  const problems: Problem[] = [];
  const phrase = (x: string, r: string, y: string) => (r === 'distinct' ? `${x} and ${y} are distinct` : r === 'overlap' ? `${x} and ${y} overlap` : `${x} ${r} ${y}`);
  const comparisons = k.entries.filter((e): e is ComparisonEntry => e.kind === 'comparison');
  for (const c of comparisons) {
    const a = k.byId.get(c.a);
    const b = k.byId.get(c.b);
    if (!a || !b || !isConcept(a) || !isConcept(b)) continue;
    const implied: Relation | undefined = a.broader.includes(b.id) ? 'b-contains-a' : b.broader.includes(a.id) ? 'a-contains-b' : undefined;
    if (implied && (c.relation === 'distinct' || (c.relation !== implied && c.relation !== 'overlap'))) {
      const part = implied === 'a-contains-b' ? b : a;
      const whole = implied === 'a-contains-b' ? a : b;
      problems.push({ file: c.file, field: 'relation', message: `is "${c.relation}", but ${part.file} lists ${whole.id} as broader (part of it); make them agree` });
    }
  }
  const linked = (x: string, y: string) => {
    const ex = k.byId.get(x);
    const ey = k.byId.get(y);
    const links = (e: Entry | undefined, id: string) => !!e && (e.related.includes(id) || (isConcept(e) && e.broader.includes(id)));
    return links(ex, y) || links(ey, x);
  };
  const label = (id: string) => k.sources.get(id)?.label ?? id;
  for (let i = 0; i < comparisons.length; i++) {
    for (let j = i + 1; j < comparisons.length; j++) {
      const c1 = comparisons[i]!;
      const c2 = comparisons[j]!;
      if (c1.relationViews.length === 0 || c2.relationViews.length === 0) continue;
      const side = [c1.a, c1.b].find((x) => x === c2.a || x === c2.b);
      if (!side) continue;
      const o1 = c1.a === side ? c1.b : c1.a;
      const o2 = c2.a === side ? c2.b : c2.a;
      if (!linked(o1, o2)) continue;
      // c2 is the later file (entries are sorted by path): report there.
      let shared = false;
      c2.relationViews.forEach((v2, n) => {
        const v1 = c1.relationViews.find((v) => v.source === v2.source);
        if (!v1) return;
        shared = true;
        const r1 = fromSide(v1.relation, c1, side);
        const r2 = fromSide(v2.relation, c2, side);
        if (r1 !== r2) {
          problems.push({ file: c2.file, field: `relation_views[${n}]`, message: `gives ${label(v2.source)}'s view as "${phrase(side, r2, o2)}", but ${c1.file} gives it as "${phrase(side, r1, o1)}" on the same question; record one view` });
        }
      });
      if (shared && fromSide(c1.relation, c1, side) !== fromSide(c2.relation, c2, side)) {
        problems.push({ file: c2.file, field: 'relation', message: `says "${phrase(side, fromSide(c2.relation, c2, side), o2)}", but ${c1.file} says "${phrase(side, fromSide(c1.relation, c1, side), o1)}" on the same question; give both the same relation` });
      }
    }
  }
  return problems;
}

/** A sentence break inside a text: end punctuation, a space, then a capital (abbreviations such as "e.g." aside). */
const SENTENCE_BREAK = /(?<!\b(?:e\.g|i\.e|vs|etc|approx|No))[.!?]["'’”)]?\s+["'‘“(]?[A-Z]/;

/** The short answer's "In short" line: one sentence (the sentence-field check sees that it ends as one), more than the name. */
function checkSummaries(k: Knowledge): Problem[] {
  const problems: Problem[] = [];
  for (const e of k.entries) {
    const s = e.summary;
    if (SENTENCE_BREAK.test(s)) problems.push({ file: e.file, field: 'summary', message: 'has more than one sentence; the short answer shows one ("In short"), so keep the rest for the definition or the body' });
    else if (normalizeKey(s) === normalizeKey(e.name)) problems.push({ file: e.file, field: 'summary', message: 'only repeats the name; say in one sentence what it is' });
  }
  return problems;
}

/** A fact's "as of" date must not be in the future: that is a typo, and it would never go stale. */
function checkDates(k: Knowledge, now: Date): Problem[] {
  const problems: Problem[] = [];
  for (const e of k.entries) {
    e.facts.forEach((f, i) => {
      if (f.asOf && isFuture(f.asOf, now)) problems.push({ file: e.file, field: `body, fact ${i + 1}`, message: `is dated "as of ${f.asOf}", which is in the future` });
    });
  }
  return problems;
}

function checkSizes(k: Knowledge): Problem[] {
  return k.entries
    .filter((e) => shownLength(e) > LIMITS.entryTotal)
    .map((e) => ({ file: e.file, field: '(whole entry)', message: `shows about ${shownLength(e)} characters at once; a Discord embed holds 6,000 in all, so keep it under ${LIMITS.entryTotal}` }));
}

export function summarize(k: Knowledge, problems: readonly Problem[]): string {
  const count = (kind: Entry['kind']) => k.entries.filter((e) => e.kind === kind).length;
  return `${k.entries.length} entries (${count('term')} terms, ${count('platform')} platforms, ${count('comparison')} comparisons), ${problems.length} problems`;
}

/** Control characters (ANSI escapes, newlines), bidi overrides and line separators: shown escaped, never acted on by a terminal. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: ReadonlyMap<string, string> = new Map([['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\u001b', '\\e']]);

/** Text safe to print on one terminal line: every control or direction-changing character written as an escape (`\n`, `\e`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED.get(c) ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One checker line. File names and quoted values come from editors: printed escaped. */
export function formatProblem(p: Problem): string {
  return printable(`${p.file}: ${p.field}: ${p.message}`);
}
