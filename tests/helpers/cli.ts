/**
 * Runs a command-line tool (its exported main, see src/cli/common.ts) in this process, with its own
 * arguments, environment and standard input, and returns what a spawned process would give back:
 * the exit code and everything written to standard output and standard error.
 *
 * Starting `node --import tsx src/cli/x.ts` costs 1 to 3 s of CPU (tsx, compiling, loading the
 * knowledge); in-process a case costs milliseconds. Keep ONE real-process test per tool family (the
 * script wiring: argv, exit code, streams); check behaviour in-process.
 */
import { Readable } from 'node:stream';
import { runCli, type CliMain } from '../../src/cli/common.ts';
import { cachedLoadKnowledge } from './shipped.ts';

export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  /** The whole environment the tool sees (nothing of this process's environment leaks in). */
  env?: Record<string, string | undefined>;
  /** Standard input (empty by default). */
  input?: string;
}

export async function runTool(main: CliMain, argv: string[], options: ToolOptions = {}): Promise<ToolRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(main, {
    argv,
    env: { LOG_LEVEL: 'silent', ...options.env },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += String(chunk)), true) },
    stderr: { write: (chunk: string | Uint8Array) => ((stderr += String(chunk)), true) },
    loadKnowledge: cachedLoadKnowledge,
  });
  return { status, stdout, stderr };
}
