/** The trace of `Termbot.explain` as text, one step a line: what `npm run ask -- --explain` prints. */
import type { Trace } from './termbot.ts';

export function formatTrace(trace: Trace): string {
  const out = [`cleaned:   ${trace.cleaned || '(nothing)'}`];
  if (trace.intent === 'skipped') {
    out.push(`verdict:   ${trace.verdict} (${trace.mode === 'channel' ? 'ask channel' : 'mention or DM'}): ${trace.because}`);
    return out.join('\n');
  }
  if (trace.mentions.length === 0) out.push('mentions:  none');
  trace.mentions.forEach((m, i) => out.push(`${i === 0 ? 'mentions:  ' : '           '}"${m.text}" at ${m.span[0]}–${m.span[1]}, ${m.how}, ${m.kind} → ${m.ids.join(' | ') || '(a category)'}`));
  if (trace.sentence !== undefined) out.push(`sentence:  ${trace.sentence}`);
  out.push(`skeleton:  ${trace.skeleton}`);
  out.push(`intents:   ${trace.scores.map((s) => `${s.intent} ${s.p.toFixed(3)}`).join(', ')}${trace.template ? ` (the examples have this skeleton as ${trace.template})` : ''}`);
  out.push(`verdict:   ${trace.verdict} (${trace.mode === 'channel' ? 'ask channel' : 'mention or DM'}): ${trace.because}`);
  return out.join('\n');
}
