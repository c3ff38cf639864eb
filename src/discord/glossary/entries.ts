/**
 * /glossary add | edit | remove | hide | history | raw | export | import: changing a server's own
 * entries (editors only: Manage Server or the server's editor role) and reading them back, plus the
 * entry form's add/edit submit and the history's revert. Every reply is private and never pings.
 * Each change is one store transaction, counted by the edit rate limits, and posted to the audit
 * channel when the server has one.
 */
import { MessageFlags, type InteractionReplyOptions } from 'discord.js';
import { toBundle, fromBundle } from '../../core/glossary/bundle.ts';
import { entryIdFor, fileFor, GLOSSARY_LIMITS, SERVER_ENTRY_ID, SERVER_SOURCE, toMarkdown, type ServerEntry, type ServerEntryFields } from '../../core/glossary/entry.ts';
import { isConcept, type ConceptEntry, type Entry } from '../../core/knowledge/types.ts';
import { normalizeKey } from '../../core/normalize.ts';
import type { Termbot } from '../../core/termbot.ts';
import type { GlossaryStore, Revision } from '../../store/glossary.ts';
import type { ServerGlossaries } from '../../store/server-glossaries.ts';
import { entryForm, entryFormValues, type EntryFormArgs } from '../components/glossary-entry.ts';
import { revertMenu } from '../components/glossary-revert.ts';
import { PRIVATE as quiet, type Context, type Handled } from '../context.ts';
import { memberText } from '../escape.ts';
import { LIMITS, truncate } from '../limits.ts';
import type { AutocompleteLike, InteractionBase, ModalSubmitLike, Replyable } from '../types.ts';
import { canEdit, NOT_AN_EDITOR } from './access.ts';
import { audit } from './audit.ts';
import { code, parseEntryForm, problemsText, relatedIdIn } from './form.ts';
import { EditLimiter, limitMessage } from './limiter.ts';
import type { GlossaryContext, Subcommand } from './subcommand.ts';

const say = (content: string): InteractionReplyOptions => ({ content: truncate(content, LIMITS.content), ...quiet });
const bold = (name: string) => `**${memberText(name, 100)}**`;

/** The edit rate limiter of each store (one per database per process). */
const limiters = new WeakMap<GlossaryStore, EditLimiter>();
export function editLimiter(store: GlossaryStore): EditLimiter {
  let l = limiters.get(store);
  if (!l) limiters.set(store, (l = new EditLimiter()));
  return l;
}
/** Tests: a limiter with other limits or a fake clock for this store. */
export function useEditLimiter(store: GlossaryStore, limiter: EditLimiter): void {
  limiters.set(store, limiter);
}

interface Editing {
  glossaries: ServerGlossaries;
  store: GlossaryStore;
  /** Counts the change once stored, and posts it to the audit channel. */
  done(line: string): Promise<void>;
}

/**
 * The gate before every change: the member may edit (Manage Server or the editor role) and is
 * within the edit rate limits. Replies with the refusal and returns undefined otherwise.
 */
async function editing(i: InteractionBase & Replyable, ctx: Context, guildId: string): Promise<Editing | undefined> {
  if (!ctx.server) {
    await i.reply(say('Server glossaries are not available in this bot.'));
    return undefined;
  }
  const glossaries = await ctx.server.glossaries();
  const store = glossaries.store;
  const settings = await store.settings(guildId);
  if (!canEdit(i, settings)) {
    await i.reply(say(NOT_AN_EDITOR));
    return undefined;
  }
  const limiter = editLimiter(store);
  const allowed = limiter.check(guildId, i.user.id);
  if (!allowed.ok) {
    await i.reply(say(limitMessage(allowed)));
    return undefined;
  }
  return {
    glossaries,
    store,
    async done(line) {
      limiter.record(guildId, i.user.id);
      await audit(ctx, guildId, i.user.id, line, settings);
    },
  };
}

