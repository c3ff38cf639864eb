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
import { complain, configOrExit, GUILD_ID, knowledgeOrExit, notServerId, runAsProcess, say, storeOrExit, takeOption, type CliIo } from './common.ts';
import type { Answer } from '../core/reply.ts';

/** `npm run ask -- …` with `io`: returns the exit code (2: usage). */
export async function askMain(io: CliIo): Promise<number> {
  const guild = takeOption(io.argv, '--guild');
  const args = guild.rest;
  if (guild.value !== undefined && !GUILD_ID.test(guild.value)) {
    complain(io, notServerId(guild.value));
    return 2;
  }
  const record = args.includes('--record');
  if (record && !guild.value) {
    complain(io, '--record needs --guild SERVER_ID: insights are kept per server');
    return 2;
  }
  const json = args.includes('--json');
  const explain = args.includes('--explain');
  const full = args.includes('--full');
  const question = args.filter((a) => a !== '--explain' && a !== '--full' && a !== '--record').join(' ').trim();
  if (!json && !question) {
    complain(io, 'usage: npm run ask -- [--guild SERVER_ID [--record]] [--full] [--explain] "what is social media?"   (or --json to read lines from standard input)');
    return 2;
  }
  const knowledge = await knowledgeOrExit(io);
  const shipped = createTermbot(knowledge);
  let bot: Termbot = shipped;
  let close = async () => {};
  let recordAnswer = async (_answer: Answer) => {};
  if (guild.value) {
    const store = await storeOrExit(io, knowledge);
    close = () => store.close();
    try {
      const { ServerGlossaries } = await import('../store/server-glossaries.ts');
      bot = await new ServerGlossaries(store, shipped).termbotFor(guild.value);
      if (record) {
        const [{ recordAsked }, { SqlInsightsStore }] = await Promise.all([import('../insights/cli.ts'), import('../insights/sql.ts')]);
        const guildId = guild.value;
        const config = configOrExit(io);
        recordAnswer = async (answer) => complain(io, await recordAsked(new SqlInsightsStore(store.db), config, guildId, answer));
      }
    } catch (err) {
      await close();
      throw err;
    }
  }
  try {
    if (json) {
      await runJsonLines(bot, io.stdin, io.stdout);
      return 0;
    }
    if (explain) {
      say(io, formatTrace(bot.explain(question, 'channel').trace));
      say(io, '');
      say(io, formatTrace(bot.explain(question, 'direct').trace));
      say(io, '');
    }
    const answer = respond(bot, question, 'direct');
    say(io, answer.reply ? renderText(answer.reply, full ? { detail: 'full' } : { moreHint: '(npm run ask -- --full for all of it)' }) : '(termbot would stay silent: that is not a question about a term it knows)');
    await recordAnswer(answer);
    return 0;
  } finally {
    await close();
  }
}

await runAsProcess(import.meta.url, askMain);
