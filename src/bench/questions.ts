/** Question sets (shared/examples format): reading them and checking an answer against one line. Used by the tests and the benchmark. */
import { readFileSync, existsSync } from 'node:fs';
import type { JsonAnswer } from '../adapters/console.ts';

export interface Question {
  q: string;
  expect: 'define' | 'compare' | 'classify' | 'none' | 'help';
  terms?: string[];
}

export function readQuestions(path: string): Question[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Why the answer does not meet the question's expectation, or undefined when it does. */
export function mismatch(question: Question, got: JsonAnswer): string | undefined {
  if (got.intent !== question.expect) return `intent ${got.intent}, expected ${question.expect}`;
  if (question.expect === 'none') return got.terms.length === 0 && got.text === '' ? undefined : 'silence must have no terms and no text';
  for (const want of question.terms ?? []) {
    const names = want.split('|').map(norm);
    const ok = got.terms.some((t) => [t.name, ...t.aliases].some((n) => names.includes(norm(n))));
    if (!ok) return `no term matching "${want}" in [${got.terms.map((t) => t.id).join(', ')}]`;
  }
  if (got.text.trim() === '') return 'answer has no text';
  return undefined;
}
