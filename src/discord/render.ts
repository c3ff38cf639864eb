/**
 * The Discord renderer: the core's reply model → embeds and components (plain API JSON), within
 * every Discord limit. User text echoed back is markdown-escaped; nothing here can ping anyone.
 */
import { serverNoteText } from '../core/present.ts';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Reply } from '../core/reply.ts';
import { memberText as userText } from './escape.ts';
import { isArea, type Area } from '../core/knowledge/types.ts';
import { assertNever, compactSources, fullSources, layout, moreLine, type Action, type Detail, type Layout, type Line, type Tone } from '../core/layout.ts';
import { LIMITS, truncate } from './limits.ts';
import deleteAnswer from './components/delete.ts';
import more, { type MoreTarget } from './components/more.ts';
import open from './components/open.ts';
import pick, { type PickMode } from './components/pick.ts';
import termsArea from './components/terms-area.ts';
import termsPage from './components/terms-page.ts';
import { termKey } from '../core/insights.ts';
import type { CommandUsage } from './registry.ts';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  /** A full answer too long for one message: the messages that follow it (send them as follow-ups). */
  continued?: RenderedMessage[];
}

export interface RenderOptions {
  /** Who asked: only they (or a moderator) may use the delete button. Omit for no delete button. */
  ownerId?: string;
  /** Whether the answer is private: private answers need no delete button, and "open" buttons answer privately. */
  private?: boolean;
  /** What a "did you mean" pick does (see PickMode). */
  pickMode?: PickMode;
  /** `short` (the default: the short answer and a More button) or `full` (everything). */
  detail?: Detail;
  /** The slash commands to list in the help answer, from the registry (the dispatcher passes them). */
  commands?: readonly CommandUsage[];
}

const COLORS: Record<Tone, number> = { definition: 0x3b82f6, comparison: 0x8b5cf6, classification: 0x10b981, miss: 0xf59e0b, info: 0x64748b };

/** Text that came from a member, safe to echo (see escape.ts). */
export { memberText as userText } from './escape.ts';

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

/** What "More" regenerates: the reply's own identity, so the button works after a restart too. */
export function moreTarget(reply: Reply): MoreTarget | undefined {
  switch (reply.kind) {
    case 'definition':
      return { kind: 'define', entryId: reply.entry.id };
    case 'comparison':
      return { kind: 'compare', a: reply.a.id, b: reply.b.id };
    case 'classification':
      return { kind: 'classify', entryId: reply.entry.id, ...(reply.asked ? { asked: reply.asked } : {}) };
    case 'ambiguous':
    case 'not-found':
    case 'help':
    case 'term-list':
    case 'sources':
    case 'hint':
      return undefined;
    default:
      return assertNever(reply);
  }
}

const mdLine = (l: Line) => {
  const body = `${l.label ? `**${l.label}:** ` : ''}${l.strong ? `**${l.text}**` : l.text}`;
  return `${l.muted ? '-# ' : ''}${l.bullet ? '• ' : ''}${body}`;
};

/** A section as one or more fields, each within Discord's 1,024 characters, no line split. */
function sectionFields(heading: string, lines: Line[], inline: boolean): APIEmbedField[] {
  const out: APIEmbedField[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (!cur.length) return;
    out.push(field(out.length ? `${heading} (continued)` : heading, cur.join('\n'), inline));
    cur = [];
  };
  for (const l of lines) {
    const text = mdLine(l);
    if (cur.length && [...cur, text].join('\n').length > LIMITS.fieldValue) flush();
    cur.push(text);
  }
  flush();
  return out;
}

