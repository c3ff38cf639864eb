/** `npm run deploy`: registers termbot's slash commands (to DISCORD_GUILD_ID if set, else globally). */
import { loadRegistry } from '../../commands/index.ts';
import { loadEnv } from '../app/env.ts';
import { ConfigError, readConfig } from '../app/config.ts';
import { createLogger } from '../app/logger.ts';
import { deployCommands } from '../discord/deploy.ts';

try {
  const config = readConfig(loadEnv(), 'deploy');
  const logger = createLogger({ level: config.logLevel, secrets: config.token ? [config.token] : [] });
  try {
    await deployCommands(config, logger, (await loadRegistry()).commands);
  } catch (err) {
    logger.error({ err }, 'deploying the commands failed');
    process.exitCode = 1;
  }
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
