/** /help: what termbot knows and how to ask. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from './index.ts';
import { logHandled, replyOptions } from '../src/discord/context.ts';
import { renderDiscord } from '../src/discord/render.ts';

const command: CommandModule = {
  data: new SlashCommandBuilder().setName('help').setDescription('What termbot knows and how to ask it').toJSON(),

  async execute(i, ctx) {
    const started = performance.now();
    const answer = ctx.termbot.help();
    if (answer.reply) await i.reply(replyOptions(renderDiscord(answer.reply), { private: true }));
    logHandled(ctx.logger, { kind: 'slash', command: 'help', started, guildId: i.guildId, channelId: i.channelId, answer });
  },
};

export default command;
