/** What the command-line tools share: the checked knowledge and the database settings, or a clear exit. */
import { configOrExit, knowledgeOrExit as loadCheckedOrExit } from '../app/startup.ts';
import type { Knowledge } from '../core/knowledge/types.ts';
import type { GlossaryStore } from '../store/glossary.ts';

/** The settings (with `.env`), or every problem and exit 1: the one start-up in src/app/startup.ts. */
export { configOrExit };

/** The shipped knowledge (KNOWLEDGE_DIR through the config, or knowledge/), or the checker's list and exit 1. */
export async function knowledgeOrExit(): Promise<Knowledge> {
  return loadCheckedOrExit(configOrExit().knowledgeDir, 'termbot cannot answer');
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
