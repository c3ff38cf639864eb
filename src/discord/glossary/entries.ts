/**
 * /glossary add | edit | remove | hide | history | raw | export | import: changing a server's own
 * entries (editors only) and reading them back.
 */
import { MessageFlags } from 'discord.js';
import type { Subcommand } from './subcommand.ts';

const quiet = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
const notYet: Subcommand = async (i) => {
  await i.reply({ content: 'This part of /glossary is not built yet.', ...quiet });
};

export const add: Subcommand = notYet;
export const edit: Subcommand = notYet;
export const remove: Subcommand = notYet;
export const hide: Subcommand = notYet;
export const history: Subcommand = notYet;
export const raw: Subcommand = notYet;
export const exportEntries: Subcommand = notYet;
export const importEntries: Subcommand = notYet;
