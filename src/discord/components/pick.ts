/**
 * "Did you mean" buttons under a miss. The mode says what a pick does: `update` replaces the message
 * it is on (a public reply to a question), `public` posts the answer for everyone (the command was
 * public), `private` answers privately. After /compare with one unknown side, a pick completes the
 * comparison (`compareWith`).
 */
import { CUSTOM_ID_PREFIX, defineButton } from '../registry.ts';
import { replyOptions, updateOptions } from '../context.ts';
import { DISCORD_ID, LIMITS } from '../limits.ts';
import { ID_PATTERN as ENTRY_ID } from '../../core/knowledge/schema.ts';

export type PickMode = 'update' | 'public' | 'private';
const CODES: Record<PickMode, string> = { update: 'u', public: 'p', private: 'e' };

export interface PickArgs {
  entryId: string;
  mode: PickMode;
  /** Who asked, for the delete button of an in-place answer. */
  ownerId?: string;
  compareWith?: string;
  /** The term the member missed (normalized, for insights); left out when the id would not fit. */
  asked?: string;
}

const KEY = 'pick';
/** The asked term rides last, after a `~`; it never holds a `:`. */
const ASKED = '~';
const parts = (a: PickArgs, withCompare: boolean, withAsked: boolean) => {
  const asked = withAsked ? a.asked?.replace(/[:~]/g, ' ').trim() : undefined;
  return [CODES[a.mode], a.ownerId ?? '-', a.entryId, ...(withCompare && a.compareWith ? [a.compareWith] : []), ...(asked ? [`${ASKED}${asked}`] : [])];
};
const fits = (p: string[]) => `${CUSTOM_ID_PREFIX}:${KEY}:${p.join(':')}`.length <= LIMITS.customId;

export default defineButton<PickArgs>({
  key: KEY,
  // What does not fit in 100 characters is left out: first the asked term, then a comparison's other
  // side (the pick then opens the picked entry alone).
  encode: (a) => [parts(a, true, true), parts(a, true, false)].find(fits) ?? parts(a, false, false),
  decode(all) {
    const last = all[all.length - 1] ?? '';
    const asked = all.length > 3 && last.startsWith(ASKED) ? last.slice(1).trim() : '';
    const [code = '', owner = '', entryId = '', compareWith = ''] = asked || last === ASKED ? all.slice(0, -1) : all;
    const mode = (Object.keys(CODES) as PickMode[]).find((m) => CODES[m] === code);
    if (!mode || !(owner === '-' || DISCORD_ID.test(owner)) || !ENTRY_ID.test(entryId) || (compareWith && !ENTRY_ID.test(compareWith))) return undefined;
    return { mode, entryId, ...(owner !== '-' ? { ownerId: owner } : {}), ...(compareWith ? { compareWith } : {}), ...(asked ? { asked } : {}) };
  },
  async handle(i, a, ctx) {
    const answer = a.compareWith ? ctx.termbot.compare(a.compareWith, a.entryId) : ctx.termbot.define(a.entryId);
    if (!answer.reply) return;
    if (a.mode === 'update') {
      // The answer replaces the suggestions in place and stays the asker's to delete.
      await i.update(updateOptions(ctx.render(answer.reply, { ownerId: a.ownerId ?? i.user.id })));
    } else {
      const isPrivate = a.mode === 'private';
      await i.update({ content: `Showing **${answer.terms.map((t) => t.name).join(' vs ') || a.entryId}**.`, components: [], allowedMentions: { parse: [] } });
      await i.followUp(replyOptions(ctx.render(answer.reply, { ownerId: i.user.id, private: isPrivate }), { private: isPrivate }));
    }
    return { answer, insight: { button: 'pick', ...(a.asked ? { pickedFor: a.asked } : {}) } };
  },
});