/** What a term option names in this server. */
type Found = { kind: 'server'; entry: ServerEntry } | { kind: 'shipped'; entry: ConceptEntry };

/**
 * Finds the entry a term option names (an id from autocomplete, or a name or alias as typed): this
 * server's entries first, then the shipped ones (`shipped` also finds those the server hides or
 * replaces). A name that fits several entries finds none (autocomplete offers each by id).
 */
async function findEntry(term: string, guildId: string, glossaries: ServerGlossaries): Promise<Found | undefined> {
  const store = glossaries.store;
  const text = term.trim();
  if (SERVER_ENTRY_ID.test(text)) {
    const own = await store.entry(guildId, text);
    if (own) return { kind: 'server', entry: own };
  }
  const local = await glossaries.termbotFor(guildId);
  for (const t of [local, glossaries.base]) {
    const byId = SERVER_ENTRY_ID.test(text) ? t.knowledge.byId.get(text) : undefined;
    const ids = byId ? [byId.id] : t.index.exactKey(normalizeKey(text));
    if (ids.length !== 1) continue;
    const e = t.knowledge.byId.get(ids[0]!);
    if (!e || !isConcept(e)) continue;
    if (isServerEntry(e)) {
      const own = await store.entry(guildId, e.id);
      if (own) return { kind: 'server', entry: own };
      continue;
    }
    return { kind: 'shipped', entry: e };
  }
  return undefined;
}

const isServerEntry = (e: Entry) => e.sources.length === 1 && e.sources[0] === SERVER_SOURCE.id;

/** The form's details input holds at most this many characters (src/discord/components/glossary-entry.ts). */
const DETAILS_INPUT = 3000;

/** A shipped entry's fields, to start a server entry that overrides it: whole details only, as many as the form's input holds. */
export function shippedFields(e: ConceptEntry): ServerEntryFields {
  let room = DETAILS_INPUT - (e.related.length ? `\nRelated: ${e.related.join(', ')}`.length : 0);
  const details = e.facts
    .map((f) => f.text)
    .filter((d) => {
      room -= d.length + 1;
      return room >= 0;
    });
  return {
    name: e.name,
    aliases: e.aliases,
    summary: e.summary,
    definition: e.definition,
    details,
    related: e.related,
    area: e.area,
    kind: 'term',
  };
}

const notFound = (term: string) => say(`I found no entry ${bold(term)} in this server's glossary or the shipped one. Pick one from the list as you type.`);

async function glossariesOf(ctx: GlossaryContext): Promise<ServerGlossaries> {
  return ctx.server.glossaries();
}

// ——— the subcommands ———

export const add: Subcommand = async (i, ctx, guildId) => {
  if (!(await editing(i, ctx, guildId))) return;
  await i.showModal(entryForm.modal({ mode: 'add' }));
  return { extra: { glossary: 'add form' } };
};

/** The gate, then the entry the `term` option names; replies with the refusal or "not found" and returns undefined otherwise. */
async function editingEntry(i: Parameters<Subcommand>[0], ctx: Context, guildId: string): Promise<{ gate: Editing; found: Found } | undefined> {
  const term = i.options.getString('term', true) ?? '';
  const gate = await editing(i, ctx, guildId);
  if (!gate) return undefined;
  const found = await findEntry(term, guildId, gate.glossaries);
  if (!found) {
    await i.reply(notFound(term));
    return undefined;
  }
  return { gate, found };
}

export const edit: Subcommand = async (i, ctx, guildId) => {
  const target = await editingEntry(i, ctx, guildId);
  if (!target) return;
  const { found } = target;
  const fields = found.kind === 'server' ? found.entry : shippedFields(found.entry);
  await i.showModal(entryForm.modal({ mode: 'edit', id: found.entry.id }, entryFormValues(fields)));
  return { extra: { glossary: 'edit form', entry: found.entry.id, shipped: found.kind === 'shipped' } };
};

