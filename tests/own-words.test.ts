/**
 * Knowledge is written in our own words: no run of 8 words from a source article appears in an
 * entry, except the Kaplan and Haenlein definition, which the article itself quotes.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const SEEDS = fileURLToPath(new URL('../../shared/seeds', import.meta.url));
const KNOWLEDGE = fileURLToPath(new URL('../knowledge', import.meta.url));
const N = 8;
const words = (s: string) => s.toLowerCase().replace(/[’']/g, '').split(/[^a-z0-9]+/).filter(Boolean);
const QUOTED = new Set(words('a group of internet applications built on the ideological and technological foundations of web 2.0 and which allow the creation and exchange of user generated content ucg').map((_, i, all) => all.slice(i, i + N).join(' ')));

describe.runIf(existsSync(SEEDS))('own words', () => {
  it(`no entry repeats ${N} words in a row from an article`, () => {
    const grams = new Map<string, string>();
    for (const f of readdirSync(SEEDS).filter((f) => /^\d{3}_.*\.txt$/.test(f))) {
      const w = words(readFileSync(join(SEEDS, f), 'utf8'));
      for (let i = 0; i + N <= w.length; i++) grams.set(w.slice(i, i + N).join(' '), f);
    }
    const copied: string[] = [];
    for (const dir of ['terms', 'platforms', 'comparisons']) {
      for (const f of readdirSync(join(KNOWLEDGE, dir))) {
        const w = words(readFileSync(join(KNOWLEDGE, dir, f), 'utf8'));
        for (let i = 0; i + N <= w.length; i++) {
          const g = w.slice(i, i + N).join(' ');
          if (grams.has(g) && !QUOTED.has(g)) copied.push(`${dir}/${f}: "${g}" (from ${grams.get(g)})`);
        }
      }
    }
    expect(copied).toEqual([]);
  });
});
