/** One /glossary subcommand's handler: the interaction, the context (with `ctx.server`, checked present by commands/glossary.ts) and the server id. */
import type { Context, Handled, ServerTools } from '../context.ts';
import type { ChatInputLike } from '../types.ts';

export type GlossaryContext = Context & { server: ServerTools };
export type Subcommand = (i: ChatInputLike, ctx: GlossaryContext, guildId: string) => Promise<Handled | void>;
