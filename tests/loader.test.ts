/**
 * The knowledge loader never hangs, crashes or reads gigabytes: special files are reported by name.
 * Fixtures are built in a temporary folder (FIFOs, device links and loops cannot live in git).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeOrExit } from '../src/app/startup.ts';
import { checkKnowledgeMain } from '../src/cli/check-knowledge.ts';
import { compileKnowledge, formatProblem, printable } from '../src/core/knowledge/compile.ts';
import { loadKnowledge, MAX_FILE_BYTES } from '../src/core/knowledge/load.ts';
import { runTool } from './helpers/cli.ts';
import { entryText, SOURCES_YML, term } from './helpers/fixture.ts';

let base: string;

/** A valid knowledge folder with one entry. */
function validFolder(name: string): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'terms'), { recursive: true });
  writeFileSync(join(dir, 'sources.yml'), SOURCES_YML);
  const t = term('good-term', 'Good term');
  writeFileSync(join(dir, t.file), entryText(t.data));
  return dir;
}

/** `npm run check:knowledge`, in-process (tests/helpers/cli.ts). */
const checkKnowledge = (env: Record<string, string>, args: string[] = []) => runTool(checkKnowledgeMain, args, { env });

/**
 * What `npm start` does with the knowledge folder before anything else: src/main.ts calls this very
 * start-up (src/app/startup.ts) with KNOWLEDGE_DIR; tests/process.test.ts runs the real process on a
 * broken folder. Returns the exit code and standard error.
 */
async function startUp(dir: string): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  class Exit {
    constructor(readonly code: number) {}
  }
  const out = {
    error: (line: string) => void (stderr += `${line}\n`),
    exit: (code: number): never => {
      throw new Exit(code);
    },
  };
  try {
    await knowledgeOrExit(dir, 'termbot will not start', out);
    return { status: 0, stderr };
  } catch (err) {
    if (err instanceof Exit) return { status: err.code, stderr };
    throw err;
  }
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'termbot-loader-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('special files in the knowledge folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = validFolder('special');
    const t = (name: string) => join(dir, 'terms', name);
    mkdirSync(t('folder.md'));
    symlinkSync('loop-a.md', t('loop-b.md'));
    symlinkSync('loop-b.md', t('loop-a.md'));
    symlinkSync('self.md', t('self.md'));
    symlinkSync('/dev/zero', t('zero.md'));
    symlinkSync('/dev/urandom', t('urandom.md'));
    expect(spawnSync('mkfifo', [t('fifo.md')]).status).toBe(0);
    writeFileSync(join(base, 'outside.md'), entryText(term('outside', 'Outside').data));
    symlinkSync(join(base, 'outside.md'), t('outside.md'));
    symlinkSync('../../outside.md', t('outside-relative.md'));
    symlinkSync('nowhere.md', t('dangling.md'));
    writeFileSync(t('huge.md'), `---\nkind: term\n---\n${'x'.repeat(MAX_FILE_BYTES + 10)}`);
    // A link to a regular file inside the folder is fine.
    symlinkSync('good-term.md', t('alias-link.md'));
  });

  it('reports each one by name and still loads the regular files', async () => {
    const { knowledge, problems } = await loadKnowledge(dir);
    const about = (name: string) => problems.filter((p) => p.file === `terms/${name}`).map((p) => p.message);
    expect(about('folder.md')).toEqual([expect.stringMatching(/is a folder, not a regular file/)]);
    expect(about('loop-a.md')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(about('loop-b.md')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(about('self.md')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(about('zero.md')).toEqual([expect.stringMatching(/leaves the knowledge folder/)]);
    expect(about('urandom.md')).toEqual([expect.stringMatching(/leaves the knowledge folder/)]);
    expect(about('fifo.md')).toEqual([expect.stringMatching(/named pipe \(FIFO\), not a regular file/)]);
    expect(about('outside.md')).toEqual([expect.stringMatching(/leaves the knowledge folder/)]);
    expect(about('outside-relative.md')).toEqual([expect.stringMatching(/leaves the knowledge folder/)]);
    expect(about('dangling.md')).toEqual([expect.stringMatching(/link to nothing/)]);
    expect(about('huge.md')).toEqual([expect.stringMatching(/bytes; a knowledge file may be at most 262,144/)]);
    // The link inside the folder is read (its id, alias-link, duplicates nothing).
    expect(knowledge.entries.map((e) => e.id).sort()).toEqual(['alias-link', 'good-term']);
  });

  it('reports a device reached inside the folder as a device', async () => {
    const d = validFolder('device');
    // A folder that is itself a link (as a deployment's volume might be) is followed; a device in it is still refused.
    symlinkSync('/dev', join(d, 'devices'));
    symlinkSync('../devices/zero', join(d, 'terms', 'zero.md'));
    const { problems } = await loadKnowledge(d);
    expect(problems.filter((p) => p.file === 'terms/zero.md').map((p) => p.message)).toEqual([expect.stringMatching(/leaves the knowledge folder|is a device/)]);
  });

  it('check:knowledge finishes and lists them (no hang on the FIFO, no GB read)', async () => {
    const r = await checkKnowledge({}, [dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/terms\/fifo\.md: file: is a named pipe/);
    expect(r.stdout).toMatch(/terms\/zero\.md: file: is a symbolic link that leaves the knowledge folder/);
  });

  it("npm start's start-up (src/app/startup.ts) refuses it with the same list", async () => {
    const r = await startUp(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/terms\/folder\.md: file: is a folder/);
    expect(r.stderr).toMatch(/will not start: the knowledge has \d+ problem/);
  });
});

describe('a missing or empty glossary', () => {
  it('is an error: a missing folder', async () => {
    const { problems } = await loadKnowledge(join(base, 'nonexistent'));
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/nonexistent: knowledge folder: does not exist/)]);
  });
  it('is an error: a folder with no entries', async () => {
    const d = join(base, 'empty');
    mkdirSync(join(d, 'terms'), { recursive: true });
    writeFileSync(join(d, 'sources.yml'), SOURCES_YML);
    const { problems } = await loadKnowledge(d);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/has no entries/)]);
  });
  it('is an error: a file where the folder should be, and a missing sources.yml', async () => {
    const f = join(base, 'a-file');
    writeFileSync(f, 'x');
    expect((await loadKnowledge(f)).problems.map((p) => p.message)).toEqual([expect.stringMatching(/is not a folder/)]);
    const d = validFolder('no-sources');
    rmSync(join(d, 'sources.yml'));
    const { problems } = await loadKnowledge(d);
    expect(problems.map(formatProblem)).toEqual(['sources.yml: file: is missing: every fact cites a source listed there']);
  });
  it("check:knowledge and npm start's start-up refuse KNOWLEDGE_DIR=/nonexistent", async () => {
    const check = await checkKnowledge({ KNOWLEDGE_DIR: '/nonexistent' });
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/\/nonexistent: knowledge folder: does not exist/);
    expect(check.stdout).toMatch(/0 entries .* 1 problems/);
    const start = await startUp('/nonexistent');
    expect(start.status).toBe(1);
    expect(start.stderr).toMatch(/does not exist[\s\S]*will not start/);
  });
});

