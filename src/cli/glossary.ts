/**
 * A server's glossary from a shell, in the knowledge folder format (terms/<id>.md):
 *   npm run glossary -- export --guild ID [DIR]   writes DIR/terms/*.md (DIR defaults to glossary-ID);
 *                                                  to FILE.md: one file, as /glossary export makes
 *   npm run glossary -- import --guild ID DIR     reads DIR/terms/*.md, or a FILE.md made by an export
 *                                                  (or one entry): checked by the same checker,
 *                                                  all or nothing, with every problem listed
 * Both use the database of DATA_DIR / DATABASE_URL (see README).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatProblem } from '../core/knowledge/compile.ts';
import { fromBundle, toBundle } from '../core/glossary/bundle.ts';
import { GLOSSARY_LIMITS } from '../core/glossary/entry.ts';
import { complain, GUILD_ID, knowledgeOrExit, notServerId, runAsProcess, say, storeOrExit, takeOption, type CliIo } from './common.ts';
import type { GlossaryStore } from '../store/glossary.ts';

const USAGE = `usage:
  npm run glossary -- export --guild SERVER_ID [FOLDER | FILE.md]   (FOLDER defaults to glossary-SERVER_ID)
  npm run glossary -- import --guild SERVER_ID FOLDER | FILE.md [--as USER_ID]`;

/** Who the shell's changes are recorded as, unless --as names a Discord user. */
const SHELL_AUTHOR = 'shell';

/** `npm run glossary -- …` with `io`: returns the exit code (2: usage; 1: refused or failed). */
export async function glossaryMain(io: CliIo): Promise<number> {
  const [command, ...rest] = io.argv;
  const guild = takeOption(rest, '--guild');
  const as = takeOption(guild.rest, '--as');
  const positional = as.rest;
  if ((command !== 'export' && command !== 'import') || !guild.value || !GUILD_ID.test(guild.value) || positional.length > 1 || (as.value !== undefined && !GUILD_ID.test(as.value))) {
    complain(io, USAGE);
    if (guild.value && !GUILD_ID.test(guild.value)) complain(io, notServerId(guild.value));
    return 2;
  }
  const guildId = guild.value;
  const dir = positional[0];
  if (command === 'import' && !dir) {
    complain(io, USAGE);
    return 2;
  }

  const knowledge = await knowledgeOrExit(io);
  const store = await storeOrExit(io, knowledge);
  const target: ImportTarget = { io, store, guildId, author: as.value ?? SHELL_AUTHOR };
  try {
    if (command === 'export') {
      const out = dir ?? `glossary-${guildId}`;
      const files = await store.exportFiles(guildId);
      const count = `${files.length} ${files.length === 1 ? 'entry' : 'entries'}`;
      if (/\.md$/i.test(out)) {
        // One file, in the format /glossary export attaches.
        await writeFile(out, toBundle(files), 'utf8');
        say(io, `exported ${count} of server ${guildId} to ${out}`);
      } else {
        await mkdir(join(out, 'terms'), { recursive: true });
        for (const f of files) await writeFile(join(out, f.file), f.text, 'utf8');
        say(io, `exported ${count} of server ${guildId} to ${join(out, 'terms')}`);
      }
      return 0;
    }
    const root = dir!;
    const info = existsSync(root) ? await stat(root) : undefined;
    if (info?.isFile()) return await importOneFile(target, root, info.size);
    if (!info?.isDirectory()) {
      complain(io, `import: ${root} is not a folder (it should hold terms/<id>.md files) or a .md file`);
      return 1;
    }
    const files: { file: string; text: string }[] = [];
    let bytes = 0;
    // Every Markdown file in the knowledge folders is read, so entries in the wrong folder are reported, not skipped.
    for (const folder of ['terms', 'platforms', 'comparisons']) {
      const path = join(root, folder);
      if (!existsSync(path)) continue;
      for (const name of (await readdir(path)).sort()) {
        if (!name.endsWith('.md')) continue;
        const size = (await stat(join(path, name))).size;
        bytes += size;
        if (bytes > GLOSSARY_LIMITS.importBytes) break;
        files.push({ file: `${folder}/${name}`, text: await readFile(join(path, name), 'utf8') });
      }
    }
    if (bytes > GLOSSARY_LIMITS.importBytes) {
      complain(io, `import: the folder holds more than ${GLOSSARY_LIMITS.importBytes / 1000} kB of entries, the most one import takes. Nothing was imported.`);
      return 1;
    }
    return await importAll(target, files);
  } finally {
    await store.close();
  }
}

interface ImportTarget {
  io: CliIo;
  store: GlossaryStore;
  guildId: string;
  author: string;
}

async function importAll({ io, store, guildId, author }: ImportTarget, files: { file: string; text: string }[]): Promise<number> {
  const r = await store.importFiles(guildId, files, author);
  if (!r.ok) {
    for (const p of r.problems) complain(io, formatProblem(p));
    complain(io, `${r.problems.length} problem(s): nothing was imported.`);
    return 1;
  }
  say(io, `imported into server ${guildId}: ${r.added.length} added, ${r.updated.length} updated, ${r.unchanged.length} unchanged`);
  return 0;
}

/** A file made by an export (entries one after another), or one entry's Markdown named after the file. */
async function importOneFile(target: ImportTarget, path: string, size: number): Promise<number> {
  const { io } = target;
  if (size > GLOSSARY_LIMITS.importBytes) {
    complain(io, `import: ${path} is more than ${GLOSSARY_LIMITS.importBytes / 1000} kB, the most one import takes. Nothing was imported.`);
    return 1;
  }
  const bundle = fromBundle(await readFile(path, 'utf8'), basename(path));
  if (bundle.problems.length > 0) {
    for (const p of bundle.problems) complain(io, formatProblem(p));
    complain(io, `${bundle.problems.length} problem(s): nothing was imported.`);
    return 1;
  }
  return importAll(target, bundle.files);
}

await runAsProcess(import.meta.url, glossaryMain);
