/**
 * Versioned migrations, in code (no files to ship or find at run time). Never edit one that has
 * shipped: add the next. Kysely's migrator records which ran and takes a lock, so running them
 * twice, or from two processes at once, is safe.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from './db.ts';
import { insightsMigration } from '../insights/sql.ts';

// Migrations see the database untyped: the schema types describe the latest state only.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function migrations(dialect: Dialect): Record<string, Migration> {
  /** An auto-incrementing integer key on both databases. */
  const serial = dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
  return {
    '2026-11-30-001-server-glossaries': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('glossary_entries')
          .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('entry_id', 'varchar(80)', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('summary', 'text')
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('related', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('area', 'varchar(32)', (c) => c.notNull())
          .addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('term'))
          .addColumn('author_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
          .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
          .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
          .addPrimaryKeyConstraint('glossary_entries_pk', ['guild_id', 'entry_id'])
          .execute();
        await db.schema
          .createTable('glossary_hidden')
          .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('entry_id', 'varchar(80)', (c) => c.notNull())
          .addColumn('author_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
          .addPrimaryKeyConstraint('glossary_hidden_pk', ['guild_id', 'entry_id'])
          .execute();
        await db.schema
          .createTable('glossary_revisions')
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('entry_id', 'varchar(80)', (c) => c.notNull())
          .addColumn('action', 'varchar(16)', (c) => c.notNull())
          .addColumn('markdown', 'text')
          .addColumn('author_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('glossary_revisions_entry').on('glossary_revisions').columns(['guild_id', 'entry_id', 'id']).execute();
        await db.schema
          .createTable('guild_settings')
          .addColumn('guild_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('editor_role_id', 'varchar(32)')
          .addColumn('review_channel_id', 'varchar(32)')
          .addColumn('audit_channel_id', 'varchar(32)')
          .addColumn('updated_by', 'varchar(32)', (c) => c.notNull())
          .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('glossary_suggestions')
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('entry_id', 'varchar(80)', (c) => c.notNull())
          .addColumn('markdown', 'text', (c) => c.notNull())
          .addColumn('author_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
          .addColumn('reviewer_id', 'varchar(32)')
          .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
          .addColumn('resolved_at', 'varchar(32)')
          .execute();
        await db.schema.createIndex('glossary_suggestions_guild').on('glossary_suggestions').columns(['guild_id', 'status']).execute();
        await db.schema
          .createTable('guild_versions')
          .addColumn('guild_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-30-002-insights': insightsMigration,
  };
}

/** The migrations as Kysely's provider: in code, in name order. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
