/**
 * `npm run ask -- "question"` answers one question with the short answer and exits; `--full` prints
 * the whole answer (what Discord's More button shows).
 * `npm run ask -- --explain "question"` also prints how it was understood, step by step, in an ask
 * channel and in a mention.
 * `npm run --silent ask -- --json` reads one message per line from standard input and prints one
 * JSON object per line: {"input","intent","terms","text"}. Nothing else goes to standard output.
 * `--guild SERVER_ID` answers as in that server: with its own glossary (from DATA_DIR / DATABASE_URL).
 * `--record` (with --guild) records the question for insights, as a mention in that server would.
 */
import { renderText } from '../adapters/text.ts';
import { respond, runJsonLines } from '../adapters/console.ts';
import { formatTrace } from '../core/explain.ts';
import { createTermbot, type Termbot } from '../core/termbot.ts';
import { configOrExit, GUILD_ID, knowledgeOrExit, storeOrExit, takeOption } from './common.ts';
import type { Answer } from '../core/reply.ts';

const guild = takeOption(process.argv.slice(2), '--guild');
const args = guild.rest;
if (guild.value !== undefined && !GUILD_ID.test(guild.value)) {
  console.error(`--guild: "${guild.value}" is not a server id (17 to 20 digits)`);
  process.exit(2);
}
const knowledge = await knowledgeOrExit();
const shipped = createTermbot(knowledge);
let bot: Termbot = shipped;
let close = async () => {};
const record = args.includes('--record');
if (record && !guild.value) {
  console.error('--record needs --guild SERVER_ID: insights are kept per server');
  process.exit(2);
}
let recordAnswer = async (_answer: Answer) => {};
if (guild.value) {
  const store = await storeOrExit(knowledge);
  const { ServerGlossaries } = await import('../store/server-glossaries.ts');
  bot = await new ServerGlossaries(store, shipped).termbotFor(guild.value);
  close = () => store.close();
  if (record) {
    const [{ recordAsked }, { SqlInsightsStore }] = await Promise.all([import('../insights/cli.ts'), import('../insights/sql.ts')]);
    const guildId = guild.value;
    recordAnswer = async (answer) => console.error(await recordAsked(new SqlInsightsStore(store.db), configOrExit(), guildId, answer));
  }
}
if (args.includes('--json')) {
  await runJsonLines(bot, process.stdin, process.stdout);
} else {
  const explain = args.includes('--explain');
  const full = args.includes('--full');
  const question = args.filter((a) => a !== '--explain' && a !== '--full' && a !== '--record').join(' ').trim();
  if (!question) {
    console.error('usage: npm run ask -- [--guild SERVER_ID [--record]] [--full] [--explain] "what is social media?"   (or --json to read lines from standard input)');
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
  await recordAnswer(answer);
}
await close();
