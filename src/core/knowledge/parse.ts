/**
 * Pure parsing of knowledge files: text in, entries and problems out. No file system here, so the
 * loader and the tests share one code path (the python-discord tags idea: keep parsing pure).
 */
import { parseDocument, YAMLParseError, type Document } from 'yaml';
import { ambiguousSchema, comparisonSchema, describeIssues, ID_PATTERN, LIMITS, platformSchema, sourcesSchema, termSchema } from './schema.ts';
import { checkAsWritten } from './as-written.ts';
import { parseAsOf } from './dates.ts';
import type { AmbiguousAlias, Area, Cited, Entry, Problem, Source } from './types.ts';

export interface Parsed<T> {
  value?: T;
  problems: Problem[];
  /** The front matter as written, when it was valid YAML: lets the checker still report links in an entry whose schema failed. */
  raw?: Record<string, unknown>;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
/** `[diksha, waywardkind]` at the end of a fact, or with a date: `[editorial; as of 2026-01]`. */
const CITATION = /\s*\[([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)(?:\s*;([^\]]*))?\]\s*$/;

/** The id an entry gets from its file name: `terms/social-media.md` → `social-media`. */
export function idFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.md$/i, '');
}

/** `where` names the part that holds the YAML: an entry's front matter, or a whole .yml file (''). */
/**
 * Parses YAML once: the document (for the as-written check, which needs each value's position) and
 * its plain data. Like `yaml`'s `parse`, the first error is the one reported.
 */
function readYaml(text: string): { doc: Document.Parsed; data: unknown } | { error: YAMLParseError } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  return error ? { error } : { doc, data: doc.toJS() };
}

function yamlProblem(file: string, err: unknown, where = 'front matter'): Problem {
  const field = (line?: number) => [where, line ? `line ${line}` : ''].filter(Boolean).join(', ') || 'file';
  if (err instanceof YAMLParseError) {
    const line = err.linePos?.[0]?.line;
    const first = (err.message.split('\n')[0] ?? err.message).replace(/:\s*$/, '');
    return { file, field: field(line), message: `is not valid YAML: ${first}` };
  }
  return { file, field: field(), message: `is not valid YAML: ${String(err)}` };
}

/** Splits a Markdown body into facts: one per bullet (or paragraph), each ending with `[source, source]`. */
export function parseFacts(file: string, body: string, bodyLine: number): Parsed<Cited[]> {
  const problems: Problem[] = [];
  const blocks: { text: string; line: number }[] = [];
  const lines = body.split(/\r?\n/);
  let current: { text: string; line: number } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      if (current) blocks.push(current);
      current = { text: bullet[1] ?? '', line: bodyLine + i };
    } else if (line.trim() === '') {
      if (current) blocks.push(current);
      current = undefined;
    } else if (/^\s*#/.test(line)) {
      // A heading organises the body; it is not a fact.
      if (current) blocks.push(current);
      current = undefined;
    } else if (current) {
      current.text += ` ${line.trim()}`;
    } else {
      current = { text: line.trim(), line: bodyLine + i };
    }
  });
  if (current) blocks.push(current);

  const facts: Cited[] = [];
  blocks.forEach((block, index) => {
    const field = `body, fact ${index + 1} (line ${block.line})`;
    const m = CITATION.exec(block.text);
    if (!m) {
      problems.push({ file, field, message: 'has no source citation at its end, like [editorial] or [diksha, waywardkind]' });
      return;
    }
    const text = block.text.slice(0, m.index).trim();
    const sources = (m[1] ?? '').split(',').map((s) => s.trim());
    if (!text) problems.push({ file, field, message: 'is only a citation, with no fact before it' });
    else if (text.length > LIMITS.fact) problems.push({ file, field, message: `is ${text.length} characters; at most ${LIMITS.fact} fit` });
    let asOf: string | undefined;
    if (m[2] !== undefined) {
      const date = parseAsOf(m[2]);
      if ('error' in date) problems.push({ file, field, message: `citation date: ${date.error}` });
      else asOf = date.value;
    }
    facts.push(asOf ? { text, sources, asOf } : { text, sources });
  });
  if (facts.length > LIMITS.facts) {
    problems.push({ file, field: 'body', message: `has ${facts.length} facts; at most ${LIMITS.facts} fit` });
  }
  return { value: facts, problems };
}

