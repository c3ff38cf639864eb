/** "Open" buttons (related entries, comparison sides, ambiguous meanings): show that entry privately to whoever clicked. */
import { defineButton } from '../registry.ts';
import { replyOptions } from '../context.ts';
import { ID_PATTERN as ENTRY_ID } from '../../core/knowledge/schema.ts';

export default defineButton<{ entryId: string; private: boolean }>({
  key: 'open',
  encode: (a) => [a.private ? '1' : '0', a.entryId],
  decode: ([priv = '', entryId = '']) => (ENTRY_ID.test(entryId) ? { entryId, private: priv === '1' } : undefined),
  async handle(i, a, ctx) {
    const answer = ctx.termbot.define(a.entryId);
    if (!answer.reply) return;
    await i.reply(replyOptions(ctx.render(answer.reply, { private: true }), { private: true }));
    return { answer, insight: { button: 'open' } };
  },
});
