/** Builds small knowledge bases in memory for tests: entries as front matter objects plus facts. */
import { stringify } from 'yaml';
import { compileKnowledge, type Compiled } from '../../src/core/knowledge/compile.ts';
import { createTermbot, type Termbot } from '../../src/core/termbot.ts';

export const SOURCES_YML = `
- id: alpha
  label: Alpha
  title: The Alpha article
  author: A. Author
- id: beta
  label: Beta
  title: The Beta article
  author: B. Author
- id: editorial
  label: termbot editors
  title: termbot glossary notes
  author: The termbot editors
`;

export interface FixtureEntry {
  file: string;
  data: Record<string, unknown>;
  facts?: string[];
}

export function entryText(data: Record<string, unknown>, facts: string[] = []): string {
  return `---\n${stringify(data)}---\n${facts.map((f) => `- ${f}`).join('\n')}\n`;
}

export function term(id: string, name: string, extra: Record<string, unknown> = {}, facts: string[] = []): FixtureEntry {
  return {
    file: `terms/${id}.md`,
    data: { kind: 'term', name, summary: `${name} in short.`, area: 'basics', definition: `${name} is a test term.`, sources: ['editorial'], ...extra },
    facts,
  };
}

export function platform(id: string, name: string, label: string, extra: Record<string, unknown> = {}): FixtureEntry {
  return {
    file: `platforms/${id}.md`,
    data: {
      kind: 'platform',
      name,
      summary: `${name} in short.`,
      area: 'platforms',
      definition: `${name} is a test platform.`,
      sources: ['editorial'],
      classification: { label, summary: `Usually ${label}.`, views: [{ source: 'editorial', label, stance: 'says', why: 'Because.' }] },
      ...extra,
    },
  };
}

export function compile(entries: FixtureEntry[], ambiguous = '[]'): Compiled {
  return compileKnowledge({
    entries: entries.map((e) => ({ file: e.file, text: entryText(e.data, e.facts) })),
    sources: { file: 'sources.yml', text: SOURCES_YML },
    ambiguous: { file: 'ambiguous.yml', text: ambiguous },
  });
}

export function botFrom(entries: FixtureEntry[], ambiguous = '[]'): Termbot {
  const { knowledge, problems } = compile(entries, ambiguous);
  if (problems.length) throw new Error(`fixture has problems:\n${problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('\n')}`);
  return createTermbot(knowledge);
}
