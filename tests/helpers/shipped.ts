/**
 * The shipped knowledge and the termbot built from it, loaded once per test worker and shared by every
 * test file that runs there (vitest runs files with `isolate: false`, so this module is evaluated once
 * per worker). Loading and checking the knowledge folder, then building the termbot, costs about a
 * second of CPU: paid once per worker instead of once per file.
 *
 * The knowledge is deep-frozen, so a test that changed it for the files after it would fail at once.
 * A test that needs a changed knowledge base builds its own (tests/helpers/fixture.ts, or loadKnowledge
 * on a folder of its own).
 */
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import type { Knowledge } from '../../src/core/knowledge/types.ts';
import { createTermbot, type Termbot } from '../../src/core/termbot.ts';

let knowledge: Promise<Knowledge> | undefined;
let termbot: Promise<Termbot> | undefined;

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) for (const [k, v] of value) (deepFreeze(k, seen), deepFreeze(v, seen));
  else if (value instanceof Set) for (const v of value) deepFreeze(v, seen);
  else for (const v of Object.values(value)) deepFreeze(v, seen);
  return Object.freeze(value);
}

/** The shipped knowledge, checked (a problem fails the caller), loaded once per worker. */
export function shippedKnowledge(): Promise<Knowledge> {
  return (knowledge ??= loadKnowledge().then(({ knowledge: k, problems }) => {
    if (problems.length > 0) throw new Error(`the shipped knowledge has ${problems.length} problem(s): run npm run check:knowledge`);
    return deepFreeze(k);
  }));
}

/** The termbot of the shipped knowledge, built once per worker. */
export function shippedTermbot(): Promise<Termbot> {
  return (termbot ??= shippedKnowledge().then(createTermbot));
}

/**
 * `loadKnowledge` for code under test that loads the knowledge itself (the command-line tools): the
 * shipped folder comes from the cache above (with no problems, as loadKnowledge would report it);
 * any other folder is loaded as usual.
 */
export const cachedLoadKnowledge: typeof loadKnowledge = async (dir, options) =>
  dir === undefined && options === undefined ? { knowledge: await shippedKnowledge(), problems: [] } : loadKnowledge(dir, options);
