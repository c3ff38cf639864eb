/**
 * A second (third…) termbot process for the multi-process tests: opens the database the way the bot
 * does (DATA_DIR / DATABASE_URL through the config), holds server glossaries in the same cache, and
 * takes one JSON command per line on standard input, answering one JSON line each.
 */
import { EventEmitter, once } from 'node:events';
import { createInterface } from 'node:readline';
import { readConfig } from '../../src/app/config.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { GuildCache } from '../../src/store/guilds.ts';
import { openStore } from '../../src/store/open.ts';

const { knowledge } = await loadKnowledge();
const store = await openStore(readConfig(process.env), knowledge);
/** Emits 'built' after the cache has taken a (re)loaded server glossary (build runs just before it is stored). */
const built = new EventEmitter();
const cache = new GuildCache(
  store,
  (g) => {
    queueMicrotask(() => built.emit('built'));
    return g;
  },
  { pollMs: Number(process.env.POLL_MS ?? 500) },
);
cache.start();

type Command = { op: 'save'; guild: string; name: string } | { op: 'watch'; guild: string } | { op: 'wait'; guild: string; id: string; timeoutMs?: number } | { op: 'quit' };

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
out({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const c = JSON.parse(line) as Command;
  if (c.op === 'quit') break;
  if (c.op === 'save') {
    const r = await store.save(c.guild, { name: c.name, summary: `${c.name} is our term.`, definition: `${c.name} is a term this server uses.` }, '123456789012345678');
    out({ op: 'save', ok: r.ok, at: Date.now() });
  } else if (c.op === 'watch') {
    const g = await cache.get(c.guild);
    out({ op: 'watch', entries: g.entries.map((e) => e.id) });
  } else if (c.op === 'wait') {
    // Waits for the cache's reloads (the version poll), bounded by timeoutMs.
    const has = () => Boolean(cache.peek(c.guild)?.entries.some((e) => e.id === c.id));
    const bound = AbortSignal.timeout(c.timeoutMs ?? 5000);
    while (!has() && !bound.aborted) await once(built, 'built', { signal: bound }).catch(() => undefined);
    out({ op: 'wait', seen: has(), at: Date.now() });
  }
}
cache.stop();
await store.close();
