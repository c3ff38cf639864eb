/**
 * The entry form's text as entry fields, and problems as a private reply. Pure.
 *
 * The form's five inputs: name, other names (comma-separated), one-line summary, definition, and
 * "details": one detail per line, where a line `Related: a, b` names related entries (by name,
 * alias or id; each is resolved to an entry id with `resolve`, or made an id from the name).
 */
import { entryIdFor } from '../../core/glossary/entry.ts';
import type { Termbot } from '../../core/termbot.ts';
import type { Problem } from '../../core/knowledge/types.ts';
import { memberText } from '../escape.ts';
import { LIMITS, truncate } from '../limits.ts';
import { ENTRY_INPUTS } from '../components/glossary-entry.ts';
import type { EntryInput } from '../../store/glossary.ts';

const RELATED = /^\s*related\s*:\s*(.*)$/i;
const BULLET = /^\s*(?:[-*•]\s+|\d+[.)]\s+)/;

/** The entry a related name (or id) names in `t`, when exactly one does: the form's `Related:` line. */
export function relatedIdIn(t: Termbot, name: string): string | undefined {
  if (t.knowledge.byId.has(name)) return name;
  const ids = t.index.exact(name);
  return ids.length === 1 ? ids[0] : undefined;
}

/** What the form held, as the fields a save takes. `resolve` turns a related name into an entry id (undefined when nothing fits). */
export function parseEntryForm(get: (input: string) => string, resolve: (name: string) => string | undefined = () => undefined): EntryInput {
  const text = (input: string) => {
    try {
      return get(input).trim();
    } catch {
      return '';
    }
  };
  const details: string[] = [];
  const related: string[] = [];
  for (const line of text(ENTRY_INPUTS.more).split('\n')) {
    const r = RELATED.exec(line);
    if (r) related.push(...splitList(r[1] ?? '').map((name) => resolve(name) ?? (/^[a-z0-9][a-z0-9-]*$/.test(name) ? name : entryIdFor(name))));
    else if (line.trim()) details.push(line.replace(BULLET, '').trim());
  }
  const summary = text(ENTRY_INPUTS.summary);
  return {
    name: text(ENTRY_INPUTS.name),
    aliases: splitList(text(ENTRY_INPUTS.aliases)),
    ...(summary ? { summary } : {}),
    definition: text(ENTRY_INPUTS.definition),
    details,
    related: [...new Set(related)],
  };
}

function splitList(s: string): string[] {
  return s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The form's labels for the checker's field names, so a refusal points at the input to fix. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  aliases: 'Other names',
  summary: 'One-line summary',
  definition: 'Definition',
  related: 'Related',
  body: 'Details',
  facts: 'Details',
  '(body)': 'Details',
};

function fieldLabel(field: string): string {
  const base = field.replace(/[[.].*$/, '');
  return FIELD_LABELS[base] ?? FIELD_LABELS[field] ?? field;
}

/** A file name as inline code: shown as written (markdown is not read inside it), on one line, no backticks to break out. */
export function code(text: string, max = 100): string {
  return `\`${truncate(text.replace(/`/g, "'").replace(/\s+/g, ' ').trim(), max) || ' '}\``;
}

/**
 * Problems as a private message: a first line, then one line per problem (the file when `withFile`,
 * or when it is not `formFile`; the field; the message), cut to Discord's message limit with a count of what was left out.
 */
export function problemsText(first: string, problems: readonly Problem[], options: { withFile?: boolean; formFile?: string } = {}): string {
  const lines = problems.map((p) => {
    // A form's own problems name just the field; one found on another entry (a clash) names that entry's file too.
    const withFile = options.withFile || (options.formFile !== undefined && p.file !== options.formFile && p.file.startsWith('terms/'));
    const where = withFile ? `${code(p.file)} ${fieldLabel(p.field)}` : fieldLabel(p.field);
    return `• **${where}**: ${memberText(p.message, 400)}`;
  });
  let out = first;
  for (const [k, line] of lines.entries()) {
    // Room is kept for the last line, which says how many problems did not fit.
    if (out.length + 1 + line.length > LIMITS.content - 40) return `${out}\n…and ${lines.length - k} more problem(s).`;
    out += `\n${line}`;
  }
  return out;
}
