/**
 * What a moderator can do from the /insights report: for a missed term, open the `/glossary add`
 * form prefilled with it ("Add entry"), or open the edit form of the entry it is probably another
 * name of, with the term added to its aliases ("Make it an alias"). The forms themselves (and what
 * saving them does) belong to the glossary (components/glossary-entry.ts); this only opens them.
 *
 * A missed term can be up to 100 characters of any letters, and a custom id holds 100 characters
 * in all, so an action carries the term's hash and as much of the term as fits. When all of it
 * fits (the hash of what was carried matches), that is the term; otherwise the term is found again
 * in the report of the same period by its hash.
 */
import type { ServerEntryFields } from '../core/glossary/entry.ts';
import { ID_PATTERN } from '../core/knowledge/schema.ts';
import { isConcept } from '../core/knowledge/types.ts';
import { normalizeKey } from '../core/normalize.ts';
import { serverReport } from '../insights/report.ts';
import { entryForm, entryFormValues } from './components/glossary-entry.ts';
import { PRIVATE as quiet, type Context, type Handled } from './context.ts';
import { canEdit, hasManageServer } from './glossary/access.ts';
import { shippedFields } from './glossary/entries.ts';
import type { ComponentLike, InteractionBase } from './types.ts';

/** "Add entry" for a missed term, or "Make it an alias" of entry `entryId`. */
export type MissAction = { kind: 'add'; days: number; hash: string; term: string } | { kind: 'alias'; entryId: string; days: number; hash: string; term: string };

/** A short, stable hash of a term (FNV-1a, 32 bits, base 36: at most 7 characters). */
export function termHash(term: string): string {
  let h = 2166136261;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}

const HASH = /^[0-9a-z]{1,7}$/;
const ENTRY_ID_MAX = 81;

/**
 * The parts of an action (none holds a `:`), with as much of the term as fits in `budget` characters
 * once joined with `:`; undefined when even an empty term does not fit (a very long entry id).
 */
export function actionParts(a: MissAction, budget: number): string[] | undefined {
  const head = a.kind === 'add' ? ['a', String(a.days), a.hash] : ['l', a.entryId, String(a.days), a.hash];
  const room = budget - head.join(':').length - 1;
  if (room < 0) return undefined;
  // Whole characters only (a cut surrogate pair would be an invalid string); a missed term holds no `:`.
  let term = '';
  for (const ch of a.term.replace(/:/g, ' ')) {
    if (term.length + ch.length > room) break;
    term += ch;
  }
  return [...head, term];
}

/** An action back from its parts; undefined when malformed. */
export function parseAction(parts: readonly string[]): MissAction | undefined {
  const days = (s: string | undefined) => (s && /^[1-9][0-9]{0,2}$/.test(s) && Number(s) <= 366 ? Number(s) : undefined);
  if (parts[0] === 'a' && parts.length === 4) {
    const [, d, hash = '', term = ''] = parts;
    const n = days(d);
    return n && HASH.test(hash) ? { kind: 'add', days: n, hash, term } : undefined;
  }
  if (parts[0] === 'l' && parts.length === 5) {
    const [, entryId = '', d, hash = '', term = ''] = parts;
    const n = days(d);
    return n && HASH.test(hash) && entryId.length <= ENTRY_ID_MAX && ID_PATTERN.test(entryId) ? { kind: 'alias', entryId, days: n, hash, term } : undefined;
  }
  return undefined;
}


/** Manage Server, or the server's editor role (read from the server's glossary settings when the bot has them). */
export async function mayEditGlossary(i: Pick<InteractionBase, 'memberPermissions' | 'member' | 'guildId'>, ctx: Pick<Context, 'server' | 'logger'>): Promise<boolean> {
  if (!i.guildId) return false;
  if (hasManageServer(i)) return true;
  if (!ctx.server) return false;
  try {
    const settings = await (await ctx.server.glossaries()).store.settings(i.guildId);
    return canEdit(i, settings);
  } catch (err) {
    // Without the settings, only Manage Server counts: refuse rather than guess.
    ctx.logger.warn({ err, guildId: i.guildId }, "could not read this server's settings for the editor role");
    return false;
  }
}

export const NOT_AN_INSIGHTS_EDITOR = "Only members with Manage Server or this server's editor role can add entries from insights.";

/** The missed term an action is about: carried whole, or found again in the report by its hash. */
async function termOf(a: MissAction, guildId: string, ctx: Context): Promise<string | undefined> {
  if (termHash(a.term) === a.hash) return a.term;
  const store = ctx.insights?.store;
  if (!store) return undefined;
  const report = await serverReport(store, ctx.termbot, guildId, a.days, Date.now(), 100);
  const terms = [...report.topMisses.map((m) => m.term), ...report.aliasSuggestions.map((s) => s.term)];
  return terms.find((t) => termHash(t) === a.hash && t.startsWith(a.term));
}

/** An entry's current fields for the edit form: this server's own entry, or the shipped one. */
async function fieldsOf(entryId: string, guildId: string, ctx: Context): Promise<Partial<ServerEntryFields> | undefined> {
  if (ctx.server) {
    const own = await (await ctx.server.glossaries()).store.entry(guildId, entryId);
    if (own) return own;
  }
  // The same fields /glossary edit prefills for a shipped entry (details cut whole to fit the form).
  const e = ctx.termbot.knowledge.byId.get(entryId);
  return e && isConcept(e) ? shippedFields(e) : undefined;
}

/** Runs an action from a button or the menu: checks who pressed it, then opens the prefilled form. */
export async function runMissAction(i: ComponentLike, a: MissAction, ctx: Context): Promise<Handled | void> {
  const guildId = i.guildId;
  if (!guildId) {
    await i.reply({ content: 'Use /insights in a server.', ...quiet });
    return;
  }
  if (!(await mayEditGlossary(i, ctx))) {
    await i.reply({ content: NOT_AN_INSIGHTS_EDITOR, ...quiet });
    return { extra: { insights: a.kind, refused: 'not an editor' } };
  }
  const term = await termOf(a, guildId, ctx);
  if (!term) {
    await i.reply({ content: 'That miss is no longer in the report. Run `/insights show` again.', ...quiet });
    return { extra: { insights: a.kind, missing: 'term' } };
  }
  if (a.kind === 'add') {
    await i.showModal(entryForm.modal({ mode: 'add' }, entryFormValues({ name: term })));
    return { extra: { insights: 'add' } };
  }
  const fields = await fieldsOf(a.entryId, guildId, ctx);
  if (!fields) {
    await i.reply({ content: 'That entry is no longer in the glossary, so the term cannot become its alias. You can add it as a new entry.', ...quiet });
    return { extra: { insights: 'alias', missing: 'entry' } };
  }
  const aliases = fields.aliases ?? [];
  const key = normalizeKey(term);
  const already = [fields.name ?? '', ...aliases].some((x) => normalizeKey(x) === key);
  await i.showModal(entryForm.modal({ mode: 'edit', id: a.entryId }, entryFormValues({ ...fields, aliases: already ? aliases : [...aliases, term] })));
  return { extra: { insights: 'alias', entryId: a.entryId } };
}
