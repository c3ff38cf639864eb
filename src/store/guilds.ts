/**
 * Server glossaries in memory: a least-recently-used cache of the servers in use (not all of them),
 * each built once from the database, and a version poll that sees other processes' changes.
 *
 * Every change bumps the server's row in `guild_versions` in the same transaction. Each process polls
 * the versions of the servers it holds (one indexed query, every `pollMs`); a server whose version
 * moved is reloaded. Works the same on Postgres (several bot processes) and SQLite (several processes
 * on one file). A change made by this process is reloaded at once (`reload`).
 */
import type { Logger } from 'pino';
import type { GlossaryStore, GuildGlossary } from './glossary.ts';

export interface GuildCacheOptions {
  /** Servers kept in memory at once; the least recently used is dropped first. */
  max?: number;
  /** How often to look for other processes' changes, in ms (0: never). */
  pollMs?: number;
  logger?: Logger;
}

interface Slot<T> {
  version: number;
  value: T;
}

export class GuildCache<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly loading = new Map<string, Promise<Slot<T>>>();
  private readonly max: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly store: GlossaryStore,
    private readonly build: (g: GuildGlossary) => T,
    private readonly options: GuildCacheOptions = {},
  ) {
    this.max = Math.max(1, options.max ?? 500);
    this.pollMs = options.pollMs ?? 500;
  }

  /** How many servers are held in memory. */
  get size(): number {
    return this.slots.size;
  }

  /** The server's built glossary: from memory, or loaded (once, however many ask at the same time). */
  async get(guildId: string): Promise<T> {
    const slot = this.slots.get(guildId);
    if (slot) {
      // Most recently used last: a Map keeps insertion order.
      this.slots.delete(guildId);
      this.slots.set(guildId, slot);
      return slot.value;
    }
    return (await this.load(guildId)).value;
  }

  /** The server's glossary if it is in memory (no database access). */
  peek(guildId: string): T | undefined {
    return this.slots.get(guildId)?.value;
  }

  /** Loads the server again now: after this process changed it. */
  async reload(guildId: string): Promise<T> {
    return (await this.load(guildId, true)).value;
  }

  private load(guildId: string, fresh = false): Promise<Slot<T>> {
    const pending = this.loading.get(guildId);
    if (pending && !fresh) return pending;
    const p = (async () => {
      const g = await this.store.load(guildId);
      const slot = { version: g.version, value: this.build(g) };
      const current = this.slots.get(guildId);
      // A slower, older load never replaces a newer one.
      if (!current || current.version <= slot.version) {
        this.slots.delete(guildId);
        this.slots.set(guildId, slot);
        while (this.slots.size > this.max) this.slots.delete(this.slots.keys().next().value as string);
      }
      return this.slots.get(guildId) ?? slot;
    })();
    this.loading.set(guildId, p);
    const clear = () => {
      if (this.loading.get(guildId) === p) this.loading.delete(guildId);
    };
    p.then(clear, clear);
    return p;
  }

  /** One poll: reloads every held server whose version moved. Returns their ids. */
  async refresh(): Promise<string[]> {
    const ids = [...this.slots.keys()];
    if (ids.length === 0) return [];
    const versions = await this.store.versions(ids);
    const changed = ids.filter((id) => {
      const slot = this.slots.get(id);
      return slot !== undefined && (versions.get(id) ?? 0) !== slot.version;
    });
    await Promise.all(changed.map((id) => this.load(id, true)));
    return changed;
  }

  /** Starts polling for other processes' changes. */
  start(): void {
    if (this.timer || this.pollMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.polling) return;
      this.polling = true;
      this.refresh()
        .then((changed) => {
          if (changed.length > 0) this.options.logger?.debug({ guilds: changed }, 'server glossaries changed elsewhere: reloaded');
        })
        .catch((err: unknown) => this.options.logger?.warn({ err }, 'could not check the database for server glossary changes (will retry)'))
        .finally(() => {
          this.polling = false;
        });
    }, this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
