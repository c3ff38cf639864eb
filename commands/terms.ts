/** /terms [area]: browse the glossary by area, paged with buttons. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from './index.ts';
import { AREAS, AREA_TITLES, isArea } from '../src/core/knowledge/types.ts';
import { logHandled, replyOptions } from '../src/discord/context.ts';
import { renderDiscord } from '../src/discord/render.ts';

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
    const started = performance.now();
    const area = i.options.getString('area');
    const answer = ctx.termbot.terms(isArea(area) ? area : undefined, 1);
    if (answer.reply) await i.reply(replyOptions(renderDiscord(answer.reply), { private: true }));
    logHandled(ctx.logger, { kind: 'slash', command: 'terms', started, guildId: i.guildId, channelId: i.channelId, answer });
  },
};

export default command;
