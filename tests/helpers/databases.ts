/**
 * The databases the storage tests run on: SQLite always (a fresh file in a temporary folder), and
 * Postgres when TEST_DATABASE_URL is set (a fresh schema per database, dropped afterwards, so parallel
 * test runs on one server never see each other's rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseOptions, type Db } from '../../src/store/db.ts';

export interface TestDatabase {
  /** Options that open this database (again) in this or another process. */
  options: DatabaseOptions;
  /** Environment variables that point a child process at it. */
  env: Record<string, string>;
  open(): Promise<Db>;
  /** Removes the file or the schema. */
  drop(): Promise<void>;
}

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

let counter = 0;

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const sqliteBackend: TestBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'termbot-db-'));
    const options = { dataDir: dir };
    return { options, env: { DATA_DIR: dir, DATABASE_URL: '' }, open: () => openDatabase(options), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

export const postgresBackend = (url: string): TestBackend => ({
  name: 'postgres',
  async create() {
    const schema = `termbot_test_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const options = { databaseUrl: url, schema };
    // The schema exists from the start, so child processes given only `env` (a URL with a search_path) can use it.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
    const separator = url.includes('?') ? '&' : '?';
    return {
      options,
      env: { DATABASE_URL: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`, DATA_DIR: '' },
      open: () => openDatabase(options),
      drop: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
});

/** SQLite, plus Postgres when TEST_DATABASE_URL is set. */
export const backends: TestBackend[] = [sqliteBackend, ...(TEST_DATABASE_URL ? [postgresBackend(TEST_DATABASE_URL)] : [])];
