/**
 * What the command-line tools share: their input and output (CliIo), the checked knowledge and the
 * database settings, or a clear exit.
 *
 * Each tool is a `main(io)` that returns its exit code: the script runs it as the process
 * (`runAsProcess`), and tests run the very same function in-process with their own arguments,
 * environment and output buffers (no process start, no tsx compile per case).
 */
import { realpathSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Config, ConfigPurpose } from '../app/config.ts';
import { loadEnv } from '../app/env.ts';
import { configOrExit as configOrExitAt, knowledgeOrExit as loadCheckedOrExit, type StartupOut } from '../app/startup.ts';
import type { loadKnowledge } from '../core/knowledge/load.ts';
import type { Knowledge } from '../core/knowledge/types.ts';
import type { GlossaryStore } from '../store/glossary.ts';

/** A tool's world: its arguments (after the script name), environment, and standard streams. */
export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdin: Readable;
  stdout: Pick<Writable, 'write'>;
  stderr: Pick<Writable, 'write'>;
  /**
   * Loads the knowledge of a folder (undefined: the shipped one). Default: `loadKnowledge`. Tests that
   * run many tools in one process pass a cached loader; the checks are the same.
   */
  loadKnowledge?: typeof loadKnowledge;
}

/** Ends a tool early with an exit code: the in-process form of `process.exit(code)`. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}

/** Writes one line to standard output / standard error. */
export const say = (io: CliIo, line: string) => void io.stdout.write(`${line}\n`);
export const complain = (io: CliIo, line: string) => void io.stderr.write(`${line}\n`);

/** The process's own arguments, environment (with `.env`) and streams. */
export function processIo(): CliIo {
  // Output piped into a reader that stops early (`| head`): stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  return { argv: process.argv.slice(2), env: loadEnv(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Whether the module at `moduleUrl` is the script node was started with (not imported by a test). */
export function isEntry(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** A tool: reads `io`, returns its exit code (or throws CliExit). */
export type CliMain = (io: CliIo) => Promise<number>;

/** Runs a tool in this process and returns its exit code. */
export async function runCli(main: CliMain, io: CliIo): Promise<number> {
  try {
    return await main(io);
  } catch (err) {
    if (err instanceof CliExit) return err.code;
    throw err;
  }
}

/** Runs a tool as this process, when its module is the script node started: its exit code becomes the process's. */
export async function runAsProcess(moduleUrl: string, main: CliMain): Promise<void> {
  if (isEntry(moduleUrl)) process.exitCode = await runCli(main, processIo());
}

/** How start-up problems reach a tool's standard error, and end it (src/app/startup.ts is the one start-up). */
function startupOut(io: CliIo): StartupOut {
  return {
    error: (line) => complain(io, line),
    exit: (code) => {
      throw new CliExit(code);
    },
  };
}

/** The settings from `io.env`, or every problem on standard error and exit 1. */
export function configOrExit(io: CliIo, purpose: ConfigPurpose = 'run'): Config {
  return configOrExitAt(purpose, io.env, startupOut(io));
}

/** The shipped knowledge (KNOWLEDGE_DIR through the config, or knowledge/), or the checker's list and exit 1. */
export async function knowledgeOrExit(io: CliIo): Promise<Knowledge> {
  return loadCheckedOrExit(configOrExit(io).knowledgeDir, 'termbot cannot answer', startupOut(io), io.loadKnowledge);
}

/** Opens the database of DATA_DIR / DATABASE_URL (loaded only when a tool needs it). */
export async function storeOrExit(io: CliIo, knowledge: Knowledge): Promise<GlossaryStore> {
  const { openStore } = await import('../store/open.ts');
  return openStore(configOrExit(io), knowledge, undefined, startupOut(io));
}

/** The value after `--name`, and the arguments without that pair. */
export function takeOption(args: string[], name: string): { value?: string; rest: string[] } {
  const i = args.indexOf(name);
  if (i < 0) return { rest: args };
  const value = args[i + 1];
  return { ...(value !== undefined ? { value } : {}), rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}

/** A server id for `--guild`: a Discord id. */
export { DISCORD_ID as GUILD_ID } from '../discord/limits.ts';

/** The complaint for a `--guild` value that is no server id. */
export const notServerId = (value: string) => `--guild: "${value}" is not a server id (17 to 20 digits)`;
