/** /terms [area]: browse the glossary by area, paged with buttons. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { AREAS, AREA_TITLES, isArea } from '../src/core/knowledge/types.ts';
import { replyOptions } from '../src/discord/context.ts';

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('terms')
    .setDescription('Browse the terms termbot knows, by area')
    .addStringOption((o) =>
      o
        .setName('area')
        .setDescription('Only this area')
        .addChoices(...AREAS.map((a) => ({ name: AREA_TITLES[a], value: a }))),
    )
    .toJSON(),

  async execute(i, ctx) {
    const area = i.options.getString('area');
    const answer = ctx.termbot.terms(isArea(area) ? area : undefined, 1);
    if (answer.reply) await i.reply(replyOptions(ctx.render(answer.reply), { private: true }));
    return { answer };
  },
};

export default command;
