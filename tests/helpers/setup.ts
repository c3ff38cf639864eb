/**
 * Runs before every test file. vitest turns `process.exit` into a thrown error only while a worker
 * runs its first files; with `isolate: false` the worker keeps running later files with the real one
 * back in place, so code under test that called it would end the whole worker ("Worker exited
 * unexpectedly") and lose every test after it. Here it stays an error in the test that called it.
 */
process.exit = ((code?: number | string | null) => {
  throw new Error(`process.exit unexpectedly called with "${code ?? process.exitCode ?? 0}"`);
}) as typeof process.exit;
