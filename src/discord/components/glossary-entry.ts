/**
 * The entry form (a modal): `/glossary add` and `edit` (editors save at once), `/glossary suggest`
 * (goes to the review channel), a reviewer's "Edit" on a suggestion, and insights' "Add entry"
 * (prefilled with a missed term). Discord allows five inputs in a modal, so details and related
 * entries share the last one: one detail per line, and a line `Related: a, b` for related entries.
 *
 * Open it with `entryForm.modal(args, entryFormValues(fields))`.
 */
import { ComponentType, TextInputStyle } from 'discord.js';
import { defineModal } from '../registry.ts';
import { saveEntryForm } from '../glossary/entries.ts';
import { submitReview, submitSuggestion } from '../glossary/suggestions.ts';
import { SERVER_ENTRY_ID, type ServerEntryFields } from '../../core/glossary/entry.ts';

/** What the form is for. `id`: the entry being edited (edit), or the suggestion being reviewed (review). */
export type EntryFormArgs = { mode: 'add' } | { mode: 'suggest' } | { mode: 'edit'; id: string } | { mode: 'review'; id: number };

/** The inputs' custom ids. */
export const ENTRY_INPUTS = { name: 'name', aliases: 'aliases', summary: 'summary', definition: 'definition', more: 'more' } as const;

const TITLES = { add: 'Add a term', suggest: 'Suggest a term', edit: 'Edit a term', review: 'Edit the suggestion' } as const;

/** The form's text for an entry's fields (or part of them, e.g. only a name to prefill). */
export function entryFormValues(f: Partial<ServerEntryFields>): Record<string, string> {
  const more = [...(f.details ?? []), ...(f.related?.length ? [`Related: ${f.related.join(', ')}`] : [])].join('\n');
  return {
    ...(f.name ? { [ENTRY_INPUTS.name]: f.name } : {}),
    ...(f.aliases?.length ? { [ENTRY_INPUTS.aliases]: f.aliases.join(', ') } : {}),
    ...(f.summary ? { [ENTRY_INPUTS.summary]: f.summary } : {}),
    ...(f.definition ? { [ENTRY_INPUTS.definition]: f.definition } : {}),
    ...(more ? { [ENTRY_INPUTS.more]: more } : {}),
  };
}

const input = (customId: string, label: string, style: TextInputStyle, required: boolean, maxLength: number, placeholder: string, value: string | undefined) => ({
  type: ComponentType.ActionRow as const,
  components: [{ type: ComponentType.TextInput as const, custom_id: customId, label, style, required, max_length: maxLength, placeholder, ...(value ? { value: value.slice(0, maxLength) } : {}) }],
});

export const entryForm = defineModal<EntryFormArgs>({
  key: 'gentry',
  encode: (a) => (a.mode === 'edit' ? ['e', a.id] : a.mode === 'review' ? ['r', String(a.id)] : [a.mode === 'add' ? 'a' : 's']),
  decode([mode = '', id = '']) {
    if (mode === 'a' && !id) return { mode: 'add' };
    if (mode === 's' && !id) return { mode: 'suggest' };
    if (mode === 'e' && SERVER_ENTRY_ID.test(id)) return { mode: 'edit', id };
    if (mode === 'r' && /^[1-9][0-9]{0,15}$/.test(id)) return { mode: 'review', id: Number(id) };
    return undefined;
  },
  form(a, values = {}) {
    return {
      title: TITLES[a.mode],
      components: [
        input(ENTRY_INPUTS.name, 'Name', TextInputStyle.Short, true, 100, 'Launch Week', values[ENTRY_INPUTS.name]),
        input(ENTRY_INPUTS.aliases, 'Other names (comma-separated)', TextInputStyle.Short, false, 1000, 'LW, launch', values[ENTRY_INPUTS.aliases]),
        input(ENTRY_INPUTS.summary, 'One-line summary', TextInputStyle.Short, true, 300, 'Our yearly release week.', values[ENTRY_INPUTS.summary]),
        input(ENTRY_INPUTS.definition, 'Definition', TextInputStyle.Paragraph, true, 1000, 'What it means, in a few sentences.', values[ENTRY_INPUTS.definition]),
        input(ENTRY_INPUTS.more, 'Details, one per line; "Related: a, b"', TextInputStyle.Paragraph, false, 3000, 'Announced a month ahead.\nRelated: product launch', values[ENTRY_INPUTS.more]),
      ],
    };
  },
  async handle(i, args, ctx) {
    switch (args.mode) {
      case 'add':
      case 'edit':
        return saveEntryForm(i, args, ctx);
      case 'suggest':
        return submitSuggestion(i, ctx);
      case 'review':
        return submitReview(i, args.id, ctx);
    }
  },
});

export default entryForm;
