/**
 * The menu under the /insights report when there are more missed terms than rows of buttons: each
 * option is an "Add entry" or "Make it an alias" action (the option's value holds it, as a button's
 * custom id would). Editors only.
 */
import { defineSelect } from '../registry.ts';
import { parseAction, runMissAction } from '../insights-actions.ts';
import { PRIVATE } from '../context.ts';

export default defineSelect<Record<string, never>>({
  key: 'imisses',
  encode: () => [],
  decode: (parts) => (parts.length === 0 ? {} : undefined),
  async handle(i, _a, ctx) {
    const action = parseAction((i.values?.[0] ?? '').split(':'));
    if (!action) {
      await i.reply({ content: 'That choice no longer works. Run `/insights show` again.', ...PRIVATE });
      return;
    }
    return runMissAction(i, action, ctx);
  },
});
