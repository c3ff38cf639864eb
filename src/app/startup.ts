/**
 * The start-up every entry point shares (npm start, ask, check:knowledge, deploy, glossary, insights):
 * read the one config, or list all its problems and exit 1; load and check the knowledge, or list its
 * problems and exit 1. Nothing else reads the environment.
 *
 * Where the problems go and how "exit" happens is a parameter: the process by default (standard error,
 * process.exit); the command-line tools pass their own (src/cli/common.ts), so tests run them in-process.
 */
import { loadEnv } from './env.ts';
import { ConfigError, readConfig, type Config, type ConfigPurpose } from './config.ts';
import { formatProblem } from '../core/knowledge/compile.ts';
import { loadKnowledge } from '../core/knowledge/load.ts';
import type { Knowledge } from '../core/knowledge/types.ts';

/** Where start-up problems are written, and how start-up gives up. */
export interface StartupOut {
  error(line: string): void;
  exit(code: number): never;
}

/** Standard error and process.exit: the process's own start-up. */
export const processOut: StartupOut = {
  error: (line) => console.error(line),
  exit: (code) => process.exit(code),
};

/** The validated configuration from `env` (default: the environment and `.env`); on a problem, the list and exit code 1. */
export function configOrExit(purpose: ConfigPurpose = 'run', env: Record<string, string | undefined> = loadEnv(), out: StartupOut = processOut): Config {
  try {
    return readConfig(env, purpose);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    out.error(err.message);
    return out.exit(1);
  }
}

/**
 * The knowledge from `dir` (the configured folder; the shipped one when unset), checked. On any
 * problem: the checker's lines and `<who>: the knowledge has N problem(s) …`, exit 1.
 */
export async function knowledgeOrExit(dir: string | undefined, who: string, out: StartupOut = processOut, load: typeof loadKnowledge = loadKnowledge): Promise<Knowledge> {
  const { knowledge, problems } = await load(dir);
  if (problems.length > 0) {
    for (const p of problems) out.error(formatProblem(p));
    out.error(`${who}: the knowledge has ${problems.length} problem(s) (run npm run check:knowledge).`);
    return out.exit(1);
  }
  return knowledge;
}
