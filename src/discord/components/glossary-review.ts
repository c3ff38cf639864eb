/**
 * The buttons on a suggestion in the review channel: Approve, Edit (opens the entry form prefilled
 * with the suggestion) and Reject, for the server's editors. The work is in glossary/suggestions.ts.
 */
import { defineButton } from '../registry.ts';
import { reviewPressed } from '../glossary/suggestions.ts';

export type ReviewAction = 'approve' | 'edit' | 'reject';
const CODES = { approve: 'a', edit: 'e', reject: 'r' } as const satisfies Record<ReviewAction, string>;
const ACTIONS: ReadonlyMap<string, ReviewAction> = new Map(Object.entries(CODES).map(([action, code]) => [code, action as ReviewAction]));

export const reviewButton = defineButton<{ action: ReviewAction; id: number }>({
  key: 'greview',
  encode: (a) => [CODES[a.action], String(a.id)],
  decode([code = '', id = '']) {
    const action = ACTIONS.get(code);
    return action && /^[1-9][0-9]{0,15}$/.test(id) ? { action, id: Number(id) } : undefined;
  },
  handle: (i, a, ctx) => reviewPressed(i, a.action, a.id, ctx),
});

export default reviewButton;
