/** Opens the configured database (SQLite in DATA_DIR, or Postgres with DATABASE_URL) for a process: the bot and the CLIs. */
import type { Logger } from 'pino';
import type { Config } from '../app/config.ts';
import { processOut, type StartupOut } from '../app/startup.ts';
import type { Knowledge } from '../core/knowledge/types.ts';
import { openDatabase } from './db.ts';
import { GlossaryStore } from './glossary.ts';

/**
 * Opens and migrates the database, or prints why not and exits (the process cannot serve server
 * glossaries without it). `out`: where that goes and how it exits (the process by default; the
 * command-line tools pass theirs, so a test running one in-process sees exit code 1, not a dead worker).
 */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>, knowledge: Knowledge, logger?: Logger, out: StartupOut = processOut): Promise<GlossaryStore> {
  try {
    const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
    logger?.debug({ database: db.where, dialect: db.dialect }, 'database ready');
    return new GlossaryStore(db, knowledge);
  } catch (err) {
    const where = config.databaseUrl ? 'the Postgres database in DATABASE_URL' : `the SQLite database in ${config.dataDir}`;
    const message = err instanceof Error ? err.message : String(err);
    const safe = config.databaseUrl ? message.split(config.databaseUrl).join('DATABASE_URL') : message;
    out.error(`termbot will not start: could not open ${where}: ${safe}`);
    return out.exit(1);
  }
}
