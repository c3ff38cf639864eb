/** `npm run deploy`: registers termbot's slash commands (to DISCORD_GUILD_ID if set, else globally). */
import { loadRegistry } from '../../commands/index.ts';
import { createLogger } from '../app/logger.ts';
import { configOrExit } from '../app/startup.ts';
import { deployCommands } from '../discord/deploy.ts';

const config = configOrExit('deploy');
const logger = createLogger({ level: config.logLevel, secrets: config.token ? [config.token] : [] });
try {
  await deployCommands(config, logger, (await loadRegistry()).commands);
} catch (err) {
  logger.error({ err }, 'deploying the commands failed');
  process.exitCode = 1;
}
