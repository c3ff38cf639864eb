/**
 * The command registry: every module in this folder that exports a valid command. The same list
 * feeds the runtime dispatcher and `npm run deploy`, so what is deployed is what is handled.
 * Commands depend on src/discord (types, rendering helpers), never the other way round: whoever
 * starts the bot loads this folder and hands the commands over (see src/discord/registry.ts).
 */
import { fileURLToPath } from 'node:url';
import { createRegistry, isCommandModule, loadComponents, loadModules, type CommandModule, type Registry } from '../src/discord/registry.ts';

export { isCommandModule, type CommandModule };

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** Loads every command module in `commands/`; throws naming the file of one that does not fit. */
export function loadCommands(dir: string = DIR): Promise<CommandModule[]> {
  return loadModules(dir, isCommandModule, 'a command (data and execute)');
}

/** The whole registry the bot dispatches with: these commands and every component kind in src/discord/components/. */
export async function loadRegistry(): Promise<Registry> {
  return createRegistry(await loadCommands(), await loadComponents());
}
