/** The checker catches silent breakage: values YAML cuts or changes, ends mid-sentence, contradictory views. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/core/knowledge/compile.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { parseEntry } from '../src/core/knowledge/parse.ts';
import { compile, platform, term } from './helpers/fixture.ts';
import { shippedKnowledge } from './helpers/shipped.ts';

const BROKEN = fileURLToPath(new URL('./fixtures/broken', import.meta.url));

describe('values YAML reads differently from the line (broken fixture)', async () => {
  const { problems, knowledge } = await loadKnowledge(BROKEN);
  const lines = problems.map(formatProblem);
  const has = (file: string, field: string, message: RegExp) =>
    expect(problems.some((p) => p.file === file && p.field === field && message.test(p.message)), `${file} ${field} ${message}\n${lines.join('\n')}`).toBe(true);

  it('reports an unquoted " #" that turns the rest of a value into a comment, with the line and where it stops', () => {
    has('terms/yaml-comment.md', 'definition', /^on line 6, YAML reads "# sign that tags a post with a topic\." as a comment, so the value stops at "A word or phrase written after a"; put the whole value in double quotes$/);
    has('platforms/cut-why.md', 'classification.views[0].why', /^on line 14, YAML reads "#1 in the list\." as a comment/);
  });

  it('still loads the entry, but the problem keeps the bot from starting', () => {
    expect(knowledge.byId.get('yaml-comment')).toBeDefined();
    expect(problems.length).toBeGreaterThan(0);
  });

  it('reports unquoted values YAML turns into numbers or nothing', () => {
    has('terms/yaml-comment.md', 'aliases[1]', /YAML reads "0x1A" as 26; put it in double quotes/);
    has('terms/yaml-comment.md', 'examples[1]', /YAML reads "1\.50" as 1\.5/);
  });

  it('reports a sentence field that ends mid-sentence', () => {
    has('terms/yaml-comment.md', 'views[0].says', /^on line 10, ends mid-sentence \("Written as if the sentence went on and"\)/);
  });

  it('allows a real comment after a quoted value, and quoted hashes', () => {
    expect(problems.filter((p) => p.file === 'terms/yaml-comment.md' && p.field === 'examples[0]')).toEqual([]);
  });
});

describe('as written, on single entries', () => {
  const entry = (fm: string) => parseEntry('terms/x.md', `---\n${fm}\n---\n- Fact. [alpha]\n`).problems.map((p) => `${p.field}: ${p.message}`);
  const base = 'kind: term\nname: X term\narea: basics\nsources: [alpha]\nsummary: X in short.';

  it('catches the cut in a list item; in a flow list the cut is invalid YAML', () => {
    expect(entry(`${base}\ndefinition: Fine.\nexamples:\n  - use #tags here`)).toEqual([expect.stringMatching(/^examples\[0\]: on line 9, YAML reads "#tags here" as a comment, so the value stops at "use"/)]);
    expect(entry(`${base}\ndefinition: Fine.\naliases: [one, two # three]`)).toEqual([expect.stringMatching(/^front matter, line 7: is not valid YAML/)]);
  });

  it('accepts quoted values, folded text and hashes without a space before them', () => {
    expect(entry(`${base}\ndefinition: "A word after a # sign."\naliases: ["#tag", C#]`)).toEqual([]);
    expect(entry(`${base}\ndefinition: >-\n  A long definition\n  folded over lines.`)).toEqual([]);
  });

  it('handles Windows line endings', () => {
    const r = parseEntry('terms/x.md', `---\r\n${base.replace(/\n/g, '\r\n')}\r\ndefinition: Cut after a # sign.\r\n---\r\n- Fact. [alpha]\r\n`);
    expect(r.problems.map((p) => p.field)).toEqual(['definition']);
  });
});

describe('the shipped hashtag entry', async () => {
  const knowledge = await shippedKnowledge();
  it('keeps its whole definition', () => {
    const e = knowledge.byId.get('hashtag');
    expect(e && 'definition' in e ? e.definition : '').toMatch(/after a # sign that tags a post with a topic, so people can find it/);
  });
});

describe('contradictory relations across entries (broken fixture)', async () => {
  const { problems } = await loadKnowledge(BROKEN);
  const lines = problems.map(formatProblem);
  it('flags a source whose view differs between two comparisons of the same question, and their overall relations', () => {
    expect(lines).toContain(
      'comparisons/media-word-vs-networking-word.md: relation_views[0]: gives Alpha\'s view as "media-word and networking-word are distinct", but comparisons/media-word-vs-network-site.md gives it as "media-word contains network-site" on the same question; record one view',
    );
    expect(lines).toContain(
      'comparisons/media-word-vs-networking-word.md: relation: says "media-word and networking-word are distinct", but comparisons/media-word-vs-network-site.md says "media-word contains network-site" on the same question; give both the same relation',
    );
  });
  it('flags a comparison that calls two entries distinct when one is broader than the other', () => {
    expect(lines).toContain('comparisons/media-word-vs-part-word.md: relation: is "distinct", but terms/part-word.md lists media-word as broader (part of it); make them agree');
  });
});

describe('relation views in the shipped knowledge', async () => {
  const knowledge = await shippedKnowledge();
  it('give one answer to "how do social media and social networking relate?", with the digital marketing explainer’s implicit view', () => {
    const pair = ['social-media-vs-social-networking', 'social-media-vs-online-social-network'].map((id) => knowledge.byId.get(id));
    for (const c of pair) {
      expect(c?.kind).toBe('comparison');
      if (c?.kind !== 'comparison') continue;
      expect(c.relation).toBe('a-contains-b');
      expect(Object.fromEntries(c.relationViews.map((v) => [v.source, v.relation]))).toEqual({
        diksha: 'distinct',
        waywardkind: 'distinct',
        'smsn-explainer': 'a-contains-b',
        'smdm-explainer': 'a-contains-b',
      });
      expect(c.relationViews.find((v) => v.source === 'smdm-explainer')?.says).toMatch(/^Implicitly/);
    }
  });
});

describe('classification labels follow from their views (broken fixture)', async () => {
  const { problems } = await loadKnowledge(BROKEN);
  it('refuses "both" for a one-to-one split', () => {
    expect(problems.map(formatProblem)).toContain(
      'platforms/false-both.md: classification.label: is "both", but no source in views calls it both; sources that each pick one are a "split"',
    );
  });
  it('refuses "split" when the views agree', () => {
    const agreed = { label: 'split', summary: 'Agreed.', views: [{ source: 'alpha', label: 'social-media', stance: 'lists', why: 'Listed.' }] };
    expect(compile([platform('xx', 'X app', 'social-media', { classification: agreed })]).problems.map(formatProblem)).toEqual([
      'platforms/xx.md: classification.label: is "split", but the views agree; use their label',
    ]);
  });
});

describe('sources are named by their label in the text', () => {
  it('reports a source id written in the text, with the file, the fact and the label to use', () => {
    const { problems } = compile([term('x-term', 'X term', {}, ['Examples named: A and B (editorial); C and D. [editorial]'])]);
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^terms\/x-term\.md: body, fact 1: names the source by its id "\(editorial\)" in the text; write its label, "/)]);
  });
});
