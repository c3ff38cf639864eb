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
}

const KEY = 'pick';
const parts = (a: PickArgs, withCompare: boolean) => [CODES[a.mode], a.ownerId ?? '-', a.entryId, ...(withCompare && a.compareWith ? [a.compareWith] : [])];

export default defineButton<PickArgs>({
  key: KEY,
  // A compare pick that would not fit in 100 characters falls back to opening the picked entry alone.
  encode: (a) => (`${CUSTOM_ID_PREFIX}:${KEY}:${parts(a, true).join(':')}`.length <= LIMITS.customId ? parts(a, true) : parts(a, false)),
  decode([code = '', owner = '', entryId = '', compareWith = '']) {
    const mode = (Object.keys(CODES) as PickMode[]).find((m) => CODES[m] === code);
    if (!mode || !(owner === '-' || DISCORD_ID.test(owner)) || !ENTRY_ID.test(entryId) || (compareWith && !ENTRY_ID.test(compareWith))) return undefined;
    return { mode, entryId, ...(owner !== '-' ? { ownerId: owner } : {}), ...(compareWith ? { compareWith } : {}) };
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
    return { answer };
  },
});
