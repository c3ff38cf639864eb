/**
 * The start-up every entry point shares (npm start, ask, check:knowledge, deploy): read the one
 * config, or list all its problems and exit 1; load and check the knowledge, or list its problems
 * and exit 1. Nothing else reads the environment.
 */
import { loadEnv } from './env.ts';
import { ConfigError, readConfig, type Config, type ConfigPurpose } from './config.ts';
import { formatProblem } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import type { Knowledge } from '../core/knowledge/types.ts';

/** The validated configuration from the environment and `.env`; on a problem, the list on standard error and exit code 1. */
export function configOrExit(purpose: ConfigPurpose = 'run'): Config {
  try {
    return readConfig(loadEnv(), purpose);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/**
 * The knowledge from `dir` (the configured folder; the shipped one when unset), checked. On any
 * problem: the checker's lines and `<who>: the knowledge has N problem(s) …` on standard error, exit 1.
 */
export async function knowledgeOrExit(dir: string | undefined, who: string): Promise<Knowledge> {
  const { knowledge, problems } = await loadKnowledge(dir);
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`${who}: the knowledge has ${problems.length} problem(s) (run npm run check:knowledge).`);
    process.exit(1);
  }
  return knowledge;
}
