/**
 * The "More" button under a short answer: the whole answer, asked of the core again. Pressed on a
 * public answer it answers privately to whoever pressed it; on a private answer (only the asker sees
 * it) the full answer replaces the short one in place. A full answer too long for one message
 * continues in private follow-ups, so nothing is dropped.
 */
import { defineButton } from '../registry.ts';
import { replyOptions, updateOptions, type Context } from '../context.ts';
import { ID_PATTERN as ENTRY_ID } from '../../core/knowledge/schema.ts';
import { classificationReply } from '../../core/answer.ts';
import type { Answer } from '../../core/reply.ts';

/** The answer a "More" button shows in full: what to ask the core again. */
export type MoreTarget =
  | { kind: 'define'; entryId: string }
  | { kind: 'compare'; a: string; b: string }
  | { kind: 'classify'; entryId: string; asked?: 'social-media' | 'social-network' | 'messaging' };

export interface MoreArgs {
  target: MoreTarget;
  /** True on a private answer: show the whole answer in place. */
  inPlace: boolean;
}

const ASKED = { 'social-media': 'm', 'social-network': 'n', messaging: 'g' } as const;
type Asked = keyof typeof ASKED;

/** The full answer for a target. */
export function moreAnswer(ctx: Pick<Context, 'termbot'>, t: MoreTarget): Answer {
  switch (t.kind) {
    case 'define':
      return ctx.termbot.define(t.entryId);
    case 'compare':
      return ctx.termbot.compare(t.a, t.b);
    case 'classify': {
      const e = ctx.termbot.knowledge.byId.get(t.entryId);
      if (!e || e.kind !== 'platform') return ctx.termbot.define(t.entryId);
      const reply = classificationReply(ctx.termbot.knowledge, e, t.asked ? [t.asked.replace('-', ' ')] : []);
      return { intent: 'classify', terms: [{ id: e.id, name: e.name, kind: e.kind, area: e.area }], reply };
    }
  }
}

export default defineButton<MoreArgs>({
  key: 'more',
  encode(a) {
    const t = a.target;
    const rest = t.kind === 'define' ? ['d', t.entryId] : t.kind === 'compare' ? ['c', t.a, t.b] : ['k', t.entryId, ...(t.asked ? [ASKED[t.asked]] : [])];
    return [a.inPlace ? 'i' : 'r', ...rest];
  },
  decode([where = '', kind = '', x = '', y = '']) {
    if ((where !== 'i' && where !== 'r') || !ENTRY_ID.test(x)) return undefined;
    const inPlace = where === 'i';
    if (kind === 'd' && !y) return { inPlace, target: { kind: 'define', entryId: x } };
    if (kind === 'c') return ENTRY_ID.test(y) ? { inPlace, target: { kind: 'compare', a: x, b: y } } : undefined;
    if (kind === 'k') {
      const asked = (Object.keys(ASKED) as Asked[]).find((k) => ASKED[k] === y);
      if (y && !asked) return undefined;
      return { inPlace, target: { kind: 'classify', entryId: x, ...(asked ? { asked } : {}) } };
    }
    return undefined;
  },
  async handle(i, a, ctx) {
    const answer = moreAnswer(ctx, a.target);
    if (!answer.reply) return;
    const first = ctx.render(answer.reply, { detail: 'full', private: true });
    if (a.inPlace) await i.update(updateOptions(first));
    else await i.reply(replyOptions(first, { private: true }));
    for (const part of first.continued ?? []) await i.followUp(replyOptions(part, { private: true }));
    return { answer, extra: { parts: 1 + (first.continued?.length ?? 0) } };
  },
});
