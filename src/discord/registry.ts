/**
 * The Discord layer's registry: what termbot can be asked through Discord, one module per kind.
 *
 * - Slash commands: one module per command in `commands/` (a `CommandModule`).
 * - Components: one module per button, select menu or modal kind in `src/discord/components/`
 *   (a `ComponentModule`), holding its custom-id format (encode and decode side by side) and its
 *   handler.
 *
 * Both folders are loaded the same way (every module's default export, checked by a type guard), and
 * the dispatcher (dispatch.ts) finds a handler here by command name or custom id. The bot receives a
 * built `Registry` from whoever starts it (src/main.ts, tests): nothing in src/discord imports
 * `commands/`, so the dependency points one way (commands → src/discord).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApplicationCommandOptionType, type APIModalInteractionResponseCallbackData, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Context, Handled } from './context.ts';
import { LIMITS } from './limits.ts';
import type { AutocompleteLike, ChatInputLike, ComponentLike, ModalSubmitLike } from './types.ts';

export interface CommandModule {
  /** The slash command as Discord's API takes it (built with SlashCommandBuilder). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Answers the command; returns what the "handled" log line should say (the dispatcher writes it). */
  execute(interaction: ChatInputLike, ctx: Context): Promise<Handled | void>;
  autocomplete?(interaction: AutocompleteLike, ctx: Context): Promise<void>;
}

/** A slash command as the help answer lists it: `/define term [private] [for]` and its description. */
export interface CommandUsage {
  usage: string;
  summary: string;
}

/** How the help answer lists a command, from its registration: `/terms [area]`, `/insights show|export`, and its description. */
export function commandUsage(c: CommandModule): CommandUsage {
  const all = c.data.options ?? [];
  const subcommands = all.filter((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
  const options = subcommands.length ? [subcommands.map((o) => o.name).join('|')] : all.map((o) => ('required' in o && o.required ? o.name : `[${o.name}]`));
  return { usage: [`/${c.data.name}`, ...options].join(' '), summary: c.data.description };
}

/** Every custom id termbot makes starts with this, so ids of other bots' components are never mistaken for ours. */
export const CUSTOM_ID_PREFIX = 'tb';

interface ComponentBase<A> {
  /** The kind's name in its custom ids, `tb:<key>:…`: short, unique across components, no `:`. */
  key: string;
  /** The id's parts after `tb:<key>` (no `:` inside a part). Keep the whole id within 100 characters. */
  encode(args: A): string[];
  /** Those parts back into arguments; undefined for a malformed or outdated id ("that button no longer works"). */
  decode(parts: string[]): A | undefined;
}
export interface ButtonModule<A> extends ComponentBase<A> {
  type: 'button';
  handle(interaction: ComponentLike, args: A, ctx: Context): Promise<Handled | void>;
}
export interface SelectModule<A> extends ComponentBase<A> {
  type: 'select';
  /** `interaction.values` holds what was picked. */
  handle(interaction: ComponentLike, args: A, ctx: Context): Promise<Handled | void>;
}
export interface ModalModule<A> extends ComponentBase<A> {
  type: 'modal';
  /** The form to show (title and inputs), optionally prefilled with `values` (input custom id → text); `modal()` adds the custom id. */
  form(args: A, values?: Readonly<Record<string, string>>): Omit<APIModalInteractionResponseCallbackData, 'custom_id'>;
  /** The submitted form; read inputs with `interaction.fields.getTextInputValue(inputCustomId)`. */
  handle(interaction: ModalSubmitLike, args: A, ctx: Context): Promise<Handled | void>;
}
export type ComponentModule<A = never> = ButtonModule<A> | SelectModule<A> | ModalModule<A>;

/** A component module plus `id(args)`: the custom id to put on a button, menu or modal. */
export type WithId<M, A> = M & { id(args: A): string };

function withId<A, M extends ComponentBase<A>>(m: M): WithId<M, A> {
  return {
    ...m,
    id(args: A) {
      const id = [CUSTOM_ID_PREFIX, m.key, ...m.encode(args)].join(':');
      if (id.length > LIMITS.customId) throw new Error(`custom id for ${m.key} is ${id.length} characters (Discord allows ${LIMITS.customId})`);
      return id;
    },
  };
}
export const defineButton = <A>(m: Omit<ButtonModule<A>, 'type'>) => withId<A, ButtonModule<A>>({ ...m, type: 'button' });
export const defineSelect = <A>(m: Omit<SelectModule<A>, 'type'>) => withId<A, SelectModule<A>>({ ...m, type: 'select' });
/** A modal kind; `modal(args, values?)` is the whole form for `interaction.showModal()`, custom id included, prefilled with `values`. */
export function defineModal<A>(m: Omit<ModalModule<A>, 'type'>): WithId<ModalModule<A>, A> & { modal(args: A, values?: Readonly<Record<string, string>>): APIModalInteractionResponseCallbackData } {
  const c = withId<A, ModalModule<A>>({ ...m, type: 'modal' });
  return { ...c, modal: (args: A, values?: Readonly<Record<string, string>>) => ({ ...m.form(args, values), custom_id: c.id(args) }) };
}

/** Type guard for a command module's default export. */
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

/** Type guard for a component module's default export. */
export function isComponentModule(value: unknown): value is ComponentModule<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.type === 'button' || v.type === 'select' || (v.type === 'modal' && typeof v.form === 'function')) &&
    typeof v.key === 'string' &&
    /^[a-z0-9-]+$/.test(v.key) &&
    typeof v.encode === 'function' &&
    typeof v.decode === 'function' &&
    typeof v.handle === 'function'
  );
}

