/**
 * `npm run check:knowledge`: every problem with its file and field, then one summary line; facts
 * older than the stale age (12 months, or --max-age=N / STALE_AFTER_MONTHS, through the config) follow as warnings.
 * `npm run check:knowledge -- --stale` lists only the stale facts, oldest first, with their text.
 * Each entry's short answer is checked too: over the short-answer limit is a problem.
 * A folder given as the first argument replaces KNOWLEDGE_DIR.
 */
import { formatProblem, printable, summarize } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import { staleFacts, staleMonthsSetting } from '../core/knowledge/stale.ts';
import { shortFormProblems } from '../adapters/short-form.ts';
import { complain, configOrExit, runAsProcess, say, type CliIo } from './common.ts';

/** `npm run check:knowledge -- …` with `io`: returns the exit code (1: problems; 2: usage). */
export async function checkKnowledgeMain(io: CliIo): Promise<number> {
  const args = io.argv;
  const config = configOrExit(io);
  const dir = args.find((a) => !a.startsWith('--')) ?? config.knowledgeDir;
  const maxMonths = staleMonthsSetting(args, config.staleAfterMonths);
  if (typeof maxMonths !== 'number') {
    complain(io, `check:knowledge: ${maxMonths.error}`);
    return 2;
  }
  const loaded = await loadKnowledge(dir);
  const { knowledge } = loaded;
  // Short answers are checked once the knowledge itself is sound (links resolve).
  const problems = loaded.problems.length ? loaded.problems : shortFormProblems(knowledge);
  const stale = staleFacts(knowledge, new Date(), maxMonths);
  if (args.includes('--stale')) {
    for (const s of stale) say(io, printable(`${s.file}: ${s.field}: as of ${s.asOf} (${s.months} months): ${s.text}`));
    say(io, `${stale.length} dated fact(s) older than ${maxMonths} months`);
    return 0;
  }
  for (const p of problems) say(io, formatProblem(p));
  for (const s of stale) say(io, `warning: ${formatProblem(s)}`);
  say(io, summarize(knowledge, problems));
  if (stale.length > 0) say(io, `${stale.length} warning(s): dated facts older than ${maxMonths} months (list them with npm run check:knowledge -- --stale)`);
  return problems.length > 0 ? 1 : 0;
}

await runAsProcess(import.meta.url, checkKnowledgeMain);
