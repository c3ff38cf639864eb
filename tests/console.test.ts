/** The console adapter and the `ask --json` protocol, including a real subprocess. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { respond, runConsoleChat, runJsonLines } from '../src/adapters/console.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function collect(run: (input: PassThrough, output: PassThrough) => Promise<void>, lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  const done = run(input, output);
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return out;
}

describe('console commands', () => {
  it('/define, /compare with a pipe, /terms with an area and page, /help', () => {
    expect(respond(bot, '/define seo').terms[0]?.id).toBe('seo');
    expect(respond(bot, '/compare reach | impressions').terms.map((t) => t.id)).toEqual(['reach', 'impressions']);
    const terms = respond(bot, '/terms metrics 2').reply;
    expect(terms?.kind === 'term-list' && [terms.area, terms.page]).toEqual(['metrics', 2]);
    expect(respond(bot, '/help').intent).toBe('help');
  });

  it('the chat answers each line and stops at /quit', async () => {
    const out = await collect((i, o) => runConsoleChat(bot, i, o, { prompt: false }), ['what is reach?', '', '/quit', 'what is seo']);
    expect(out).toMatch(/REACH/);
    expect(out).not.toMatch(/SEO \(SEARCH ENGINE/);
  });
});

describe('ask --json', () => {
  it('prints exactly one JSON object per input line, in order', async () => {
    const lines = ['what is social media', 'hi all', 'SEO vs SEM', 'is tiktok a social network?', ''];
    const out = (await collect((i, o) => runJsonLines(bot, i, o), lines)).trimEnd().split('\n');
    expect(out).toHaveLength(lines.length);
    const parsed = out.map((l) => JSON.parse(l) as { input: string; intent: string; terms: { id: string; name: string; aliases: string[] }[]; text: string });
    expect(parsed.map((p) => p.input)).toEqual(lines);
    expect(parsed.map((p) => p.intent)).toEqual(['define', 'none', 'compare', 'classify', 'none']);
    expect(Object.keys(parsed[0]!)).toEqual(['input', 'intent', 'terms', 'text']);
    expect(Object.keys(parsed[0]!.terms[0]!)).toEqual(['id', 'name', 'aliases']);
    expect(parsed[1]).toEqual({ input: 'hi all', intent: 'none', terms: [], text: '' });
  });

  it('through npm, standard output holds nothing but the JSON lines', () => {
    const r = spawnSync('npm', ['run', '--silent', 'ask', '--', '--json'], { cwd: ROOT, input: 'what is ugc?\nhaha nice\n', encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ input: 'what is ugc?', intent: 'define', terms: [{ id: 'user-generated-content' }] });
    expect(JSON.parse(lines[1]!)).toEqual({ input: 'haha nice', intent: 'none', terms: [], text: '' });
  });
});
