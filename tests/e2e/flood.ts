/**
 * `node --import tsx tests/e2e/flood.ts [messages] [authors]`: memory of the real `npm start` process
 * (src/main.ts) against the fake Discord. Prints its resident memory when idle, after a flood of
 * `messages` (20,000 by default) from as many distinct authors in an ask channel and elsewhere, and
 * after `authors` more distinct authors (100,000 by default), each with the heap after the bot's latest
 * full collection (from V8's --trace-gc). Not a test: figures for the README.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeDiscord, type RecordedRequest } from '../fake-discord/server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FLOOD = Number(process.argv[2] ?? 20_000);
const AUTHORS = Number(process.argv[3] ?? 100_000);

const fake = await createFakeDiscord({ heartbeatIntervalMs: 5000, echoMessages: false });
const text = (fake.guild.channels as { id: string; name: string; type: number }[]).filter((c) => c.type === 0);
const ask = text.find((c) => c.name !== 'general')!.id;
const general = text.find((c) => c.name === 'general')!.id;
// As `npm start` runs it (package.json's start script, without npm).
const [, ...startArgs] = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
// With --trace-gc, V8 prints every collection on standard output (the bot writes nothing there): the
// heap after the latest full collection ("Mark-Compact 63.2 (81.7) -> 46.7 (81.4) MB") is what the bot keeps.
const child = spawn(process.execPath, ['--trace-gc', ...startArgs], {
  cwd: ROOT,
  env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, ASK_CHANNEL_IDS: ask, LOG_LEVEL: 'warn', COOLDOWN_MEMBER_SECONDS: '0', COOLDOWN_CHANNEL_MAX: '1000', COOLDOWN_CHANNEL_SECONDS: '0', INSIGHTS: 'false' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Per V8 isolate (the line starts "[pid:0xaddress]"; tsx's loader thread is a second one), the heap after
// its latest collection of any kind and after its latest full one.
const isolates = new Map<string, { afterAnyMb: number; afterFullMb: number; fullGcs: number }>();
let pending = '';
child.stdout!.on('data', (chunk: Buffer) => {
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^\[\d+:(0x[0-9a-f]+)\].*?(Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^>]*->\s*([\d.]+)\s*\(/.exec(line);
    if (!m) continue;
    const at = isolates.get(m[1]!) ?? { afterAnyMb: Number.NaN, afterFullMb: Number.NaN, fullGcs: 0 };
    at.afterAnyMb = Number(m[3]);
    if (m[2] === 'Mark-Compact') {
      at.afterFullMb = at.afterAnyMb;
      at.fullGcs += 1;
    }
    isolates.set(m[1]!, at);
  }
});
/** The bot's own isolate: the one with the most heap. */
const heap = () => ({ ...[...isolates.values()].sort((a, b) => (b.afterAnyMb || 0) - (a.afterAnyMb || 0))[0] });
const rssMb = () => Math.round((Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.on('exit', () => child.kill('SIGKILL'));
// Connected once it identified and answered a first question.
await fake.waitForGateway({ op: 2 }, { timeoutMs: 60_000 });
await sleep(2000);
const warm = fake.build.message({ content: 'what is a hashtag?', channelId: ask, author: { id: '400000000000000000', username: 'first', discriminator: '0', global_name: null, avatar: null } });
fake.dispatch('MESSAGE_CREATE', warm);
await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && (r.body as { nonce?: string } | undefined)?.nonce === warm.id, { timeoutMs: 60_000 });
await sleep(3000);
const idle = rssMb();
const idleHeap = heap();

let n = 0;
const author = () => {
  n += 1;
  return { id: `4${String(n).padStart(17, '0')}`, username: `author${n}`, discriminator: '0', global_name: null, avatar: null };
};
const CHATTER = ['lol', 'good morning everyone', 'see the doc I shared?', 'tiktok is eating my evenings', 'what time is standup?'];
const QUESTIONS = ['what is a hashtag?', 'what is reach?', 'seo vs sem?', 'is youtube a social network?'];

/**
 * Sends `count` messages from new authors (one in `questionEvery` a question in the ask channel), then
 * waits until a final question is answered. Every answer is a REST call that discord.js queues one at a
 * time per channel, so the authors phase asks few questions: it measures what new authors cost.
 */
async function flood(count: number, questionEvery: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const question = i % questionEvery === 0;
    fake.dispatch('MESSAGE_CREATE', fake.build.message({ content: question ? QUESTIONS[i % QUESTIONS.length]! : CHATTER[i % CHATTER.length]!, channelId: question || i % 3 === 0 ? ask : general, author: author() }));
    if (i % 500 === 499) await sleep(5);
  }
  const since = fake.requests.length;
  const marker = fake.build.message({ content: 'what is a KPI?', channelId: ask, author: author() });
  fake.dispatch('MESSAGE_CREATE', marker);
  await fake.waitForRequest((r: RecordedRequest) => r.method === 'POST' && (r.body as { nonce?: string } | undefined)?.nonce === marker.id, { since, timeoutMs: 600_000 });
  return Math.round(performance.now() - started);
}

const floodMs = await flood(FLOOD, 10);
await sleep(2000);
const afterFlood = rssMb();
const afterFloodHeap = heap();
const moreMs = await flood(AUTHORS, 1000);
await sleep(2000);
const afterAuthors = rssMb();
const afterAuthorsHeap = heap();
console.log(JSON.stringify({ idleRssMb: idle, idleHeap, afterFloodRssMb: afterFlood, afterFloodHeap, flood: FLOOD, floodMs, afterAuthorsRssMb: afterAuthors, afterAuthorsHeap, authorsInAll: FLOOD + AUTHORS + 2, moreMs }));
child.kill('SIGTERM');
await fake.close();
process.exit(0);
