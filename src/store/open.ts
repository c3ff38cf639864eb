/** Opens the configured database (SQLite in DATA_DIR, or Postgres with DATABASE_URL) for a process: the bot and the CLIs. */
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import type { Knowledge } from '../core/knowledge/types.ts';
import { openDatabase } from './db.ts';
import { GlossaryStore } from './glossary.ts';

/** Opens and migrates the database, or prints why not and exits (the process cannot serve server glossaries without it). */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>, knowledge: Knowledge, logger?: Logger): Promise<GlossaryStore> {
  try {
    const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
    logger?.debug({ database: db.where, dialect: db.dialect }, 'database ready');
    return new GlossaryStore(db, knowledge);
  } catch (err) {
    const where = config.databaseUrl ? 'the Postgres database in DATABASE_URL' : `the SQLite database in ${config.dataDir}`;
    const message = err instanceof Error ? err.message : String(err);
    const safe = config.databaseUrl ? message.split(config.databaseUrl).join('DATABASE_URL') : message;
    console.error(`termbot will not start: could not open ${where}: ${safe}`);
    process.exit(1);
  }
}
