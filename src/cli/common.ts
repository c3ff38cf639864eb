/** What the command-line tools share: the checked knowledge and the database settings, or a clear exit. */
import { loadEnv } from '../app/env.ts';
import { ConfigError, readConfig, type Config } from '../app/config.ts';
import { formatProblem } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import type { Knowledge } from '../core/knowledge/types.ts';
import type { GlossaryStore } from '../store/glossary.ts';

/** The shipped knowledge (KNOWLEDGE_DIR or knowledge/), or the checker's list and exit 1. */
export async function knowledgeOrExit(): Promise<Knowledge> {
  const { knowledge, problems } = await loadKnowledge(process.env.KNOWLEDGE_DIR || undefined);
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`termbot: the knowledge has ${problems.length} problem(s); fix them first (npm run check:knowledge).`);
    process.exit(1);
  }
  return knowledge;
}

/** The settings (with `.env`): DATA_DIR and DATABASE_URL are what the tools use. */
export function configOrExit(): Config {
  try {
    return readConfig(loadEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Opens the database of DATA_DIR / DATABASE_URL (loaded only when a tool needs it). */
export async function storeOrExit(knowledge: Knowledge): Promise<GlossaryStore> {
  const { openStore } = await import('../store/open.ts');
  return openStore(configOrExit(), knowledge);
}

/** The value after `--name`, and the arguments without that pair. */
export function takeOption(args: string[], name: string): { value?: string; rest: string[] } {
  const i = args.indexOf(name);
  if (i < 0) return { rest: args };
  const value = args[i + 1];
  return { ...(value !== undefined ? { value } : {}), rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}

export const GUILD_ID = /^\d{17,20}$/;