describe('checker output', () => {
  it('prints file names with ANSI escapes, newlines and right-to-left marks escaped', async () => {
    const d = validFolder('odd-names');
    const name = 'bad\u001b[31mred\nline\u202egnp.md';
    writeFileSync(join(d, 'terms', name), 'no front matter');
    const r = await checkKnowledge({}, [d]);
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(r.stdout).toContain('terms/bad\\e[31mred\\nline\\u202egnp.md: ');
    expect(r.stdout.trim().split('\n').filter((l) => l.includes('bad\\e'))).toHaveLength(2);
    expect(printable('a\tb\u2066c\u0085d')).toBe('a\\tb\\u2066c\\u0085d');
  });

  it('reports a broken sources.yml once, as sources.yml, with no unknown-source lines after it', () => {
    const entries = Array.from({ length: 30 }, (_, i) => {
      const t = term(`t${i}`, `Term ${i}`, { sources: ['alpha', 'beta'] }, ['A fact. [alpha]', 'Another. [beta, editorial]']);
      return { file: t.file, text: entryText(t.data, t.facts) };
    });
    for (const text of ['- id: alpha\n  label: [unclosed\n', '- id: alpha\n  label: A\n  title: T\n  author: X\n  colour: red\n', 'not: a list\n']) {
      const { problems } = compileKnowledge({ entries, sources: { file: 'sources.yml', text } });
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.file === 'sources.yml'), problems.map(formatProblem).join('\n')).toBe(true);
      expect(problems.some((p) => /front matter/.test(p.field))).toBe(false);
    }
    const { problems } = compileKnowledge({ entries, sources: { file: 'sources.yml', text: '- id: alpha\n  label: [unclosed\n' } });
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^sources\.yml: line \d+: is not valid YAML/)]);
  });
});
