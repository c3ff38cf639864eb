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
import { GUILD_ID, knowledgeOrExit, storeOrExit, takeOption } from './common.ts';

const USAGE = `usage:
  npm run glossary -- export --guild SERVER_ID [FOLDER | FILE.md]   (FOLDER defaults to glossary-SERVER_ID)
  npm run glossary -- import --guild SERVER_ID FOLDER | FILE.md [--as USER_ID]`;

/** Who the shell's changes are recorded as, unless --as names a Discord user. */
export const SHELL_AUTHOR = 'shell';

const [command, ...rest] = process.argv.slice(2);
const guild = takeOption(rest, '--guild');
const as = takeOption(guild.rest, '--as');
const positional = as.rest;
if ((command !== 'export' && command !== 'import') || !guild.value || !GUILD_ID.test(guild.value) || positional.length > 1 || (as.value !== undefined && !GUILD_ID.test(as.value))) {
  console.error(USAGE);
  if (guild.value && !GUILD_ID.test(guild.value)) console.error(`--guild: "${guild.value}" is not a server id (17 to 20 digits)`);
  process.exit(2);
}
const guildId = guild.value;
const dir = positional[0];
if (command === 'import' && !dir) {
  console.error(USAGE);
  process.exit(2);
}

const knowledge = await knowledgeOrExit();
const store = await storeOrExit(knowledge);
try {
  if (command === 'export') {
    const out = dir ?? `glossary-${guildId}`;
    const files = await store.exportFiles(guildId);
    const count = `${files.length} ${files.length === 1 ? 'entry' : 'entries'}`;
    if (/\.md$/i.test(out)) {
      // One file, in the format /glossary export attaches.
      await writeFile(out, toBundle(files), 'utf8');
      console.log(`exported ${count} of server ${guildId} to ${out}`);
    } else {
      await mkdir(join(out, 'terms'), { recursive: true });
      for (const f of files) await writeFile(join(out, f.file), f.text, 'utf8');
      console.log(`exported ${count} of server ${guildId} to ${join(out, 'terms')}`);
    }
  } else {
    const root = dir!;
    const info = existsSync(root) ? await stat(root) : undefined;
    if (info?.isFile()) {
      await importOneFile(root, info.size);
    } else if (!info?.isDirectory()) {
      console.error(`import: ${root} is not a folder (it should hold terms/<id>.md files) or a .md file`);
      process.exitCode = 1;
    } else {
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
        console.error(`import: the folder holds more than ${GLOSSARY_LIMITS.importBytes / 1000} kB of entries, the most one import takes. Nothing was imported.`);
        process.exitCode = 1;
      } else {
        await importAll(files);
      }
    }
  }
} finally {
  await store.close();
}

async function importAll(files: { file: string; text: string }[]): Promise<void> {
  const r = await store.importFiles(guildId, files, as.value ?? SHELL_AUTHOR);
  if (!r.ok) {
    for (const p of r.problems) console.error(formatProblem(p));
    console.error(`${r.problems.length} problem(s): nothing was imported.`);
    process.exitCode = 1;
  } else {
    console.log(`imported into server ${guildId}: ${r.added.length} added, ${r.updated.length} updated, ${r.unchanged.length} unchanged`);
  }
}

/** A file made by an export (entries one after another), or one entry's Markdown named after the file. */
async function importOneFile(path: string, size: number): Promise<void> {
  if (size > GLOSSARY_LIMITS.importBytes) {
    console.error(`import: ${path} is more than ${GLOSSARY_LIMITS.importBytes / 1000} kB, the most one import takes. Nothing was imported.`);
    process.exitCode = 1;
    return;
  }
  const bundle = fromBundle(await readFile(path, 'utf8'), basename(path));
  if (bundle.problems.length > 0) {
    for (const p of bundle.problems) console.error(formatProblem(p));
    console.error(`${bundle.problems.length} problem(s): nothing was imported.`);
    process.exitCode = 1;
    return;
  }
  await importAll(bundle.files);
}
