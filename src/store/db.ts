/**
 * The database: one typed query layer (Kysely) over SQLite (better-sqlite3, one file under DATA_DIR,
 * the default) or Postgres (`DATABASE_URL=postgres://…`). Same schema and behaviour on both; the
 * migrations in `migrations.ts` run at open and are safe to run again (or from two processes at once).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Generated, Kysely } from 'kysely';
import { kysely } from './kysely.ts';
import { migrationProvider } from './migrations.ts';
import type { InsightsSchema } from '../insights/sql.ts';

export interface EntriesTable {
  guild_id: string;
  entry_id: string;
  name: string;
  /** JSON array of strings. */
  aliases: string;
  summary: string | null;
  definition: string;
  /** JSON array of strings: the facts. */
  details: string;
  /** JSON array of entry ids. */
  related: string;
  area: string;
  kind: string;
  author_id: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** A shipped entry hidden in one server. */
export interface HiddenTable {
  guild_id: string;
  entry_id: string;
  author_id: string;
  created_at: string;
}

export type RevisionAction = 'create' | 'edit' | 'remove' | 'hide' | 'unhide' | 'revert' | 'import';

/** Every change, in full, with who made it and when: history and revert. */
export interface RevisionsTable {
  id: Generated<number>;
  guild_id: string;
  entry_id: string;
  action: RevisionAction;
  /** The entry after the change, as Markdown; null when the change removed it (or for hide/unhide). */
  markdown: string | null;
  author_id: string;
  created_at: string;
}

export interface SettingsTable {
  guild_id: string;
  editor_role_id: string | null;
  review_channel_id: string | null;
  audit_channel_id: string | null;
  updated_by: string;
  updated_at: string;
}

export type SuggestionStatus = 'pending' | 'approved' | 'rejected';

export interface SuggestionsTable {
  id: Generated<number>;
  guild_id: string;
  entry_id: string;
  markdown: string;
  author_id: string;
  status: SuggestionStatus;
  reviewer_id: string | null;
  created_at: string;
  resolved_at: string | null;
}

/** One row per server with entries: bumped in every change's transaction (which also serializes a server's writers). */
export interface GuildVersionsTable {
  guild_id: string;
  version: number;
}

export interface Schema extends InsightsSchema {
  glossary_entries: EntriesTable;
  glossary_hidden: HiddenTable;
  glossary_revisions: RevisionsTable;
  guild_settings: SettingsTable;
  glossary_suggestions: SuggestionsTable;
  guild_versions: GuildVersionsTable;
}

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** Folder for the SQLite file (created if missing). Default `data/` in the current folder. */
  dataDir?: string;
  /** `postgres://…` switches to Postgres. */
  databaseUrl?: string;
  /** Postgres only: use (and create) this schema instead of the default; tests use one per run. */
  schema?: string;
}

export interface Db {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** Where the data lives, for logs: the SQLite file, or the Postgres host/database (no password). */
  where: string;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'termbot.sqlite';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(?:ql)?:\/\//.test(url);
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Db> {
  let opened: Db;
  if (isPostgresUrl(options.databaseUrl)) {
    const schema = options.schema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: ${schema}`);
    // Loaded only for Postgres.
    const { default: pg } = await import('pg');
    if (schema) {
      const admin = new pg.Client({ connectionString: options.databaseUrl });
      await admin.connect();
      try {
        await admin.query(`create schema if not exists ${schema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 5,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    const db = new kysely.Kysely<Schema>({ dialect: new kysely.PostgresDialect({ pool }) });
    opened = { db, dialect: 'postgres', where: describeUrl(options.databaseUrl), close: () => db.destroy() };
  } else {
    const dir = resolve(options.dataDir ?? 'data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, SQLITE_FILE);
    const sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const db = new kysely.Kysely<Schema>({ dialect: new kysely.SqliteDialect({ database: sqlite }) });
    opened = { db, dialect: 'sqlite', where: file, close: () => db.destroy() };
  }
  try {
    await migrate(opened);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}

/** Runs every migration not yet applied. Safe to run twice, and from two processes at once (the migrator locks). */
export async function migrate(d: Pick<Db, 'db' | 'dialect'>): Promise<void> {
  // On Postgres the migrator's own tables go in the schema this connection uses (its search_path):
  // left unsaid, it would take the same tables in any other schema of the database as already there.
  const schema = d.dialect === 'postgres' ? (await kysely.sql<{ schema: string | null }>`select current_schema() as schema`.execute(d.db)).rows[0]?.schema ?? undefined : undefined;
  const migrator = new kysely.Migrator({ db: d.db, provider: migrationProvider(d.dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`could not set up the database${failed ? ` (migration ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
