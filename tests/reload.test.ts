/**
 * Reloading the shipped knowledge (SIGHUP, /glossary reload): checked first as check:knowledge
 * checks it; good knowledge is swapped in, broken knowledge is refused with its problems and the old
 * one stays. Uses a copy of the knowledge folder in a temporary folder.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createReloader } from '../src/app/reload.ts';
import type { Termbot } from '../src/core/termbot.ts';
import { captureLogger } from './discord/fakes.ts';
import { BROKEN_TERM, copyKnowledge, NEW_TERM } from './helpers/knowledge-copy.ts';

describe('reloading the shipped knowledge', () => {
  const folder = copyKnowledge();
  afterAll(() => folder.drop());

  it('swaps in checked knowledge; refuses broken knowledge, keeping the old, and logs the problems', async () => {
    const log = captureLogger('info');
    const applied: Termbot[] = [];
    const reload = createReloader({ dir: folder.dir, logger: log.logger, apply: (t) => void applied.push(t) });

    folder.write(NEW_TERM);
    // Two reloads asked at once share one run.
    const [first, second] = await Promise.all([reload(), reload()]);
    expect(first).toEqual(second);
    expect(first.ok).toBe(true);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.define('zorblax').terms[0]?.name).toBe(NEW_TERM.name);
    const done = log.lines().find((l) => l.msg === 'knowledge reloaded');
    expect(done?.entries).toBe(first.ok ? first.entries : -1);

    folder.write(BROKEN_TERM);
    const refused = await reload();
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems.some((p) => p.file === BROKEN_TERM.file && p.field === 'area')).toBe(true);
    expect(applied).toHaveLength(1);
    const line = log.lines().find((l) => typeof l.msg === 'string' && l.msg.startsWith('knowledge not reloaded'));
    expect(line?.level).toBe(50);
    expect(String((line?.problems as string[])[0])).toContain(BROKEN_TERM.file);
  });
});
