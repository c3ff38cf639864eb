/**
 * The short-form check of `npm run check:knowledge`: every entry's short answer, rendered by both
 * renderers exactly as members see it, must stay within the short answer's limit.
 */
import { SHORT } from '../core/layout.ts';
import type { Knowledge, Problem } from '../core/knowledge/types.ts';
import { createTermbot, type Termbot } from '../core/termbot.ts';
import { messageLength, renderDiscord } from '../discord/render.ts';
import { renderText } from './text.ts';

/** `bot`: the termbot of `k`, when the caller has built it already (a reload keeps it). */
export function shortFormProblems(k: Knowledge, bot: Termbot = createTermbot(k)): Problem[] {
  const problems: Problem[] = [];
  for (const e of k.entries) {
    const reply = (e.kind === 'comparison' ? bot.compare(e.a, e.b) : bot.define(e.id)).reply;
    if (!reply) continue;
    const text = renderText(reply).length;
    const discord = messageLength(renderDiscord(reply));
    const n = Math.max(text, discord);
    if (n > SHORT.max) {
      problems.push({
        file: e.file,
        field: '(short answer)',
        message: `comes out at ${n} characters; at most ${SHORT.max} fit. Shorten the summary, the first three facts${e.kind === 'comparison' ? ' or the first four dimensions' : ''} (see it with npm run ask)`,
      });
    }
  }
  return problems;
}
