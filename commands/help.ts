/** /help: what termbot knows and how to ask. */
import { SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { replyOptions } from '../src/discord/context.ts';

const command: CommandModule = {
  data: new SlashCommandBuilder().setName('help').setDescription('What termbot knows and how to ask it').toJSON(),

  async execute(i, ctx) {
    const answer = ctx.termbot.help();
    if (answer.reply) await i.reply(replyOptions(ctx.render(answer.reply), { private: true }));
    return { answer };
  },
};

export default command;
