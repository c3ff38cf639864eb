/**
 * /glossary settings | suggest | reload: who may edit and where suggestions and changes go (Manage
 * Server), members' suggestions (the form; what happens next is in suggestions.ts), and reloading
 * the shipped knowledge (the bot's owners only). Every reply is private and pings nobody.
 */
import type { GuildSettings } from '../../store/glossary.ts';
import { entryForm } from '../components/glossary-entry.ts';
import { switchInsights } from '../insights.ts';
import { hasManageServer } from './access.ts';
import { audit } from './audit.ts';
import type { GlossaryContext, Subcommand } from './subcommand.ts';
import { problemsText } from './form.ts';
import { postForReview, REVIEW_PERMISSIONS } from './suggestions.ts';
import { PRIVATE as quiet } from '../context.ts';


type SettingKey = 'editor-role' | 'review-channel' | 'audit-channel';
const FIELD: Record<SettingKey, keyof Omit<GuildSettings, 'guildId'>> = { 'editor-role': 'editorRoleId', 'review-channel': 'reviewChannelId', 'audit-channel': 'auditChannelId' };
const isSettingKey = (s: string | null): s is SettingKey => s === 'editor-role' || s === 'review-channel' || s === 'audit-channel';
/** How many waiting suggestions are posted when a server first gets a review channel. */
const POST_WAITING = 10;

/** Insights' switch for this server: on, off, or unavailable (INSIGHTS=false). */
async function insightsState(ctx: GlossaryContext, guildId: string): Promise<'on' | 'off' | 'unavailable'> {
  const store = ctx.insights?.store;
  if (!store) return 'unavailable';
  return (await store.enabled(guildId)) ? 'on' : 'off';
}

function settingsText(s: GuildSettings, insights: 'on' | 'off' | 'unavailable', waiting: number): string {
  return [
    "**This server's glossary settings**",
    `Editor role: ${s.editorRoleId ? `<@&${s.editorRoleId}> (members with it may edit; Manage Server always may)` : 'not set (only members with Manage Server may edit)'}`,
    `Review channel: ${s.reviewChannelId ? `<#${s.reviewChannelId}>` : 'not set: suggestions wait until one is set'}${waiting ? ` (${waiting} suggestion${waiting === 1 ? '' : 's'} waiting)` : ''}`,
    `Audit channel: ${s.auditChannelId ? `<#${s.auditChannelId}>` : 'not set'}`,
    `Insights: ${insights === 'unavailable' ? 'off for the whole bot (INSIGHTS=false in its settings)' : insights}`,
    'Change one with `/glossary settings` and an option (e.g. `review-channel`); `clear` unsets one.',
  ].join('\n');
}

