/**
 * /insights show [days] | export [days] | recording on: what members ask and what the glossary is missing,
 * for members with Manage Server. Always a private reply.
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { insightsEmbed, insightsFiles } from '../src/discord/insights.ts';
import { serverReport } from '../src/insights/report.ts';

const days = (o: import('discord.js').SlashCommandIntegerOption) => o.setName('days').setDescription('How many days back (default 30)').setMinValue(1).setMaxValue(366);
const quiet = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('insights')
    .setDescription('What members ask and what the glossary is missing (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('show').setDescription('Questions per day, the most asked entries and the top misses').addIntegerOption(days))
    .addSubcommand((s) => s.setName('export').setDescription('The daily counts and the misses as CSV files').addIntegerOption(days))
    .addSubcommand((s) =>
      s
        .setName('recording')
        .setDescription('Switch insights on or off for this server (off also deletes what was kept)')
        .addBooleanOption((o) => o.setName('on').setDescription('true: record outcomes; false: stop and forget').setRequired(true)),
    )
    .toJSON(),

  async execute(i, ctx) {
    const sub = i.options.getSubcommand() ?? 'show';
    if (!i.guildId) {
      await i.reply({ content: 'Use /insights in a server.', ...quiet });
      return;
    }
    if (!(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false)) {
      await i.reply({ content: 'Only members with Manage Server can see or change insights.', ...quiet });
      return;
    }
    const store = ctx.insights?.store;
    if (!store) {
      await i.reply({ content: 'Insights are turned off for this bot (INSIGHTS=false in its settings).', ...quiet });
      return;
    }
    if (sub === 'recording') {
      const on = i.options.getBoolean('on', true) ?? true;
      // What was asked before the switch is written under the old setting first.
      await ctx.insights?.flush();
      await store.setEnabled(i.guildId, on);
      await i.reply({ content: on ? 'Insights are on: termbot records what is asked here (outcomes only: no user ids, no message text).' : 'Insights are off for this server, and what was kept has been deleted.', ...quiet });
      return { extra: { insights: on ? 'on' : 'off' } };
    }
    // Questions this process has queued count at once.
    await ctx.insights?.flush();
    const enabled = await store.enabled(i.guildId);
    const report = await serverReport(store, ctx.termbot, i.guildId, i.options.getInteger('days') ?? 30, Date.now(), sub === 'export' ? 10_000 : 10);
    const note = enabled ? undefined : 'Insights are off for this server (`/insights recording on:true` to record again).';
    if (sub === 'export') {
      await i.reply({ ...(note ? { content: note } : {}), files: insightsFiles(report), ...quiet });
    } else {
      await i.reply({ ...(note ? { content: note } : {}), embeds: [insightsEmbed(report)], ...quiet });
    }
    return { extra: { insights: sub, days: report.days } };
  },
};

export default command;
