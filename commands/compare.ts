/** /compare first second: two entries side by side, the relationship first. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { replyOptions } from '../src/discord/context.ts';
import { autocompleteChoices } from '../src/discord/answering.ts';

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Compare two terms side by side, with sources')
    .addStringOption((o) => o.setName('first').setDescription('The first term, e.g. reach').setRequired(true).setAutocomplete(true).setMaxLength(100))
    .addStringOption((o) => o.setName('second').setDescription('The second term, e.g. impressions').setRequired(true).setAutocomplete(true).setMaxLength(100))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
    .toJSON(),

  async execute(i, ctx) {
    const first = i.options.getString('first', true) ?? '';
    const second = i.options.getString('second', true) ?? '';
    const isPrivate = i.options.getBoolean('private') ?? false;
    const answer = ctx.termbot.compare(first, second);
    const reply = answer.reply ?? { kind: 'not-found' as const, query: `${first} / ${second}`, suggestions: [] };
    if (reply.kind === 'not-found') {
      await i.reply(replyOptions(ctx.render(reply, { pickMode: isPrivate ? 'private' : 'public' }), { private: true }));
    } else {
      await i.reply(replyOptions(ctx.render(reply, { ownerId: i.user.id, private: isPrivate }), { private: isPrivate }));
    }
    return { answer, text: `${first} | ${second}` };
  },

  async autocomplete(i, ctx) {
    await i.respond(autocompleteChoices(ctx.termbot, i.options.getFocused(true).value, { concepts: true }));
  },
};

export default command;
