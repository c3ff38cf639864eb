/** The /insights report as a Discord embed, and its CSV export as attachments. */
import type { APIEmbed } from 'discord.js';
import { DM_GUILD, reportCsv, type InsightsReport } from '../core/insights.ts';
import { LIMITS, truncate } from './limits.ts';
import { fitEmbed, userText } from './render.ts';

const lines = (xs: string[], empty: string) => truncate(xs.length ? xs.join('\n') : empty, LIMITS.fieldValue);

export function insightsEmbed(r: InsightsReport): APIEmbed {
  const where = r.guildId === DM_GUILD ? 'direct messages' : 'this server';
  const description = [
    `**${r.totals.questions}** question${r.totals.questions === 1 ? '' : 's'} in ${where}: ${r.totals.answered} answered, **${r.totals.misses}** found nothing; ${r.totals.picks} "did you mean" pick${r.totals.picks === 1 ? '' : 's'}.`,
    '',
    `Per day, ${r.from} → ${r.to}:`,
    // The sparkline can be long (up to a year): keep the latest days when it must be cut.
    `\`${r.sparkline.length > 90 ? `…${r.sparkline.slice(-89)}` : r.sparkline}\``,
  ].join('\n');
  const fields = [
    { name: 'Most asked', value: lines(r.topAsked.map((e) => `${e.count} · ${userText(e.name)}`), 'Nothing asked yet.'), inline: true },
    {
      name: 'Top misses: what to add next',
      value: lines(
        r.topMisses.map((m) => `${m.count} · ${userText(m.term)}${m.alias ? ` (an alias of ${userText(m.alias.name)}?)` : ''}`),
        'No misses.',
      ),
      inline: true,
    },
  ];
  if (r.aliasSuggestions.length > 0) {
    fields.push({
      name: 'Aliases to consider',
      value: lines(
        r.aliasSuggestions.map((a) => `“${userText(a.term)}” → ${userText(a.name)} (${a.count}, ${a.via === 'pick' ? 'picked from “did you mean”' : a.via === 'typo' ? 'typo corrected' : 'close to the name'})`),
        '',
      ),
      inline: false,
    });
  }
  return fitEmbed({ title: `Insights: the last ${r.days} day${r.days === 1 ? '' : 's'}`, description, color: 0x64748b, fields, footer: { text: 'termbot · insights · outcomes only: no user ids, no message text' } });
}

/** The export: two CSV files (daily counts, misses). */
export function insightsFiles(r: InsightsReport): { attachment: Buffer; name: string }[] {
  const csv = reportCsv(r);
  return [
    { attachment: Buffer.from(csv.daily, 'utf8'), name: `insights-daily-${r.from}-to-${r.to}.csv` },
    { attachment: Buffer.from(csv.misses, 'utf8'), name: `insights-misses-${r.from}-to-${r.to}.csv` },
  ];
}
