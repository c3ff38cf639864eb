/**
 * Every classification verdict claims exactly what the recorded views say: checked for every
 * platform × category in the shipped knowledge (new platforms included automatically), plus the
 * exact sentences for the cases a fact-check found overclaiming.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category, type ClassificationView, type PlatformEntry } from '../src/core/knowledge/types.ts';
import { CATEGORY_WORDS, classificationVerdict, covers, roleOf, VIEW_LABEL_WORDS } from '../src/core/verdict.ts';
import { botFrom, platform } from './helpers/fixture.ts';
import { shippedKnowledge } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const platforms = knowledge.entries.filter((e): e is PlatformEntry => e.kind === 'platform');
const label = (id: string) => knowledge.sources.get(id)?.label ?? id;
const articles = [...knowledge.sources.values()].filter((s) => s.seed);

/** The clause a view must get, rebuilt from the view alone (stance, label, not, called). */
function expectedClause(v: ClassificationView, c: Category): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const not = v.not.length ? `, not ${v.not.map((x) => esc(CATEGORY_WORDS[x])).join(' or ')}` : '';
  const listed = { 'social-media': 'as social media', 'social-network': 'under social networking', both: 'both as social media and under social networking', messaging: 'as a messaging app', community: 'as a community platform', other: 'as something other than social media' }[v.label];
  const role = roleOf(v, c);
  switch (v.stance) {
    case 'says':
      return new RegExp(`\\bcalls? \\S.* ${esc(VIEW_LABEL_WORDS[v.label])}${not}$`);
    case 'lists':
      return new RegExp(`\\b${role === 'yes' ? '' : 'only '}lists? \\S.* ${esc(listed)}${not}$`);
    case 'debates':
      return new RegExp(`\\bcalls? whether \\S.* is .*${esc(v.called ?? 'an open question')}, and leans? to ${esc(VIEW_LABEL_WORDS[v.label])}${not}$`);
  }
}

describe('verdict sentences for every platform × category', () => {
  const cases = platforms.flatMap((p) => CATEGORIES.map((c) => [p.id, c] as const));
  it.each(cases)('%s as %s claims no more than its views', (id, c) => {
    const p = knowledge.byId.get(id) as PlatformEntry;
    const { answer, text } = classificationVerdict(knowledge, p, c);
    const colon = text.indexOf(': ');
    const opening = text.slice(0, colon);
    const clauses = text.slice(colon + 2).replace(/\.$/, '').split('; ');
    const views = p.classification.views;

    // Each view is stated once, in a clause that starts with its source and says what its stance allows.
    for (const v of views) {
      const mine = clauses.filter((cl) => new RegExp(`^(?:[^;]*, |[^;]* and )?${label(v.source).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:,| and| (?:only |calls?|lists?))`).test(cl));
      expect(mine, `${v.source} in: ${text}`).toHaveLength(1);
      expect(mine[0]).toMatch(expectedClause(v, c));
    }
    // Words that claim more than a view can: never used.
    expect(text).not.toMatch(/do(?:es)? not count|all \d+ sources|usually classed as both/);
    if (!views.some((v) => v.label === 'both')) expect(text).not.toMatch(/\bboth\b/);
    if (!views.some((v) => v.not.length)) expect(text).not.toMatch(/, not /);
    if (!views.some((v) => v.stance === 'debates')) expect(text).not.toMatch(/dilemma|open question/);

    // Silent articles are said to be silent, and only they.
    const silent = articles.filter((s) => !views.some((v) => v.source === s.id));
    const last = clauses[clauses.length - 1] ?? '';
    if (silent.length === 0) expect(last).not.toMatch(/not mention|mentions/);
    else if (silent.length === articles.length) expect(last).toMatch(/^none of the \w+ articles mentions /);
    else expect(last).toMatch(silent.length === 1 ? new RegExp(`^${label(silent[0]!.id)} does not mention `) : /^the other \w+ articles do not mention /);

    // The answer follows from the roles alone.
    const roles = views.map((v) => roleOf(v, c));
    const yes = roles.filter((r) => r === 'yes').length;
    const expected = yes === views.length ? 'yes' : yes > 0 || roles.includes('debated') ? 'mixed' : roles.includes('no') ? 'no' : 'unstated';
    expect(answer).toBe(expected);
    expect(opening).toBe({ yes: 'Yes', mixed: 'The sources differ', no: 'No', unstated: `No source here calls ${p.name} ${CATEGORY_WORDS[c]}` }[expected]);
    // "Yes" only when every view puts it in the category.
    if (answer === 'yes') expect(views.every((v) => covers(v.label, c))).toBe(true);
  });
});

describe('the verdicts a fact-check found overclaiming', () => {
  const verdict = (id: string, c: Category) => classificationVerdict(knowledge, knowledge.byId.get(id) as PlatformEntry, c).text;
  it('Facebook: articles that only list it as social media are not said to deny it is a social network', () => {
    expect(verdict('facebook', 'social-network')).toBe(
      'The sources differ: the social networking explainer calls Facebook both social media and a social network; Wayward Kind lists it both as social media and under social networking; Diksha and the digital marketing explainer only list it as social media.',
    );
  });
  it('Twitter: the explainer’s "biggest dilemma" shows, whichever category is asked', () => {
    expect(verdict('twitter', 'social-media')).toBe(
      "Yes: Diksha, Wayward Kind and the digital marketing explainer list X (formerly Twitter) as social media; the social networking explainer calls whether it is a social network the internet's biggest dilemma, and leans to social media.",
    );
    expect(verdict('twitter', 'social-network')).toMatch(/^The sources differ: .*biggest dilemma/);
  });
  it('Snapchat and LinkedIn: a one-to-one split, never "both"', () => {
    for (const id of ['snapchat', 'linkedin']) {
      const p = knowledge.byId.get(id) as PlatformEntry;
      expect(p.classification.label).toBe('split');
      for (const c of CATEGORIES) expect(verdict(id, c)).not.toMatch(/\bboth\b/);
    }
    expect(verdict('snapchat', 'social-network')).toBe(
      'The sources differ: Wayward Kind lists Snapchat under social networking; Diksha only lists it as social media; the other two articles do not mention it.',
    );
  });
  it('YouTube: the explainer says it is not a social network; Diksha only lists it', () => {
    expect(verdict('youtube', 'social-network')).toBe(
      'No: the social networking explainer calls YouTube social media, not a social network; Diksha only lists it as social media; the other two articles do not mention it.',
    );
  });
  it('an editorial-only platform says the articles are silent', () => {
    expect(verdict('discord', 'social-media')).toBe('No source here calls Discord social media: termbot editors call it a community platform; none of the four articles mentions it.');
  });
});

describe('derived comparisons of split platforms', () => {
  it('never say "usually classed as both"', () => {
    const split = {
      label: 'split',
      summary: 'Alpha lists it as social media, Beta under social networking.',
      views: [
        { source: 'alpha', label: 'social-media', stance: 'lists', why: 'Listed as social media.' },
        { source: 'beta', label: 'social-network', stance: 'lists', why: 'Listed under social networking.' },
      ],
    };
    const bot = botFrom([platform('aa', 'Alpha app', 'social-media', { classification: split }), platform('bb', 'Beta app', 'social-media')]);
    const reply = bot.compare('alpha app', 'beta app').reply;
    expect(reply?.kind).toBe('comparison');
    if (reply?.kind === 'comparison') expect(reply.relation.text.text).toBe('Two separate platforms: Alpha app is classed differently by different sources, Beta app usually classed as social media.');
  });
});