/** Loads the default export of every module in `dir` (not index.ts), checked by `guard`; throws naming a file that does not fit. */
export async function loadModules<T>(dir: string, guard: (v: unknown) => v is T, what: string): Promise<T[]> {
  const files = (await readdir(dir)).filter((f) => /\.ts$/.test(f) && f !== 'index.ts' && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort();
  const out: T[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    if (!guard(mod.default)) throw new Error(`${file} in ${dir} does not export ${what} as its default export`);
    out.push(mod.default);
  }
  return out;
}

const COMPONENTS_DIR = fileURLToPath(new URL('./components/', import.meta.url));

/** Loads every component module in `src/discord/components/`. */
export function loadComponents(dir: string = COMPONENTS_DIR): Promise<ComponentModule<unknown>[]> {
  return loadModules(dir, isComponentModule, 'a component (defineButton, defineSelect or defineModal)');
}

export interface Registry {
  readonly commands: readonly CommandModule[];
  readonly components: readonly ComponentModule<unknown>[];
  command(name: string): CommandModule | undefined;
  /** The component a custom id belongs to, with its decoded arguments; undefined for ids that are not ours or no longer valid. */
  component(customId: string): { module: ComponentModule<unknown>; args: unknown } | undefined;
}

/** Checks names and keys are unique and builds the lookups. */
export function createRegistry(commands: readonly CommandModule[], components: readonly ComponentModule<unknown>[]): Registry {
  const byName = new Map<string, CommandModule>();
  for (const c of commands) {
    if (byName.has(c.data.name)) throw new Error(`two command modules are named /${c.data.name}`);
    byName.set(c.data.name, c);
  }
  const byKey = new Map<string, ComponentModule<unknown>>();
  for (const c of components) {
    if (byKey.has(c.key)) throw new Error(`two component modules use the custom id key "${c.key}"`);
    byKey.set(c.key, c);
  }
  return {
    commands,
    components,
    command: (name) => byName.get(name),
    component(customId) {
      const [prefix, key, ...parts] = customId.split(':');
      if (prefix !== CUSTOM_ID_PREFIX || key === undefined) return undefined;
      const module = byKey.get(key);
      const args = module?.decode(parts);
      return module && args !== undefined ? { module, args } : undefined;
    },
  };
}
