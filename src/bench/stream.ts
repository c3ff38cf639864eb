/** A realistic chat stream: mostly chatter (greetings, reactions, talk that mentions platforms), some questions. */
import { pick, rng } from './stats.ts';

const CHATTER = [
  'lol', 'haha nice', 'good morning everyone', 'brb', 'thanks!', 'see you tomorrow', 'ok', '👍', 'gm', 'nice one',
  'just posted a reel, go like it', 'my instagram got hacked lol', 'anyone going to the meetup on friday?', 'what time is standup?',
  'is it raining where you are?', 'the client loved the new campaign', 'can someone review my slides before 3', 'ugh mondays',
  "I'll be late today", 'our reach dropped this week :(', 'tiktok is eating my evenings', 'who broke the build', 'coffee first',
  'congrats on the launch!', 'any tips for a good microphone?', 'send me the report when you can', 'that meme is gold',
  'hi all', 'see the doc I shared?', 'what is for lunch?', 'how was the weekend?', 'new post is live on linkedin',
  'does anyone have the wifi password', 'reminder: team call at 4', 'can we move the meeting', 'love this thread',
  'what is the capital of france', 'python vs javascript?', 'cats vs dogs?', 'define happiness', 'is coffee bad for you?',
];

/** `count` messages, `questionShare` of them questions drawn from `questions`. */
export function chatStream(questions: readonly string[], count: number, questionShare = 0.1, seed = 42): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (r() < questionShare) out.push(pick(r, questions));
    else {
      // Vary the chatter a little so it is not the same few strings.
      const base = pick(r, CHATTER);
      const v = r();
      out.push(v < 0.2 ? `${base} ${pick(r, ['!', '?', ' 😂', ' :)', ' tbh', ' @here'])}` : v < 0.3 ? base.toUpperCase() : base);
    }
  }
  return out;
}

export const CHATTER_SAMPLES = CHATTER;
