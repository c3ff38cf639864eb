/**
 * /glossary settings | suggest | reload: who may edit and where changes are announced, members'
 * suggestions (to the review channel, with Approve / Edit / Reject), and reloading the shipped
 * knowledge (the bot's owners only).
 */
import { MessageFlags } from 'discord.js';
import type { Subcommand } from './subcommand.ts';

const quiet = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
const notYet: Subcommand = async (i) => {
  await i.reply({ content: 'This part of /glossary is not built yet.', ...quiet });
};

export const settings: Subcommand = notYet;
export const suggest: Subcommand = notYet;
export const reload: Subcommand = notYet;
