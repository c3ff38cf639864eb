/**
 * A server glossary entry: a term in the knowledge Markdown format, written by a server's members.
 * Pure: turns the fields into Markdown and back, and checks a server's entries with the same
 * parser, schema and checker as `npm run check:knowledge`, plus the per-server caps.
 */
import { stringify } from 'yaml';
import { checkKnowledge } from '../knowledge/compile.ts';
import { parseEntry } from '../knowledge/parse.ts';
import { isArea, isConcept, type Area, type Knowledge, type Problem, type Source, type TermEntry } from '../knowledge/types.ts';

/** The source every server entry cites: the server's own glossary. */
export const SERVER_SOURCE: Source = {
  id: 'server',
  label: "this server's glossary",
  title: "This server's own glossary",
  author: "This server's members (not reviewed by the termbot editors)",
};


export const GLOSSARY_LIMITS = {
  /** Entries one server may keep. */
  entries: 1000,
  /** Aliases per entry (the shipped format allows more; a server's entry needs fewer). */
  aliases: 20,
  /** One imported file. */
  fileBytes: 16_000,
  /** A whole import (all files together). */
  importBytes: 2_000_000,
  /** Entries hidden in one server. */
  hidden: 1000,
} as const;

/** What a member writes: the modal's fields. */
export interface ServerEntryFields {
  name: string;
  aliases: string[];
  /** One sentence, the short answer's first line. */
  summary?: string;
  definition: string;
  /** One fact per item (the Markdown body's bullets). */
  details: string[];
  /** Ids of other entries, this server's or shipped. */
  related: string[];
  area: Area;
  kind: 'term';
}

/** A stored entry: the fields plus who wrote it and when. */
export interface ServerEntry extends ServerEntryFields {
  id: string;
  guildId: string;
  authorId: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const DEFAULT_AREA: Area = 'basics';

/** The id a new entry gets from its name: "Launch Week 2.0" → `launch-week-2-0`; a name with no Latin letters or digits gets a stable hash. */
export function entryIdFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (slug) return slug;
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return `term-${h.toString(16)}`;
}

export const fileFor = (id: string) => `terms/${id}.md`;

/** A server entry's id as custom ids and term options carry it. */
export const SERVER_ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const yamlValue = (v: unknown) => stringify(v, { lineWidth: 0, collectionStyle: 'flow' }).trimEnd();

/** The entry as a knowledge file (front matter and cited facts): what export writes and import reads. */
export function toMarkdown(f: ServerEntryFields): string {
  const lines = ['---', `kind: ${f.kind}`, `name: ${yamlValue(oneLine(f.name))}`];
  if (f.aliases.length > 0) lines.push(`aliases: ${yamlValue(f.aliases.map(oneLine))}`);
  lines.push(`area: ${f.area}`);
  if (f.summary?.trim()) lines.push(`summary: ${yamlValue(oneLine(f.summary))}`);
  lines.push(`definition: ${yamlValue(oneLine(f.definition))}`, `sources: [${SERVER_SOURCE.id}]`);
  if (f.related.length > 0) lines.push(`related: ${yamlValue(f.related)}`);
  lines.push('---');
  for (const d of f.details) if (oneLine(d)) lines.push(`- ${oneLine(d)} [${SERVER_SOURCE.id}]`);
  return `${lines.join('\n')}\n`;
}

export interface CheckedGlossary {
  /** The valid entries by id, as fields. */
  entries: Map<string, ServerEntryFields>;
  problems: Problem[];
}

/** The fields of a parsed term, for storing. */
function fieldsOf(e: TermEntry, raw: Record<string, unknown> | undefined): ServerEntryFields {
  const summary = e.summary?.trim() || (typeof raw?.summary === 'string' && raw.summary.trim() ? raw.summary.trim() : undefined);
  return {
    name: e.name,
    aliases: e.aliases,
    ...(summary ? { summary } : {}),
    definition: e.definition,
    details: e.facts.map((f) => f.text),
    related: e.related,
    area: isArea(e.area) ? e.area : DEFAULT_AREA,
    kind: 'term',
  };
}

/** A stored (already checked) entry as a knowledge entry: a term whose every fact cites this server's glossary. */
export function toTermEntry(e: ServerEntryFields & { id: string }): TermEntry {
  return {
    kind: 'term',
    id: e.id,
    file: fileFor(e.id),
    name: e.name,
    summary: e.summary ?? e.definition,
    aliases: e.aliases,
    matchKeys: [],
    area: e.area,
    sources: [SERVER_SOURCE.id],
    related: e.related,
    facts: e.details.map((text) => ({ text, sources: [SERVER_SOURCE.id] })),
    definition: e.definition,
    views: [],
    examples: [],
    broader: [],
  };
}

