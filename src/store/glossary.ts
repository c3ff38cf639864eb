/**
 * Server glossaries in the database: entries, hidden shipped entries, full revision history,
 * per-server settings and suggestions. Every change is one transaction that first bumps the
 * server's version row (which also makes a server's writers take turns), then checks the whole
 * resulting glossary with the knowledge checker: with any problem nothing is stored.
 * Expected refusals are values (`{ ok: false, problems }`), never exceptions.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { chunks, sql } from './kysely.ts';
import {
  checkGlossary,
  entryIdFor,
  fileFor,
  fromMarkdown,
  GLOSSARY_LIMITS,
  tidyFields,
  toMarkdown,
  type ServerEntry,
  type ServerEntryFields,
} from '../core/glossary/entry.ts';
import { idFromFile } from '../core/knowledge/parse.ts';
import { isArea, type Knowledge, type Problem } from '../core/knowledge/types.ts';
import type { Db, EntriesTable, RevisionAction, Schema, SuggestionStatus, SuggestionsTable } from './db.ts';

export type Result<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };

export interface GuildGlossary {
  guildId: string;
  /** Bumped by every change to this server's glossary; 0 when it never had one. */
  version: number;
  entries: ServerEntry[];
  /** Shipped entry ids hidden in this server. */
  hidden: string[];
}

export interface Revision {
  id: number;
  entryId: string;
  action: RevisionAction;
  markdown: string | null;
  authorId: string;
  createdAt: string;
}

export interface GuildSettings {
  guildId: string;
  editorRoleId: string | null;
  reviewChannelId: string | null;
  auditChannelId: string | null;
}

export interface Suggestion {
  id: number;
  guildId: string;
  entryId: string;
  markdown: string;
  authorId: string;
  status: SuggestionStatus;
  reviewerId: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export type EntryInput = Partial<ServerEntryFields> & { name: string; definition: string };

/** Thrown inside a transaction to roll it back with the problems; caught and returned as a value. */
class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super('refused');
  }
}

const problem = (field: string, message: string, file = '(entry)'): Problem => ({ file, field, message });
const refuse = (field: string, message: string, file?: string): never => {
  throw new Refused([problem(field, message, file)]);
};

/** Refuses a new entry when the server is at its cap. */
function roomFor(existing: readonly ServerEntry[]): void {
  if (existing.length >= GLOSSARY_LIMITS.entries) refuse('(entries)', `this server already has ${existing.length} entries, the most it may keep`);
}

