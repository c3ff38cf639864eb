/** Server glossary entries (pure): ids from names, Markdown out and back, the config that points at the database. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/app/config.ts';
import { entryIdFor, fromMarkdown, tidyFields, toMarkdown } from '../../src/core/glossary/entry.ts';

describe('server glossary entries', () => {
  it('get an id from the name, and a stable one when the name has no Latin letters or digits', () => {
    expect(entryIdFor('Launch Week 2.0')).toBe('launch-week-2-0');
    expect(entryIdFor('  Café  Crème ')).toBe('cafe-creme');
    expect(entryIdFor('日本語')).toMatch(/^term-[0-9a-f]+$/);
    expect(entryIdFor('日本語')).toBe(entryIdFor('日本語'));
    expect(entryIdFor('x'.repeat(200))).toHaveLength(60);
  });

  it('round-trip through the knowledge Markdown format, including awkward YAML', () => {
    const f = tidyFields({
      name: 'Q&A: "Ask me anything"',
      aliases: ['AMA', 'yes', 'null', '#hash', 'a, b', ' AMA '],
      summary: 'A session: members ask, a guest answers.',
      definition: 'A live session where members put questions to a guest.\nIt ends on time.',
      details: ['Usually one hour.', '', 'Announced a week ahead: [not a citation]'],
      related: ['reach'],
    });
    expect(f.aliases).toEqual(['AMA', 'yes', 'null', '#hash', 'a, b']);
    const md = toMarkdown(f);
    expect(md).toMatch(/sources: \[server\]/);
    expect(md).toMatch(/^- Usually one hour\. \[server\]$/m);
    expect(fromMarkdown('terms/qa.md', md)).toEqual({ ...f, definition: 'A live session where members put questions to a guest. It ends on time.' });
  });
});

describe('database settings', () => {
  it('default to SQLite in data/, and take a postgres URL', () => {
    expect(readConfig({})).toMatchObject({ dataDir: 'data' });
    expect(readConfig({}).databaseUrl).toBeUndefined();
    expect(readConfig({ DATA_DIR: ' /var/lib/termbot ', DATABASE_URL: 'postgres://u:p@db:5432/termbot' })).toMatchObject({ dataDir: '/var/lib/termbot', databaseUrl: 'postgres://u:p@db:5432/termbot' });
    expect(() => readConfig({ DATABASE_URL: 'mysql://db/termbot' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});
