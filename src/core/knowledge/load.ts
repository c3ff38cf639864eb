/** Reads the knowledge folder (the only I/O in the core) and compiles it. */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKnowledge, type CompileOptions, type Compiled } from './compile.ts';

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../knowledge', import.meta.url));
const ENTRY_FOLDERS = ['terms', 'platforms', 'comparisons'];

export async function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR, options: CompileOptions = {}): Promise<Compiled> {
  const entries: { file: string; text: string }[] = [];
  for (const folder of ENTRY_FOLDERS) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    for (const name of (await readdir(path)).sort()) {
      if (!name.endsWith('.md')) continue;
      const full = join(path, name);
      entries.push({ file: relative(dir, full).split(sep).join('/'), text: await readFile(full, 'utf8') });
    }
  }
  const read = async (name: string) => ({ file: name, text: existsSync(join(dir, name)) ? await readFile(join(dir, name), 'utf8') : '' });
  const sources = await read('sources.yml');
  const ambiguous = await read('ambiguous.yml');
  // How questions are phrased: examples and word lists, checked with the rest (see understanding/README.md).
  const phrasings: { file: string; text: string }[] = [];
  const understanding = join(dir, 'understanding');
  if (existsSync(understanding)) {
    for (const name of (await readdir(understanding)).sort()) {
      if (name.endsWith('.txt')) phrasings.push({ file: `understanding/${name}`, text: await readFile(join(understanding, name), 'utf8') });
    }
  }
  return compileKnowledge({ entries, sources, ambiguous, phrasings }, options);
}
