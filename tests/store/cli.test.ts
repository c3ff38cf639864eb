/**
 * From a shell: `npm run glossary -- import/export --guild ID` and `npm run ask -- --guild ID`, on the
 * database that DATA_DIR / DATABASE_URL name (SQLite, and Postgres when TEST_DATABASE_URL is set).
 * The tools run in-process (their main, with their own argv and environment: tests/helpers/cli.ts);
 * one test at the end runs `glossary import` as a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromBundle } from '../../src/core/glossary/bundle.ts';
import { askMain } from '../../src/cli/ask.ts';
import { glossaryMain } from '../../src/cli/glossary.ts';
import { runTool } from '../helpers/cli.ts';
import { backends, sqliteBackend, type TestDatabase } from '../helpers/databases.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const G = '888888888888888888';
const G2 = '777777777777777777';

const term = (name: string, extra = '') => `---
kind: term
name: ${name}
area: content
summary: ${name} is a house term here.
definition: ${name} is a house term of this community.
sources: [server]
${extra}---
- We say ${name} in every planning meeting. [server]
`;

describe.each(backends)('glossary and ask from a shell ($name)', (backend) => {
  let tdb: TestDatabase;
  let dir: string;
  const run = (script: 'glossary' | 'ask', args: string[]) => runTool(script === 'glossary' ? glossaryMain : askMain, args, { env: tdb.env });

  beforeAll(async () => {
    tdb = await backend.create();
    dir = mkdtempSync(join(tmpdir(), 'termbot-cli-'));
    mkdirSync(join(dir, 'good', 'terms'), { recursive: true });
    writeFileSync(join(dir, 'good', 'terms', 'launch-week.md'), term('Launch Week', 'aliases: [LW]\nrelated: [launch-party, reach]\n'));
    writeFileSync(join(dir, 'good', 'terms', 'launch-party.md'), term('Launch Party'));
    mkdirSync(join(dir, 'bad', 'terms'), { recursive: true });
    writeFileSync(join(dir, 'bad', 'terms', 'fine.md'), term('Fine Term'));
    writeFileSync(join(dir, 'bad', 'terms', 'broken.md'), term('Broken', 'related: [nowhere]\n'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await tdb?.drop();
  });

  it('imports a folder, answers with it in that server only, and exports it back', async () => {
    const imported = await run('glossary', ['import', '--guild', G, join(dir, 'good')]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/imported into server 888888888888888888: 2 added, 0 updated, 0 unchanged/);

    const asked = await run('ask', ['--guild', G, 'what is LW?']);
    expect(asked.status).toBe(0);
    expect(asked.stdout).toMatch(/^LAUNCH WEEK/);
    expect(asked.stdout).toMatch(/From this server's glossary, added by an admin \(imported from the command line\) on \d{4}-\d\d-\d\d\./);
    expect((await run('ask', ['what is LW?'])).stdout).not.toMatch(/LAUNCH WEEK/);

    const out = join(dir, 'out');
    const exported = await run('glossary', ['export', '--guild', G, out]);
    expect(exported.stdout).toMatch(/exported 2 entries/);
    expect(readdirSync(join(out, 'terms')).sort()).toEqual(['launch-party.md', 'launch-week.md']);
    expect(readFileSync(join(out, 'terms', 'launch-party.md'), 'utf8')).toBe(term('Launch Party').replace('area: content\n', 'area: content\n'));

    // One file, as /glossary export attaches it, imports into another server.
    const file = join(dir, 'glossary.md');
    expect((await run('glossary', ['export', '--guild', G, file])).stdout).toMatch(/exported 2 entries of server 888888888888888888 to .*glossary\.md/);
    expect(fromBundle(readFileSync(file, 'utf8'), 'glossary.md').files.map((f) => f.file)).toEqual(['terms/launch-party.md', 'terms/launch-week.md']);
    const copied = await run('glossary', ['import', '--guild', G2, file]);
    expect(copied.stderr).toBe('');
    expect(copied.stdout).toMatch(/imported into server 777777777777777777: 2 added, 0 updated, 0 unchanged/);
  });

  it('imports all or nothing, listing every problem', async () => {
    const r = await run('glossary', ['import', '--guild', G, join(dir, 'bad')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/terms\/broken\.md: related\[0\]: links to missing entry "nowhere"/);
    expect(r.stderr).toMatch(/1 problem\(s\): nothing was imported\./);
    expect((await run('ask', ['--guild', G, 'what is fine term?'])).stdout).not.toMatch(/^FINE TERM/);
    const usage = await run('glossary', ['import', '--guild', 'nope', 'x']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/not a server id/);
  });
});

describe('glossary import as a real process (SQLite)', () => {
  it('exits 0 with its line on standard output, and the entries are in the database', async () => {
    const tdb = await sqliteBackend.create();
    const dir = mkdtempSync(join(tmpdir(), 'termbot-cli-'));
    try {
      mkdirSync(join(dir, 'terms'), { recursive: true });
      writeFileSync(join(dir, 'terms', 'launch-week.md'), term('Launch Week', 'aliases: [LW]\n'));
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/glossary.ts', 'import', '--guild', G, dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', DISCORD_TOKEN: '', ...tdb.env } }, (_err, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`imported into server ${G}: 1 added, 0 updated, 0 unchanged\n`);
      expect(r.code).toBe(0);
      expect((await runTool(askMain, ['--guild', G, 'what is LW?'], { env: tdb.env })).stdout).toMatch(/^LAUNCH WEEK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await tdb.drop();
    }
  });
});
