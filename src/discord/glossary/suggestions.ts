/**
 * Members' suggestions: the suggest form's submit (checked, stored, then posted to the review
 * channel with Approve / Edit / Reject), the reviewers' buttons (editors only), and a reviewer's
 * edited form (saved and approved in one transaction). The review message then shows the outcome
 * and who decided, without buttons; the suggester hears it by DM; approvals go to the audit channel.
 * Every reply is private; nothing pings (mentions sit in embeds, and `allowedMentions` is empty).
 */
import { ButtonStyle, ComponentType, type APIEmbed, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { entryIdFor, fileFor, fromMarkdown, type ServerEntry, type ServerEntryFields } from '../../core/glossary/entry.ts';
import type { GlossaryStore, Result, Suggestion } from '../../store/glossary.ts';
import { PRIVATE as quiet, type Context, type Handled, type ServerTools } from '../context.ts';
import { memberText } from '../escape.ts';
import { LIMITS, truncate } from '../limits.ts';
import type { ComponentLike, InteractionBase, ModalSubmitLike, Replyable } from '../types.ts';
import { canEdit } from './access.ts';
import { audit } from './audit.ts';
import { entryForm, entryFormValues } from '../components/glossary-entry.ts';
import { parseEntryForm, problemsText, relatedIdIn } from './form.ts';
import { reviewButton, type ReviewAction } from '../components/glossary-review.ts';


export const NOT_A_REVIEWER = "Only members with Manage Server or this server's editor role can review suggestions.";
export const NO_REVIEW_CHANNEL =
  "This server has no review channel yet, so no moderator has been told about it. Your suggestion is kept: ask a moderator to set one with `/glossary settings review-channel`; waiting suggestions are posted there when they do.";
export const REVIEW_PERMISSIONS = 'View Channel, Send Messages and Embed Links';

/** Turns a name typed in the form's "Related:" line into an entry id, with the termbot of the server (undefined: none fits, the parser makes one). */
/** The form's fields as an entry. */
const formInput = (i: ModalSubmitLike, ctx: Context) => parseEntryForm((id) => i.fields.getTextInputValue(id) ?? '', (name) => relatedIdIn(ctx.termbot, name));

export type Outcome = { decision: 'approved' | 'rejected'; reviewerId: string; edited?: boolean };

const COLORS = { pending: 0xf0b232, approved: 0x23a55a, rejected: 0xf23f43 } as const;

/** The review channel's message for a suggestion: the entry, who suggested it, and Approve / Edit / Reject (or the outcome, without buttons). */
export function reviewMessage(s: Pick<Suggestion, 'id' | 'entryId' | 'authorId'>, f: ServerEntryFields, outcome?: Outcome): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (f.aliases.length) fields.push({ name: 'Other names', value: memberText(f.aliases.join(', '), LIMITS.fieldValue) });
  if (f.details.length) fields.push({ name: 'Details', value: truncate(f.details.map((d) => `• ${memberText(d, 300)}`).join('\n'), LIMITS.fieldValue) });
  if (f.related.length) fields.push({ name: 'Related', value: memberText(f.related.join(', '), LIMITS.fieldValue) });
  fields.push({ name: 'Suggested by', value: `<@${s.authorId}>`, inline: true });
  if (outcome) {
    const what = outcome.decision === 'rejected' ? 'Rejected' : outcome.edited ? 'Approved with edits' : 'Approved';
    fields.push({ name: 'Outcome', value: `${what} by <@${outcome.reviewerId}>`, inline: true });
  }
  const description = [f.summary ? `**${memberText(f.summary, 300)}**` : '', memberText(f.definition, 1500)].filter(Boolean).join('\n\n');
  const embed: APIEmbed = {
    title: truncate(`${outcome ? 'Suggestion' : 'Suggested'}: ${memberText(f.name, 200)}`, LIMITS.embedTitle),
    description,
    fields,
    color: COLORS[outcome?.decision ?? 'pending'],
    footer: { text: `Suggestion ${s.id} · entry id ${s.entryId}` },
  };
  const button = (action: ReviewAction, label: string, style: ButtonStyle.Success | ButtonStyle.Primary | ButtonStyle.Danger): APIButtonComponent => ({ type: ComponentType.Button, style, label, custom_id: reviewButton.id({ action, id: s.id }) });
  const components: APIActionRowComponent<APIButtonComponent>[] = outcome
    ? []
    : [{ type: ComponentType.ActionRow, components: [button('approve', 'Approve', ButtonStyle.Success), button('edit', 'Edit', ButtonStyle.Primary), button('reject', 'Reject', ButtonStyle.Danger)] }];
  return { embeds: [embed], components };
}

