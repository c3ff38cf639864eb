/**
 * Renders the reply model as plain text, for the console and `ask`. What to show comes from the
 * shared layout step (src/core/layout.ts); this file only formats it.
 */
import type { Reply } from '../core/reply.ts';
import { textCommandList } from './commands.ts';
import { serverNoteText } from '../core/present.ts';
import { assertNever, compactSources, fullSources, layout, moreLine, type Action, type Detail, type Layout, type Line, type Tone } from '../core/layout.ts';

export interface TextOptions {
  /** `short` (the default) or `full` (everything the entry has). */
  detail?: Detail;
  /** How to get the full answer here, added after the "More:" line (e.g. "type /more"). */
  moreHint?: string;
}

const line = (l: Line) => `${l.bullet ? '  • ' : ''}${l.label ? `${l.label}: ` : ''}${l.text}`;

/** Text has no buttons: what an action offers is said in words where it matters. */
function actionText(a: Action): string | undefined {
  switch (a.kind) {
    case 'pick':
      return a.compareWith ? `${a.compareWith.name} vs ${a.entry.name}` : a.entry.name;
    case 'open':
    case 'more':
    case 'page':
    case 'choose-area':
      return undefined;
    default:
      return assertNever(a);
  }
}

function title(l: Layout): string | undefined {
  const tones: Record<Tone, boolean> = { definition: true, comparison: true, classification: true, miss: false, info: true };
  return l.title && tones[l.tone] ? l.title.toUpperCase() : l.title;
}

export function formatText(l: Layout, options: TextOptions = {}): string {
  const out: string[] = [];
  const t = title(l);
  if (t) out.push(t);
  if (l.asked !== undefined) out.push(l.matchedNote ? `(closest match for “${l.asked}”)` : `I don't have an entry for “${l.asked}”.`);
  for (const x of l.lead) out.push(line(x));
  // A server's own entries: whose and since when.
  for (const n of l.server ?? []) out.push(serverNoteText(n, (id) => `user ${id}`, (iso) => iso.slice(0, 10), (l.server?.length ?? 0) > 1));
  // The help answer lists this platform's commands: the console's.
  if (l.commands) out.push('', `Commands: ${textCommandList()}, /more. Or just ask:`);
  const picks = l.actions.map(actionText).filter((x): x is string => x !== undefined);
  if (picks.length) out.push(`Did you mean: ${picks.join(', ')}?`);
  for (const s of l.sections) {
    out.push('', /[?!.:]$/.test(s.heading) ? s.heading : `${s.heading}:`);
    for (const x of s.lines) out.push(x.bullet || x.label ? line({ ...x, bullet: true }) : `  ${line(x)}`);
  }
  if (l.more) out.push('', `${moreLine(l.more)}${options.moreHint ? ` ${options.moreHint}` : ''}`);
  if (l.sources?.refs.length) {
    if (l.sources.compact) out.push(`Sources: ${compactSources(l.sources.refs, l.sources.cited)}`);
    else out.push('', 'Sources:', ...fullSources(l.sources.refs).map((s) => `  ${s}`));
  }
  return out.join('\n');
}

export function renderText(reply: Reply | undefined, options: TextOptions = {}): string {
  if (!reply) return '';
  // Several platforms asked about at once ("are reddit and pinterest social networks?"): one answer each.
  if (reply.kind === 'classification' && reply.also?.length) return [{ ...reply, also: undefined }, ...reply.also].map((r) => renderText(r, options)).join('\n\n');
  return formatText(layout(reply, options.detail ?? 'short'), options);
}
