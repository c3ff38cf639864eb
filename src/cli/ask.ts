/**
 * `npm run ask -- "question"` answers one question with the short answer and exits; `--full` prints
 * the whole answer (what Discord's More button shows).
 * `npm run ask -- --explain "question"` also prints how it was understood, step by step, in an ask
 * channel and in a mention.
 * `npm run --silent ask -- --json` reads one message per line from standard input and prints one
 * JSON object per line: {"input","intent","terms","text"}. Nothing else goes to standard output.
 */
import { renderText } from '../adapters/text.ts';
import { respond, runJsonLines } from '../adapters/console.ts';
import { formatTrace } from '../core/explain.ts';
import { formatProblem } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import { createTermbot } from '../core/termbot.ts';

const args = process.argv.slice(2);
const { knowledge, problems } = await loadKnowledge(process.env.KNOWLEDGE_DIR || undefined);
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`termbot: the knowledge has ${problems.length} problem(s); fix them first (npm run check:knowledge).`);
  process.exit(1);
}
const bot = createTermbot(knowledge);
if (args.includes('--json')) {
  await runJsonLines(bot, process.stdin, process.stdout);
} else {
  const explain = args.includes('--explain');
  const full = args.includes('--full');
  const question = args.filter((a) => a !== '--explain' && a !== '--full').join(' ').trim();
  if (!question) {
    console.error('usage: npm run ask -- [--full] [--explain] "what is social media?"   (or --json to read lines from standard input)');
    process.exit(2);
  }
  if (explain) {
    console.log(formatTrace(bot.explain(question, 'channel').trace));
    console.log('');
    console.log(formatTrace(bot.explain(question, 'direct').trace));
    console.log('');
  }
  const answer = respond(bot, question, 'direct');
  console.log(answer.reply ? renderText(answer.reply, full ? { detail: 'full' } : { moreHint: '(npm run ask -- --full for all of it)' }) : '(termbot would stay silent: that is not a question about a term it knows)');
}
