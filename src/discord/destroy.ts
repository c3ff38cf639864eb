/**
 * Destroying a discord.js client safely. discord.js 14.28 (@discordjs/ws 1.2.3) can hang in
 * `client.destroy()` when a shard is between HELLO and READY, and then reconnect anyway (see
 * tests/fake-discord/README.md, "pitfalls"). So first wait until every shard has settled: Ready, Idle
 * (never connected) or Disconnected (for good). The wait listens to the shards' own events; the bound
 * only limits a shard that never settles.
 */
import { Events, Status, WebSocketShardEvents, type Client } from 'discord.js';

const SETTLED: ReadonlySet<Status> = new Set([Status.Ready, Status.Idle, Status.Disconnected]);

const settled = (client: Client) => [...client.ws.shards.values()].every((s) => SETTLED.has(s.status));

/** Resolves once no shard of `client` is connecting, identifying or resuming, or after `boundMs`. */
export function shardsSettled(client: Client, boundMs = 3000): Promise<void> {
  if (settled(client)) return Promise.resolve();
  return new Promise((resolve) => {
    const shards = [...client.ws.shards.values()];
    // A shard's status turns Ready just before it emits allReady or resumed, and Disconnected just
    // before the client emits shardDisconnect.
    const check = () => {
      if (settled(client)) finish();
    };
    const finish = () => {
      clearTimeout(bound);
      for (const s of shards) {
        s.off(WebSocketShardEvents.AllReady, check);
        s.off(WebSocketShardEvents.Resumed, check);
      }
      client.off(Events.ShardDisconnect, check);
      resolve();
    };
    const bound = setTimeout(finish, boundMs);
    for (const s of shards) {
      s.on(WebSocketShardEvents.AllReady, check);
      s.on(WebSocketShardEvents.Resumed, check);
    }
    client.on(Events.ShardDisconnect, check);
  });
}

/** Waits for the shards to settle (at most `settleMs`), then destroys the client. */
export async function destroySafely(client: Client, settleMs = 3000): Promise<void> {
  await shardsSettled(client, settleMs);
  await client.destroy();
}
