import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { formatProblem, summarize } from '../src/core/knowledge/compile.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { parseEntry, parseFacts } from '../src/core/knowledge/parse.ts';
import { botFrom, compile, entryText, platform, term } from './helpers/fixture.ts';

const BROKEN = fileURLToPath(new URL('./fixtures/broken', import.meta.url));

describe('the knowledge checker on a broken fixture', async () => {
  const { knowledge, problems } = await loadKnowledge(BROKEN);
  const lines = problems.map(formatProblem);
  const has = (file: string, field: string, message: RegExp) =>
    expect(problems.some((p) => p.file === file && p.field === field && message.test(p.message)), `${file} ${field} ${message}\n${lines.join('\n')}`).toBe(true);

  it('names the file and the field of every schema mistake', () => {
    has('terms/bad-fields.md', 'area', /must be one of: basics, .*\(found "cooking"\)/);
    has('terms/bad-fields.md', 'definition', /is \d+ characters; at most 350 fit/);
    has('terms/bad-fields.md', 'colour', /unknown field/);
    has('terms/Bad_Name.md', 'id (file name)', /lowercase letters/);
    has('terms/Bad_Name.md', 'definition', /is missing/);
    has('platforms/good-term.md', 'classification.label', /must be one of/);
    has('platforms/good-term.md', 'classification.views', /needs at least 1/);
    has('comparisons/self-vs-self.md', 'relation', /must be one of: distinct, overlap/);
  });

  it('reports missing front matter and invalid YAML', () => {
    has('terms/no-front-matter.md', 'front matter', /is missing/);
    expect(problems.some((p) => p.file === 'terms/bad-yaml.md' && /front matter/.test(p.field) && /not valid YAML/.test(p.message))).toBe(true);
  });

  it('reports facts without a citation, with their line', () => {
    has('terms/bad-fields.md', 'body, fact 1 (line 11)', /no source citation/);
  });

  it('reports links to missing sources and entries, and duplicate ids', () => {
    // bad-fields also fails its schema; its links are still checked in the same run.
    has('terms/bad-fields.md', 'related[0]', /missing entry "missing-entry"/);
    has('terms/bad-fields.md', 'sources[1]', /unknown source "nowhere"/);
    // The platform and the term share a file name (files are read in path order: platforms first).
    has('terms/good-term.md', 'id (file name)', /already used by platforms\/good-term\.md/);
  });

  it('reports an ambiguous-alias entry that names a missing entry', () => {
    has('ambiguous.yml', '[0].meanings[1]', /missing entry "ghost-entry"/);
  });

  it('prints the summary line in the agreed shape', () => {
    expect(summarize(knowledge, problems)).toMatch(/^\d+ entries \(\d+ terms, \d+ platforms, \d+ comparisons\), \d+ problems$/);
  });
});

