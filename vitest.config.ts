import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The one clock of the suite: tests wait on events (a request, a log line, a process exit), and
    // this bounds a test that never sees its event. Generous, so a busy machine never fails a test;
    // speed is measured by `npm run bench`, never by timed tests.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
