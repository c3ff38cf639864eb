import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The one clock of the suite: tests wait on events (a request, a log line, a process exit), and
    // this bounds a test that never sees its event. Generous, so a busy machine never fails a test;
    // speed is measured by `npm run bench`, never by timed tests.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every core, not vitest's default of one fewer: on a 2-core machine that default is ONE worker, so
    // files ran one after another while several of them mostly wait on child processes and sockets.
    maxWorkers: availableParallelism(),
    // Test files that run in one worker share its modules (discord.js, the knowledge pipeline, ...) and
    // the shipped knowledge cached in tests/helpers/shipped.ts, instead of importing and loading them
    // again for every file: about half the suite's CPU time. Safe because no test mocks a module or
    // changes shared state (the cached knowledge is frozen; vi.spyOn is restored after each test).
    // Forks (vitest's default pool), not threads: threads measured no faster.
    isolate: false,
    setupFiles: ['./tests/helpers/setup.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
