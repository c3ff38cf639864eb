/** Client-side helpers for tests that drive a real discord.js Client against the fake. */
import type { Client, ClientOptions, IIdentifyThrottler } from 'discord.js';
import { destroySafely } from '../../src/discord/destroy.ts';

/**
 * An IIdentifyThrottler that only spaces identifies by `minIntervalMs` (default 0) and honours the abort signal.
 * The default @discordjs/ws SimpleIdentifyThrottler waits ~5 s (+ up to 1.5 s jitter) between two identifies.
 */
export class FastIdentifyThrottler implements IIdentifyThrottler {
  private last = 0;
  constructor(private readonly minIntervalMs = 0) {}
  async waitForIdentify(_shardId: number, signal: AbortSignal): Promise<void> {
    const wait = this.last + this.minIntervalMs - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason ?? new Error('aborted'));
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.last = Date.now();
  }
}

/**
 * ClientOptions fragment that replaces discord.js' identify throttler (ClientOptions.ws.buildIdentifyThrottler,
 * forwarded to @discordjs/ws). A re-IDENTIFY then takes ~0.5 s: @discordjs/ws still sleeps a fixed 500 ms
 * before reconnecting after any close. Spread it into the Client options: `new Client({ ...fastIdentifyClientOptions(), intents })`.
 */
export function fastIdentifyClientOptions(minIntervalMs = 0): Pick<ClientOptions, 'ws'> {
  return { ws: { buildIdentifyThrottler: () => new FastIdentifyThrottler(minIntervalMs) } };
}

/**
 * Destroy a discord.js Client without tripping an @discordjs/ws 1.2.3 race: calling `client.destroy()` while a
 * shard waits for HELLO or READY (i.e. during a reconnect/re-identify) aborts that wait, which makes the shard
 * schedule a *reconnect* (500 ms later) and clears the close handler `destroy()` awaits, so `destroy()` never
 * resolves and the shard comes back to life. Destroying during the 500 ms reconnect sleep likewise leaves a shard
 * that reconnects later. So: wait (on the shards' events, at most `settleTimeoutMs`) until every shard is Ready,
 * Idle (never connected) or Disconnected, then destroy. The bot does the same (src/discord/destroy.ts).
 */
export async function destroyClient(client: Client, settleTimeoutMs = 3000): Promise<void> {
  await destroySafely(client, settleTimeoutMs);
}
