/**
 * /insights show [days] | export [days] | recording on: what members ask and what the glossary is
 * missing, for members with Manage Server or the server's editor role (the recording switch: Manage
 * Server, like the other server settings). Always a private reply. The command is visible to everyone
 * (a default permission would hide it from editor-role members too) and refuses privately in code.
 */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import { insightsComponents, insightsEmbed, insightsFiles, switchInsights } from '../src/discord/insights.ts';
import { mayEditGlossary } from '../src/discord/insights-actions.ts';
import { hasManageServer } from '../src/discord/glossary/access.ts';
import { serverReport } from '../src/insights/report.ts';
import { PRIVATE as quiet } from '../src/discord/context.ts';

const days = (o: import('discord.js').SlashCommandIntegerOption) => o.setName('days').setDescription('How many days back (default 30)').setMinValue(1).setMaxValue(366);

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('insights')
    .setDescription('What members ask and what the glossary is missing (Manage Server or editor role)')
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
    if (sub === 'recording' ? !hasManageServer(i) : !(await mayEditGlossary(i, ctx))) {
      const who = sub === 'recording' ? 'Only members with Manage Server can switch insights on or off.' : "Only members with Manage Server or this server's editor role can see insights.";
      await i.reply({ content: who, ...quiet });
      return { extra: { insights: sub, refused: 'permission' } };
    }
    const store = ctx.insights?.store;
    if (!store) {
      await i.reply({ content: 'Insights are turned off for this bot (INSIGHTS=false in its settings).', ...quiet });
      return;
    }
    if (sub === 'recording') {
      const on = i.options.getBoolean('on', true) ?? true;
      await switchInsights(ctx, i.guildId, on);
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
      await i.reply({ ...(note ? { content: note } : {}), embeds: [insightsEmbed(report)], components: insightsComponents(report), ...quiet });
    }
    return { extra: { insights: sub, days: report.days } };
  },
};

export default command;