const SERVER_SOURCES = new Map([[SERVER_SOURCE.id, SERVER_SOURCE]]);

/**
 * Checks new or changed entries (`files`, knowledge Markdown) against the server's other, stored
 * entries (`stored`, already checked) with the knowledge checker: each file with the parser and schema,
 * then everything that spans entries (names and aliases clashing within the server, links to this
 * server's entries or shipped ones, sizes), then the server caps. Only problems the files cause are
 * reported (a clash is reported on whichever file sorts later, so a problem on a stored entry that
 * names one of the files counts too). Only the files are parsed, so a save costs one parse however
 * large the glossary.
 */
export function checkGlossary(files: readonly { file: string; text: string }[], shipped: Knowledge, stored: readonly (ServerEntryFields & { id: string })[] = []): CheckedGlossary {
  const problems: Problem[] = [];
  const entries = new Map<string, ServerEntryFields>();
  const parsed: TermEntry[] = [];
  const changed = new Set(files.map((f) => f.file));
  for (const f of files) {
    if (!/^terms\/[^/]+\.md$/.test(f.file)) {
      problems.push({ file: f.file, field: '(file)', message: 'a server glossary holds terms only: put each entry in terms/<id>.md' });
      continue;
    }
    if (Buffer.byteLength(f.text, 'utf8') > GLOSSARY_LIMITS.fileBytes) {
      problems.push({ file: f.file, field: '(whole file)', message: `is larger than ${GLOSSARY_LIMITS.fileBytes / 1000} kB` });
      continue;
    }
    const r = parseEntry(f.file, f.text);
    problems.push(...r.problems);
    const e = r.value;
    if (!e) continue;
    if (e.kind !== 'term') {
      problems.push({ file: f.file, field: 'kind', message: `must be term in a server glossary (found ${e.kind})` });
      continue;
    }
    if (e.aliases.length > GLOSSARY_LIMITS.aliases) {
      problems.push({ file: f.file, field: 'aliases', message: `has ${e.aliases.length} items; at most ${GLOSSARY_LIMITS.aliases} allowed in a server glossary` });
    }
    parsed.push(e);
    entries.set(e.id, fieldsOf(e, r.raw));
  }
  const others = stored.filter((e) => !entries.has(e.id) && !changed.has(fileFor(e.id))).map(toTermEntry);
  const all = [...others, ...parsed].sort((x, y) => x.file.localeCompare(y.file));
  const knowledge: Knowledge = { entries: all, byId: new Map(all.map((e) => [e.id, e])), sources: SERVER_SOURCES, ambiguous: [] };
  const external = new Map<string, boolean>();
  for (const e of shipped.entries) external.set(e.id, isConcept(e));
  const mentions = (p: Problem) => changed.has(p.file) || [...changed].some((c) => p.message.includes(c));
  problems.push(...checkKnowledge(knowledge, { external }).filter(mentions));
  const total = others.length + files.length;
  if (total > GLOSSARY_LIMITS.entries) {
    problems.push({ file: '(glossary)', field: '(entries)', message: `would hold ${total} entries; a server may keep at most ${GLOSSARY_LIMITS.entries}` });
  }
  return { entries, problems };
}

/** A single stored Markdown entry (a revision, a suggestion) read back into fields; undefined if it no longer parses as a term. */
export function fromMarkdown(file: string, text: string): ServerEntryFields | undefined {
  const parsed = parseEntry(file, text);
  return parsed.value?.kind === 'term' ? fieldsOf(parsed.value, parsed.raw) : undefined;
}

/** A member's fields, tidied (trimmed, empty items dropped, duplicates removed) before checking. */
export function tidyFields(f: Partial<ServerEntryFields> & { name: string; definition: string }): ServerEntryFields {
  const list = (xs: readonly string[] | undefined) => [...new Set((xs ?? []).map(oneLine).filter(Boolean))];
  const summary = f.summary ? oneLine(f.summary) : '';
  return {
    name: oneLine(f.name),
    aliases: list(f.aliases),
    ...(summary ? { summary } : {}),
    definition: oneLine(f.definition),
    details: list(f.details),
    related: list(f.related),
    area: f.area && isArea(f.area) ? f.area : DEFAULT_AREA,
    kind: 'term',
  };
}
