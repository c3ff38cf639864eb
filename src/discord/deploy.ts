/** Registers the slash commands, globally or in one server, from the same registry the bot dispatches with. */
import { REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { CommandModule } from './registry.ts';

export async function deployCommands(config: Config, logger: Logger, commands: readonly CommandModule[]): Promise<number> {
  if (!config.token || !config.clientId) throw new Error('DISCORD_TOKEN and DISCORD_CLIENT_ID are required to deploy');
  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const body = commands.map((c) => c.data);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  const result = await rest.put(route, { body });
  const count = Array.isArray(result) ? result.length : body.length;
  logger.info({ count, scope: config.guildId ? `guild ${config.guildId}` : 'global', commands: body.map((c) => `/${c.name}`) }, config.guildId ? 'commands deployed to the server (available now)' : 'commands deployed globally (may take up to an hour to appear)');
  return count;
}
