/**
 * Understanding, step 3: what a skeleton asks ("what is {T} ?" → define), learned from labelled
 * examples. The examples are data (`knowledge/understanding/<intent>.txt`, one message a line); the
 * model is a multinomial logistic regression over the skeleton's words and word pairs, trained at
 * start-up by gradient descent in a fixed order, deterministically. A skeleton written exactly as in the examples is read
 * as labelled (the strict template pass); any other gets the model's scores.
 */
import type { Problem } from './knowledge/types.ts';

/** Every intent a message can be read as, declared once. `none` is chatter: not a question for termbot. */
export const INTENTS = ['define', 'compare', 'classify', 'help', 'terms', 'sources', 'none'] as const;
export type IntentLabel = (typeof INTENTS)[number];

/** The file in `knowledge/understanding/` that holds each intent's examples. */
export const INTENT_FILES: Record<IntentLabel, string> = {
  define: 'define.txt',
  compare: 'compare.txt',
  classify: 'classify.txt',
  help: 'help.txt',
  terms: 'terms.txt',
  sources: 'sources.txt',
  none: 'chatter.txt',
};

/** One labelled message. */
export interface Example {
  text: string;
  intent: IntentLabel;
  /** Where it was written, for messages about it. */
  file: string;
  line: number;
}

/** The phrasing data: labelled examples and the word lists the spotter uses. */
export interface Phrasings {
  examples: Example[];
  /** Chat spellings → words ("btwn" → ["between"]). */
  shorthand: Map<string, string[]>;
  /** Single-word names that are also everyday words ("story", "share"). */
  everyday: Set<string>;
}

export const EMPTY_PHRASINGS: Phrasings = { examples: [], shorthand: new Map(), everyday: new Set() };

/** A problem in a phrasing file: the knowledge checker's own shape. */
export type PhrasingProblem = Problem;

/** Lines of a data file without comments (lines starting with `#`) and blank lines, with their line numbers. */
export function dataLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t && !t.startsWith('#')) out.push({ line: i + 1, text: t });
  });
  return out;
}

/**
 * Reads the files of `knowledge/understanding/`: `<intent>.txt` (one example a line),
 * `shorthand.txt` (`btwn = between`), `everyday-words.txt` (one word a line).
 */
export function parsePhrasings(files: readonly { file: string; text: string }[]): { phrasings: Phrasings; problems: PhrasingProblem[] } {
  const problems: PhrasingProblem[] = [];
  const examples: Example[] = [];
  const shorthand = new Map<string, string[]>();
  const everyday = new Set<string>();
  const seen = new Map<string, string>();
  const byFile = new Map<string, IntentLabel>(INTENTS.map((i) => [INTENT_FILES[i], i]));
  for (const f of files) {
    const name = f.file.split('/').pop() ?? f.file;
    const intent = byFile.get(name);
    if (intent) {
      for (const l of dataLines(f.text)) {
        if (l.text.length > 300) {
          problems.push({ file: f.file, field: `line ${l.line}`, message: 'is over 300 characters; termbot reads longer messages as conversation' });
          continue;
        }
        const key = l.text.toLowerCase();
        const prior = seen.get(key);
        if (prior) {
          problems.push({ file: f.file, field: `line ${l.line}`, message: `"${l.text}" is already an example in ${prior}` });
          continue;
        }
        seen.set(key, `${f.file} line ${l.line}`);
        examples.push({ text: l.text, intent, file: f.file, line: l.line });
      }
    } else if (name === 'shorthand.txt') {
      for (const l of dataLines(f.text)) {
        const m = /^([a-z0-9']+)\s*=\s*([a-z0-9' ]+)$/.exec(l.text.toLowerCase());
        if (!m) problems.push({ file: f.file, field: `line ${l.line}`, message: 'should read "short = words", like "btwn = between"' });
        else shorthand.set(m[1]!, m[2]!.trim().split(/\s+/));
      }
    } else if (name === 'everyday-words.txt') {
      for (const l of dataLines(f.text)) {
        if (!/^[a-z0-9]+$/.test(l.text.toLowerCase())) problems.push({ file: f.file, field: `line ${l.line}`, message: 'should be one word of letters or digits' });
        else everyday.add(l.text.toLowerCase());
      }
    } else if (name.endsWith('.txt') || name.endsWith('.md')) {
      if (name !== 'README.md') problems.push({ file: f.file, field: 'file name', message: `is not a known phrasing file (${[...byFile.keys(), 'shorthand.txt', 'everyday-words.txt'].join(', ')})` });
    }
  }
  return { phrasings: { examples, shorthand, everyday }, problems };
}

const UNKNOWN = '<unk>';
/** Training passes over the examples, learning rate and L2 penalty of the logistic regression. */
const EPOCHS = 15;
const RATE = 0.3;
const L2 = 1e-4;

