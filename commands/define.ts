/** /define term [private] [for]: a definition, with buttons for related entries. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { replyOptions } from '../src/discord/context.ts';
import { userText } from '../src/discord/render.ts';
import { autocompleteChoices } from '../src/discord/answering.ts';

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('define')
    .setDescription('Define a social media or marketing term, with sources')
    .addStringOption((o) => o.setName('term').setDescription('The term, e.g. engagement rate').setRequired(true).setAutocomplete(true).setMaxLength(100))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
    .addUserOption((o) => o.setName('for').setDescription('Point the answer at a member'))
    .toJSON(),

  async execute(i, ctx) {
    const term = i.options.getString('term', true) ?? '';
    const isPrivate = i.options.getBoolean('private') ?? false;
    const target = i.options.getUser('for');
    const answer = ctx.termbot.define(term);
    const reply = answer.reply;
    if (!reply || reply.kind === 'not-found') {
      const rendered = ctx.render(reply ?? { kind: 'not-found', query: term, suggestions: [] }, { pickMode: isPrivate ? 'private' : 'public' });
      await i.reply(replyOptions(rendered, { private: true }));
    } else {
      const pointAt = target && !isPrivate && target.id !== i.user.id ? target.id : undefined;
      const rendered = ctx.render(reply, { ownerId: i.user.id, private: isPrivate });
      await i.reply(
        replyOptions(rendered, {
          private: isPrivate,
          ...(pointAt ? { content: `<@${pointAt}>, <@${i.user.id}> thought this might help:`, allowUsers: [pointAt] } : {}),
        }),
      );
    }
    return { answer, text: userText(term) };
  },

  async autocomplete(i, ctx) {
    await i.respond(autocompleteChoices(ctx.termbot, i.options.getFocused(true).value));
  },
};

export default command;
