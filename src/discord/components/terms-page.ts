/** The ◀ / ▶ buttons of /terms: show another page of an area's list, in place. */
import { isArea, type Area } from '../../core/knowledge/types.ts';
import { defineButton } from '../registry.ts';
import { updateOptions } from '../context.ts';

export default defineButton<{ area: Area | 'all'; page: number }>({
  key: 'terms',
  encode: (a) => [a.area, String(a.page)],
  decode([area = '', page = '']) {
    const n = Number.parseInt(page, 10);
    const which = area === 'all' ? 'all' : isArea(area) ? area : undefined;
    return which && Number.isFinite(n) ? { area: which, page: n } : undefined;
  },
  async handle(i, a, ctx) {
    const answer = ctx.termbot.terms(a.area === 'all' ? undefined : a.area, a.page);
    if (answer.reply) await i.update(updateOptions(ctx.render(answer.reply)));
    return { answer };
  },
});
