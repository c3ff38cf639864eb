/**
 * The schema of a knowledge file's front matter, and of sources.yml and ambiguous.yml.
 * Limits keep every piece within what a Discord embed can show (see knowledge/README.md).
 */
import { z } from 'zod';
import { AREAS, CATEGORIES, PLATFORM_LABELS, RELATIONS, STANCES, VIEW_LABELS } from './types.ts';

export const LIMITS = {
  name: 80,
  alias: 80,
  aliases: 30,
  matchKeys: 10,
  definition: 350,
  /** The short answer's one sentence ("In short"). */
  summary: 200,
  view: 500,
  disagreement: 400,
  example: 200,
  examples: 5,
  related: 8,
  broader: 3,
  fact: 500,
  facts: 12,
  classificationText: 300,
  relationSummary: 400,
  relationView: 400,
  dimensions: 10,
  dimensionName: 60,
  dimensionValue: 500,
  /** Everything an entry shows at once must fit Discord's 6,000-character embed total with room for chrome. */
  entryTotal: 5200,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** An entry or source id (and a knowledge file's name): lowercase letters and digits, in hyphen-joined words. The one pattern for ids, also in custom ids. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const id = z.string().regex(ID_PATTERN, 'must be an id: lowercase letters, digits and hyphens');
const ids = (max?: number) => (max === undefined ? z.array(id) : z.array(id).max(max));
const sourceIds = z.array(id).min(1);

const common = {
  name: text(LIMITS.name),
  /** One sentence, the short answer's first line ("In short"). */
  summary: text(LIMITS.summary),
  aliases: z.array(z.coerce.string().trim().min(1).max(LIMITS.alias)).max(LIMITS.aliases).default([]),
  /** Match-only keys: what should find the entry but is never shown (misspellings, run-together web names). */
  match: z.array(z.coerce.string().trim().min(1).max(LIMITS.alias)).max(LIMITS.matchKeys).default([]),
  area: z.enum(AREAS),
  sources: sourceIds,
  related: ids(LIMITS.related).default([]),
};

const concept = {
  ...common,
  definition: text(LIMITS.definition),
  views: z.array(z.strictObject({ source: id, says: text(LIMITS.view) })).default([]),
  disagreement: z.strictObject({ summary: text(LIMITS.disagreement), sources: z.array(id).min(2) }).optional(),
  examples: z.array(z.coerce.string().trim().min(1).max(LIMITS.example)).max(LIMITS.examples).default([]),
  broader: ids(LIMITS.broader).default([]),
};

export const termSchema = z.strictObject({ kind: z.literal('term'), ...concept });

export const platformSchema = z.strictObject({
  kind: z.literal('platform'),
  ...concept,
  classification: z.strictObject({
    label: z.enum(PLATFORM_LABELS),
    summary: text(LIMITS.classificationText),
    views: z
      .array(
        z.strictObject({
          source: id,
          label: z.enum(VIEW_LABELS),
          stance: z.enum(STANCES),
          not: z.array(z.enum(CATEGORIES)).default([]),
          called: text(80).optional(),
          why: text(LIMITS.classificationText),
        }),
      )
      .min(1),
  }),
});

export const comparisonSchema = z.strictObject({
  kind: z.literal('comparison'),
  ...common,
  a: id,
  b: id,
  relation: z.enum(RELATIONS),
  relation_summary: text(LIMITS.relationSummary),
  relation_views: z
    .array(z.strictObject({ source: id, relation: z.enum(RELATIONS), says: text(LIMITS.relationView) }))
    .default([]),
  dimensions: z
    .array(
      z.strictObject({
        name: text(LIMITS.dimensionName),
        a: text(LIMITS.dimensionValue),
        b: text(LIMITS.dimensionValue),
        sources: sourceIds,
      }),
    )
    .min(1)
    .max(LIMITS.dimensions),
});

export const sourcesSchema = z.array(
  z.strictObject({
    id,
    label: text(60),
    title: text(200),
    author: text(200),
    /** Who the author is and what the source is about, in the editors' words (answers "who is Diksha?"). */
    about: text(400).optional(),
    seed: z.string().optional(),
  }),
);

export const ambiguousSchema = z.array(
  z.strictObject({ alias: z.coerce.string().trim().min(1), meanings: z.array(id).min(2) }),
);

export type TermFrontMatter = z.infer<typeof termSchema>;
export type PlatformFrontMatter = z.infer<typeof platformSchema>;
export type ComparisonFrontMatter = z.infer<typeof comparisonSchema>;

/** Turns zod issues into problems that name the field in the editor's terms, e.g. `dimensions[2].a`. */
export function describeIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
): { file: string; field: string; message: string }[] {
  const out: { file: string; field: string; message: string }[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ file, field: fieldName([...path, key]), message: 'unknown field (check the spelling against knowledge/README.md)' });
      }
      continue;
    }
    const value = valueAt(data, path);
    out.push({ file, field: fieldName(path) || (file.endsWith('.md') ? '(front matter)' : '(whole file)'), message: issueMessage(issue, value) });
  }
  return out;
}

export function fieldName(path: readonly PropertyKey[]): string {
  let s = '';
  for (const part of path) {
    if (typeof part === 'number') s += `[${part}]`;
    else s += s ? `.${String(part)}` : String(part);
  }
  return s;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'too_big':
      if (typeof value === 'string') return `is ${value.trim().length} characters; at most ${String(issue.maximum)} fit`;
      if (Array.isArray(value)) return `has ${value.length} items; at most ${String(issue.maximum)} allowed`;
      return `is too large (at most ${String(issue.maximum)})`;
    case 'too_small':
      if (value === undefined) return 'is missing';
      if (typeof value === 'string') return 'must not be empty';
      if (Array.isArray(value)) return `needs at least ${String(issue.minimum)} item(s)`;
      return `is too small (at least ${String(issue.minimum)})`;
    case 'invalid_type':
      if (value === undefined) return 'is missing';
      return `must be ${article(issue.expected)} (found ${describe(value)})`;
    case 'invalid_value':
      if (value === undefined) return `is missing (one of: ${issue.values.map(String).join(', ')})`;
      return `must be one of: ${issue.values.map(String).join(', ')} (found ${JSON.stringify(value)})`;
    case 'invalid_format':
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  return expected === 'array' ? 'a list' : expected === 'object' ? 'a group of fields' : `a ${expected}`;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of fields';
  return `${typeof value} ${JSON.stringify(value)}`;
}
