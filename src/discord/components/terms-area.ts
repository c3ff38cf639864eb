/** The area menu of /terms: show the first page of the chosen area, in place. */
import { isArea } from '../../core/knowledge/types.ts';
import { defineSelect } from '../registry.ts';
import { updateOptions } from '../context.ts';

export default defineSelect<Record<string, never>>({
  key: 'terms-area',
  encode: () => [],
  decode: () => ({}),
  async handle(i, _a, ctx) {
    const area = i.values?.[0] ?? 'all';
    const answer = ctx.termbot.terms(isArea(area) ? area : undefined, 1);
    if (answer.reply) await i.update(updateOptions(ctx.render(answer.reply)));
    return { answer };
  },
});
