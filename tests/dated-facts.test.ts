import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/adapters/text.ts';
import { asOfWords, monthsSince, parseAsOf } from '../src/core/knowledge/dates.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { parseFacts } from '../src/core/knowledge/parse.ts';
import { staleFacts, staleMonthsSetting } from '../src/core/knowledge/stale.ts';
import { readConfig } from '../src/app/config.ts';
import { checkKnowledgeMain } from '../src/cli/check-knowledge.ts';
import { factText } from '../src/core/present.ts';
import { runTool } from './helpers/cli.ts';
import { botFrom, term } from './helpers/fixture.ts';

const BROKEN = fileURLToPath(new URL('./fixtures/broken', import.meta.url));
const NOW = new Date('2026-11-30T12:00:00Z');

describe('dated facts in citations', () => {
  it('reads "as of YYYY" and "as of YYYY-MM" after the sources', () => {
    const r = parseFacts('f.md', '- Owned by someone. [editorial; as of 2026-01]\n- Renamed. [alpha, editorial ; As of 2025]\n- Plain. [alpha]\n', 5);
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual([
      { text: 'Owned by someone.', sources: ['editorial'], asOf: '2026-01' },
      { text: 'Renamed.', sources: ['alpha', 'editorial'], asOf: '2025' },
      { text: 'Plain.', sources: ['alpha'] },
    ]);
  });

  it('validates the date', () => {
    expect(parseAsOf('as of 2026-13')).toHaveProperty('error');
    expect(parseAsOf('as of March 2026')).toHaveProperty('error');
    expect(parseAsOf('2026')).toHaveProperty('error');
    expect(parseAsOf(' as of 2026-1')).toHaveProperty('error');
    expect(parseAsOf('as of 2026-01')).toEqual({ value: '2026-01' });
  });

  it('counts age in months, a year-only date from its December', () => {
    expect(monthsSince('2026-01', NOW)).toBe(10);
    expect(monthsSince('2025', NOW)).toBe(11);
    expect(monthsSince('2024', NOW)).toBe(23);
    expect(asOfWords('2026')).toBe('as of 2026');
    expect(asOfWords('2025-03')).toBe('as of March 2025');
  });

  it('carries the date in the reply model and shows it in answers', () => {
    const bot = botFrom([term('tt', 'Tiktokish', {}, ['Run by a joint venture. [editorial; as of 2026-01]', 'Undated. [editorial]'])]);
    const reply = bot.define('tiktokish').reply;
    expect(reply?.kind).toBe('definition');
    if (reply?.kind !== 'definition') return;
    expect(reply.details[0]).toMatchObject({ asOf: '2026-01' });
    expect(reply.details[1]?.asOf).toBeUndefined();
    expect(factText(reply.details[0]!)).toBe('Run by a joint venture. (as of January 2026)');
    expect(renderText(reply)).toContain('Run by a joint venture. (as of January 2026)');
  });
});

describe('the checker on dated facts (broken fixture)', async () => {
  const { knowledge, problems } = await loadKnowledge(BROKEN, { now: NOW });
  const file = 'terms/dated-facts.md';

  it('reports impossible, wordy and future dates as problems', () => {
    const mine = problems.filter((p) => p.file === file).map((p) => `${p.field}: ${p.message}`);
    expect(mine).toEqual([
      expect.stringMatching(/^body, fact 3 \(line \d+\): citation date: .*no such month/),
      expect.stringMatching(/^body, fact 4 \(line \d+\): citation date: .*must be a date like "as of 2026"/),
      expect.stringMatching(/^body, fact 5: is dated "as of 2099", which is in the future/),
    ]);
  });

  it('lists facts older than the age limit as warnings, oldest first', () => {
    const stale = staleFacts(knowledge, NOW, 12).filter((s) => s.file === file);
    expect(stale.map((s) => [s.field, s.asOf, s.months])).toEqual([
      ['body, fact 1', '2019-03', 92],
      ['body, fact 6', '2023', 35],
    ]);
    expect(stale[0]?.message).toMatch(/92 months ago \(more than 12\): check it is still true/);
    // A stricter age catches more; a laxer one fewer.
    expect(staleFacts(knowledge, NOW, 100).filter((s) => s.file === file)).toEqual([]);
    // A year-only date counts from its December: "as of 2026" is not stale in 2026 even at age 0.
    expect(staleFacts(knowledge, NOW, 0).filter((s) => s.file === file).map((s) => s.asOf)).toEqual(['2019-03', '2023']);
    expect(staleFacts(knowledge, new Date('2028-01-15T00:00:00Z'), 12).filter((s) => s.file === file).map((s) => s.asOf)).toEqual(['2019-03', '2023', '2026']);
  });

  it('takes the age from --max-age=N or STALE_AFTER_MONTHS (through the config), 12 by default', () => {
    expect(staleMonthsSetting([])).toBe(12);
    expect(staleMonthsSetting(['--max-age=6'], 30)).toBe(6);
    expect(staleMonthsSetting([], readConfig({ STALE_AFTER_MONTHS: '30' }).staleAfterMonths)).toBe(30);
    expect(readConfig({}).staleAfterMonths).toBe(12);
    expect(() => readConfig({ STALE_AFTER_MONTHS: '0x10' })).toThrow(/STALE_AFTER_MONTHS: must be a whole number of months/);
    for (const bad of ['soon', '0x10', '1e1', '-1', '601']) expect(staleMonthsSetting([`--max-age=${bad}`])).toHaveProperty('error');
  });

  it('npm run check:knowledge -- --stale lists them for editors; a normal run shows them as warnings', async () => {
    const run = (...args: string[]) => runTool(checkKnowledgeMain, args, { env: { KNOWLEDGE_DIR: BROKEN } });
    const stale = await run('--stale', '--max-age=24');
    expect(stale.status).toBe(0);
    expect(stale.stdout).toMatch(/^terms\/dated-facts\.md: body, fact 1: as of 2019-03 \(\d+ months\): Checked long ago, so it is stale now\.$/m);
    expect(stale.stdout).toMatch(/^\d+ dated fact\(s\) older than 24 months$/m);
    const normal = await run();
    expect(normal.status).toBe(1);
    expect(normal.stdout).toMatch(/^warning: terms\/dated-facts\.md: body, fact 1: is dated "as of 2019-03"/m);
    expect(normal.stdout).toMatch(/^\d+ warning\(s\): dated facts older than 12 months/m);
  });
});

describe('the shipped knowledge', async () => {
  it('starts with stale facts: they are warnings, not problems', async () => {
    const { problems } = await loadKnowledge(undefined, { now: new Date('2100-01-01T00:00:00Z') });
    expect(problems.filter((p) => /as of/.test(p.message))).toEqual([]);
  });
});
