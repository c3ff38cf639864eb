/**
 * The revert menu under `/glossary history term`: one option per earlier revision of the entry;
 * picking one puts the entry back as it was after that revision (a removal's revision removes it
 * again). Editors only, like every change; the pick is answered privately.
 */
import { ComponentType, type APIActionRowComponent, type APIStringSelectComponent } from 'discord.js';
import { revertTo } from '../glossary/entries.ts';
import { defineSelect } from '../registry.ts';
import type { Revision } from '../../store/glossary.ts';
import { LIMITS, truncate } from '../limits.ts';
import { PRIVATE } from '../context.ts';
import { SERVER_ENTRY_ID } from '../../core/glossary/entry.ts';

export const revertSelect = defineSelect<{ entryId: string }>({
  key: 'grevert',
  encode: (a) => [a.entryId],
  decode: ([entryId = '', ...rest]) => (SERVER_ENTRY_ID.test(entryId) && rest.length === 0 ? { entryId } : undefined),
  async handle(i, _args, ctx) {
    const picked = Number(i.values?.[0] ?? '');
    if (!Number.isSafeInteger(picked) || picked <= 0) {
      await i.reply({ content: 'Pick a revision from the menu.', ...PRIVATE });
      return;
    }
    return revertTo(i, picked, ctx);
  },
});

const WHAT: Record<Revision['action'], string> = { create: 'as added', edit: 'as edited', remove: 'removed', hide: 'hidden', unhide: 'shown', revert: 'as reverted', import: 'as imported' };

/** The menu for these revisions (newest first, at most 25). */
export function revertMenu(entryId: string, revisions: readonly Revision[]): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: revertSelect.id({ entryId }),
        placeholder: 'Revert to an earlier revision…',
        min_values: 1,
        max_values: 1,
        options: revisions.slice(0, LIMITS.selectOptions).map((r) => ({
          label: truncate(`#${r.id}: ${r.action === 'remove' ? 'remove it again' : `back to the text ${WHAT[r.action]}`}`, 100),
          description: truncate(`${new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC, by user ${r.authorId}`, 100),
          value: String(r.id),
        })),
      },
    ],
  };
}

export default revertSelect;
