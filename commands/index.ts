/**
 * The command registry: every module in this folder that exports a valid command. The same list
 * feeds the runtime dispatcher and `npm run deploy`, so what is deployed is what is handled.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandContext } from '../src/discord/context.ts';
import type { AutocompleteLike, ChatInputLike } from '../src/discord/types.ts';

export interface CommandModule {
  /** The slash command as Discord's API takes it (built with SlashCommandBuilder). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputLike, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteLike, ctx: CommandContext): Promise<void>;
}

/** Type guard for a module's default export. */
export function isCommandModule(value: unknown): value is CommandModule {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const data = v.data as Record<string, unknown> | undefined;
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof data.name === 'string' &&
    typeof data.description === 'string' &&
    typeof v.execute === 'function' &&
    (v.autocomplete === undefined || typeof v.autocomplete === 'function')
  );
}

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** Loads every command module in `commands/`; throws naming the file of one that does not fit. */
export async function loadCommands(dir: string = DIR): Promise<CommandModule[]> {
  const files = (await readdir(dir)).filter((f) => /\.ts$/.test(f) && f !== 'index.ts' && !f.endsWith('.d.ts')).sort();
  const out: CommandModule[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    if (!isCommandModule(mod.default)) throw new Error(`commands/${file} does not export a command (default export with data and execute)`);
    out.push(mod.default);
  }
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.data.name)) throw new Error(`two command modules are named /${c.data.name}`);
    names.add(c.data.name);
  }
  return out;
}
