/** `npm run check:knowledge`: every problem with its file and field, then one summary line. */
import { formatProblem, summarize } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';

const dir = process.argv[2] ?? (process.env.KNOWLEDGE_DIR || undefined);
const { knowledge, problems } = await loadKnowledge(dir);
for (const p of problems) console.log(formatProblem(p));
console.log(summarize(knowledge, problems));
process.exitCode = problems.length > 0 ? 1 : 0;