function toEntry(r: Selectable<EntriesTable>): ServerEntry {
  const list = (s: string): string[] => {
    try {
      const v: unknown = JSON.parse(s);
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    id: r.entry_id,
    guildId: r.guild_id,
    name: r.name,
    aliases: list(r.aliases),
    ...(r.summary ? { summary: r.summary } : {}),
    definition: r.definition,
    details: list(r.details),
    related: list(r.related),
    area: isArea(r.area) ? r.area : 'basics',
    kind: 'term',
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

function toSuggestion(r: Selectable<SuggestionsTable>): Suggestion {
  return { id: Number(r.id), guildId: r.guild_id, entryId: r.entry_id, markdown: r.markdown, authorId: r.author_id, status: r.status, reviewerId: r.reviewer_id, createdAt: r.created_at, resolvedAt: r.resolved_at };
}

function fieldsOf(e: ServerEntryFields): ServerEntryFields {
  return { name: e.name, aliases: e.aliases, ...(e.summary ? { summary: e.summary } : {}), definition: e.definition, details: e.details, related: e.related, area: e.area, kind: e.kind };
}

export class GlossaryStore {
  readonly db: Kysely<Schema>;
  private shipped: Knowledge;

  constructor(
    private readonly database: Db,
    shipped: Knowledge,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = database.db;
    this.shipped = shipped;
  }

  /** After a reload of the shipped knowledge: links and hides are checked against the new one. */
  setShipped(k: Knowledge): void {
    this.shipped = k;
  }

  close(): Promise<void> {
    return this.database.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private readonly listeners = new Set<(guildId: string) => void | Promise<void>>();

  /**
   * Calls `listener` after every change this store commits (not other processes'), and waits for it
   * before the change returns: a server's overlay is rebuilt before `save` resolves. Returns how to stop.
   */
  onChange(listener: (guildId: string) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a change in one transaction after bumping the server's version; a Refused rolls it all back. */
  private async change<T>(guildId: string, work: (trx: Transaction<Schema>, version: number) => Promise<T>): Promise<Result<T>> {
    try {
      const value = await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('guild_versions')
          .values({ guild_id: guildId, version: 1 })
          .onConflict((oc) => oc.column('guild_id').doUpdateSet({ version: sql<number>`guild_versions.version + 1` }))
          .returning('version')
          .executeTakeFirstOrThrow();
        return work(trx, Number(row.version));
      });
      await Promise.all([...this.listeners].map(async (listener) => listener(guildId)));
      return { ok: true, ...value };
    } catch (err) {
      if (err instanceof Refused) return { ok: false, problems: err.problems };
      throw err;
    }
  }

  private async rows(trx: Kysely<Schema>, guildId: string): Promise<ServerEntry[]> {
    const rows = await trx.selectFrom('glossary_entries').selectAll().where('guild_id', '=', guildId).orderBy('entry_id').execute();
    return rows.map(toEntry);
  }

  /** Checks the server's glossary with `updates` applied (id → fields, or null to drop); throws Refused on problems. */
  private check(existing: readonly ServerEntry[], updates: ReadonlyMap<string, ServerEntryFields | null>): void {
    const files = [...updates].filter((u): u is [string, ServerEntryFields] => u[1] !== null).map(([id, f]) => ({ file: fileFor(id), text: toMarkdown(f) }));
    const { problems } = checkGlossary(files, this.shipped, existing.filter((e) => !updates.has(e.id)));
    if (problems.length > 0) throw new Refused(problems);
  }

  private async write(trx: Transaction<Schema>, guildId: string, id: string, f: ServerEntryFields, authorId: string, action: RevisionAction, prior?: ServerEntry): Promise<ServerEntry> {
    const at = this.stamp();
    const values = {
      name: f.name,
      aliases: JSON.stringify(f.aliases),
      summary: f.summary ?? null,
      definition: f.definition,
      details: JSON.stringify(f.details),
      related: JSON.stringify(f.related),
      area: f.area,
      kind: f.kind,
      updated_by: authorId,
      updated_at: at,
    };
    if (prior) await trx.updateTable('glossary_entries').set(values).where('guild_id', '=', guildId).where('entry_id', '=', id).execute();
    else await trx.insertInto('glossary_entries').values({ guild_id: guildId, entry_id: id, author_id: authorId, created_at: at, ...values }).execute();
    await trx.insertInto('glossary_revisions').values({ guild_id: guildId, entry_id: id, action, markdown: toMarkdown(f), author_id: authorId, created_at: at }).execute();
    return { ...f, id, guildId, authorId: prior?.authorId ?? authorId, createdAt: prior?.createdAt ?? at, updatedBy: authorId, updatedAt: at };
  }

  /** Everything answering needs for one server. */
  async load(guildId: string): Promise<GuildGlossary> {
    // The version is read first, on its own: the entries read after it are at least that new. Read
    // together (on a pool, on different connections), a change committing in between could pair the
    // new version with the old entries, and the version poll would then never reload them.
    const version = await this.db.selectFrom('guild_versions').select('version').where('guild_id', '=', guildId).executeTakeFirst();
    const [entries, hidden] = await Promise.all([
      this.rows(this.db, guildId),
      this.db.selectFrom('glossary_hidden').select('entry_id').where('guild_id', '=', guildId).orderBy('entry_id').execute(),
    ]);
    return { guildId, version: Number(version?.version ?? 0), entries, hidden: hidden.map((h) => h.entry_id) };
  }

  async entry(guildId: string, id: string): Promise<ServerEntry | undefined> {
    const row = await this.db.selectFrom('glossary_entries').selectAll().where('guild_id', '=', guildId).where('entry_id', '=', id).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** The current version of each of these servers (0 for one with no glossary): what other processes poll. */
  async versions(guildIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(guildIds.map((g) => [g, 0]));
    for (const chunk of chunks(guildIds, 500)) {
      const rows = await this.db.selectFrom('guild_versions').select(['guild_id', 'version']).where('guild_id', 'in', chunk).execute();
      for (const r of rows) out.set(r.guild_id, Number(r.version));
    }
    return out;
  }

  /**
   * Adds an entry (no `id`; its id comes from the name, or is `createAs`: a shipped entry's id, to take
   * its place in the server) or edits the entry `id`, as one checked transaction.
   */
  async save(guildId: string, input: EntryInput, authorId: string, options: { id?: string; createAs?: string } = {}): Promise<Result<{ entry: ServerEntry; version: number }>> {
    const fields = tidyFields(input);
    return this.change(guildId, async (trx, version) => {
      const existing = await this.rows(trx, guildId);
      const id = options.id ?? options.createAs ?? entryIdFor(fields.name);
      const prior = existing.find((e) => e.id === id);
      if (options.id && !prior) refuse('id', `this server has no entry "${options.id}"`);
      if (!options.id && prior) refuse('name', `this server already has an entry "${prior.name}" (${id}); edit it instead`, fileFor(id));
      if (!prior) roomFor(existing);
      this.check(existing, new Map([[id, fields]]));
      const entry = await this.write(trx, guildId, id, fields, authorId, prior ? 'edit' : 'create', prior);
      return { entry, version };
    });
  }

  /** Removes an entry; links to it from the server's other entries are dropped in the same transaction. */
  async remove(guildId: string, id: string, authorId: string): Promise<Result<{ version: number }>> {
    return this.change(guildId, async (trx, version) => {
      const existing = await this.rows(trx, guildId);
      if (!existing.some((e) => e.id === id)) refuse('id', `this server has no entry "${id}"`);
      await this.removeIn(trx, guildId, id, existing, authorId);
      return { version };
    });
  }

  private async removeIn(trx: Transaction<Schema>, guildId: string, id: string, existing: readonly ServerEntry[], authorId: string): Promise<void> {
    await trx.deleteFrom('glossary_entries').where('guild_id', '=', guildId).where('entry_id', '=', id).execute();
    await trx.insertInto('glossary_revisions').values({ guild_id: guildId, entry_id: id, action: 'remove', markdown: null, author_id: authorId, created_at: this.stamp() }).execute();
    // A link to a removed entry stays valid only when a shipped entry has that id.
    if (this.shipped.byId.has(id)) return;
    for (const other of existing) {
      if (other.id === id || !other.related.includes(id)) continue;
      await this.write(trx, guildId, other.id, { ...fieldsOf(other), related: other.related.filter((r) => r !== id) }, authorId, 'edit', other);
    }
  }

  /** Hides a shipped entry in this server (`hidden`) or shows it again. */
  async setHidden(guildId: string, shippedId: string, hidden: boolean, authorId: string): Promise<Result<{ version: number }>> {
    if (!this.shipped.byId.has(shippedId)) return { ok: false, problems: [problem('id', `"${shippedId}" is not a shipped entry`)] };
    return this.change(guildId, async (trx, version) => {
      const current = await trx.selectFrom('glossary_hidden').select('entry_id').where('guild_id', '=', guildId).where('entry_id', '=', shippedId).executeTakeFirst();
      if (hidden === Boolean(current)) refuse('id', hidden ? `"${shippedId}" is already hidden in this server` : `"${shippedId}" is not hidden in this server`);
      const at = this.stamp();
      if (hidden) {
        const count = await trx.selectFrom('glossary_hidden').select((eb) => eb.fn.countAll<number>().as('n')).where('guild_id', '=', guildId).executeTakeFirstOrThrow();
        if (Number(count.n) >= GLOSSARY_LIMITS.hidden) refuse('(hidden)', `at most ${GLOSSARY_LIMITS.hidden} entries may be hidden`);
        await trx.insertInto('glossary_hidden').values({ guild_id: guildId, entry_id: shippedId, author_id: authorId, created_at: at }).execute();
      } else {
        await trx.deleteFrom('glossary_hidden').where('guild_id', '=', guildId).where('entry_id', '=', shippedId).execute();
      }
      await trx.insertInto('glossary_revisions').values({ guild_id: guildId, entry_id: shippedId, action: hidden ? 'hide' : 'unhide', markdown: null, author_id: authorId, created_at: at }).execute();
      return { version };
    });
  }

  /** An entry's revisions, newest first. */
  async history(guildId: string, entryId: string, limit = 25): Promise<Revision[]> {
    const rows = await this.db
      .selectFrom('glossary_revisions')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('entry_id', '=', entryId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), entryId: r.entry_id, action: r.action, markdown: r.markdown, authorId: r.author_id, createdAt: r.created_at }));
  }

  /** Puts an entry back as it was after revision `revisionId` (a removal's revision removes it again). */
  async revert(guildId: string, revisionId: number, authorId: string): Promise<Result<{ entry?: ServerEntry; version: number }>> {
    return this.change(guildId, async (trx, version) => {
      const rev = await trx.selectFrom('glossary_revisions').selectAll().where('guild_id', '=', guildId).where('id', '=', revisionId).executeTakeFirst();
      if (!rev) return refuse('revision', `this server has no revision ${revisionId}`);
      if (rev.action === 'hide' || rev.action === 'unhide') return refuse('revision', 'hiding and showing a shipped entry is undone with hide or unhide, not revert');
      const existing = await this.rows(trx, guildId);
      const prior = existing.find((e) => e.id === rev.entry_id);
      if (rev.markdown === null) {
        if (!prior) refuse('revision', `"${rev.entry_id}" is already removed`);
        await this.removeIn(trx, guildId, rev.entry_id, existing, authorId);
        return { version };
      }
      const fields = fromMarkdown(fileFor(rev.entry_id), rev.markdown) ?? refuse('revision', 'this revision can no longer be read');
      if (!prior) roomFor(existing);
      this.check(existing, new Map([[rev.entry_id, fields]]));
      const entry = await this.write(trx, guildId, rev.entry_id, fields, authorId, 'revert', prior);
      return { entry, version };
    });
  }

  /**
   * Imports knowledge files (`terms/<id>.md`): all or nothing. Each file adds or replaces the entry
   * with its id; the server's other entries stay. Checked together with them by the same checker.
   */
  async importFiles(guildId: string, files: readonly { file: string; text: string }[], authorId: string): Promise<Result<{ added: string[]; updated: string[]; unchanged: string[]; version: number }>> {
    const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0);
    if (bytes > GLOSSARY_LIMITS.importBytes) return { ok: false, problems: [problem('(size)', `is ${Math.ceil(bytes / 1000)} kB; an import may be at most ${GLOSSARY_LIMITS.importBytes / 1000} kB`, '(import)')] };
    if (files.length === 0) return { ok: false, problems: [problem('(files)', 'has no entries (terms/<id>.md files)', '(import)')] };
    if (files.length > GLOSSARY_LIMITS.entries) return { ok: false, problems: [problem('(files)', `has ${files.length} files; a server may keep at most ${GLOSSARY_LIMITS.entries} entries`, '(import)')] };
    const seen = new Set<string>();
    for (const f of files) {
      if (seen.has(f.file)) return { ok: false, problems: [problem('(file)', 'appears twice in the import', f.file)] };
      seen.add(f.file);
    }
    return this.change(guildId, async (trx, version) => {
      const existing = await this.rows(trx, guildId);
      const byId = new Map(existing.map((e) => [e.id, e]));
      const checked = checkGlossary(files, this.shipped, existing);
      if (checked.problems.length > 0) throw new Refused(checked.problems);
      const added: string[] = [];
      const updated: string[] = [];
      const unchanged: string[] = [];
      for (const f of files) {
        const id = idFromFile(f.file);
        const fields = checked.entries.get(id);
        if (!fields) refuse('(file)', 'could not be read', f.file);
        const prior = byId.get(id);
        if (prior && toMarkdown(prior) === toMarkdown(fields!)) {
          unchanged.push(id);
          continue;
        }
        await this.write(trx, guildId, id, fields!, authorId, 'import', prior);
        (prior ? updated : added).push(id);
      }
      return { added, updated, unchanged, version };
    });
  }

  /** The server's entries as knowledge files, in the format import reads. */
  async exportFiles(guildId: string): Promise<{ file: string; text: string }[]> {
    return (await this.rows(this.db, guildId)).map((e) => ({ file: fileFor(e.id), text: toMarkdown(e) }));
  }

  async settings(guildId: string): Promise<GuildSettings> {
    const r = await this.db.selectFrom('guild_settings').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
    return {
      guildId,
      editorRoleId: r?.editor_role_id ?? null,
      reviewChannelId: r?.review_channel_id ?? null,
      auditChannelId: r?.audit_channel_id ?? null,
    };
  }

  /** Changes some settings; a null clears one. */
  async updateSettings(guildId: string, patch: Partial<Omit<GuildSettings, 'guildId'>>, by: string): Promise<GuildSettings> {
    const current = await this.settings(guildId);
    const next = { ...current, ...patch };
    const values = {
      editor_role_id: next.editorRoleId,
      review_channel_id: next.reviewChannelId,
      audit_channel_id: next.auditChannelId,
      updated_by: by,
      updated_at: this.stamp(),
    };
    await this.db
      .insertInto('guild_settings')
      .values({ guild_id: guildId, ...values })
      .onConflict((oc) => oc.column('guild_id').doUpdateSet(values))
      .execute();
    return next;
  }

  /** A member's suggested entry (new, or a change to `id`): checked like a save, stored for review. */
  async suggest(guildId: string, input: EntryInput, authorId: string, options: { id?: string } = {}): Promise<Result<{ suggestion: Suggestion }>> {
    const fields = tidyFields(input);
    const id = options.id ?? entryIdFor(fields.name);
    const existing = await this.rows(this.db, guildId);
    try {
      this.check(existing, new Map([[id, fields]]));
    } catch (err) {
      if (err instanceof Refused) return { ok: false, problems: err.problems };
      throw err;
    }
    const pending = await this.db.selectFrom('glossary_suggestions').select((eb) => eb.fn.countAll<number>().as('n')).where('guild_id', '=', guildId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    if (Number(pending.n) >= 100) return { ok: false, problems: [problem('(suggestions)', 'this server already has 100 suggestions waiting for review')] };
    const values = { guild_id: guildId, entry_id: id, markdown: toMarkdown(fields), author_id: authorId, status: 'pending' as const, reviewer_id: null, created_at: this.stamp(), resolved_at: null };
    const row = await this.db.insertInto('glossary_suggestions').values(values).returning('id').executeTakeFirstOrThrow();
    return { ok: true, suggestion: toSuggestion({ ...values, id: row.id }) };
  }

  /** One suggestion, whatever its status. */
  async suggestion(guildId: string, id: number): Promise<Suggestion | undefined> {
    const r = await this.db.selectFrom('glossary_suggestions').selectAll().where('guild_id', '=', guildId).where('id', '=', id).executeTakeFirst();
    return r ? toSuggestion(r) : undefined;
  }

  async suggestions(guildId: string, status: SuggestionStatus = 'pending'): Promise<Suggestion[]> {
    const rows = await this.db.selectFrom('glossary_suggestions').selectAll().where('guild_id', '=', guildId).where('status', '=', status).orderBy('id').execute();
    return rows.map(toSuggestion);
  }

  /**
   * Approves (saving the entry, by the reviewer: as the suggester wrote it, or as the reviewer edited
   * it with `fields`, under the suggestion's entry id) or rejects a pending suggestion: one transaction.
   */
  async resolveSuggestion(
    guildId: string,
    suggestionId: number,
    decision: 'approved' | 'rejected',
    reviewerId: string,
    options: { fields?: EntryInput } = {},
  ): Promise<Result<{ suggestion: Suggestion; entry?: ServerEntry; version: number }>> {
    const edited = options.fields ? tidyFields(options.fields) : undefined;
    return this.change(guildId, async (trx, version) => {
      const s = await trx.selectFrom('glossary_suggestions').selectAll().where('guild_id', '=', guildId).where('id', '=', suggestionId).executeTakeFirst();
      if (!s) return refuse('suggestion', `this server has no suggestion ${suggestionId}`);
      if (s.status !== 'pending') return refuse('suggestion', `suggestion ${suggestionId} was already ${s.status}`);
      let entry: ServerEntry | undefined;
      if (decision === 'approved') {
        const fields = edited ?? fromMarkdown(fileFor(s.entry_id), s.markdown) ?? refuse('suggestion', 'this suggestion can no longer be read');
        const existing = await this.rows(trx, guildId);
        const prior = existing.find((e) => e.id === s.entry_id);
        if (!prior) roomFor(existing);
        this.check(existing, new Map([[s.entry_id, fields]]));
        entry = await this.write(trx, guildId, s.entry_id, fields, reviewerId, prior ? 'edit' : 'create', prior);
      }
      const at = this.stamp();
      await trx.updateTable('glossary_suggestions').set({ status: decision, reviewer_id: reviewerId, resolved_at: at }).where('id', '=', suggestionId).execute();
      const suggestion: Suggestion = { ...toSuggestion(s), status: decision, reviewerId, resolvedAt: at };
      return { suggestion, ...(entry ? { entry } : {}), version };
    });
  }
}
