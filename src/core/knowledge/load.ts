/**
 * Reads the knowledge folder (the only I/O in the core) and compiles it.
 *
 * Only regular files inside the folder are read, each at most MAX_FILE_BYTES: a directory named
 * `x.md`, a FIFO, a device (a link to /dev/zero), a symlink loop or a link that leaves the folder is
 * reported as a problem by name instead of hanging, crashing or reading gigabytes. A missing folder,
 * or one with no entries, is a problem too: termbot with an empty glossary would only ever say
 * "I don't have an entry".
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKnowledge, type CompileOptions, type Compiled } from './compile.ts';
import type { Problem } from './types.ts';

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../knowledge', import.meta.url));
export const ENTRY_FOLDERS = ['terms', 'platforms', 'comparisons'] as const;
/** The largest knowledge file read: entries are a few kilobytes; anything bigger is a mistake. */
export const MAX_FILE_BYTES = 256 * 1024;

type Read = { text: string } | { problem: string } | { missing: true };

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * One file's text, or why it cannot be read. Symbolic links are followed only to regular files
 * inside the folder; the file is opened without blocking and checked again once open (so a file
 * swapped for a FIFO in between cannot hang the read), and at most MAX_FILE_BYTES are read.
 */
async function readKnowledgeFile(root: string, path: string): Promise<Read> {
  let link: Stats;
  try {
    link = await lstat(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { missing: true };
    return { problem: `cannot be read (${errorCode(err) ?? String(err)})` };
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = await realpath(path);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ELOOP') return { problem: 'is a symbolic link loop' };
      if (code === 'ENOENT') return { problem: 'is a symbolic link to nothing (its target does not exist)' };
      return { problem: `is a symbolic link that cannot be followed (${code ?? String(err)})` };
    }
    if (!inside(root, target)) return { problem: 'is a symbolic link that leaves the knowledge folder; copy the file in instead' };
  }
  let s: Stats;
  try {
    s = link.isSymbolicLink() ? await stat(path) : link;
  } catch (err) {
    return { problem: `cannot be read (${errorCode(err) ?? String(err)})` };
  }
  if (!s.isFile()) return { problem: `is ${kindOf(s)}, not a regular file` };
  if (s.size > MAX_FILE_BYTES) return { problem: `is ${s.size.toLocaleString('en')} bytes; a knowledge file may be at most ${MAX_FILE_BYTES.toLocaleString('en')}` };
  let handle;
  try {
    // Non-blocking, so a FIFO put in its place since the check cannot hang the open; no following a
    // link that was not one a moment ago.
    const flags = constants.O_RDONLY | constants.O_NONBLOCK | (link.isSymbolicLink() ? 0 : constants.O_NOFOLLOW);
    handle = await open(path, flags);
  } catch (err) {
    return { problem: `cannot be read (${errorCode(err) ?? String(err)})` };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { problem: `is ${kindOf(opened)}, not a regular file` };
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_FILE_BYTES) return { problem: `is over ${MAX_FILE_BYTES.toLocaleString('en')} bytes; a knowledge file may be at most that` };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (err) {
    return { problem: `cannot be read (${errorCode(err) ?? String(err)})` };
  } finally {
    await handle.close();
  }
}

/** Whether a folder exists as a real folder inside the knowledge folder; a problem otherwise. */
async function folderProblem(root: string, path: string): Promise<string | 'missing' | undefined> {
  let s: Stats;
  try {
    s = await lstat(path);
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? 'missing' : `cannot be read (${errorCode(err) ?? String(err)})`;
  }
  if (s.isSymbolicLink()) {
    try {
      const target = await realpath(path);
      if (!inside(root, target)) return 'is a symbolic link that leaves the knowledge folder';
      s = await stat(path);
    } catch (err) {
      return errorCode(err) === 'ELOOP' ? 'is a symbolic link loop' : `is a symbolic link that cannot be followed (${errorCode(err) ?? String(err)})`;
    }
  }
  return s.isDirectory() ? undefined : `is ${kindOf(s)}, not a folder`;
}

export async function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR, options: CompileOptions = {}): Promise<Compiled> {
  const problems: Problem[] = [];
  const rel = (full: string) => relative(dir, full).split(sep).join('/');
  // The folder itself may be a link (a deployment's shared volume): it is followed.
  let root: string;
  try {
    root = await realpath(dir);
    const s = await stat(root);
    if (!s.isDirectory()) throw Object.assign(new Error(`is ${kindOf(s)}, not a folder`), { code: 'ENOTDIR' });
  } catch (err) {
    const code = errorCode(err);
    const message =
      code === 'ENOENT' ? 'does not exist: set KNOWLEDGE_DIR to the knowledge folder' : code === 'ENOTDIR' ? `is not a folder: set KNOWLEDGE_DIR to the knowledge folder` : code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code ?? String(err)})`;
    problems.push({ file: dir, field: 'knowledge folder', message });
    return { knowledge: compileKnowledge({ entries: [] }, options).knowledge, problems };
  }

  const entries: { file: string; text: string }[] = [];
  for (const folder of ENTRY_FOLDERS) {
    const path = join(dir, folder);
    const problem = await folderProblem(root, path);
    if (problem === 'missing') continue;
    if (problem) {
      problems.push({ file: folder, field: 'folder', message: problem });
      continue;
    }
    for (const name of (await readdir(path)).sort()) {
      if (!name.endsWith('.md')) continue;
      const full = join(path, name);
      const r = await readKnowledgeFile(root, full);
      if ('text' in r) entries.push({ file: rel(full), text: r.text });
      else if ('problem' in r) problems.push({ file: rel(full), field: 'file', message: r.problem });
    }
  }
  const read = async (name: string, required: boolean): Promise<{ file: string; text: string } | undefined> => {
    const r = await readKnowledgeFile(root, join(dir, name));
    if ('text' in r) return { file: name, text: r.text };
    if ('problem' in r) problems.push({ file: name, field: 'file', message: r.problem });
    else if (required) problems.push({ file: name, field: 'file', message: 'is missing: every fact cites a source listed there' });
    return undefined;
  };
  const sources = await read('sources.yml', true);
  const ambiguous = await read('ambiguous.yml', false);
  // How questions are phrased: examples and word lists, checked with the rest (see understanding/README.md).
  const phrasings: { file: string; text: string }[] = [];
  const understanding = join(dir, 'understanding');
  const understandingProblem = await folderProblem(root, understanding);
  if (understandingProblem === undefined) {
    for (const name of (await readdir(understanding)).sort()) {
      if (!name.endsWith('.txt')) continue;
      const r = await readKnowledgeFile(root, join(understanding, name));
      if ('text' in r) phrasings.push({ file: `understanding/${name}`, text: r.text });
      else if ('problem' in r) problems.push({ file: `understanding/${name}`, field: 'file', message: r.problem });
    }
  } else if (understandingProblem !== 'missing') problems.push({ file: 'understanding', field: 'folder', message: understandingProblem });
  const compiled = compileKnowledge({ entries, ...(sources ? { sources } : {}), ...(ambiguous ? { ambiguous } : {}), phrasings }, options);
  if (entries.length === 0) {
    problems.push({ file: dir, field: 'knowledge folder', message: `has no entries: put one Markdown file per entry in ${ENTRY_FOLDERS.join('/, ')}/` });
  }
  return { knowledge: compiled.knowledge, problems: [...problems, ...compiled.problems] };
}
