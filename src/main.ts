/**
 * The process: read the config once, build the logger, load and check the knowledge, then run
 * either the Discord bot (DISCORD_TOKEN set) or the local console chat. The app itself is built in
 * `src/discord/bot.ts` and `src/adapters/console.ts`; this file only starts and stops it.
 */
import { runConsoleChat } from './adapters/console.ts';
import { createLogger } from './app/logger.ts';
import { configOrExit, knowledgeOrExit } from './app/startup.ts';
import { createTermbot } from './core/termbot.ts';
import { createInsights } from './insights/open.ts';

const config = configOrExit();

const logger = createLogger({ level: config.logLevel, secrets: [config.token, config.databaseUrl].filter((s): s is string => Boolean(s)) });
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (termbot keeps running)'));

const knowledge = await knowledgeOrExit(config.knowledgeDir, 'termbot will not start');
const termbot = createTermbot(knowledge);

if (!config.token) {
  console.error('No DISCORD_TOKEN set: starting the local console chat instead (see README to connect to Discord).');
  await runConsoleChat(termbot, process.stdin, process.stdout, { prompt: Boolean(process.stdin.isTTY) });
  process.exit(0);
} else {
  const { createBot } = await import('./discord/bot.ts');
  const { loadRegistry } = await import('../commands/index.ts');
  const { createReloader } = await import('./app/reload.ts');
  // The shipped termbot (DMs, servers without entries, the base of every server's glossary): a reload swaps it.
  let shipped = termbot;
  // Server glossaries: the database opens once the bot has connected (or at the first server's question, which waits for it).
  let glossaries: Promise<import('./store/server-glossaries.ts').ServerGlossaries> | undefined;
  const openGlossaries = () =>
    (glossaries ??= (async () => {
      const [{ openStore }, { ServerGlossaries }] = await Promise.all([import('./store/open.ts'), import('./store/server-glossaries.ts')]);
      const g = new ServerGlossaries(await openStore(config, shipped.knowledge, logger), shipped, { logger });
      g.start();
      return g;
    })());
  // SIGHUP and /glossary reload: check the knowledge folder, then swap the new termbot in everywhere (or keep the old one and report).
  const reload = createReloader({
    dir: config.knowledgeDir,
    logger,
    async apply(next) {
      shipped = next;
      const g = await glossaries?.catch(() => undefined);
      g?.setShipped(next);
    },
  });
  process.on('SIGHUP', () => {
    logger.info({ signal: 'SIGHUP' }, 'reloading the knowledge');
    reload().catch((err: unknown) => logger.error({ err }, 'could not reload the knowledge'));
  });
  // Insights share the glossaries' database (opened on first use).
  const insights = createInsights(config, logger, async () => (await openGlossaries()).store.db);
  const bot = createBot({ config, logger, termbot: () => shipped, registry: await loadRegistry(), termbotFor: async (guildId) => (await openGlossaries()).termbotFor(guildId), glossaries: openGlossaries, reload, onFatal: () => process.exit(1), ...(insights ? { insights } : {}) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await bot.stop();
    const g = await glossaries;
    g?.stop();
    await g?.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    await bot.start();
    await openGlossaries();
  } catch (err) {
    if (!stopping) {
      logger.fatal({ err }, 'could not connect to Discord');
      process.exit(1);
    }
  }
}
