/**
 * The server glossary benchmark: a SQLite database of many servers × many entries (written directly,
 * in bulk, as set-up), then what the issue asks of it: how soon a saved entry answers, free-text and
 * autocomplete latency for a server's questions, memory per server in use, and a process's start-up
 * against that database (`npm run ask -- --guild`, a real process).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryIdFor } from '../core/glossary/entry.ts';
import { createGuildTermbot } from '../core/glossary/overlay.ts';
import type { Termbot } from '../core/termbot.ts';
import { openDatabase } from '../store/db.ts';
import { GlossaryStore } from '../store/glossary.ts';
import { ServerGlossaries } from '../store/server-glossaries.ts';
import { generateKnowledge } from './scale.ts';
import { measureLatency, percentile, pick, rng, type Latency } from './stats.ts';
import { CHATTER_SAMPLES } from './stream.ts';

export interface GlossaryBench {
  servers: number;
  entriesPerServer: number;
  fillMs: number;
  /** Saving a new entry (checked, one transaction, overlay rebuilt) and then answering it. */
  save: { runs: number; saveP50Ms: number; saveMaxMs: number; answerableAfterSaveMaxMs: number; overlayBuildMs: number };
  freeText: Latency;
  autocomplete: Latency;
  memory: { serversInMemory: number; heapPerServerMb: number };
  startup: { firstAnswerMs: number; runs: number };
}

const ROOT = new URL('../..', import.meta.url).pathname;
const SERVER = (g: number) => `9${String(g).padStart(17, '0')}`;

export async function benchGlossaries(shipped: Termbot, options: { quick: boolean; heapMb: () => number; log: (s: string) => void }): Promise<GlossaryBench> {
  const servers = options.quick ? 100 : 1000;
  const perServer = 200;
  const dir = mkdtempSync(join(tmpdir(), 'termbot-bench-db-'));
  try {
    const db = await openDatabase({ dataDir: dir });
    const gen = generateKnowledge(perServer, 11);
    const names = gen.names;
    options.log(`glossaries: writing ${servers} servers × ${perServer} entries…`);
    let t = performance.now();
    const at = new Date().toISOString();
    await db.db.transaction().execute(async (trx) => {
      for (let g = 0; g < servers; g++) {
        const rows = names.map((name, i) => ({
          guild_id: SERVER(g),
          entry_id: entryIdFor(name),
          name,
          aliases: JSON.stringify([`${name.split(' ').map((w) => w[0]).join('')}${i}`]),
          summary: `${name} is a house term of server ${g}.`,
          definition: `${name} is how server ${g} names one of its own ideas.`,
          details: JSON.stringify([`Server ${g} uses ${name} every week.`]),
          related: JSON.stringify([]),
          area: 'content',
          kind: 'term',
          author_id: '123456789012345678',
          created_at: at,
          updated_by: '123456789012345678',
          updated_at: at,
        }));
        await trx.insertInto('glossary_entries').values(rows).execute();
        await trx.insertInto('guild_versions').values({ guild_id: SERVER(g), version: 1 }).execute();
      }
    });
    const fillMs = performance.now() - t;
    const store = new GlossaryStore(db, shipped.knowledge);
    const glossaries = new ServerGlossaries(store, shipped, { pollMs: 0 });

    // Memory: servers in use, not all of them.
    const inUse = options.quick ? 20 : 100;
    const before = options.heapMb();
    for (let g = 0; g < inUse; g++) await glossaries.termbotFor(SERVER(g));
    const heapPerServerMb = (options.heapMb() - before) / inUse;

    // A server's questions: its own entries (exact, typo'd, compared with a shipped one), shipped ones, chatter.
    const r = rng(5);
    const bots: Termbot[] = [];
    for (let g = 0; g < 20; g++) bots.push(await glossaries.termbotFor(SERVER(g)));
    const typo = (w: string) => {
      const i = 1 + Math.floor(r() * (w.length - 3));
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    };
    const qs = Array.from({ length: 500 }, (_, i) => {
      const n = pick(r, names);
      const q = [`what is ${n}?`, `what is ${typo(n)}?`, `${n} vs engagement rate`, pick(r, CHATTER_SAMPLES), 'what is reach?'][i % 5]!;
      return { bot: bots[i % bots.length]!, q };
    });
    const freeText = measureLatency(qs, ({ bot, q }) => bot.ask(q, 'channel'), options.quick ? 3 : 10);
    const prefixes = names.slice(0, 50).map((n, i) => ({ bot: bots[i % bots.length]!, q: n.slice(0, 3 + (i % 8)) }));
    const autocomplete = measureLatency(prefixes, ({ bot, q }) => bot.complete(q), options.quick ? 3 : 10);

    // A new entry: save (check, transaction, overlay rebuilt), then answer it.
    const runs = options.quick ? 5 : 20;
    const saves: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < runs; i++) {
      const g = SERVER(i % 5);
      const name = `Fresh Idea ${i}`;
      t = performance.now();
      const saved = await store.save(g, { name, summary: `${name} is new here.`, definition: `${name} is a new house term.` }, '123456789012345678');
      const savedAt = performance.now();
      if (!saved.ok) throw new Error(`bench save failed: ${saved.problems.map((p) => p.message).join('; ')}`);
      const answer = (await glossaries.termbotFor(g)).define(name);
      const answeredAt = performance.now();
      if (answer.reply?.kind !== 'definition') throw new Error('a saved entry did not answer');
      saves.push(savedAt - t);
      after.push(answeredAt - savedAt);
    }
    saves.sort((a, b) => a - b);
    const loaded = await store.load(SERVER(0));
    t = performance.now();
    for (let i = 0; i < 5; i++) createGuildTermbot(shipped, loaded);
    const overlayBuildMs = (performance.now() - t) / 5;
    const serversInMemory = glossaries.inMemory;
    glossaries.stop();
    await store.close();

    // Start-up against that database: a real process answering a server's question.
    options.log('glossaries: start-up against the database…');
    const starts: number[] = [];
    for (let i = 0; i < (options.quick ? 1 : 3); i++) starts.push(await firstAnswer(dir, SERVER(servers - 1 - i), names[i]!));
    starts.sort((a, b) => a - b);

    return {
      servers,
      entriesPerServer: perServer,
      fillMs: Math.round(fillMs),
      save: { runs, saveP50Ms: round(percentile(saves, 50)), saveMaxMs: round(saves[saves.length - 1] ?? 0), answerableAfterSaveMaxMs: round(Math.max(...after), 2), overlayBuildMs: round(overlayBuildMs) },
      freeText,
      autocomplete,
      memory: { serversInMemory, heapPerServerMb: round(heapPerServerMb, 2) },
      startup: { firstAnswerMs: Math.round(percentile(starts, 50)), runs: starts.length },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** `npm run ask -- --guild ID "what is …?"` as a process (without npm): time until the answer is printed. */
async function firstAnswer(dataDir: string, guildId: string, name: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--guild', guildId, `what is ${name}?`], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('ask --guild did not answer within 30 s')), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes(name.toUpperCase())) {
        clearTimeout(timer);
        resolve(performance.now() - started);
        child.kill();
      }
    });
    child.on('exit', () => {
      if (!out.includes(name.toUpperCase())) {
        clearTimeout(timer);
        reject(new Error(`ask --guild answered: ${out.slice(0, 200)}`));
      }
    });
  });
}