/** `/glossary settings`: with no option, shows them; otherwise changes the given ones (Manage Server only). */
export const settings: Subcommand = async (i, ctx, guildId) => {
  if (!hasManageServer(i)) {
    await i.reply({ content: "Only members with Manage Server can see or change this server's glossary settings.", ...quiet });
    return { extra: { glossary: 'settings', refused: 'not Manage Server' } };
  }
  const store = (await ctx.server.glossaries()).store;
  const role = i.options.getRole('editor-role');
  const review = i.options.getChannel('review-channel');
  const auditChannel = i.options.getChannel('audit-channel');
  const insights = i.options.getBoolean('insights');
  const clearOption = i.options.getString('clear');
  const clear = isSettingKey(clearOption) ? clearOption : null;
  const given: Partial<Record<SettingKey, string>> = {
    ...(role ? { 'editor-role': role.id } : {}),
    ...(review ? { 'review-channel': review.id } : {}),
    ...(auditChannel ? { 'audit-channel': auditChannel.id } : {}),
  };
  const before = await store.settings(guildId);
  if (Object.keys(given).length === 0 && insights === null && !clear) {
    const waiting = (await store.suggestions(guildId)).length;
    await i.reply({ content: settingsText(before, await insightsState(ctx, guildId), waiting), ...quiet });
    return { extra: { glossary: 'settings', shown: true } };
  }
  if (clear && given[clear]) {
    await i.reply({ content: `Set the ${clear.replace('-', ' ')} or clear it, not both at once. Nothing was changed.`, ...quiet });
    return { extra: { glossary: 'settings', refused: 'set and clear' } };
  }
  if (role && role.id === guildId) {
    await i.reply({ content: 'The editor role cannot be @everyone (everyone could then change the glossary). Pick a role for your editors. Nothing was changed.', ...quiet });
    return { extra: { glossary: 'settings', refused: 'everyone role' } };
  }

  const patch: Partial<Omit<GuildSettings, 'guildId'>> = {};
  const changes: string[] = [];
  for (const [key, id] of Object.entries(given) as [SettingKey, string][]) {
    patch[FIELD[key]] = id;
    changes.push(`${key.replace('-', ' ')} ${key === 'editor-role' ? `<@&${id}>` : `<#${id}>`}`);
  }
  if (clear) {
    patch[FIELD[clear]] = null;
    changes.push(`${clear.replace('-', ' ')} cleared`);
  }
  const after = Object.keys(patch).length ? await store.updateSettings(guildId, patch, i.user.id) : before;
  let insightsNote = '';
  if (insights !== null) {
    // What was asked before the switch is written under the old setting first (switchInsights does both).
    if (!(await switchInsights(ctx, guildId, insights))) insightsNote = 'Insights are off for the whole bot (INSIGHTS=false in its settings), so there is no switch to change.';
    else {
      changes.push(`insights ${insights ? 'on' : 'off'}`);
      insightsNote = insights ? 'Insights are on: termbot records what is asked here (outcomes only: no user ids, no message text).' : 'Insights are off for this server, and what was kept has been deleted.';
    }
  }
  const waiting = await store.suggestions(guildId);
  await i.reply({ content: [changes.length ? `Changed: ${changes.join('; ')}.` : 'Nothing was changed.', insightsNote, '', settingsText(after, await insightsState(ctx, guildId), waiting.length)].filter((l, n) => l || n === 2).join('\n'), ...quiet });

  const problems: string[] = [];
  // A new review channel: say so there (which also shows termbot can post), and post the suggestions that waited for one.
  if (review && review.id !== before.reviewChannelId) {
    const ok = await ctx.server.post(review.id, { content: `Suggestions for this server's glossary (\`/glossary suggest\`) will be posted here for review by members with Manage Server or the editor role.` });
    if (!ok) problems.push(`termbot could not post in <#${review.id}>: give it ${REVIEW_PERMISSIONS} there, or suggestions cannot reach the reviewers.`);
    else if (!before.reviewChannelId) {
      for (const s of waiting.slice(0, POST_WAITING)) await postForReview(ctx.server, review.id, s);
    }
  }
  if (changes.length) {
    const posted = await audit(ctx, guildId, i.user.id, `changed the glossary settings: ${changes.join('; ')}`, after);
    if (!posted && auditChannel) problems.push(`termbot could not post in <#${auditChannel.id}>: give it ${REVIEW_PERMISSIONS} there, or changes cannot be recorded in it.`);
  }
  if (problems.length) await i.followUp({ content: problems.join('\n'), ...quiet });
  return { extra: { glossary: 'settings', changed: changes.length } };
};

/** `/glossary suggest`: anyone in a server; opens the entry form, whose submit goes for review. */
export const suggest: Subcommand = async (i) => {
  await i.showModal(entryForm.modal({ mode: 'suggest' }));
  return { extra: { glossary: 'suggest', form: true } };
};

/** `/glossary reload`: the bot's owners only; checks the shipped knowledge and swaps it in, or reports its problems. */
export const reload: Subcommand = async (i, ctx) => {
  let owners: readonly string[] = [];
  try {
    owners = await ctx.server.owners();
  } catch (err) {
    ctx.logger.warn({ err }, "could not read the bot's owners from Discord");
  }
  if (!owners.includes(i.user.id)) {
    await i.reply({ content: "Only the bot's owner can reload its knowledge.", ...quiet });
    return { extra: { glossary: 'reload', refused: 'not an owner' } };
  }
  if (!ctx.server.reload) {
    await i.reply({ content: 'This bot cannot reload its knowledge while running; restart it instead.', ...quiet });
    return { extra: { glossary: 'reload', refused: 'unavailable' } };
  }
  // Checking and indexing takes a second or more: answer at once, then follow up.
  await i.reply({ content: 'Checking the shipped knowledge…', ...quiet });
  const r = await ctx.server.reload();
  if (r.ok) {
    await i.followUp({ content: `Reloaded: ${r.entries} entries answer now, in every server (servers' own entries stay on top).`, ...quiet });
    return { extra: { glossary: 'reload', entries: r.entries } };
  }
  await i.followUp({ content: problemsText(`Not reloaded: the knowledge has ${r.problems.length} problem(s), so the old knowledge keeps answering. \`npm run check:knowledge\` lists them all:`, r.problems, { withFile: true }), ...quiet });
  return { extra: { glossary: 'reload', problems: r.problems.length } };
};
