/** /define term [detail] [private] [for]: the short answer with a More button, or (detail:full) the whole entry. */
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
    .addStringOption((o) =>
      o
        .setName('detail')
        .setDescription('Short answer (default) or the whole entry')
        .addChoices({ name: 'short', value: 'short' }, { name: 'full', value: 'full' }),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
    .addUserOption((o) => o.setName('for').setDescription('Point the answer at a member'))
    .toJSON(),

  async execute(i, ctx) {
    const term = i.options.getString('term', true) ?? '';
    const isPrivate = i.options.getBoolean('private') ?? false;
    const target = i.options.getUser('for');
    const detail = i.options.getString('detail') === 'full' ? 'full' : 'short';
    const answer = ctx.termbot.define(term);
    const reply = answer.reply;
    if (!reply || reply.kind === 'not-found') {
      const rendered = ctx.render(reply ?? { kind: 'not-found', query: term, suggestions: [] }, { pickMode: isPrivate ? 'private' : 'public' });
      await i.reply(replyOptions(rendered, { private: true }));
    } else {
      const pointAt = target && !isPrivate && target.id !== i.user.id ? target.id : undefined;
      const rendered = ctx.render(reply, { ownerId: i.user.id, private: isPrivate, detail });
      await i.reply(
        replyOptions(rendered, {
          private: isPrivate,
          ...(pointAt ? { content: `<@${pointAt}>, <@${i.user.id}> thought this might help:`, allowUsers: [pointAt] } : {}),
        }),
      );
      // A full entry too long for one message continues in follow-ups: nothing is dropped.
      for (const part of rendered.continued ?? []) await i.followUp(replyOptions(part, { private: isPrivate }));
    }
    return { answer, text: userText(term), extra: { detail } };
  },

  async autocomplete(i, ctx) {
    await i.respond(autocompleteChoices(ctx.termbot, i.options.getFocused(true).value));
  },
};

export default command;