function button(a: Action, reply: Reply, o: RenderOptions): ButtonSpec | undefined {
  switch (a.kind) {
    case 'more': {
      const target = moreTarget(reply);
      return target ? { label: 'More', id: more.id({ target, inPlace: Boolean(o.private) }), style: ButtonStyle.Primary } : undefined;
    }
    case 'open':
      return { label: a.entry.name, id: open.id({ entryId: a.entry.id, private: Boolean(o.private) }) };
    case 'pick': {
      const mode = o.pickMode ?? 'update';
      return {
        label: a.compareWith ? `${a.compareWith.name} vs ${a.entry.name}` : a.entry.name,
        id: pick.id({
          entryId: a.entry.id,
          mode,
          ...(mode === 'update' && o.ownerId ? { ownerId: o.ownerId } : {}),
          // A comparison's query names both sides: only a definition's missed term is kept for insights.
          ...(a.compareWith ? { compareWith: a.compareWith.id } : reply.kind === 'not-found' ? { asked: termKey(reply.query) } : {}),
        }),
        style: ButtonStyle.Primary,
      };
    }
    case 'page':
      return { label: a.direction === 'previous' ? '◀ Previous' : 'Next ▶', id: termsPage.id({ area: a.area === 'all' || isArea(a.area) ? (a.area as Area | 'all') : 'all', page: a.page }) };
    case 'choose-area':
      return undefined;
    default:
      return assertNever(a);
  }
}

function components(l: Layout, reply: Reply, o: RenderOptions): ActionRow[] {
  const select = l.actions.find((a) => a.kind === 'choose-area');
  if (select) {
    const pages = l.actions.filter((a) => a.kind === 'page');
    const nav = buttonRow(pages.map((a) => button(a, reply, o)).filter((b): b is ButtonSpec => b !== undefined));
    if (nav) nav.components = nav.components.map((b, i) => ({ ...b, disabled: !pages[i]?.enabled }));
    const menu: ActionRow = {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: termsArea.id({}),
          placeholder: 'Choose an area',
          options: [{ label: 'All entries', value: 'all', default: select.current === 'all' }, ...select.areas.map((a) => ({ label: `${a.title} (${a.count})`, value: a.area, default: a.area === select.current }))].slice(0, LIMITS.selectOptions),
        },
      ],
    };
    return rows(menu, nav);
  }
  const buttons = l.actions.map((a) => button(a, reply, o)).filter((b): b is ButtonSpec => b !== undefined);
  const per = LIMITS.buttonsPerRow;
  if (l.tone === 'miss') return rows(buttonRow(buttons.slice(0, per)));
  const del = deleteButton(o);
  // The delete button ends the last row; everything else fills rows of five before it.
  const all = [...buttons.slice(0, 2 * per - del.length), ...del];
  return rows(buttonRow(all.slice(0, per)), buttonRow(all.slice(per, 2 * per)));
}

/** The embed parts of a layout, before they are fitted into messages. */
function embedParts(l: Layout, o: RenderOptions): { description: string; fields: APIEmbedField[]; footer?: string } {
  const lines: string[] = [];
  if (l.asked !== undefined && l.matchedNote) lines.push(`-# Closest match for “${userText(l.asked)}”`);
  lines.push(...l.lead.map(mdLine));
  // A server's own entries: whose (a mention inside an embed never pings) and since when (a Discord timestamp).
  for (const n of l.server ?? []) lines.push(`-# ${serverNoteText(n, (id) => `<@${id}>`, (iso) => `<t:${Math.floor(Date.parse(iso) / 1000)}:D>`, (l.server?.length ?? 0) > 1)}`);
  // The help answer lists this platform's commands: the registry's slash commands.
  if (l.commands && o.commands?.length) lines.push('', '**Commands**', ...o.commands.map((c) => `\`${c.usage}\`: ${c.summary}`));
  const fields = l.sections.flatMap((s) => sectionFields(s.heading, s.lines, Boolean(s.inline)));

  if (l.more) lines.push('', `-# ${moreLine(l.more)}`);
  if (l.sources?.refs.length) {
    if (l.sources.compact) lines.push(`-# Sources: ${compactSources(l.sources.refs, l.sources.cited)}`);
    else fields.push(...sectionFields('Sources', fullSources(l.sources.refs).map((t) => ({ text: t })), false));
  }
  return { description: lines.join('\n'), fields, ...(l.footer ? { footer: l.footer } : {}) };
}