export const remove: Subcommand = async (i, ctx, guildId) => {
  const target = await editingEntry(i, ctx, guildId);
  if (!target) return;
  const { gate, found } = target;
  if (found.kind === 'shipped') {
    await i.reply(say(`${bold(found.entry.name)} is shipped with termbot, not this server's own: \`/glossary hide\` hides it in this server.`));
    return;
  }
  const r = await gate.store.remove(guildId, found.entry.id, i.user.id);
  if (!r.ok) {
    await i.reply(say(problemsText('Nothing was removed:', r.problems)));
    return;
  }
  await i.reply(say(`Removed ${bold(found.entry.name)} from this server's glossary. \`/glossary history term:${found.entry.id}\` can bring it back.`));
  await gate.done(`removed ${bold(found.entry.name)}`);
  return { extra: { glossary: 'remove', entry: found.entry.id } };
};

export const hide: Subcommand = async (i, ctx, guildId) => {
  const term = i.options.getString('term', true) ?? '';
  const hidden = i.options.getBoolean('hidden') ?? true;
  const gate = await editing(i, ctx, guildId);
  if (!gate) return;
  const shipped = gate.glossaries.base;
  const text = term.trim();
  const ids = shipped.knowledge.byId.has(text) ? [text] : shipped.index.exactKey(normalizeKey(text));
  const e = ids.length === 1 ? shipped.knowledge.byId.get(ids[0]!) : undefined;
  if (!e) {
    await i.reply(say(`${bold(term)} is not a shipped entry: only entries shipped with termbot can be hidden. Pick one from the list as you type.`));
    return;
  }
  const r = await gate.store.setHidden(guildId, e.id, hidden, i.user.id);
  if (!r.ok) {
    await i.reply(say(problemsText(`Nothing was changed for ${bold(e.name)}:`, r.problems)));
    return;
  }
  await i.reply(
    say(
      hidden
        ? `${bold(e.name)} is hidden in this server: it no longer answers here. \`/glossary hide term:${e.id} hidden:False\` shows it again.`
        : `${bold(e.name)} answers in this server again.`,
    ),
  );
  await gate.done(hidden ? `hid the shipped entry ${bold(e.name)}` : `showed the shipped entry ${bold(e.name)} again`);
  return { extra: { glossary: hidden ? 'hide' : 'unhide', entry: e.id } };
};

const ACTIONS: Record<Revision['action'], string> = { create: 'added', edit: 'edited', remove: 'removed', hide: 'hidden', unhide: 'shown again', revert: 'reverted', import: 'imported' };
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export const history: Subcommand = async (i, ctx, guildId) => {
  const term = i.options.getString('term', true) ?? '';
  const glossaries = await glossariesOf(ctx);
  const found = await findEntry(term, guildId, glossaries);
  // A removed entry is no longer found by name: its id (from the list, or typed) still has its history.
  const id = found?.entry.id ?? (SERVER_ENTRY_ID.test(term.trim()) ? term.trim() : undefined);
  const revisions = id ? await glossaries.store.history(guildId, id, LIMITS.selectOptions) : [];
  if (!id || revisions.length === 0) {
    await i.reply(say(`No changes to ${bold(found?.entry.name ?? term)} are recorded in this server.`));
    return;
  }
  const name = found?.entry.name ?? id;
  const lines = revisions.map((r) => `\`#${r.id}\` ${ACTIONS[r.action]} by <@${r.authorId}> <t:${unix(r.createdAt)}:R>`);
  let content = `History of ${bold(name)} in this server (newest first):`;
  for (const [k, line] of lines.entries()) {
    if (content.length + line.length + 60 > LIMITS.content) {
      content += `\n…and ${lines.length - k} older.`;
      break;
    }
    content += `\n${line}`;
  }
  // Each earlier revision of the text can be put back (hiding is undone with /glossary hide).
  const revertible = revisions.slice(1).filter((r) => r.action !== 'hide' && r.action !== 'unhide');
  const menu = revertible.length > 0 && canEdit(i, await glossaries.store.settings(guildId)) ? revertMenu(id, revertible) : undefined;
  if (menu) content += '\n-# Pick a revision below to put the entry back as it was then.';
  await i.reply({ content, ...quiet, ...(menu ? { components: [menu] } : {}) });
  return { extra: { glossary: 'history', entry: id } };
};

