/**
 * The console adapter: the local chat that `npm start` opens without a Discord token, and the
 * one-line JSON protocol of `npm run ask -- --json`. Both go through `respond`.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { labelsOf } from '../core/knowledge/types.ts';
import type { Answer } from '../core/reply.ts';
import type { AskMode, Termbot } from '../core/termbot.ts';
import { TEXT_COMMANDS, textCommandList } from './commands.ts';
import { renderText } from './text.ts';

export interface JsonAnswer {
  input: string;
  intent: Answer['intent'];
  terms: { id: string; name: string; aliases: string[] }[];
  text: string;
}

/** One line typed at the console: one of the console's commands (commands.ts) or a free-text question. */
export function respond(bot: Termbot, line: string, mode: AskMode = 'direct'): Answer {
  const t = line.trim();
  const [, name = '', rest = ''] = /^\/(\w+)\s*(.*)$/s.exec(t) ?? [];
  const command = TEXT_COMMANDS.find((c) => c.name === name.toLowerCase());
  return command ? command.run(bot, rest, mode) : bot.ask(t, mode);
}

export function toJson(bot: Termbot, input: string, answer: Answer): JsonAnswer {
  return {
    input,
    intent: answer.intent,
    terms: answer.terms.map((r) => {
      const e = bot.knowledge.byId.get(r.id);
      // Every other label the entry answers to: its aliases and the main part of a bracketed name.
      return { id: r.id, name: r.name, aliases: e ? labelsOf(e).filter((l) => l !== e.name) : [] };
    }),
    text: answer.reply && answer.intent !== 'none' ? renderText(answer.reply) : '',
  };
}

/** The machine-readable mode: one message per input line, one JSON object per output line, nothing else. */
export async function runJsonLines(bot: Termbot, input: Readable, output: Pick<Writable, 'write'>): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    const answer = respond(bot, line, 'channel');
    output.write(`${JSON.stringify(toJson(bot, line, answer))}\n`);
  }
}

/** The interactive console chat. Resolves when the input ends or the user types /quit. */
export async function runConsoleChat(bot: Termbot, input: Readable, output: Writable, opts: { prompt?: boolean } = {}): Promise<void> {
  const prompt = opts.prompt ?? true;
  const rl = createInterface({ input, output: prompt ? output : undefined, terminal: false, crlfDelay: Infinity });
  const say = (s: string) => output.write(`${s}\n`);
  say(`termbot console: ask a question, or ${textCommandList()}, /more (the last answer in full), /quit.`);
  const ask = () => prompt && output.write('> ');
  ask();
  let last: Answer | undefined;
  for await (const line of rl) {
    const t = line.trim();
    if (t === '/quit' || t === '/exit') break;
    if (/^\/(?:more|full)$/i.test(t)) {
      // The console's "More" button: the last answer, everything it has.
      say(last?.reply ? renderText(last.reply, { detail: 'full' }) : 'Nothing to show more of yet: ask something first.');
      say('');
    } else if (t) {
      const answer = respond(bot, t, 'direct');
      if (answer.reply) last = answer;
      say(answer.reply ? renderText(answer.reply, { moreHint: '(type /more)' }) : '(no answer)');
      say('');
    }
    ask();
  }
  rl.close();
}
