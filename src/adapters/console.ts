/**
 * The console adapter: the local chat that `npm start` opens without a Discord token, and the
 * one-line JSON protocol of `npm run ask -- --json`. Both go through `respond`.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { AREAS, labelsOf, type Area } from '../core/knowledge/types.ts';
import type { Answer } from '../core/reply.ts';
import type { AskMode, Termbot } from '../core/termbot.ts';
import { renderText } from './text.ts';

export interface JsonAnswer {
  input: string;
  intent: Answer['intent'];
  terms: { id: string; name: string; aliases: string[] }[];
  text: string;
}

/** One line typed at the console: a command (/define, /compare, /terms, /help) or a free-text question. */
export function respond(bot: Termbot, line: string, mode: AskMode = 'direct'): Answer {
  const t = line.trim();
  const command = /^\/(\w+)\s*(.*)$/s.exec(t);
  if (command) {
    const [, name = '', rest = ''] = command;
    switch (name.toLowerCase()) {
      case 'define':
        return bot.define(rest);
      case 'compare': {
        const parts = rest.split(/\s*(?:\||\bvs\.?\b|\bversus\b|,)\s*/i).filter(Boolean);
        if (parts.length !== 2) return bot.ask(rest, mode);
        return bot.compare(parts[0] ?? '', parts[1] ?? '');
      }
      case 'help':
        return bot.help();
      case 'terms': {
        const [first = '', second = ''] = rest.split(/\s+/);
        const area = (AREAS as readonly string[]).includes(first.toLowerCase()) ? (first.toLowerCase() as Area) : undefined;
        const page = Number.parseInt(area ? second : first, 10);
        return bot.terms(area, Number.isFinite(page) ? page : 1);
      }
    }
  }
  return bot.ask(t, mode);
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
export async function runJsonLines(bot: Termbot, input: Readable, output: Writable): Promise<void> {
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
  say('termbot console: ask a question, or /define <term>, /compare <a> | <b>, /terms, /help, /quit.');
  const ask = () => prompt && output.write('> ');
  ask();
  for await (const line of rl) {
    const t = line.trim();
    if (t === '/quit' || t === '/exit') break;
    if (t) {
      const answer = respond(bot, t, 'direct');
      say(answer.reply ? renderText(answer.reply) : '(no answer)');
      say('');
    }
    ask();
  }
  rl.close();
}