/** Markdown in a code block, safe: a ``` inside cannot end the block early. */
const codeBlock = (text: string) => `\`\`\`md\n${text.replace(/```/g, '`\u200b``')}\n\`\`\``;

export const raw: Subcommand = async (i, ctx, guildId) => {
  const term = i.options.getString('term', true) ?? '';
  const glossaries = await glossariesOf(ctx);
  const found = await findEntry(term, guildId, glossaries);
  if (!found) {
    await i.reply(notFound(term));
    return;
  }
  if (found.kind === 'shipped') {
    await i.reply(say(`${bold(found.entry.name)} is shipped with termbot: its Markdown is \`knowledge/${found.entry.file}\`. \`/glossary edit\` starts this server's own version of it.`));
    return;
  }
  const markdown = toMarkdown(found.entry);
  const head = `${bold(found.entry.name)} as \`${found.entry.id}.md\` (the knowledge/ format; \`/glossary import\` reads it back):`;
  const block = codeBlock(markdown.trimEnd());
  if (head.length + 1 + block.length <= LIMITS.content) await i.reply({ content: `${head}\n${block}`, ...quiet });
  else await i.reply({ content: head, files: [{ attachment: Buffer.from(markdown, 'utf8'), name: `${found.entry.id}.md` }], ...quiet });
  return { extra: { glossary: 'raw', entry: found.entry.id } };
};

/** Discord's attachment size for bots (10 MiB). */
const ATTACH_BYTES = 10 * 1024 * 1024;

export const exportEntries: Subcommand = async (i, ctx, guildId) => {
  const glossaries = await glossariesOf(ctx);
  const files = await glossaries.store.exportFiles(guildId);
  if (files.length === 0) {
    await i.reply(say("This server's glossary has no entries of its own yet: `/glossary add` adds one."));
    return;
  }
  const bundle = Buffer.from(toBundle(files), 'utf8');
  const count = `${files.length} ${files.length === 1 ? 'entry' : 'entries'}`;
  if (bundle.length > ATTACH_BYTES) {
    await i.reply(say(`This server's ${count} are ${Math.ceil(bundle.length / 1_000_000)} MB, too large to attach here. From a shell: \`npm run glossary -- export --guild ${guildId}\`.`));
    return;
  }
  const tooBig = bundle.length > GLOSSARY_LIMITS.importBytes ? ` It is larger than one \`/glossary import\` takes (${GLOSSARY_LIMITS.importBytes / 1_000_000} MB): import it in parts.` : '';
  await i.reply({
    content: `This server's glossary: ${count}, in the knowledge/ format (one Markdown file; \`/glossary import\` and \`npm run glossary -- import\` read it back).${tooBig}`,
    files: [{ attachment: bundle, name: `glossary-${guildId}.md` }],
    ...quiet,
  });
  return { extra: { glossary: 'export', entries: files.length } };
};

/** How long a download may take. */
const DOWNLOAD_MS = 15_000;

/** Downloads an attachment, at most `cap` bytes within `timeoutMs`; a problem message instead when it cannot. */
export async function download(url: string, cap: number, timeoutMs = DOWNLOAD_MS): Promise<{ ok: true; bytes: Buffer } | { ok: false; message: string }> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, message: 'has no address to download it from' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: controller.signal, redirect: 'error' });
    if (!res.ok || !res.body) return { ok: false, message: `could not be downloaded (HTTP ${res.status})` };
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > cap) {
      await res.body.cancel();
      return { ok: false, message: `is larger than ${cap / 1_000_000} MB` };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > cap) {
        controller.abort();
        return { ok: false, message: `is larger than ${cap / 1_000_000} MB` };
      }
      chunks.push(Buffer.from(chunk));
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch {
    return { ok: false, message: controller.signal.aborted ? `took longer than ${Math.round(timeoutMs / 100) / 10} s to download` : 'could not be downloaded' };
  } finally {
    clearTimeout(timer);
  }
}

