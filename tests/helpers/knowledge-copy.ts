/** A writable copy of the shipped knowledge folder in a temporary folder, for reload tests, with a new entry and a broken one to drop in. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/core/knowledge/load.ts';

/** A new term no shipped entry names: what a reload should make answerable. */
export const NEW_TERM = {
  file: 'terms/zorblax-funnel.md',
  name: 'Zorblax funnel',
  text: `---
kind: term
name: Zorblax funnel
aliases: [zorblax]
area: strategy
summary: "A made-up funnel used only to test reloading the knowledge."
definition: A made-up marketing funnel that exists only so the tests can tell the reloaded knowledge from the old one.
sources: [editorial]
---
- It has three made-up stages, none of which a real team uses. [editorial]
`,
};

/** A file the checker refuses (an area that does not exist). */
export const BROKEN_TERM = {
  file: 'terms/broken-reload.md',
  text: `---
kind: term
name: Broken reload
area: nowhere
summary: "Refused."
definition: An entry in an area that does not exist.
sources: [editorial]
---
- Refused by the checker. [editorial]
`,
};

export function copyKnowledge(): { dir: string; write(file: { file: string; text: string }): void; remove(file: { file: string }): void; drop(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'termbot-knowledge-')), 'knowledge');
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  return {
    dir,
    write: (f) => writeFileSync(join(dir, f.file), f.text),
    remove: (f) => rmSync(join(dir, f.file), { force: true }),
    drop: () => rmSync(join(dir, '..'), { recursive: true, force: true }),
  };
}