/** The rendered length of a message as Discord counts it: content plus every embed's text. */
export function messageLength(m: RenderedMessage): number {
  return (
    (m.content?.length ?? 0) +
    m.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0), 0)
  );
}

/**
 * Renders a reply as one or more messages. A short answer is always one message; a full one that
 * does not fit one embed continues in further messages, so nothing is ever dropped.
 */
export function renderDiscordPages(reply: Reply, options: RenderOptions = {}): RenderedMessage[] {
  if (reply.kind === 'classification' && reply.also?.length) return classificationsTogether(reply, options);
  const l = layout(reply, options.detail ?? 'short');
  const comps = components(l, reply, options);
  if (!l.title) {
    // A plain message: a hint, or "I don't have an entry".
    const lead = l.lead.map((x) => x.text).join(' ');
    const content =
      l.asked !== undefined
        ? `I don't have an entry for “${userText(l.asked)}”.${comps.length ? ' Did you mean one of these?' : ''}${lead ? ` ${lead.replace('/terms', '`/terms`')}` : ''}`
        : lead.replace('/help', '`/help`');
    return [{ content: truncate(content, LIMITS.content), embeds: [], components: comps }];
  }
  const parts = embedParts(l, options);
  const room = LIMITS.embedTotal - 200;
  const pages: APIEmbed[] = [];
  // The one title that echoes member text ("“…” can mean 2 things"): escaped like every echo.
  const title = reply.kind === 'ambiguous' ? l.title.replace(`“${reply.query}”`, `“${userText(reply.query)}”`) : l.title;
  let current: APIEmbed = { title, description: parts.description, color: COLORS[l.tone], fields: [] };
  const size = (e: APIEmbed) => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  for (const f of parts.fields) {
    const fields = current.fields ?? [];
    if (fields.length >= LIMITS.embedFields - 1 || size(current) + f.name.length + f.value.length > room) {
      pages.push(current);
      current = { title: `${title} (continued)`, color: COLORS[l.tone], fields: [] };
    }
    current.fields = [...(current.fields ?? []), f];
  }
  pages.push(current);
  return pages.map((e, i) => ({
    embeds: [fitEmbed({ ...e, ...(parts.footer ? { footer: { text: pages.length > 1 ? `${parts.footer} · ${i + 1}/${pages.length}` : parts.footer } } : {}) })],
    // Buttons go under the last part.
    components: i === pages.length - 1 ? comps : [],
  }));
}

/**
 * Several platforms asked about at once ("are reddit and pinterest social networks?"): one embed each
 * in one message, while the message's 6,000 characters last; the rest continue in further messages.
 * Buttons open each platform (and More for the first).
 */
function classificationsTogether(reply: Extract<Reply, { kind: 'classification' }>, options: RenderOptions): RenderedMessage[] {
  const all = [{ ...reply, also: undefined }, ...(reply.also ?? [])];
  const embeds = all.flatMap((r) => renderDiscordPages(r, { ...options, ownerId: undefined }).flatMap((m) => m.embeds));
  const l = layout(all[0]!, options.detail ?? 'short');
  const actions: Action[] = [...l.actions.filter((a) => a.kind === 'more'), ...all.map((r) => ({ kind: 'open', entry: r.entry }) as const)];
  const comps = components({ ...l, actions }, reply, options);
  const messages: RenderedMessage[] = [];
  let current: APIEmbed[] = [];
  let used = 0;
  for (const e of embeds) {
    const n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0);
    if (current.length && (used + n > LIMITS.embedTotal || current.length >= LIMITS.embedsPerMessage)) {
      messages.push({ embeds: current, components: [] });
      current = [];
      used = 0;
    }
    current.push(e);
    used += n;
  }
  messages.push({ embeds: current, components: [] });
  messages[messages.length - 1]!.components = comps;
  return messages;
}

/** A reply as one message; a full answer too long for one carries the rest in `continued`. */
export function renderDiscord(reply: Reply, options: RenderOptions = {}): RenderedMessage {
  const [first, ...rest] = renderDiscordPages(reply, options);
  return rest.length ? { ...first!, continued: rest } : first!;
}