export const importEntries: Subcommand = async (i, ctx, guildId) => {
  const file = i.options.getAttachment('file', true);
  const gate = await editing(i, ctx, guildId);
  if (!gate) return;
  if (!file) {
    await i.reply(say('Attach the file made by `/glossary export`, or one entry as a .md file.'));
    return;
  }
  const name = code(file.name);
  if (!/\.(md|markdown|txt)$/i.test(file.name)) {
    await i.reply(say(`Nothing was imported: ${name} is not a Markdown file. Attach the .md file made by \`/glossary export\`, or one entry as a .md file.`));
    return;
  }
  if (file.size > GLOSSARY_LIMITS.importBytes) {
    await i.reply(say(`Nothing was imported: ${name} is ${Math.ceil(file.size / 1000)} kB; an import may be at most ${GLOSSARY_LIMITS.importBytes / 1000} kB. Split it into smaller files.`));
    return;
  }
  // Downloading and checking can take longer than Discord's 3 seconds for a first answer.
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = (content: string) => i.editReply({ content: truncate(content, LIMITS.content), allowedMentions: { parse: [] } });
  const got = await download(file.url, GLOSSARY_LIMITS.importBytes);
  if (!got.ok) {
    await answer(`Nothing was imported: ${name} ${got.message}.`);
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(got.bytes);
  } catch {
    await answer(`Nothing was imported: ${name} is not UTF-8 text.`);
    return;
  }
  const bundle = fromBundle(text, file.name);
  if (bundle.problems.length > 0) {
    await answer(problemsText(`Nothing was imported: ${bundle.problems.length} problem(s) in ${name}:`, bundle.problems, { withFile: true }));
    return;
  }
  const r = await gate.store.importFiles(guildId, bundle.files, i.user.id);
  if (!r.ok) {
    await answer(problemsText(`Nothing was imported: ${r.problems.length} problem(s) in ${name}:`, r.problems, { withFile: true }));
    return { extra: { glossary: 'import refused', problems: r.problems.length } };
  }
  const summary = `${r.added.length} added, ${r.updated.length} updated, ${r.unchanged.length} unchanged`;
  await answer(`Imported ${name} into this server's glossary: ${summary}. The entries answer at once.`);
  if (r.added.length + r.updated.length > 0) await gate.done(`imported ${name}: ${summary}`);
  return { extra: { glossary: 'import', added: r.added.length, updated: r.updated.length } };
};

// ——— the entry form and the revert menu ———

/**
 * The entry form's add and edit submit: parsed, checked and saved in one transaction; the reply
 * shows the entry's short answer as it now answers in this server, or the list of problems.
 * An edit of a shipped entry the server has no entry for creates the server's own, with the
 * shipped entry's id, which then takes its place in the server.
 */
