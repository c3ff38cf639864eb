/**
 * The real process entry (src/main.ts): the console fallback and the refusal to start on bad input.
 * Real processes (the entry's own wiring is what is tested), started side by side: each spends its
 * time starting node and tsx, and none depends on another.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = (env: Record<string, string>, input = '') =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // Bounded as the old spawnSync was: a start-up that hangs is killed, not left running past the test.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, DISCORD_TOKEN: '', ...env }, timeout: 30_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });

describe.concurrent('npm start', () => {
  it('without a token says so in one line and answers in the console chat', async () => {
    const r = await run({}, 'what is a hashtag?\n');
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['No DISCORD_TOKEN set: starting the local console chat instead (see README to connect to Discord).']);
    expect(r.stdout).toMatch(/HASHTAG/);
  });
  it('refuses to start on invalid knowledge and prints the checker’s list', async () => {
    const r = await run({ KNOWLEDGE_DIR: fileURLToPath(new URL('./fixtures/broken', import.meta.url)) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/terms\/bad-fields\.md: area: must be one of/);
    expect(r.stderr).toMatch(/will not start: the knowledge has \d+ problem/);
  });
  it('lists every configuration problem at once', async () => {
    const r = await run({ DISCORD_GUILD_ID: 'nope', LOG_LEVEL: 'loud' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/2 problem\(s\)[\s\S]*DISCORD_GUILD_ID[\s\S]*LOG_LEVEL/);
  });
});
