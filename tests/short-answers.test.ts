/**
 * Short answers: every entry, every written comparison, and samples of derived comparisons and
 * classifications, rendered by both renderers (text and Discord), within the length targets and the
 * rendering rules; the full answer ("More") holds everything the short one leaves out.
 */
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { renderText } from '../src/adapters/text.ts';
import { shortFormProblems } from '../src/adapters/short-form.ts';
import { layout, SHORT } from '../src/core/layout.ts';
import { isConcept, type ConceptEntry } from '../src/core/knowledge/types.ts';
import { midName, tidy } from '../src/core/present.ts';
import type { Reply } from '../src/core/reply.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { messageLength, renderDiscord, renderDiscordPages, type RenderedMessage } from '../src/discord/render.ts';
import { compile, platform, term } from './helpers/fixture.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();
const concepts = knowledge.entries.filter(isConcept);
const platforms = concepts.filter((e) => e.kind === 'platform');

/** Everything a Discord message shows, as plain text. */
function discordText(m: RenderedMessage): string {
  const e = m.embeds as APIEmbed[];
  return [m.content ?? '', ...e.flatMap((x) => [x.title ?? '', x.description ?? '', ...(x.fields ?? []).flatMap((f) => [f.name, f.value]), x.footer?.text ?? ''])]
    .join('\n')
    .replace(/\*\*/g, '')
    .replace(/^-# /gm, '');
}

interface Case {
  kind: 'definition' | 'written' | 'derived' | 'classification';
  name: string;
  reply: Reply;
}

const cases: Case[] = [];
for (const e of knowledge.entries) {
  const reply = (e.kind === 'comparison' ? bot.compare(e.a, e.b) : bot.define(e.id)).reply;
  if (reply) cases.push({ kind: e.kind === 'comparison' ? 'written' : 'definition', name: e.id, reply });
}
// Derived comparisons: a spread of pairs across the glossary (no written comparison between them).
for (let i = 0; i < concepts.length; i += 2) {
  const a = concepts[i]!;
  const b = concepts[(i * 7 + 11) % concepts.length]!;
  const reply = a.id === b.id ? undefined : bot.compare(a.id, b.id).reply;
  if (reply?.kind === 'comparison' && reply.derived) cases.push({ kind: 'derived', name: `${a.id} vs ${b.id}`, reply });
}
for (const p of platforms) {
  for (const q of [`is ${p.name} a social network?`, `is ${p.name} social media?`, `what kind of platform is ${p.name}?`]) {
    const reply = bot.ask(q, 'direct').reply;
    if (reply?.kind === 'classification') cases.push({ kind: 'classification', name: q, reply });
  }
}

const rendered = cases.map((c) => {
  const d = renderDiscord(c.reply, { ownerId: '123' });
  return { ...c, text: renderText(c.reply), discord: d, discordText: discordText(d), discordLength: messageLength(d) };
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

describe('short answers: length', () => {
  it('covers every entry, every written comparison, and samples of derived comparisons and classifications', () => {
    const count = (k: Case['kind']) => cases.filter((c) => c.kind === k).length;
    expect(count('definition')).toBe(concepts.length);
    expect(count('written')).toBe(knowledge.entries.length - concepts.length);
    expect(count('derived')).toBeGreaterThan(40);
    expect(count('classification')).toBeGreaterThanOrEqual(platforms.length);
  });

  it(`median ≤ 600 characters over every entry and written comparison, with both renderers`, () => {
    const entries = rendered.filter((r) => r.kind === 'definition' || r.kind === 'written');
    expect(median(entries.map((r) => r.text.length))).toBeLessThanOrEqual(600);
    expect(median(entries.map((r) => r.discordLength))).toBeLessThanOrEqual(600);
  });

  it(`none over ${SHORT.max} characters, with either renderer, of any kind`, () => {
    const over = rendered.filter((r) => r.text.length > SHORT.max || r.discordLength > SHORT.max).map((r) => `${r.kind} ${r.name}: ${r.text.length} / ${r.discordLength}`);
    expect(over).toEqual([]);
  });

  it('is one Discord message with one embed', () => {
    for (const r of rendered) {
      expect(r.discord.embeds).toHaveLength(1);
      expect(renderDiscordPages(r.reply)).toHaveLength(1);
    }
  });
});

describe('short answers: rendering rules', () => {
  const texts = rendered.flatMap((r) => [
    { where: `${r.kind} ${r.name} (text)`, text: r.text },
    { where: `${r.kind} ${r.name} (Discord)`, text: r.discordText },
  ]);
  const offenders = (re: RegExp, prep: (s: string) => string = (s) => s) => texts.filter((t) => re.test(prep(t.text))).map((t) => `${t.where}: ${prep(t.text).match(re)?.[0]}`);

  it('no doubled punctuation', () => {
    expect(offenders(/[.;:,!?][.;:,]|…[.;:,]/, (s) => s.replace(/`[^`]*`/g, '').replace(/\b(?:e\.g|i\.e|etc|vs)\.,?/g, ''))).toEqual([]);
  });

  it('no raw source ids in text', () => {
    const ids = [...knowledge.sources.keys()].join('|');
    expect(offenders(new RegExp(`\\((?:${ids})\\)`))).toEqual([]);
  });

  it('proper dashes: no spaced hyphens or double hyphens', () => {
    expect(offenders(/\s-{1,2}\s|--/)).toEqual([]);
  });

  it('plural sources take plural verbs', () => {
    expect(offenders(/\beditors (?:counts|does|says|calls|puts)\b/)).toEqual([]);
  });

  it('no "—" filler cells and no empty cells', () => {
    expect(offenders(/:\s*—\s*$|^\s*—\s*$/m)).toEqual([]);
  });

  it('sentence-case names lose their capital mid-sentence', () => {
    const lower = concepts.filter((e) => midName(e) !== e.name);
    const bad: string[] = [];
    for (const t of texts) {
      for (const e of lower) {
        for (const lead of ['is part of ', ' and ', 'both part of ']) {
          if (t.text.includes(`${lead}${e.name} `) || t.text.includes(`${lead}${e.name}.`)) bad.push(`${t.where}: "${lead}${e.name}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('aliases shown are ones people write: no match-only keys, no variants matching already covers', () => {
    for (const e of concepts) {
      const full = renderText(bot.define(e.id).reply, { detail: 'full' });
      const also = /^Also called: (.*)$/m.exec(full)?.[1] ?? '';
      for (const key of e.matchKeys) expect(also.split(', ')).not.toContain(key);
    }
    const sm = renderText(bot.define('social-media').reply, { detail: 'full' });
    expect(sm).not.toMatch(/socialmedia/);
    expect(bot.define('socialmedia').reply?.kind).toBe('definition');
    const yt = renderText(bot.define('youtube').reply, { detail: 'full' });
    expect(yt).not.toMatch(/you tube/);
  });
});

describe('derived comparisons say something real or say less', () => {
  const derived = rendered.filter((r) => r.kind === 'derived');

  it('no stock sentences and no first-fact filler rows', () => {
    for (const r of derived) {
      expect(r.text).not.toMatch(/separate ideas|side by side|Worth knowing/);
      expect(r.text).not.toMatch(/are different things\.[^\n]*are different things/);
    }
  });

  it('an activity and the site it happens on are not "different things"', () => {
    const r = bot.compare('social networking', 'online social network').reply;
    expect(r?.kind === 'comparison' && r.relation.kind).toBe('overlap');
    const text = renderText(r);
    expect(text).toMatch(/Social networking is the activity; online social network is the kind of site it happens on\./);
    expect(text).not.toMatch(/different things/);
  });

  it('a term and its area: "part of"', () => {
    const metrics = knowledge.byId.get('metrics') as ConceptEntry;
    const inArea = concepts.filter((e) => e.area === 'metrics' && e.id !== 'metrics').slice(0, 8);
    expect(inArea.length).toBeGreaterThan(2);
    for (const e of inArea) {
      const r = bot.compare(e.id, metrics.id).reply;
      if (r?.kind !== 'comparison' || !r.derived) continue;
      expect(r.relation.kind).toBe('b-contains-a');
      expect(renderText(r)).toContain(`is part of metrics.`);
    }
  });

  it('a dimension only when both sides have it', () => {
    for (const r of derived) {
      if (r.reply.kind !== 'comparison') continue;
      for (const d of r.reply.dimensions) {
        expect(d.a.trim()).not.toMatch(/^—?$/);
        expect(d.b.trim()).not.toMatch(/^—?$/);
      }
    }
  });
});

describe('the rest one click away', () => {
  it('says when something is left out, and the full answer has all of it (text and every Discord part)', () => {
    for (const c of cases) {
      const short = renderText(c.reply);
      const full = renderText(c.reply, { detail: 'full' });
      const pages = renderDiscordPages(c.reply, { detail: 'full' });
      const discordFull = pages.map(discordText).join('\n');
      for (const p of pages) {
        expect(messageLength(p)).toBeLessThanOrEqual(LIMITS.embedTotal);
        for (const e of p.embeds) expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
      }
      const r = c.reply;
      const pieces: string[] = [];
      if (r.kind === 'definition') pieces.push(r.definition.text, ...r.details.map((d) => d.text), ...r.views.map((v) => v.text), ...r.examples);
      if (r.kind === 'comparison') pieces.push(r.relation.text.text, ...r.dimensions.flatMap((d) => [d.a, d.b]), ...r.notes.map((n) => n.text), ...r.relationViews.map((v) => v.text));
      if (r.kind === 'classification') pieces.push(r.definition.text, ...r.classification.views.map((v) => v.why));
      for (const piece of pieces.filter(Boolean)) {
        const probe = tidy(piece, r.kind === 'classification' || r.kind === 'definition' || r.kind === 'comparison' ? r.sources : []).slice(0, 60);
        expect(full, `${c.name}: full text lacks "${probe}"`).toContain(probe);
        expect(discordFull.replace(/\n/g, ' '), `${c.name}: Discord full lacks "${probe}"`).toContain(probe.replace(/\n/g, ' '));
        // Whatever the short answer does not show in full, it says so.
        if (!short.includes(probe)) expect(short, `${c.name}: short answer drops "${probe}" without a More line`).toMatch(/^(?:Shortened here\. )?More: /m);
      }
    }
  });

  it('the biggest comparison keeps every note in Discord (over several messages if needed)', () => {
    const r = bot.compare('social media', 'social networking').reply!;
    const pages = renderDiscordPages(r, { detail: 'full' });
    const all = pages.map(discordText).join('\n');
    expect(all).toContain('Diksha lists Instagram and Snapchat as social media');
    expect(pages.at(-1)!.components.length).toBeGreaterThan(0);
  });

  it('every renderer covers every reply kind through the shared layout', () => {
    const replies: Reply[] = [
      bot.define('reach').reply!,
      bot.compare('reach', 'impressions').reply!,
      bot.ask('is youtube a social network?', 'direct').reply!,
      bot.help().reply!,
      bot.terms(undefined, 1).reply!,
      { kind: 'not-found', query: 'zzz', suggestions: [] },
      { kind: 'hint', examples: ['what is SEO?'] },
      { kind: 'ambiguous', query: 'DM', meanings: [], sources: [] },
    ];
    for (const r of replies) {
      for (const d of ['short', 'full'] as const) {
        expect(layout(r, d)).toBeTruthy();
        expect(renderText(r, { detail: d }).length).toBeGreaterThan(0);
        expect(renderDiscordPages(r, { detail: d }).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('check:knowledge enforces the short form', () => {
  it('flags an entry whose short answer would be too long', () => {
    const long = (c: string) => `${c.repeat(60)}`;
    const dims = Array.from({ length: 4 }, (_, i) => ({ name: `${long('D')}${i}`.slice(0, 60), a: `${'word '.repeat(40)}end.`, b: `${'word '.repeat(40)}end.`, sources: ['alpha'] }));
    const a = term('aa', `A${'a'.repeat(78)}`);
    const b = term('bb', `B${'b'.repeat(78)}`);
    const cmp = { file: 'comparisons/aa-vs-bb.md', data: { kind: 'comparison', name: 'A vs B', summary: `${'x'.repeat(190)}.`, area: 'basics', a: 'aa', b: 'bb', relation: 'distinct', relation_summary: 'They differ.', sources: ['alpha'], dimensions: dims } };
    const { knowledge: k, problems } = compile([a, b, cmp, platform('pp', 'Pp', 'social-media')]);
    expect(problems).toEqual([]);
    const p = shortFormProblems(k);
    expect(p).toEqual([expect.objectContaining({ file: 'comparisons/aa-vs-bb.md', field: '(short answer)' })]);
  });

  it('the shipped knowledge has no short-form problems', () => {
    expect(shortFormProblems(knowledge)).toEqual([]);
  });
});