/** The fields a suggestion's Markdown holds (undefined if it can no longer be read). */
const fieldsOf = (s: Pick<Suggestion, 'entryId' | 'markdown'>): ServerEntryFields | undefined => fromMarkdown(fileFor(s.entryId), s.markdown);

/** Posts a pending suggestion to the review channel; false when it could not (logged by `post`). */
export async function postForReview(server: ServerTools, channelId: string, s: Suggestion): Promise<boolean> {
  const f = fieldsOf(s);
  if (!f) return false;
  return server.post(channelId, reviewMessage(s, f));
}

/** The server's tools and store, or a private "not here" reply. */
async function glossaryOf(i: InteractionBase & Replyable, ctx: Context): Promise<{ server: ServerTools; store: GlossaryStore; guildId: string } | undefined> {
  if (!ctx.server || !i.guildId) {
    await i.reply({ content: 'Suggestions work in a server, in a bot with server glossaries.', ...quiet });
    return undefined;
  }
  return { server: ctx.server, store: (await ctx.server.glossaries()).store, guildId: i.guildId };
}

/** The suggest form was submitted: store it (checked), tell the suggester, post it for review. */
export async function submitSuggestion(i: ModalSubmitLike, ctx: Context): Promise<Handled | void> {
  const g = await glossaryOf(i, ctx);
  if (!g) return;
  const input = formInput(i, ctx);
  const r = await g.store.suggest(g.guildId, input, i.user.id);
  if (!r.ok) {
    await i.reply({ content: problemsText('Your suggestion was not sent: please fix these and suggest it again.', r.problems, { formFile: fileFor(entryIdFor(input.name)) }), ...quiet });
    return { extra: { glossary: 'suggest', problems: r.problems.length } };
  }
  const { suggestion } = r;
  const name = memberText(fieldsOf(suggestion)?.name ?? suggestion.entryId, 100);
  const settings = await g.store.settings(g.guildId);
  const extra = { glossary: 'suggest', suggestion: suggestion.id };
  if (!settings.reviewChannelId) {
    await i.reply({ content: `Thanks: your suggestion **${name}** is saved. ${NO_REVIEW_CHANNEL}`, ...quiet });
    return { extra: { ...extra, posted: false } };
  }
  // Answer first (the post may take a while); a failed post follows privately.
  await i.reply({ content: `Thanks: your suggestion **${name}** was sent to this server's reviewers. You will hear the outcome by direct message (if your DMs are open).`, ...quiet });
  const posted = await postForReview(g.server, settings.reviewChannelId, suggestion);
  if (!posted) {
    ctx.logger.warn({ guildId: g.guildId, channelId: settings.reviewChannelId, suggestion: suggestion.id }, 'could not post a suggestion to the review channel');
    await i.followUp({ content: `termbot could not post it in <#${settings.reviewChannelId}>, so the reviewers have not seen it yet (it is kept). A moderator needs to give termbot ${REVIEW_PERMISSIONS} there, or set another review channel.`, ...quiet });
  }
  return { extra: { ...extra, posted } };
}

/** After a decision: the audit line, the suggester's DM, and a private note to the reviewer if the DM could not be sent. */
async function announce(ctx: Context, server: ServerTools, guildId: string, s: Suggestion, outcome: Outcome, entry: ServerEntry | undefined, tell: (content: string) => Promise<unknown>): Promise<void> {
  const name = memberText(entry?.name ?? fieldsOf(s)?.name ?? s.entryId, 100);
  await audit(ctx, guildId, outcome.reviewerId, `${outcome.decision === 'approved' ? `approved${outcome.edited ? ' with edits' : ''}` : 'rejected'} the suggestion **${name}** by <@${s.authorId}> (entry id \`${s.entryId}\`)`);
  const where = `https://discord.com/channels/${guildId}`;
  const text =
    outcome.decision === 'approved'
      ? `Your suggestion **${name}** for a server's glossary (${where}) was approved${outcome.edited ? ', with some edits by a reviewer' : ''}: termbot now answers with it there.`
      : `Your suggestion **${name}** for a server's glossary (${where}) was not accepted by its reviewers.`;
  const sent = await server.dm(s.authorId, { content: text });
  if (!sent) {
    ctx.logger.info({ guildId, suggestion: s.id, userId: s.authorId }, 'could not tell the suggester the outcome by DM (their DMs may be closed)');
    await tell(`termbot could not tell <@${s.authorId}> by direct message (their DMs may be closed).`);
  }
}

