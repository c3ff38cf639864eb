/**
 * Reloading the shipped knowledge without a restart (SIGHUP, `/glossary reload`): load the folder
 * and check it exactly as `npm run check:knowledge` does (the loader's and checker's problems, then
 * the short answers); with any problem the old knowledge stays and the problems are returned (and
 * logged); otherwise the new termbot is built and handed to `apply`, which swaps it in everywhere.
 * Reloads never overlap: a reload asked for while one runs gets that one's result.
 */
import type { Logger } from 'pino';
import { shortFormProblems } from '../adapters/short-form.ts';
import { formatProblem } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import type { Knowledge, Problem } from '../core/knowledge/types.ts';
import { createTermbot, type Termbot } from '../core/termbot.ts';

/** The new entry count, or the problems (the old knowledge stays). */
export type ReloadResult = { ok: true; entries: number } | { ok: false; problems: Problem[] };

/** The knowledge in `dir`, checked as `npm run check:knowledge` checks it, with its termbot (built once, for the short-answer check). */
export async function checkedKnowledge(dir: string | undefined): Promise<{ ok: true; knowledge: Knowledge; termbot: Termbot } | { ok: false; problems: Problem[] }> {
  const { knowledge, problems } = await loadKnowledge(dir);
  if (problems.length) return { ok: false, problems };
  // Short answers are checked once the knowledge itself is sound (links resolve), as check:knowledge does.
  const termbot = createTermbot(knowledge);
  const short = shortFormProblems(knowledge, termbot);
  return short.length ? { ok: false, problems: short } : { ok: true, knowledge, termbot };
}

export interface ReloaderOptions {
  /** The knowledge folder (undefined: the shipped `knowledge/`). */
  dir: string | undefined;
  logger: Logger;
  /** Swaps the new termbot in (the bot's shipped termbot, the server glossaries' base). */
  apply(termbot: Termbot): void | Promise<void>;
}

/** A reload function for SIGHUP and `/glossary reload`. */
export function createReloader(options: ReloaderOptions): () => Promise<ReloadResult> {
  let running: Promise<ReloadResult> | undefined;
  const reload = async (): Promise<ReloadResult> => {
    const started = performance.now();
    const checked = await checkedKnowledge(options.dir);
    if (!checked.ok) {
      options.logger.error({ problems: checked.problems.slice(0, 50).map(formatProblem), count: checked.problems.length }, `knowledge not reloaded: it has ${checked.problems.length} problem(s); the old knowledge keeps answering`);
      return { ok: false, problems: checked.problems };
    }
    await options.apply(checked.termbot);
    const entries = checked.knowledge.entries.length;
    options.logger.info({ entries, ms: Math.round(performance.now() - started) }, 'knowledge reloaded');
    return { ok: true, entries };
  };
  return () => (running ??= reload().finally(() => (running = undefined)));
}