/** Parses one entry file. `file` is its path relative to the knowledge folder. */
export function parseEntry(file: string, text: string): Parsed<Entry> {
  const problems: Problem[] = [];
  const id = idFromFile(file);
  if (!ID_PATTERN.test(id)) {
    problems.push({ file, field: 'id (file name)', message: 'must be lowercase letters, digits and hyphens, like social-media.md' });
  }
  const fm = FRONT_MATTER.exec(text);
  if (!fm) {
    return { problems: [...problems, { file, field: 'front matter', message: 'is missing: the file must start with a --- line, the fields, and another --- line' }] };
  }
  const yaml = readYaml(fm[1] ?? '');
  if ('error' in yaml) return { problems: [...problems, yamlProblem(file, yaml.error)] };
  const data = yaml.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [...problems, { file, field: 'front matter', message: 'must be a set of fields (name: value)' }] };
  }
  // Values YAML reads differently from how the line shows them (an unquoted " #" cuts the rest off).
  problems.push(...checkAsWritten(file, yaml.doc, fm[1] ?? '', 2));
  const bodyLine = fm[0].split(/\r?\n/).length;
  const body = text.slice(fm[0].length);
  const facts = parseFacts(file, body, bodyLine);
  problems.push(...facts.problems);

  const kind = (data as Record<string, unknown>).kind;
  const raw = data as Record<string, unknown>;
  /** The fields every kind shares. */
  const base = (d: { name: string; summary: string; aliases: string[]; match: string[]; area: Area; sources: string[]; related: string[] }) => ({
    id,
    file,
    name: d.name,
    summary: d.summary,
    aliases: d.aliases,
    matchKeys: d.match,
    area: d.area,
    sources: d.sources,
    related: d.related,
    facts: facts.value ?? [],
  });
  if (kind === 'term' || kind === 'platform') {
    const r = kind === 'term' ? termSchema.safeParse(data) : platformSchema.safeParse(data);
    if (!r.success) return { problems: [...problems, ...describeIssues(file, r.error.issues, data)], raw };
    const d = r.data;
    const concept = {
      ...base(d),
      definition: d.definition,
      views: d.views,
      ...(d.disagreement ? { disagreement: { text: d.disagreement.summary, sources: d.disagreement.sources } } : {}),
      examples: d.examples,
      broader: d.broader,
    };
    return { value: d.kind === 'platform' ? { ...concept, kind: 'platform', classification: d.classification } : { ...concept, kind: 'term' }, problems, raw };
  }
  if (kind === 'comparison') {
    const r = comparisonSchema.safeParse(data);
    if (!r.success) return { problems: [...problems, ...describeIssues(file, r.error.issues, data)], raw };
    const d = r.data;
    return {
      value: {
        ...base(d),
        kind: 'comparison',
        a: d.a,
        b: d.b,
        relation: d.relation,
        relationSummary: d.relation_summary,
        relationViews: d.relation_views,
        dimensions: d.dimensions,
      },
      problems,
    };
  }
  return {
    raw,
    problems: [
      ...problems,
      { file, field: 'kind', message: kind === undefined ? 'is missing (term, platform or comparison)' : `must be term, platform or comparison (found ${JSON.stringify(kind)})` },
    ],
  };
}

function parseYamlList<T>(file: string, text: string, schema: { safeParse(d: unknown): { success: true; data: T } | { success: false; error: { issues: readonly import('zod').z.core.$ZodIssue[] } } }): Parsed<T> {
  const yaml = readYaml(text);
  if ('error' in yaml) return { problems: [yamlProblem(file, yaml.error, '')] };
  const data = yaml.data ?? [];
  const r = schema.safeParse(data);
  if (!r.success) return { problems: describeIssues(file, r.error.issues, data) };
  return { value: r.data, problems: [] };
}

export function parseSources(file: string, text: string): Parsed<Source[]> {
  const r = parseYamlList(file, text, sourcesSchema);
  if (!r.value) return { problems: r.problems };
  return { value: r.value.map((s) => ({ id: s.id, label: s.label, title: s.title, author: s.author, ...(s.about ? { about: s.about } : {}), ...(s.seed ? { seed: s.seed } : {}) })), problems: r.problems };
}

export function parseAmbiguous(file: string, text: string): Parsed<AmbiguousAlias[]> {
  return parseYamlList(file, text, ambiguousSchema);
}