/** Approve / Edit / Reject pressed on a review message. */
export async function reviewPressed(i: ComponentLike, action: ReviewAction, id: number, ctx: Context): Promise<Handled | void> {
  const g = await glossaryOf(i, ctx);
  if (!g) return;
  if (!canEdit(i, await g.store.settings(g.guildId))) {
    await i.reply({ content: NOT_A_REVIEWER, ...quiet });
    return { extra: { glossary: 'review', refused: 'not an editor' } };
  }
  const current = await g.store.suggestion(g.guildId, id);
  if (current && current.status !== 'pending') {
    // Decided already (another reviewer, or another post of it): this message shows that outcome too.
    const f = fieldsOf(current);
    if (f && current.reviewerId) await i.update({ ...reviewMessage(current, f, { decision: current.status, reviewerId: current.reviewerId }), allowedMentions: { parse: [] } });
    const said = `This suggestion was already ${current.status}${current.reviewerId ? ` by <@${current.reviewerId}>` : ''}.`;
    await (i.replied ? i.followUp({ content: said, ...quiet }) : i.reply({ content: said, ...quiet }));
    return { extra: { glossary: 'review', suggestion: id, action, already: current.status } };
  }
  if (action === 'edit') {
    const f = current && fieldsOf(current);
    if (!current || !f) {
      await i.reply({ content: 'This suggestion can no longer be found.', ...quiet });
      return;
    }
    await i.showModal(entryForm.modal({ mode: 'review', id }, entryFormValues(f)));
    return { extra: { glossary: 'review', suggestion: id, action } };
  }
  const decision = action === 'approve' ? 'approved' : 'rejected';
  const r = await g.store.resolveSuggestion(g.guildId, id, decision, i.user.id);
  if (!r.ok) {
    await i.reply({ content: problemsText(`Suggestion ${id} could not be ${decision}:`, r.problems), ...quiet });
    return { extra: { glossary: 'review', suggestion: id, action, problems: r.problems.length } };
  }
  const outcome: Outcome = { decision, reviewerId: i.user.id };
  const f = fieldsOf(r.suggestion);
  if (f) await i.update({ ...reviewMessage(r.suggestion, f, outcome), allowedMentions: { parse: [] } });
  else await i.reply({ content: `Suggestion ${id} was ${decision}.`, ...quiet });
  await announce(ctx, g.server, g.guildId, r.suggestion, outcome, r.entry, (content) => i.followUp({ content, ...quiet }));
  return { extra: { glossary: 'review', suggestion: id, action } };
}

/** A reviewer's edited suggestion (the form opened by Edit): saved as edited and approved, in one transaction. */
export async function submitReview(i: ModalSubmitLike, id: number, ctx: Context): Promise<Handled | void> {
  const g = await glossaryOf(i, ctx);
  if (!g) return;
  if (!canEdit(i, await g.store.settings(g.guildId))) {
    await i.reply({ content: NOT_A_REVIEWER, ...quiet });
    return { extra: { glossary: 'review', refused: 'not an editor' } };
  }
  const input = formInput(i, ctx);
  const r: Result<{ suggestion: Suggestion; entry?: ServerEntry }> = await g.store.resolveSuggestion(g.guildId, id, 'approved', i.user.id, { fields: input });
  if (!r.ok) {
    await i.reply({ content: problemsText(`Nothing was saved (suggestion ${id} is still waiting): press Edit again and fix these.`, r.problems), ...quiet });
    return { extra: { glossary: 'review', suggestion: id, action: 'edit', problems: r.problems.length } };
  }
  const outcome: Outcome = { decision: 'approved', reviewerId: i.user.id, edited: true };
  const shown = r.entry ?? fieldsOf(r.suggestion);
  if (i.message && shown) {
    // The form came from the review message's Edit button: that message shows the outcome.
    await i.deferUpdate();
    await i.editReply({ ...reviewMessage(r.suggestion, shown, outcome), allowedMentions: { parse: [] } });
  } else {
    await i.reply({ content: `Suggestion ${id} was approved with your edits.`, ...quiet });
  }
  await announce(ctx, g.server, g.guildId, r.suggestion, outcome, r.entry, (content) => i.followUp({ content, ...quiet }));
  return { extra: { glossary: 'review', suggestion: id, action: 'edit' } };
}
