/**
 * The Discord renderer: the core's reply model → embeds and components (plain API JSON), within
 * every Discord limit. User text echoed back is markdown-escaped; nothing here can ping anyone.
 */
import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Reply, SourceRef } from '../core/reply.ts';
import { citeMarks, factText, viewWords, relationHeadline, relationPhrase, sourceLabel, sourceLine } from '../core/present.ts';
import { AREA_TITLES } from '../core/knowledge/types.ts';
import { LIMITS, truncate } from './limits.ts';
import { termKey } from '../core/insights.ts';
import deleteAnswer from './components/delete.ts';
import open from './components/open.ts';
import pick, { type PickMode } from './components/pick.ts';
import type { CommandUsage } from './registry.ts';
import termsArea from './components/terms-area.ts';
import termsPage from './components/terms-page.ts';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
}

export interface RenderOptions {
  /** Who asked: only they (or a moderator) may use the delete button. Omit for no delete button. */
  ownerId?: string;
  /** Whether the answer is private: private answers need no delete button, and "open" buttons answer privately. */
  private?: boolean;
  /** What a "did you mean" pick does (see PickMode). */
  pickMode?: PickMode;
  /** The slash commands to list in the help answer, from the registry (the dispatcher passes them). */
  commands?: readonly CommandUsage[];
}

const COLORS = { definition: 0x3b82f6, comparison: 0x8b5cf6, classification: 0x10b981, miss: 0xf59e0b, info: 0x64748b } as const;

/** Escapes markdown and defuses mentions in text that came from a member. */
export function userText(text: string, max = 100): string {
  return escapeMarkdown(truncate(text.replace(/\s+/g, ' ').trim(), max)).replace(/@/g, '@\u200b').replace(/<(?=[@#:&!])/g, '<\u200b');
}

const cite = (ids: readonly string[], sources: readonly SourceRef[]) => {
  const m = citeMarks(ids, sources);
  return m ? ` ${m}` : '';
};

function sourcesField(sources: readonly SourceRef[]): APIEmbedField | undefined {
  if (!sources.length) return undefined;
  return { name: 'Sources', value: truncate(sources.map((s, i) => sourceLine(s, i + 1)).join('\n'), LIMITS.fieldValue) };
}

function field(name: string, value: string, inline = false): APIEmbedField {
  return { name: truncate(name, LIMITS.fieldName), value: truncate(value || '—', LIMITS.fieldValue), inline };
}

/** Keeps an embed within Discord's limits: each part, then the 6,000 total (dropping fields from the end before the sources). */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const e: APIEmbed = { ...embed };
  if (e.title) e.title = truncate(e.title, LIMITS.embedTitle);
  if (e.description) e.description = truncate(e.description, LIMITS.embedDescription);
  if (e.footer) e.footer = { ...e.footer, text: truncate(e.footer.text, LIMITS.footer) };
  let fields = (e.fields ?? []).slice(0, LIMITS.embedFields).map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) }));
  const total = () => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (total() > LIMITS.embedTotal && fields.length > 1) {
    // Drop the last field that is not the sources.
    const idx = fields.length - 1 - [...fields].reverse().findIndex((f) => f.name !== 'Sources');
    if (idx < 0 || idx >= fields.length) break;
    fields = fields.filter((_, i) => i !== idx);
    if (e.footer && !e.footer.text.endsWith('(shortened)')) e.footer = { ...e.footer, text: truncate(`${e.footer.text} (shortened)`, LIMITS.footer) };
  }
  if (total() > LIMITS.embedTotal && e.description) {
    e.description = truncate(e.description, Math.max(100, e.description.length - (total() - LIMITS.embedTotal)));
  }
  e.fields = fields;
  return e;
}

type ButtonSpec = { label: string; id: string; style?: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger };

function buttonRow(buttons: ButtonSpec[]): ActionRow | undefined {
  if (!buttons.length) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: buttons.slice(0, LIMITS.buttonsPerRow).map((b) => ({
      type: ComponentType.Button,
      style: b.style ?? ButtonStyle.Secondary,
      label: truncate(b.label, LIMITS.buttonLabel),
      custom_id: b.id,
    })),
  };
}

