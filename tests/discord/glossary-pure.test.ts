/** The pure parts of /glossary's entries: the form's parsing, problem lists, the export bundle, the edit rate limiter. */
import { describe, expect, it } from 'vitest';
import { fromBundle, toBundle } from '../../src/core/glossary/bundle.ts';
import { code, parseEntryForm, problemsText } from '../../src/discord/glossary/form.ts';
import { EDIT_LIMITS, EditLimiter, limitMessage } from '../../src/discord/glossary/limiter.ts';
import { LIMITS } from '../../src/discord/limits.ts';

const form = (values: Record<string, string>) => (id: string) => {
  const v = values[id];
  if (v === undefined) throw new Error(`no input ${id}`);
  return v;
};

describe('the entry form', () => {
  it('reads aliases as a comma list, details one per line (bullets dropped) and a Related line resolved to ids', () => {
    const resolve = (name: string) => ({ reach: 'reach', 'click-through rate': 'ctr' })[name.toLowerCase()];
    const input = parseEntryForm(
      form({
        name: ' Launch Week ',
        aliases: 'LW, launch,  ,LW',
        summary: 'Our yearly release week.',
        definition: 'The week each year when we ship.',
        more: '- Announced a month ahead.\n\n• Ends with a demo.\nRelated: Reach, click-through rate, Product Launch, beta-week',
      }),
      resolve,
    );
    expect(input).toEqual({
      name: 'Launch Week',
      aliases: ['LW', 'launch', 'LW'],
      summary: 'Our yearly release week.',
      definition: 'The week each year when we ship.',
      details: ['Announced a month ahead.', 'Ends with a demo.'],
      related: ['reach', 'ctr', 'product-launch', 'beta-week'],
    });
  });

  it('takes missing or empty inputs as empty (the checker reports what is required)', () => {
    expect(parseEntryForm(form({ name: 'X', definition: '' }))).toEqual({ name: 'X', aliases: [], definition: '', details: [], related: [] });
  });

  it('lists problems with the form field to fix, escaped, within a message', () => {
    const text = problemsText('Nothing was saved:', [
      { file: 'terms/x.md', field: 'aliases', message: 'alias "**@everyone**" is used twice' },
      { file: 'terms/x.md', field: 'definition', message: 'is too long' },
    ]);
    expect(text).toContain('• **Other names**: alias');
    expect(text).toContain('• **Definition**: is too long');
    expect(text).not.toContain('@everyone');
    const many = problemsText('Nothing was saved:', Array.from({ length: 200 }, (_, k) => ({ file: `terms/t${k}.md`, field: 'name', message: `problem number ${k} with a fairly long explanation of what is wrong` })), { withFile: true });
    expect(many.length).toBeLessThanOrEqual(LIMITS.content);
    expect(many).toMatch(/…and \d+ more problem\(s\)\.$/);
    expect(many).toContain('`terms/t0.md` Name');
  });

  it('shows file names as inline code, as written, with no way out of it', () => {
    expect(code('my_glossary.md')).toBe('`my_glossary.md`');
    expect(code('a`b`\n<@1>.md')).toBe("`a'b' <@1>.md`");
  });
});

describe('the export bundle', () => {
  const files = [
    { file: 'terms/launch-week.md', text: '---\nkind: term\nname: Launch Week\n---\n- A fact. [server]\n' },
    { file: 'terms/odd.md', text: '---\nkind: term\nname: Odd\n---\n- One.\n\n---\n\n- A rule above. [server]\n' },
  ];

  it('round-trips, each file exactly, --- lines in a body included', () => {
    const bundle = toBundle(files);
    expect(bundle.startsWith('<!-- termbot glossary: 2 entries')).toBe(true);
    expect(fromBundle(bundle, 'glossary.md')).toEqual({ files, problems: [] });
    expect(fromBundle(bundle.replace(/\n/g, '\r\n'), 'glossary.md').files).toEqual(files);
  });

  it('reads a single knowledge file as one entry named after the upload', () => {
    expect(fromBundle(files[0]!.text, 'launch-week.md')).toEqual({ files: [{ file: 'terms/launch-week.md', text: files[0]!.text }], problems: [] });
    expect(fromBundle('  \n', 'empty.md').problems).toEqual([{ file: 'empty.md', field: '(file)', message: 'is empty' }]);
  });

  it('refuses text that belongs to no entry, and an empty entry, naming the line', () => {
    const r = fromBundle(`stray words\n${toBundle(files)}<!-- file: terms/empty.md -->\n`, 'g.md');
    expect(r.files).toEqual([]);
    expect(r.problems.map((p) => `${p.file} ${p.field}: ${p.message}`)).toEqual([
      'g.md line 1: text before the first "<!-- file: terms/<id>.md -->" line belongs to no entry',
      expect.stringMatching(/^g\.md line \d+: terms\/empty\.md has no text$/),
    ]);
  });
});

describe('the edit rate limiter', () => {
  it('allows perMember changes by one member and perServer in one server per window, then says when to retry', () => {
    let now = 1_000_000;
    const l = new EditLimiter({ perMember: 2, perServer: 3, windowMs: 60_000 }, () => now);
    expect(l.check('g', 'a')).toEqual({ ok: true });
    l.record('g', 'a');
    now += 10_000;
    l.record('g', 'a');
    expect(l.check('g', 'a')).toEqual({ ok: false, who: 'member', retryAfterMs: 50_000, limit: 2, windowMs: 60_000 });
    expect(l.check('g', 'b')).toEqual({ ok: true });
    l.record('g', 'b');
    expect(l.check('g', 'c')).toEqual({ ok: false, who: 'server', retryAfterMs: 50_000, limit: 3, windowMs: 60_000 });
    expect(l.check('other', 'a')).toEqual({ ok: true });
    now += 50_000;
    expect(l.check('g', 'a')).toEqual({ ok: true });
    expect(l.check('g', 'c')).toEqual({ ok: true });
  });

  it('says which limit and when, in words', () => {
    expect(limitMessage({ ok: false, who: 'member', retryAfterMs: 1500, limit: EDIT_LIMITS.perMember, windowMs: EDIT_LIMITS.windowMs })).toBe(`You have made ${EDIT_LIMITS.perMember} changes to this server's glossary within a minute, the most allowed. Nothing was changed; try again in 2 s.`);
    expect(limitMessage({ ok: false, who: 'server', retryAfterMs: 10, limit: EDIT_LIMITS.perServer, windowMs: 60_000 })).toContain(`This server's glossary has had ${EDIT_LIMITS.perServer} changes within a minute`);
  });
});
