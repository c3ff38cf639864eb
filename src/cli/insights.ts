/**
 * `npm run insights -- --guild ID [--days N] [--json | --csv]`: a server's insights report (the one
 * /insights shows), from the database of DATA_DIR / DATABASE_URL. `--guild dm` reports direct messages.
 */
import { createTermbot } from '../core/termbot.ts';
import { INSIGHTS_USAGE, insightsOutput, parseInsightsArgs } from '../insights/cli.ts';
import { SqlInsightsStore } from '../insights/sql.ts';
import { complain, configOrExit, knowledgeOrExit, runAsProcess, say, storeOrExit, type CliIo } from './common.ts';

/** `npm run insights -- …` with `io`: returns the exit code (2: usage). */
export async function insightsMain(io: CliIo, now = Date.now()): Promise<number> {
  const args = parseInsightsArgs(io.argv);
  if ('error' in args) {
    complain(io, `${args.error}\n${INSIGHTS_USAGE}`);
    return 2;
  }
  configOrExit(io);
  const knowledge = await knowledgeOrExit(io);
  const store = await storeOrExit(io, knowledge);
  try {
    say(io, await insightsOutput(args, new SqlInsightsStore(store.db), createTermbot(knowledge), now));
    return 0;
  } finally {
    await store.close();
  }
}

await runAsProcess(import.meta.url, (io) => insightsMain(io));
