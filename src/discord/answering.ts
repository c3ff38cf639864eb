/** Helpers shared by the command modules and the handlers. */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Termbot } from '../core/termbot.ts';
import { LIMITS, truncate } from './limits.ts';

/** Up to 25 autocomplete choices: the entry's name shown, its id as the value. */
export function autocompleteChoices(termbot: Termbot, typed: string, options: { concepts?: boolean } = {}): ApplicationCommandOptionChoiceData<string>[] {
  return termbot
    .complete(typed.slice(0, 100), { ...options, limit: LIMITS.choices })
    .map((r) => ({ name: truncate(r.name, LIMITS.choiceName), value: r.id.slice(0, LIMITS.choiceValue) }));
}
