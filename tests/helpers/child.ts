/** Waiting on a child process's log, for the tests that start the real `npm start` process. */
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once the child's stderr (as `read()` returns it so far), after the first `from`
 * characters, contains `text`; rejects with the log if the child exits first. No clock of its own:
 * vitest's testTimeout bounds it.
 */
export function stderrIncludes(child: ChildProcess, read: () => string, text: string, from = 0): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!read().slice(from).includes(text)) return;
      child.stderr?.off('data', check);
      child.off('exit', exited);
      resolve();
    };
    const exited = (code: number | null) => reject(new Error(`termbot exited (${code}) before logging "${text}":\n${read()}`));
    child.stderr?.on('data', check);
    child.once('exit', exited);
    check();
  });
}
