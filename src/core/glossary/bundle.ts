/**
 * A server's glossary as one file: what `/glossary export` attaches and what `/glossary import` and
 * `npm run glossary -- import FILE` read. It is a Markdown file holding knowledge files one after
 * the other, each introduced by a line naming it:
 *
 *   <!-- termbot glossary: 2 entries, each a knowledge/ file after its "file:" line -->
 *   <!-- file: terms/launch-week.md -->
 *   ---
 *   kind: term
 *   name: Launch Week
 *   …
 *   ---
 *   - Announced a month ahead. [server]
 *
 *   <!-- file: terms/lw-crew.md -->
 *   …
 *
 * The text after each `file:` line, up to the next one, is that file exactly as it would sit in the
 * knowledge folder (so an entry's body may hold anything a knowledge file may, `---` lines included).
 * A file with no `file:` line is one knowledge file, named after the attachment. Pure.
 */
import type { Problem } from '../knowledge/types.ts';

const MARKER = /^<!--\s*file:\s*(\S+?)\s*-->\s*$/;
const HEADER = /^<!--\s*termbot glossary\b.*-->\s*$/;

/** The files as one bundle (entries in the order given). */
export function toBundle(files: readonly { file: string; text: string }[]): string {
  const head = `<!-- termbot glossary: ${files.length} ${files.length === 1 ? 'entry' : 'entries'}, each a knowledge/ file after its "file:" line -->\n`;
  return head + files.map((f) => `<!-- file: ${f.file} -->\n${f.text.endsWith('\n') ? f.text : `${f.text}\n`}`).join('\n');
}

/** The knowledge file a single uploaded entry becomes: `launch-week.md` → `terms/launch-week.md`. */
export function fileForUpload(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.(md|markdown|txt)$/i, '');
  return `terms/${base}.md`;
}

/**
 * Reads a bundle (or a single knowledge file, named after `uploadName`) back into files. Problems
 * name `uploadName` and the line; a bundle with a problem yields no files.
 */
export function fromBundle(text: string, uploadName: string): { files: { file: string; text: string }[]; problems: Problem[] } {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = body.split('\n');
  const markers = lines.flatMap((l, n) => (MARKER.test(l) ? [n] : []));
  if (markers.length === 0) {
    if (!body.trim()) return { files: [], problems: [{ file: uploadName, field: '(file)', message: 'is empty' }] };
    return { files: [{ file: fileForUpload(uploadName), text: body }], problems: [] };
  }
  const problems: Problem[] = [];
  const before = lines.slice(0, markers[0]).filter((l) => l.trim() && !HEADER.test(l));
  if (before.length > 0) problems.push({ file: uploadName, field: `line ${lines.indexOf(before[0]!) + 1}`, message: 'text before the first "<!-- file: terms/<id>.md -->" line belongs to no entry' });
  const files = markers.map((start, k) => {
    const end = markers[k + 1] ?? lines.length;
    const file = MARKER.exec(lines[start]!)![1]!;
    // The blank line that separates one entry from the next is not part of it.
    const chunk = lines.slice(start + 1, end).join('\n').replace(/\n+$/, '\n');
    return { file, text: chunk };
  });
  for (const [k, f] of files.entries()) {
    if (!f.text.trim()) problems.push({ file: uploadName, field: `line ${markers[k]! + 1}`, message: `${f.file} has no text` });
  }
  return problems.length > 0 ? { files: [], problems } : { files, problems };
}
