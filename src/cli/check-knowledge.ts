/**
 * `npm run check:knowledge`: every problem with its file and field, then one summary line; facts
 * older than the stale age (12 months, or --max-age=N / STALE_AFTER_MONTHS, through the config) follow as warnings.
 * `npm run check:knowledge -- --stale` lists only the stale facts, oldest first, with their text.
 * Each entry's short answer is checked too: over the short-answer limit is a problem.
 * A folder given as the first argument replaces KNOWLEDGE_DIR.
 */
import { configOrExit } from '../app/startup.ts';
import { formatProblem, printable, summarize } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import { staleFacts, staleMonthsSetting } from '../core/knowledge/stale.ts';
import { shortFormProblems } from '../adapters/short-form.ts';

const args = process.argv.slice(2);
const config = configOrExit();
const dir = args.find((a) => !a.startsWith('--')) ?? config.knowledgeDir;
const maxMonths = staleMonthsSetting(args, config.staleAfterMonths);
if (typeof maxMonths !== 'number') {
  console.error(`check:knowledge: ${maxMonths.error}`);
  process.exit(2);
}
const loaded = await loadKnowledge(dir);
const { knowledge } = loaded;
// Short answers are checked once the knowledge itself is sound (links resolve).
const problems = loaded.problems.length ? loaded.problems : shortFormProblems(knowledge);
const stale = staleFacts(knowledge, new Date(), maxMonths);
if (args.includes('--stale')) {
  for (const s of stale) console.log(printable(`${s.file}: ${s.field}: as of ${s.asOf} (${s.months} months): ${s.text}`));
  console.log(`${stale.length} dated fact(s) older than ${maxMonths} months`);
  process.exitCode = 0;
} else {
  for (const p of problems) console.log(formatProblem(p));
  for (const s of stale) console.log(`warning: ${formatProblem(s)}`);
  console.log(summarize(knowledge, problems));
  if (stale.length > 0) console.log(`${stale.length} warning(s): dated facts older than ${maxMonths} months (list them with npm run check:knowledge -- --stale)`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
