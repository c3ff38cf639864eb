/**
 * Question sets through the same function the console's JSON mode uses (`respond` + `toJson`):
 * the shared examples, our own set, and questions generated from every entry of the knowledge.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { respond, toJson } from '../src/adapters/console.ts';
import { isConcept } from '../src/core/knowledge/types.ts';
import { mismatch, readQuestions, type Question } from '../src/bench/questions.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const answer = (q: string) => toJson(bot, q, respond(bot, q, 'channel'));

const shared = readQuestions(fileURLToPath(new URL('../../shared/examples/questions.jsonl', import.meta.url)));
const ours = readQuestions(fileURLToPath(new URL('./questions.jsonl', import.meta.url)));
// Written by an adversarial tester: realistic channel messages, half of which must get silence.
const adversarial = readQuestions(fileURLToPath(new URL('./adversarial.jsonl', import.meta.url)));

function check(set: Question[]) {
  for (const question of set) {
    it(`${question.expect}: ${JSON.stringify(question.q)}`, () => {
      expect(mismatch(question, answer(question.q))).toBeUndefined();
    });
  }
}

describe.runIf(shared.length > 0)('shared examples', () => check(shared));

describe('our own question set', () => {
  it('has at least 60 questions beyond the shared examples', () => {
    expect(ours.length).toBeGreaterThanOrEqual(60);
  });
  check(ours);
});

describe('adversarial channel messages', () => {
  it('has both questions and messages that must stay silent', () => {
    expect(adversarial.filter((q) => q.expect === 'none').length).toBeGreaterThan(200);
    expect(adversarial.filter((q) => q.expect !== 'none').length).toBeGreaterThan(200);
  });
  check(adversarial);
});

describe('generated from the knowledge', () => {
  const ambiguousKeys = new Set(knowledge.ambiguous.map((a) => a.alias.toLowerCase()));

  it('defines every term and platform by name', () => {
    const wrong: string[] = [];
    for (const e of knowledge.entries.filter(isConcept)) {
      const got = answer(`what is ${e.name}?`);
      if (got.intent !== 'define' || !got.terms.some((t) => t.id === e.id)) wrong.push(`${e.name} → ${got.intent} [${got.terms.map((t) => t.id).join(', ')}]`);
    }
    expect(wrong).toEqual([]);
  });

  it('defines every term and platform by each alias (ambiguous ones show every meaning)', () => {
    const wrong: string[] = [];
    for (const e of knowledge.entries.filter(isConcept)) {
      for (const alias of e.aliases) {
        const got = answer(`what does ${alias} mean?`);
        const ok = got.intent === 'define' && got.terms.some((t) => t.id === e.id);
        if (!ok) wrong.push(`${alias} (${e.id}) → ${got.intent} [${got.terms.map((t) => t.id).join(', ')}]${ambiguousKeys.has(alias.toLowerCase()) ? ' (ambiguous)' : ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every written comparison, asked either way round', () => {
    const wrong: string[] = [];
    for (const c of knowledge.entries) {
      if (c.kind !== 'comparison') continue;
      const a = knowledge.byId.get(c.a);
      const b = knowledge.byId.get(c.b);
      if (!a || !b) continue;
      for (const q of [`what's the difference between ${a.name} and ${b.name}?`, `${b.name} vs ${a.name}`]) {
        const got = answer(q);
        const ids = got.terms.map((t) => t.id).sort();
        if (got.intent !== 'compare' || ids.join() !== [a.id, b.id].sort().join()) wrong.push(`${q} → ${got.intent} [${ids.join(', ')}]`);
        else if (!got.text.includes(c.summary.slice(0, 40))) wrong.push(`${q} → not the written comparison`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('classifies every platform', () => {
    const wrong: string[] = [];
    for (const p of knowledge.entries.filter((e) => e.kind === 'platform')) {
      const got = answer(`is ${p.name} a social network?`);
      if (got.intent !== 'classify' || got.terms[0]?.id !== p.id) wrong.push(`${p.name} → ${got.intent} [${got.terms.map((t) => t.id).join(', ')}]`);
    }
    expect(wrong).toEqual([]);
  });
});