describe('cross-entry checks', () => {
  it('refuses an alias claimed by two entries unless ambiguous.yml lists both', () => {
    const entries = [term('aa', 'Alpha term', { aliases: ['XY'] }), term('bb', 'Beta term', { aliases: ['xy'] })];
    const clash = compile(entries).problems;
    expect(clash).toEqual([expect.objectContaining({ file: 'terms/bb.md', field: 'aliases[0]', message: expect.stringMatching(/already claimed by terms\/aa\.md/) })]);
    expect(compile(entries, '- alias: XY\n  meanings: [aa, bb]').problems).toEqual([]);
  });

  it('treats plurals, case and British spelling as the same alias', () => {
    const p = compile([term('aa', 'Optimisations'), term('bb', 'optimization')]).problems;
    expect(p).toHaveLength(1);
    expect(p[0]?.field).toBe('name');
  });

  it('reports unknown sources, self links and a comparison of an entry with itself', () => {
    const p = compile([
      term('aa', 'Alpha term', { sources: ['nowhere'], related: ['aa'] }, ['Fact. [ghost]']),
      { file: 'comparisons/aa-vs-aa.md', data: { kind: 'comparison', name: 'A vs A', summary: 'x', area: 'basics', a: 'aa', b: 'aa', relation: 'distinct', relation_summary: 'x', sources: ['alpha'], dimensions: [{ name: 'd', a: 'x', b: 'y', sources: ['alpha'] }] } },
    ]).problems.map(formatProblem);
    expect(p).toContain('terms/aa.md: sources: cites unknown source "nowhere" (see sources.yml)');
    expect(p).toContain('terms/aa.md: body, fact 1: cites unknown source "ghost" (see sources.yml)');
    expect(p).toContain('terms/aa.md: related[0]: links the entry to itself');
    expect(p).toContain('comparisons/aa-vs-aa.md: b: compares the entry with itself');
  });

  it('flags an entry too long to fit one Discord embed', () => {
    const long = Array.from({ length: 12 }, (_, i) => `${'word '.repeat(90)}${i}. [editorial]`);
    const p = compile([term('aa', 'Long one', { views: [{ source: 'alpha', says: 'v'.repeat(480) }] }, long)]).problems;
    expect(p.some((x) => x.field === '(whole entry)' && /Discord embed/.test(x.message))).toBe(true);
  });

  it('requires a one-sentence summary, the short answer\'s "In short" line', () => {
    const two = compile([term('aa', 'Alpha term', { summary: 'It is one thing. It is also another.' })]).problems;
    expect(two).toEqual([expect.objectContaining({ field: 'summary', message: expect.stringMatching(/more than one sentence/) })]);
    expect(compile([term('aa', 'Alpha term', { summary: 'It is one thing, e.g. this. vs. that' })]).problems).toEqual([expect.objectContaining({ field: 'summary', message: expect.stringMatching(/ends mid-sentence/) })]);
    expect(compile([term('aa', 'Alpha term', { summary: `${'x'.repeat(200)}.` })]).problems).toEqual([expect.objectContaining({ field: 'summary', message: 'is 201 characters; at most 200 fit' })]);
    const { summary: _, ...noSummary } = term('aa', 'Alpha term').data;
    expect(compile([{ file: 'terms/aa.md', data: noSummary }]).problems).toEqual([expect.objectContaining({ field: 'summary', message: 'is missing' })]);
  });

  it('keeps match-only keys out of the shown aliases but still matches them', () => {
    const bot = botFrom([term('aa', 'Social media', { aliases: ['social medium'], match: ['socialmedia'] })]);
    expect(bot.knowledge.byId.get('aa')?.matchKeys).toEqual(['socialmedia']);
    expect(bot.define('socialmedia').reply?.kind).toBe('definition');
  });

  it('accepts a valid platform', () => {
    expect(compile([platform('yt', 'YouTube', 'social-media')]).problems).toEqual([]);
  });
});

describe('parsing', () => {
  it('splits the body into cited facts, joining wrapped lines', () => {
    const r = parseFacts('f.md', '- First fact\n  continues here. [alpha, beta]\n\n- Second. [editorial]\n', 5);
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual([
      { text: 'First fact continues here.', sources: ['alpha', 'beta'] },
      { text: 'Second.', sources: ['editorial'] },
    ]);
  });

  it('takes the id from the file name and keeps aliases as written', () => {
    const r = parseEntry('terms/seo.md', entryText({ kind: 'term', name: 'SEO', summary: 's', aliases: ['search engine optimisation'], area: 'search', definition: 'd', sources: ['editorial'] }));
    expect(r.value).toMatchObject({ id: 'seo', kind: 'term', aliases: ['search engine optimisation'], file: 'terms/seo.md' });
  });
});

describe('the shipped knowledge', async () => {
  const { knowledge, problems } = await loadKnowledge();
  it('has no problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });
  it('has the breadth the glossary promises', () => {
    const kinds = (k: string) => knowledge.entries.filter((e) => e.kind === k).length;
    expect(knowledge.entries.length).toBeGreaterThanOrEqual(150);
    expect(kinds('platform')).toBeGreaterThanOrEqual(15);
    expect(kinds('comparison')).toBeGreaterThanOrEqual(25);
  });
  it('registers the four articles by their seed ids, plus the editors', () => {
    expect([...knowledge.sources.values()].map((s) => s.seed).filter(Boolean)).toEqual([
      '000_636662b30be1e00e',
      '001_d229c884266d1d96',
      '002_d474b275eefa20ca',
      '003_7c0afca7cb17e6a8',
    ]);
    expect(knowledge.sources.has('editorial')).toBe(true);
  });
});

describe('labels', () => {
  it('the part of a name before brackets is a label too, and the checker claims it', () => {
    const p = compile([term('roi', 'ROI (return on investment)'), term('other', 'Other', { aliases: ['roi'] })]).problems;
    expect(p).toEqual([expect.objectContaining({ file: 'terms/roi.md', field: 'name (the part before the brackets)' })]);
  });
  it('refuses an alias that is only a common word', () => {
    const p = compile([term('aa', 'Alpha', { aliases: ['@ vs #'] })]).problems;
    expect(p).toEqual([expect.objectContaining({ field: 'aliases[0]', message: expect.stringMatching(/reads as just "vs"/) })]);
  });
});
