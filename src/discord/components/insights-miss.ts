/**
 * The buttons under the /insights report, one row per missed term: "Add entry" (the `/glossary add`
 * form prefilled with the term) and, where the term is probably another name of an entry, "Make it
 * an alias" (that entry's edit form with the term added to its aliases). Editors only.
 */
import { CUSTOM_ID_PREFIX, defineButton } from '../registry.ts';
import { LIMITS } from '../limits.ts';
import { actionParts, parseAction, runMissAction, type MissAction } from '../insights-actions.ts';

const KEY = 'imiss';

export default defineButton<MissAction>({
  key: KEY,
  // The term is cut to what fits; the handler finds it again by its hash when it was cut.
  encode: (a) => actionParts(a, LIMITS.customId - `${CUSTOM_ID_PREFIX}:${KEY}:`.length) ?? [],
  decode: parseAction,
  handle: runMissAction,
});
