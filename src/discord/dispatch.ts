/**
 * The dispatcher: routes every interaction to its module in the registry and does, once for all,
 * what each used to repeat: timing, the "handled" log line, the not-found fallback (a command that
 * was removed, a button from an old message), and the short apology when something unexpected
 * fails (never for an expired interaction, 10062). Free-text messages go to messages.ts.
 */
import type { Logger } from 'pino';
import { logHandled, PRIVATE, type Context, type Handled, type HandledLog, type ServerTools } from './context.ts';
import { apologize, discordError, logDiscordError } from './errors.ts';
import { createMessageHandler, shippedGetter, type MessageDeps } from './messages.ts';
import { commandUsage, type Registry } from './registry.ts';
import { renderDiscord } from './render.ts';
import type { AutocompleteLike, ChatInputLike, ComponentLike, InteractionBase, MessageLike, ModalSubmitLike, Replyable } from './types.ts';

export interface DispatcherDeps extends MessageDeps {
  logger: Logger;
  registry: Registry;
  /** /glossary's tools (database, channels, DMs, owners, reload), when the bot has server glossaries. */
  server?: ServerTools;
}

export interface Dispatcher {
  chatInput(i: ChatInputLike): Promise<void>;
  autocomplete(i: AutocompleteLike): Promise<void>;
  /** Buttons and select menus. */
  component(i: ComponentLike): Promise<void>;
  modalSubmit(i: ModalSubmitLike): Promise<void>;
  message(m: MessageLike): Promise<void>;
}

export const UNKNOWN_COMMAND = "I don't know that command any more; a moderator may need to redeploy termbot's commands.";
export const STALE_COMPONENT = 'That button no longer works; ask again to get a fresh answer.';

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { logger, registry } = deps;
  // The help answer lists the registry's commands: one source for what termbot offers on Discord.
  const commands = registry.commands.map(commandUsage);
  const render: typeof renderDiscord = (reply, options = {}) => renderDiscord(reply, { commands, ...options });
  const shippedNow = shippedGetter(deps.termbot);
  let shipped: Context = { termbot: shippedNow(), logger, render, ...(deps.insights ? { insights: deps.insights } : {}), ...(deps.server ? { server: deps.server } : {}) };
  /** The context with the shipped termbot: rebuilt only when a reload swapped it. */
  const shippedContext = (): Context => {
    const termbot = shippedNow();
    if (shipped.termbot !== termbot) shipped = { ...shipped, termbot };
    return shipped;
  };
  /** The context where an interaction happened: a server's own glossary over the shipped one, or the shipped one (DMs). */
  const contextIn = async (guildId: string | null): Promise<Context> => (guildId && deps.termbotFor ? { ...shippedContext(), termbot: await deps.termbotFor(guildId) } : shippedContext());

  /** Runs one handler: logs its "handled" line, or the error and an apology. */
  async function run(
    i: InteractionBase & Replyable,
    log: Pick<HandledLog, 'kind' | 'command' | 'component'>,
    handler: () => Promise<Handled | void>,
  ): Promise<void> {
    const started = performance.now();
    const where = { guildId: i.guildId, channelId: i.channelId };
    try {
      const handled = await handler();
      if (handled) logHandled(logger, { ...log, ...where, started, ...handled });
      // Insights: slash commands' answers, and the buttons that say what they were (after answering).
      if (handled?.answer && (log.kind === 'slash' || handled.insight)) {
        const { button, pickedFor } = handled.insight ?? {};
        deps.insights?.recordAnswer(handled.answer, {
          ...where,
          kind: log.kind === 'slash' ? 'slash' : 'button',
          ...(log.kind === 'slash' && log.command ? { command: log.command } : {}),
          ...(button ? { button } : {}),
          ...(pickedFor ? { pickedFor } : {}),
        });
      }
    } catch (err) {
      logDiscordError(logger, err, { ...log, interactionId: i.id, ...where });
      if (discordError(err).code !== 10062) await apologize(logger, i);
    }
  }

  return {
    chatInput(i) {
      const command = registry.command(i.commandName);
      return run(i, { kind: 'slash', command: i.commandName }, async () => {
        if (command) return command.execute(i, await contextIn(i.guildId));
        logger.warn({ command: i.commandName, interactionId: i.id }, 'unknown command: redeploy the commands (npm run deploy)');
        await i.reply({ content: UNKNOWN_COMMAND, ...PRIVATE });
      });
    },

    async autocomplete(i) {
      try {
        const command = registry.command(i.commandName);
        if (command?.autocomplete) await command.autocomplete(i, await contextIn(i.guildId));
        else if (!i.responded) await i.respond([]);
      } catch (err) {
        // No apology: an autocomplete cannot show one.
        logDiscordError(logger, err, { kind: 'autocomplete', command: i.commandName, interactionId: i.id, guildId: i.guildId, channelId: i.channelId });
      }
    },

    component(i) {
      const found = registry.component(i.customId);
      const module = found && found.module.type !== 'modal' ? found.module : undefined;
      return run(i, { kind: module?.type ?? 'button', component: module?.key ?? i.customId.slice(0, 40) }, async () => {
        if (found && module) return module.handle(i, found.args, await contextIn(i.guildId));
        await i.reply({ content: STALE_COMPONENT, ...PRIVATE });
      });
    },

    modalSubmit(i) {
      const found = registry.component(i.customId);
      const module = found && found.module.type === 'modal' ? found.module : undefined;
      return run(i, { kind: 'modal', component: module?.key ?? i.customId.slice(0, 40) }, async () => {
        if (found && module) return module.handle(i, found.args, await contextIn(i.guildId));
        await i.reply({ content: 'That form no longer works; please start again.', ...PRIVATE });
      });
    },

    message: createMessageHandler({ ...deps, render }),
  };
}