export interface IntentScore {
  intent: IntentLabel;
  /** Probability, 0 to 1. */
  p: number;
}

export interface IntentReading {
  /** Best first. */
  scores: IntentScore[];
  /** Set when the skeleton is written exactly so in the examples, all with one label. */
  template?: IntentLabel;
}

/**
 * A multinomial logistic regression over skeleton words and word pairs, trained by stochastic
 * gradient descent in a fixed order (so the same examples always give the same model).
 */
export class IntentModel {
  private readonly vocabulary = new Set<string>();
  /** Feature → row in `w` (K weights a row). */
  private readonly featureIds = new Map<string, number>();
  private w = new Float64Array(0);
  private readonly bias = new Float64Array(INTENTS.length);
  private readonly templates = new Map<string, IntentLabel | null>();
  readonly trainedOn: number;

  /**
   * `samples`: each example's skeleton words and label. `unknown` names the kind of a word the
   * examples use too rarely to learn from (say "<field>" for a word of the field, "<other>" for any other).
   */
  constructor(
    samples: readonly { skeleton: readonly string[]; intent: IntentLabel }[],
    private readonly unknown: (word: string) => string = () => UNKNOWN,
  ) {
    this.trainedOn = samples.length;
    // Words seen in at least two examples are kept; the rest stand for "some word we did not learn".
    const df = new Map<string, number>();
    for (const s of samples) for (const w of new Set(s.skeleton)) df.set(w, (df.get(w) ?? 0) + 1);
    for (const [w, n] of df) if (n >= 2 || w.startsWith('{')) this.vocabulary.add(w);
    const K = INTENTS.length;
    const data = samples.map((s) => {
      const key = s.skeleton.join(' ');
      const prior = this.templates.get(key);
      if (prior === undefined) this.templates.set(key, s.intent);
      else if (prior !== s.intent) this.templates.set(key, null);
      const ids = [...new Set(this.features(s.skeleton))].map((f) => {
        let id = this.featureIds.get(f);
        if (id === undefined) this.featureIds.set(f, (id = this.featureIds.size));
        return id * K;
      });
      return { rows: Int32Array.from(ids), y: INTENTS.indexOf(s.intent) };
    });
    const w = (this.w = new Float64Array(this.featureIds.size * K));
    // A fixed pseudo-random order per pass (a linear congruential generator with a fixed seed).
    let seed = 12345;
    const order = data.map((_, i) => i);
    const p = new Float64Array(K);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const j = seed % (i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      const rate = RATE / (1 + epoch * 0.2);
      const decay = 1 - rate * L2;
      for (const i of order) {
        const { rows, y } = data[i]!;
        this.probabilities(rows, p);
        for (let c = 0; c < K; c++) {
          const g = rate * ((c === y ? 1 : 0) - p[c]!);
          this.bias[c]! += g;
          for (let r = 0; r < rows.length; r++) {
            const at = rows[r]! + c;
            w[at] = w[at]! * decay + g;
          }
        }
      }
    }
  }

  /** Softmax of the bias plus the weights of the given rows (offsets into `w`). */
  private probabilities(rows: ArrayLike<number>, out: Float64Array): void {
    const K = INTENTS.length;
    const w = this.w;
    let max = -Infinity;
    for (let c = 0; c < K; c++) {
      let z = this.bias[c]!;
      for (let r = 0; r < rows.length; r++) z += w[rows[r]! + c]!;
      out[c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < K; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < K; c++) out[c]! /= sum;
  }

  /** Words (unknown ones as `<unk>`), pairs of neighbours, and the skeleton's first and last word. */
  private features(skeleton: readonly string[]): string[] {
    const w = skeleton.map((x) => (this.vocabulary.has(x) ? x : this.unknown(x)));
    const out: string[] = [];
    let prev = '^';
    for (const x of w) {
      out.push(x, `${prev} ${x}`);
      prev = x;
    }
    out.push(`${prev} $`);
    return out;
  }

  /** Whether the examples use this word (outside a name) often enough to learn from it. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  read(skeleton: readonly string[]): IntentReading {
    const rows: number[] = [];
    for (const f of this.features(skeleton)) {
      const id = this.featureIds.get(f);
      if (id !== undefined && !rows.includes(id * INTENTS.length)) rows.push(id * INTENTS.length);
    }
    const p = new Float64Array(INTENTS.length);
    this.probabilities(rows, p);
    const scores = INTENTS.map((intent, c) => ({ intent, p: p[c]! })).sort((a, b) => b.p - a.p);
    const template = this.templates.get(skeleton.join(' '));
    return template ? { scores, template } : { scores };
  }

}
