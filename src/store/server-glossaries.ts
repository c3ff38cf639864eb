/**
 * Which termbot answers in a server: the shipped one with that server's overlay on top, built from
 * the database on first use and kept in a least-recently-used cache (memory grows with the servers
 * in use, not with every server). A change made here is answerable as soon as it is saved (the
 * server's overlay is rebuilt from its own entries; the shipped index is never rebuilt); changes
 * made by other processes arrive through the version poll.
 */
import type { Logger } from 'pino';
import { createGuildTermbot } from '../core/glossary/overlay.ts';
import type { Termbot } from '../core/termbot.ts';
import type { GlossaryStore } from './glossary.ts';
import { GuildCache, type GuildCacheOptions } from './guilds.ts';

export class ServerGlossaries {
  private cache: GuildCache<Termbot>;
  private readonly unsubscribe: () => void;

  constructor(
    readonly store: GlossaryStore,
    private shipped: Termbot,
    private readonly options: GuildCacheOptions = {},
  ) {
    this.cache = this.makeCache();
    this.unsubscribe = store.onChange(async (guildId) => {
      if (!this.cache.peek(guildId)) return;
      await this.cache.reload(guildId).catch((err: unknown) => options.logger?.warn({ err, guildId }, 'could not reload a server glossary after a change'));
    });
  }

  private makeCache(): GuildCache<Termbot> {
    return new GuildCache(this.store, (g) => (g.entries.length === 0 && g.hidden.length === 0 ? this.shipped : createGuildTermbot(this.shipped, g)), this.options);
  }

  /** The shipped termbot (no server): DMs and the console. */
  get base(): Termbot {
    return this.shipped;
  }

  /** How many servers' overlays are in memory. */
  get inMemory(): number {
    return this.cache.size;
  }

  /**
   * The termbot for a server (the shipped one outside servers). If the database cannot be read, the
   * shipped termbot answers and the problem is logged: members still get answers.
   */
  async termbotFor(guildId: string | null | undefined): Promise<Termbot> {
    if (!guildId) return this.shipped;
    try {
      return await this.cache.get(guildId);
    } catch (err) {
      this.options.logger?.warn({ err, guildId }, "could not read this server's glossary; answering from the shipped knowledge");
      return this.shipped;
    }
  }

  /** After the shipped knowledge is reloaded: every server's overlay is rebuilt on its next question. */
  setShipped(shipped: Termbot): void {
    this.shipped = shipped;
    this.store.setShipped(shipped.knowledge);
    this.cache.stop();
    this.cache = this.makeCache();
    this.cache.start();
  }

  start(): void {
    this.cache.start();
  }

  stop(): void {
    this.cache.stop();
    this.unsubscribe();
  }
}
