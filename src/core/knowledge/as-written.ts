/**
 * Front-matter values that YAML reads differently from how the line shows them, which the schema
 * cannot see because the parsed value is still valid:
 *   - an unquoted " #" starts a YAML comment, so `definition: written after a # sign` becomes
 *     "written after a" and the rest silently disappears;
 *   - an unquoted value YAML turns into something else: `0x1A` → 26, `1.50` → 1.5, `~` → nothing;
 *   - a sentence field (definition, summary, why, says…) that ends mid-sentence, whatever the cause.
 * Each is reported with the line it is on, so an editor sees where the value was cut.
 */
import { isPair, isScalar, isSeq, visit, type Document, type Scalar } from 'yaml';
import { fieldName } from './schema.ts';
import type { Problem } from './types.ts';

/** Fields written as whole sentences: they must end like one. Paths with `*` for any list index. */
const SENTENCE_FIELDS = new Set([
  'definition',
  'summary',
  'views.*.says',
  'disagreement.summary',
  'classification.summary',
  'classification.views.*.why',
  'relation_summary',
  'relation_views.*.says',
]);
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

/** Problems for the front matter `yaml` (parsed as `doc`, without errors), which starts on line `firstLine` of `file`. */
export function checkAsWritten(file: string, doc: Document.Parsed, yaml: string, firstLine: number): Problem[] {
  const problems: Problem[] = [];
  const lineStarts: number[] = [];
  for (let i = yaml.indexOf('\n'); i !== -1; i = yaml.indexOf('\n', i + 1)) lineStarts.push(i);
  /** The line of an offset: newlines before it, counted by binary search. */
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineStarts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return firstLine + lo;
  };
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || !node.range) return;
      const path = pathOf(ancestors, node);
      const field = fieldName(path) || '(front matter)';
      const [start, valueEnd] = node.range;
      const line = lineOf(start);
      const shown = node.source ?? yaml.slice(start, valueEnd);
      if (node.type === 'PLAIN') {
        const eol = yaml.indexOf('\n', valueEnd);
        const rest = yaml.slice(valueEnd, eol === -1 ? undefined : eol);
        if (/^\s+#/.test(rest)) {
          problems.push({
            file,
            field,
            message: `on line ${line}, YAML reads "${head(rest.trim())}" as a comment, so the value stops at "${tail(String(node.value))}"; put the whole value in double quotes`,
          });
          return;
        }
        if (typeof node.value !== 'string' && !(node.value === null && shown === '') && String(node.value) !== shown) {
          problems.push({
            file,
            field,
            message: `on line ${line}, YAML reads ${JSON.stringify(shown)} as ${node.value === null ? 'nothing' : JSON.stringify(node.value)}; put it in double quotes to keep it as written`,
          });
          return;
        }
      }
      const pattern = path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.');
      if (SENTENCE_FIELDS.has(pattern) && typeof node.value === 'string' && node.value.trim() !== '' && !SENTENCE_END.test(node.value.trim())) {
        problems.push({ file, field, message: `on line ${line}, ends mid-sentence ("${tail(node.value.trim())}"): finish it with a full stop, or check nothing was cut off` });
      }
    },
  });
  return problems;
}

/** The field path of a value: map keys and list positions, e.g. ['classification', 'views', 1, 'why']. */
function pathOf(ancestors: readonly unknown[], node: Scalar): (string | number)[] {
  const path: (string | number)[] = [];
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    const next = ancestors[i + 1] ?? node;
    if (isPair(a)) path.push(isScalar(a.key) ? String(a.key.value) : '?');
    else if (isSeq(a)) path.push(a.items.indexOf(next as never));
  }
  return path;
}

function head(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function tail(text: string): string {
  return text.length > 40 ? `…${text.slice(-40)}` : text;
}
