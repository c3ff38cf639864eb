/**
 * What the discord.js client keeps in memory. By default it caches every user and member it sees
 * (about 330 bytes per new author, without bound) and 200 messages per channel. termbot answers from
 * the event in hand: an interaction carries its user, member and permissions (the Delete button's
 * Manage Messages check reads `memberPermissions` from it), a message carries its author, mentions and
 * channel id, and replies go by id. So it keeps guilds, channels and roles (discord.js needs them) and
 * its own user and member, and nothing per member: memory stays flat however many people talk.
 */
import { Options, type Client, type ClientOptions } from 'discord.js';

const isMe = (x: { id: string; client: { user: { id: string } | null } }) => x.id === x.client.user?.id;

export function cacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: isMe },
      GuildMemberManager: { maxSize: 0, keepOverLimit: isMe },
      ThreadMemberManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildBanManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildStickerManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      EntitlementManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      // Anything that still slips into these caches (created outside a manager's limit) goes within the hour.
      users: { interval: 3600, filter: () => (u) => !isMe(u) },
      messages: { interval: 3600, lifetime: 1800 },
    },
  };
}

/** DM channels: discord.js cannot limit its channel cache, and a DM from each new person adds one. Dropped every `intervalMs`; the next DM brings it back. */
export function sweepDmChannels(client: Client, intervalMs = 3_600_000): () => void {
  const timer = setInterval(() => client.channels.cache.sweep((c) => c.isDMBased()), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
