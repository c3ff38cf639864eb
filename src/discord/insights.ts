/** The /insights report as a Discord embed with its action buttons, and its CSV export as attachments. */
import { ButtonStyle, ComponentType, type APIEmbed, type APISelectMenuOption } from 'discord.js';
import { DM_GUILD, reportCsv, type InsightsReport } from '../core/insights.ts';
import missButton from './components/insights-miss.ts';
import missMenu from './components/insights-misses.ts';
import { actionParts, termHash, type MissAction } from './insights-actions.ts';
import { LIMITS, truncate } from './limits.ts';
import { fitEmbed, userText, type ActionRow } from './render.ts';
import type { Context } from './context.ts';

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

/** One missed term (or a did-you-mean pick or typo) a moderator can act on, and what they can do. */
interface MissItem {
  term: string;
  add: boolean;
  alias?: { entryId: string; name: string };
}

/**
 * The report's actions: for each top miss "Add entry" (and "Make it an alias" when the report knows
 * which entry it is probably another name of), then "Make it an alias" for the did-you-mean picks and
 * corrected typos that are not misses. One row of buttons per term while they fit in Discord's five
 * rows; past that, the first four terms keep their buttons and the rest are options of one menu.
 */
export function insightsComponents(r: InsightsReport): ActionRow[] {
  const items: MissItem[] = r.topMisses.map((m) => ({ term: m.term, add: true, ...(m.alias ? { alias: { entryId: m.alias.entryId, name: m.alias.name } } : {}) }));
  const seen = new Set(items.map((m) => m.term));
  for (const s of r.aliasSuggestions) if (!seen.has(s.term)) items.push({ term: s.term, add: false, alias: { entryId: s.entryId, name: s.name } });
  const actionsOf = (m: MissItem): { action: MissAction; label: string; long: string }[] => {
    const hash = termHash(m.term);
    const quoted = `“${m.term}”`;
    return [
      ...(m.add ? [{ action: { kind: 'add' as const, days: r.days, hash, term: m.term }, label: `Add entry: ${quoted}`, long: `Add entry: ${quoted}` }] : []),
      ...(m.alias ? [{ action: { kind: 'alias' as const, entryId: m.alias.entryId, days: r.days, hash, term: m.term }, label: `Make it an alias of ${m.alias.name}`, long: `${quoted} → alias of ${m.alias.name}` }] : []),
    ];
  };
  const ids = new Set<string>();
  const buttonRowOf = (m: MissItem): ActionRow | undefined => {
    const buttons = actionsOf(m).flatMap((a) => {
      // The button's own encoding decides whether the action fits a custom id (empty: it does not).
      if (missButton.encode(a.action).length === 0) return [];
      const id = missButton.id(a.action);
      if (ids.has(id)) return [];
      ids.add(id);
      const add = a.action.kind === 'add';
      // An alias button on its own row names the term too; beside "Add entry" the row already does.
      const label = add || m.add ? a.label : a.long;
      return [{ type: ComponentType.Button as const, style: add ? (ButtonStyle.Primary as const) : (ButtonStyle.Secondary as const), label: truncate(label, LIMITS.buttonLabel), custom_id: id }];
    });
    return buttons.length > 0 ? { type: ComponentType.ActionRow, components: buttons } : undefined;
  };
  const fits = items.length <= LIMITS.actionRows;
  const withButtons = fits ? items : items.slice(0, LIMITS.actionRows - 1);
  const out = withButtons.map(buttonRowOf).filter((x): x is ActionRow => x !== undefined);
  if (!fits) {
    const values = new Set<string>();
    const options: APISelectMenuOption[] = [];
    for (const m of items.slice(LIMITS.actionRows - 1)) {
      for (const a of actionsOf(m)) {
        const parts = actionParts(a.action, LIMITS.customId);
        const value = parts?.join(':');
        if (!value || values.has(value) || options.length >= LIMITS.selectOptions) continue;
        values.add(value);
        options.push({ label: truncate(a.long, LIMITS.choiceName), value });
      }
    }
    if (options.length > 0) {
      out.push({ type: ComponentType.ActionRow, components: [{ type: ComponentType.StringSelect, custom_id: missMenu.id({}), placeholder: 'More misses: add an entry or an alias…', options }] });
    }
  }
  return out.slice(0, LIMITS.actionRows);
}

/**
 * A server's insights switch: what `/insights recording` and `/glossary settings` both call. What was
 * asked before the switch is written under the old setting first; off also deletes what was kept.
 * False when this bot records no insights at all (INSIGHTS=false).
 */
export async function switchInsights(ctx: Pick<Context, 'insights'>, guildId: string, on: boolean): Promise<boolean> {
  if (!ctx.insights) return false;
  await ctx.insights.flush();
  await ctx.insights.store.setEnabled(guildId, on);
  return true;
}
