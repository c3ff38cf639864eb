/** The delete button under a public answer: only the person who asked, or a moderator, may use it. */
import { PermissionFlagsBits } from 'discord.js';
import { defineButton } from '../registry.ts';
import { DISCORD_ID } from '../limits.ts';
import { PRIVATE } from '../context.ts';

export default defineButton<{ ownerId: string }>({
  key: 'del',
  encode: (a) => [a.ownerId],
  decode: ([ownerId = '']) => (DISCORD_ID.test(ownerId) ? { ownerId } : undefined),
  async handle(i, a) {
    const moderator = i.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false;
    if (i.user.id !== a.ownerId && !moderator) {
      await i.reply({ content: 'Only the person who asked, or a moderator, can delete this answer.', ...PRIVATE });
      return { extra: { deleted: false } };
    }
    await i.deferUpdate();
    await i.deleteReply();
    return { extra: { deleted: true, by: i.user.id === a.ownerId ? 'asker' : 'moderator' } };
  },
});
