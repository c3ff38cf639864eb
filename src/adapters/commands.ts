/**
 * The console's commands (`npm start` without a token, `npm run ask`): the one list its parser,
 * its banner and its help text are made from. Discord's commands are the registry in `commands/`
 * (they need discord.js, which the console never loads); a test checks every name here is one of
 * them, with the same meaning.
 */
import { AREAS, type Area } from '../core/knowledge/types.ts';
import type { Answer } from '../core/reply.ts';
import type { AskMode, Termbot } from '../core/termbot.ts';

export interface TextCommand {
  name: string;
  /** How to type it, for the banner and the help text. */
  usage: string;
  run(bot: Termbot, rest: string, mode: AskMode): Answer;
}

export const TEXT_COMMANDS: readonly TextCommand[] = [
  { name: 'define', usage: '/define <term>', run: (bot, rest) => bot.define(rest) },
  {
    name: 'compare',
    usage: '/compare <a> | <b>',
    run(bot, rest, mode) {
      const parts = rest.split(/\s*(?:\||\bvs\.?\b|\bversus\b|,)\s*/i).filter(Boolean);
      return parts.length === 2 ? bot.compare(parts[0] ?? '', parts[1] ?? '') : bot.ask(rest, mode);
    },
  },
  {
    name: 'terms',
    usage: '/terms [area] [page]',
    run(bot, rest) {
      const [first = '', second = ''] = rest.split(/\s+/);
      const area = (AREAS as readonly string[]).includes(first.toLowerCase()) ? (first.toLowerCase() as Area) : undefined;
      const page = Number.parseInt(area ? second : first, 10);
      return bot.terms(area, Number.isFinite(page) ? page : 1);
    },
  },
  { name: 'help', usage: '/help', run: (bot) => bot.help() },
];

/** "/define <term>, /compare <a> | <b>, …": every console command's usage. */
export const textCommandList = (): string => TEXT_COMMANDS.map((c) => c.usage).join(', ');