export async function saveEntryForm(i: ModalSubmitLike, args: Extract<EntryFormArgs, { mode: 'add' | 'edit' }>, ctx: Context): Promise<Handled | void> {
  const guildId = i.guildId;
  if (!guildId) {
    await i.reply(say('Use /glossary in a server.'));
    return;
  }
  const gate = await editing(i, ctx, guildId);
  if (!gate) return;
  const { store, glossaries } = gate;
  const local = await glossaries.termbotFor(guildId);
  const input = parseEntryForm((id) => i.fields.getTextInputValue(id), (name) => relatedIdIn(local, name));
  let options: { id?: string; createAs?: string } = {};
  if (args.mode === 'edit') {
    // The form has no input for the area: an edit keeps the entry's own.
    const own = await store.entry(guildId, args.id);
    const shipped = glossaries.base.knowledge.byId.get(args.id);
    if (own) options = { id: args.id };
    else if (shipped) options = { createAs: args.id };
    if (own ?? shipped) input.area = (own ?? shipped)!.area;
    else {
      await i.reply(say(`Nothing was saved: this server no longer has the entry \`${args.id}\` (removed meanwhile?). \`/glossary add\` adds it again.`));
      return;
    }
  }
  const r = await store.save(guildId, input, i.user.id, options);
  if (!r.ok) {
    await i.reply(say(problemsText(`Nothing was saved: ${r.problems.length} problem(s). Fix them and submit the form again (\`/glossary ${args.mode}\`).`, r.problems, { formFile: fileFor(options.id ?? options.createAs ?? entryIdFor(input.name)) })));
    return { extra: { glossary: `${args.mode} refused`, problems: r.problems.length } };
  }
  const entry = r.entry;
  const verb = options.id ? 'Saved your changes to' : options.createAs ? "Saved this server's own version of" : 'Added';
  const preview = (await glossaries.termbotFor(guildId)).define(entry.id);
  const rendered = preview.reply ? ctx.render(preview.reply, { private: true }) : undefined;
  await i.reply({
    content: `${verb} ${bold(entry.name)} in this server's glossary; it answers here now. This is its short answer:`,
    embeds: rendered?.embeds.slice(0, 1) ?? [],
    ...quiet,
  });
  await gate.done(`${options.id ? 'edited' : options.createAs ? 'overrode the shipped entry' : 'added'} ${bold(entry.name)}`);
  return { extra: { glossary: options.id ? 'edit' : 'add', entry: entry.id } };
}

/** The revert menu's pick: puts the entry back as it was after that revision. */
export async function revertTo(i: InteractionBase & Replyable, revisionId: number, ctx: Context): Promise<Handled | void> {
  const guildId = i.guildId;
  if (!guildId) return;
  const gate = await editing(i, ctx, guildId);
  if (!gate) return;
  const r = await gate.store.revert(guildId, revisionId, i.user.id);
  if (!r.ok) {
    await i.reply(say(problemsText('Nothing was reverted:', r.problems)));
    return;
  }
  const what = r.entry ? bold(r.entry.name) : 'the entry';
  await i.reply(say(r.entry ? `Put ${what} back as it was at revision #${revisionId}; it answers that way now.` : `Revision #${revisionId} was a removal: the entry is removed again.`));
  await gate.done(r.entry ? `reverted ${what} to revision #${revisionId}` : `removed an entry again (revert to revision #${revisionId})`);
  return { extra: { glossary: 'revert', revision: revisionId } };
}

// ——— autocomplete ———

/**
 * Term choices for each subcommand: edit and raw offer this server's entries and the shipped ones
 * that answer here; remove offers this server's entries only; hide the shipped ones (hidden ones
 * included, to show them again); history every entry with a history here. Within Discord's 25
 * choices of at most 100 characters.
 */
export async function autocomplete(i: AutocompleteLike, ctx: Context): Promise<void> {
  const sub = i.options.getSubcommand(false) ?? '';
  const typed = i.options.getFocused(true).value.slice(0, 100);
  const glossaries = ctx.server ? await ctx.server.glossaries() : undefined;
  const local = i.guildId && glossaries ? await glossaries.termbotFor(i.guildId) : ctx.termbot;
  const concept = (e: Entry) => isConcept(e);
  const pick = (t: Termbot, filter: (e: Entry) => boolean) => t.index.complete(typed, LIMITS.choices, filter);
  let entries: Entry[];
  if (sub === 'hide') entries = glossaries ? pick(glossaries.base, concept) : [];
  else if (sub === 'remove') entries = pick(local, isServerEntry);
  else entries = pick(local, concept);
  await i.respond(entries.slice(0, LIMITS.choices).map((e) => ({ name: truncate(choiceName(e), LIMITS.choiceName), value: e.id.slice(0, LIMITS.choiceValue) })));
}

const choiceName = (e: Entry) => (isServerEntry(e) ? `${e.name} (this server)` : e.name);
