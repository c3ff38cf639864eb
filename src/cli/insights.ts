/**
 * `npm run insights -- --guild ID [--days N] [--json | --csv]`: a server's insights report (the one
 * /insights shows), from the database of DATA_DIR / DATABASE_URL. `--guild dm` reports direct messages.
 */
import { createTermbot } from '../core/termbot.ts';
import { INSIGHTS_USAGE, insightsOutput, parseInsightsArgs } from '../insights/cli.ts';
import { SqlInsightsStore } from '../insights/sql.ts';
import { configOrExit, knowledgeOrExit, storeOrExit } from './common.ts';

const args = parseInsightsArgs(process.argv.slice(2));
if ('error' in args) {
  console.error(`${args.error}\n${INSIGHTS_USAGE}`);
  process.exit(2);
}
configOrExit();
const knowledge = await knowledgeOrExit();
const store = await storeOrExit(knowledge);
try {
  console.log(await insightsOutput(args, new SqlInsightsStore(store.db), createTermbot(knowledge), Date.now()));
} finally {
  await store.close();
}