/** Action rows, with no custom id used twice (Discord rejects the whole message if one is). */
function rows(...list: (ActionRow | undefined)[]): ActionRow[] {
  const seen = new Set<string>();
  const out: ActionRow[] = [];
  for (const row of list) {
    if (!row) continue;
    const components = row.components.filter((c) => {
      const id = 'custom_id' in c ? c.custom_id : undefined;
      if (!id) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (components.length > 0) out.push({ ...row, components });
  }
  return out.slice(0, LIMITS.actionRows);
}

const deleteButton = (o: RenderOptions): ButtonSpec[] => (o.ownerId && !o.private ? [{ label: 'Delete', id: deleteAnswer.id({ ownerId: o.ownerId }), style: ButtonStyle.Danger }] : []);
const openButtons = (refs: readonly { id: string; name: string }[], max: number, o: RenderOptions): ButtonSpec[] =>
  refs.slice(0, max).map((r) => ({ label: r.name, id: open.id({ entryId: r.id, private: Boolean(o.private) }) }));

export function renderDiscord(reply: Reply, options: RenderOptions = {}): RenderedMessage {
  switch (reply.kind) {
    case 'definition': {
      const s = reply.sources;
      const lines = [`${reply.definition.text}${cite(reply.definition.sources, s)}`];
      if (reply.matchedFrom) lines.unshift(`-# Closest match for “${userText(reply.matchedFrom)}”`);
      if (reply.aliases.length) lines.push(`-# Also called: ${reply.aliases.slice(0, 10).join(', ')}`);
      if (reply.broader.length) lines.push(`-# Part of: ${reply.broader.map((b) => b.name).join(', ')}`);
      if (reply.details.length) lines.push('', ...reply.details.map((d) => `• ${factText(d)}${cite(d.sources, s)}`));
      if (reply.examples.length) lines.push('', `**Examples:** ${reply.examples.join('; ')}`);
      const fields: APIEmbedField[] = [];
      if (reply.classification) {
        const c = reply.classification;
        fields.push(field('How it is classified', `${c.summary.text}${cite(c.summary.sources, s)}`));
        for (const v of c.views) fields.push(field(`${sourceLabel(v.source, s)}: ${viewWords(v)}`, `${v.why}${cite([v.source], s)}`, true));
      }
      if (reply.disagreement) fields.push(field('Where sources disagree', `${reply.disagreement.text}${cite(reply.disagreement.sources, s)}`));
      for (const v of reply.views) fields.push(field(`${sourceLabel(v.source, s)} puts it this way`, `${v.text}${cite([v.source], s)}`));
      const src = sourcesField(s);
      if (src) fields.push(src);
      const embed = fitEmbed({ title: reply.entry.name, description: lines.join('\n'), color: COLORS.definition, fields, footer: { text: `termbot · ${AREA_TITLES[reply.entry.area]}` } });
      return {
        embeds: [embed],
        components: rows(buttonRow(openButtons(reply.related, 5, options)), buttonRow([...openButtons(reply.comparisons, 4, options), ...deleteButton(options)])),
      };
    }
    case 'comparison': {
      const s = reply.sources;
      const lines = [`**In short:** ${relationHeadline(reply)}. ${reply.relation.text.text}${cite(reply.relation.text.sources, s)}`];
      if (reply.relationViews.length) {
        lines.push('', '**The sources disagree on how they relate:**', ...reply.relationViews.map((v) => `• **${sourceLabel(v.source, s)}:** ${relationPhrase(v.relation, reply.a.name, reply.b.name)}. ${v.text}${cite([v.source], s)}`));
      }
      if (reply.derived) lines.push('', '-# No side-by-side comparison is written for these two yet; this one is put together from both entries.');
      const fields = reply.dimensions.map((d) => field(`${d.name}${cite(d.sources, s)}`, `**${reply.a.name}:** ${d.a}\n**${reply.b.name}:** ${d.b}`));
      const src = sourcesField(s);
      if (src) fields.push(src);
      // The extra notes come last and only as far as they fit: the dimensions matter more.
      let room = LIMITS.embedTotal - 200 - lines.join('\n').length - fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
      const notes = reply.notes.map((n) => `• ${factText(n)}${cite(n.sources, s)}`).filter((n) => (room -= n.length + 1) >= 0);
      if (notes.length) lines.push('', ...notes);
      const embed = fitEmbed({ title: `${reply.a.name} vs ${reply.b.name}`, description: lines.join('\n'), color: COLORS.comparison, fields, footer: { text: 'termbot · comparison' } });
      return { embeds: [embed], components: rows(buttonRow([...openButtons([reply.a, reply.b], 2, options), ...deleteButton(options)])) };
    }
    case 'classification': {
      const s = reply.sources;
      const c = reply.classification;
      const lines = [...(reply.verdict ? [`**${reply.verdict.text}**`] : []), `${c.summary.text}${cite(c.summary.sources, s)}`];
      const fields = c.views.map((v) => field(`${sourceLabel(v.source, s)}: ${viewWords(v)}`, `${v.why}${cite([v.source], s)}`));
      if (reply.disagreement) fields.push(field('Where sources disagree', `${reply.disagreement.text}${cite(reply.disagreement.sources, s)}`));
      fields.push(field('What it is', `${reply.definition.text}${cite(reply.definition.sources, s)}`));
      const src = sourcesField(s);
      if (src) fields.push(src);
      const embed = fitEmbed({ title: `${reply.entry.name}: what kind of platform?`, description: lines.join('\n'), color: COLORS.classification, fields, footer: { text: 'termbot · classification' } });
      // Several platforms asked about at once: one embed each (a message holds up to ten).
      // The 6,000-character limit counts every embed of a message together: add them while they fit.
      const size = (x: APIEmbed) => (x.title?.length ?? 0) + (x.description?.length ?? 0) + (x.footer?.text.length ?? 0) + (x.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
      let used = size(embed);
      const more: APIEmbed[] = [];
      for (const r of (reply.also ?? []).slice(0, LIMITS.embedsPerMessage - 1)) {
        const next = renderDiscord(r, options).embeds[0];
        if (!next || used + size(next) > LIMITS.embedTotal) break;
        used += size(next);
        more.push(next);
      }
      return { embeds: [embed, ...more], components: rows(buttonRow([...openButtons([reply.entry, ...(reply.also ?? []).map((r) => r.entry), ...reply.related], 4, options), ...deleteButton(options)])) };
    }
    case 'ambiguous': {
      const fields = reply.meanings.slice(0, LIMITS.embedFields - 2).map((m) => field(m.entry.name, `${m.definition.text}${cite(m.definition.sources, reply.sources)}`));
      const src = sourcesField(reply.sources);
      if (src) fields.push(src);
      const embed = fitEmbed({ title: `“${reply.query}” can mean ${reply.meanings.length} things`, description: 'Pick one to see the full entry.', color: COLORS.info, fields });
      const buttons = openButtons(reply.meanings.map((m) => m.entry), 10, options);
      return { embeds: [embed], components: rows(buttonRow(buttons.slice(0, 5)), buttonRow(buttons.slice(5, 10)), buttonRow(deleteButton(options))) };
    }
    case 'not-found': {
      const content = reply.suggestions.length
        ? `I don't have an entry for “${userText(reply.query)}”. Did you mean one of these?`
        : `I don't have an entry for “${userText(reply.query)}”. Try \`/terms\` to browse what I know.`;
      const mode = options.pickMode ?? 'update';
      const picks = reply.suggestions.map(
        (r): ButtonSpec => ({
          label: reply.compareWith ? `${reply.compareWith.name} vs ${r.name}` : r.name,
          id: pick.id({
            entryId: r.id,
            mode,
            ...(mode === 'update' && options.ownerId ? { ownerId: options.ownerId } : {}),
            // A comparison's query names both sides: only a definition's missed term is kept for insights.
            ...(reply.compareWith ? { compareWith: reply.compareWith.id } : { asked: termKey(reply.query) }),
          }),
          style: ButtonStyle.Primary,
        }),
      );
      return { content: truncate(content, LIMITS.content), embeds: [], components: rows(buttonRow(picks)) };
    }
    case 'help': {
      const c = reply.counts;
      const embed = fitEmbed({
        title: 'termbot: social media and marketing terms, with sources',
        description: [
          `I know **${c.entries}** entries: ${c.terms} terms, ${c.platforms} platforms and ${c.comparisons} comparisons.`,
          '',
          ...(options.commands?.length ? ['**Commands**', ...options.commands.map((c) => `\`${c.usage}\`: ${c.summary}`), ''] : []),
          '**Or just ask**, mentioning me or in an ask channel:',
          ...reply.examples.map((e) => `• ${e}`),
        ].join('\n'),
        color: COLORS.info,
        fields: [field('Areas', reply.areas.map((a) => `${a.title} (${a.count})`).join(' · '))],
      });
      return { embeds: [embed], components: [] };
    }
    case 'term-list': {
      const embed = fitEmbed({
        title: `${reply.title} (${reply.total})`,
        description: reply.entries.map((e) => `• ${e.name}`).join('\n') || 'Nothing here yet.',
        color: COLORS.info,
        footer: { text: `Page ${reply.page} of ${reply.pages} · /define any of these` },
      });
      const area = reply.area ?? 'all';
      const select: ActionRow = {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: termsArea.id({}),
            placeholder: 'Choose an area',
            options: [{ label: 'All entries', value: 'all', default: area === 'all' }, ...reply.areas.map((a) => ({ label: `${a.title} (${a.count})`, value: a.area, default: a.area === area }))].slice(0, LIMITS.selectOptions),
          },
        ],
      };
      const nav = buttonRow([
        { label: '◀ Previous', id: termsPage.id({ area, page: reply.page - 1 }), style: ButtonStyle.Secondary },
        { label: 'Next ▶', id: termsPage.id({ area, page: reply.page + 1 }), style: ButtonStyle.Secondary },
      ]);
      if (nav) {
        nav.components = nav.components.map((b, i) => ({ ...b, disabled: i === 0 ? reply.page <= 1 : reply.page >= reply.pages }));
      }
      return { embeds: [embed], components: rows(select, nav) };
    }
    case 'hint':
      // Known terms in a message that asked nothing clear about them: offer them as buttons.
      if (reply.terms?.length) {
        return { content: `I know ${reply.terms.map((t) => `**${userText(t.name)}**`).join(', ')}. Which one do you mean? Or ask \`/compare\` for two.`, embeds: [], components: rows(buttonRow(openButtons(reply.terms, 5, options))) };
      }
      return { content: `I answer social media and marketing terminology questions. Try ${reply.examples.map((e) => `“${e}”`).join(', ')}, or \`/help\`.`, embeds: [], components: [] };
  }
}

