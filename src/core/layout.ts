/**
 * The layout step every renderer shares: what an answer shows, in what order, for the short answer
 * and for the full one ("More"). Renderers (text, Discord) only format a Layout; they decide nothing
 * about content, so the console, `ask` and Discord always show the same answer.
 */
import { AREA_TITLES } from './knowledge/types.ts';
import {
  citeMarks,
  clip,
  factText,
  firstSentence,
  LABEL_WORDS,
  listWords,
  midName,
  relationHeadline,
  relationPhrase,
  sourceLabel,
  sourceLine,
  sourceSubject,
  startName,
  tidy,
  viewWords,
} from './present.ts';
import type { ClassificationReply, ComparisonReply, DefinitionReply, EntryRef, Reply, SourceRef, ServerEntryNote } from './reply.ts';

export type Detail = 'short' | 'full';

/** One line of text. `label` is emphasised ("**label:** text" in Discord, "label: text" as text). */
export interface Line {
  text: string;
  label?: string;
  bullet?: boolean;
  /** Secondary information (Discord shows it small). */
  muted?: boolean;
  /** Strong emphasis for the whole line (a verdict). */
  strong?: boolean;
}

export interface Section {
  heading: string;
  lines: Line[];
  /** Discord may show short sections side by side. */
  inline?: boolean;
}

/** What a button or menu under the answer does, independent of how a platform draws it. */
export type Action =
  | { kind: 'open'; entry: EntryRef }
  | { kind: 'more' }
  | { kind: 'pick'; entry: EntryRef; compareWith?: EntryRef }
  | { kind: 'page'; area: string; page: number; enabled: boolean; direction: 'previous' | 'next' }
  | { kind: 'choose-area'; current: string; areas: { area: string; title: string; count: number }[] };

export type Tone = 'definition' | 'comparison' | 'classification' | 'miss' | 'info';

export interface Layout {
  tone: Tone;
  /** Absent for plain replies (a hint, a miss): they are a message, not a card. */
  title?: string;
  /** Text the member typed that the answer echoes; renderers escape it. */
  asked?: string;
  /** "Closest match for …" (with `asked`). */
  matchedNote?: boolean;
  lead: Line[];
  sections: Section[];
  /** Source list: compact marks ("[1] Diksha · [2] the termbot editors") or the full list. */
  sources?: { refs: SourceRef[]; compact: boolean; /** For compact marks: only the sources the answer cites (numbers stay those of the full list). */ cited?: string[] };
  /** What the full answer adds, when this is the short one ("7 more key points, 4 source views, examples"). */
  more?: { parts: string[]; shortened: boolean };
  footer?: string;
  actions: Action[];
  /** The help answer: each renderer lists its own platform's commands here (slash commands, console commands). */
  commands?: boolean;
  /** The server's own entries the answer uses: each renderer says whose and since when (see serverNoteText). */
  server?: ServerEntryNote[];
}

/** Budgets of the short answer: together they keep it near 600 characters and always under 1,200. */
export const SHORT = {
  keyPoints: 3,
  /** Characters the key points may take in all, and each one at most. */
  keyPointsBudget: 300,
  keyPoint: 160,
  dimensions: 4,
  /** Characters each side of a dimension may take, and all the dimensions' values together. */
  dimensionValue: 85,
  dimensionsBudget: 380,
  disagreement: 160,
  aliases: 3,
  classificationViews: 4,
  /** The longest short answer the checker accepts, with either renderer. */
  max: 1200,
} as const;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The compile-time exhaustiveness check of every switch over reply kinds and actions: a new kind without a case does not compile. */
export function assertNever(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}

/** Lays out any reply. Adding a reply kind without a layout is a compile error (see `assertNever`). */
export function layout(reply: Reply, detail: Detail = 'short'): Layout {
  const l = layoutOf(reply, detail);
  return (reply.kind === 'definition' || reply.kind === 'comparison') && reply.server?.length ? { ...l, server: reply.server } : l;
}

function layoutOf(reply: Reply, detail: Detail): Layout {
  switch (reply.kind) {
    case 'definition':
      return detail === 'full' ? definitionFull(reply) : definitionShort(reply);
    case 'comparison':
      return detail === 'full' ? comparisonFull(reply) : comparisonShort(reply);
    case 'classification':
      return detail === 'full' ? classificationFull(reply) : classificationShort(reply);
    case 'ambiguous': {
      const t = text(reply.sources);
      return {
        tone: 'info',
        title: `“${reply.query}” can mean ${reply.meanings.length} things`,
        lead: [{ text: 'Pick one to see its entry.' }],
        sections: reply.meanings.map((m) => ({ heading: m.entry.name, lines: [{ text: t(m.definition.text, m.definition.sources) }] })),
        sources: { refs: reply.sources, compact: true },
        actions: reply.meanings.map((m) => ({ kind: 'open', entry: m.entry })),
      };
    }
    case 'not-found':
      return {
        tone: 'miss',
        asked: reply.query,
        // With suggestions, each renderer offers them its own way (buttons, or "Did you mean: …").
        lead: reply.suggestions.length ? [] : [{ text: 'Try /terms to browse what I know.' }],
        sections: [],
        actions: reply.suggestions.map((s) => ({ kind: 'pick', entry: s, ...(reply.compareWith ? { compareWith: reply.compareWith } : {}) })),
      };
    case 'help': {
      const c = reply.counts;
      return {
        tone: 'info',
        title: 'termbot: social media and marketing terms, with sources',
        lead: [
          { text: `I know ${c.entries} entries: ${c.terms} terms, ${c.platforms} platforms and ${c.comparisons} comparisons. Answers are short; More shows the whole entry.` },
        ],
        commands: true,
        sections: [
          { heading: 'Or just ask, mentioning me or in an ask channel', lines: reply.examples.map((e) => ({ text: e, bullet: true })) },
          { heading: 'Areas', lines: [{ text: reply.areas.map((a) => `${a.title} (${a.count})`).join(' · ') }] },
        ],
        actions: [],
      };
    }
    case 'term-list': {
      const area = reply.area ?? 'all';
      return {
        tone: 'info',
        title: `${reply.title} (${reply.total})`,
        lead: reply.entries.length ? reply.entries.map((e) => ({ text: e.name, bullet: true })) : [{ text: 'Nothing here yet.' }],
        sections: [],
        footer: `Page ${reply.page} of ${reply.pages} · /define any of these`,
        actions: [
          { kind: 'choose-area', current: area, areas: reply.areas },
          { kind: 'page', direction: 'previous', area, page: reply.page - 1, enabled: reply.page > 1 },
          { kind: 'page', direction: 'next', area, page: reply.page + 1, enabled: reply.page < reply.pages },
        ],
      };
    }
    case 'sources': {
      const cites = (n: number) => `cited in ${count(n, 'entry', 'entries')}`;
      const by = (author: string) => (/^author /.test(author) ? author : `by ${author}`);
      const heading = (label: string) => label.replace(/^the /, 'The ');
      if (reply.asked) {
        const label = reply.sources[0]?.label ?? '';
        return {
          tone: 'info',
          title: label.toLowerCase().includes(reply.asked.toLowerCase()) ? reply.asked : `${reply.asked}, in ${label}`,
          lead: reply.sources.map((s) => ({ text: s.about ?? s.author })),
          sections: reply.sources.map((s) => ({ heading: heading(s.label), lines: [{ text: `“${s.title}”, ${by(s.author)}; ${cites(s.entries)}.` }] })),
          actions: reply.citedIn.map((e) => ({ kind: 'open', entry: e })),
        };
      }
      const named = reply.sources.find((s) => s.about && /^[A-Z]/.test(s.label));
      return {
        tone: 'info',
        title: "Where termbot's answers come from",
        lead: [{ text: 'Every fact in an answer cites one of these sources; where they disagree, answers say who says what.' }],
        sections: reply.sources.map((s) => ({
          heading: heading(s.label),
          lines: [{ text: `“${s.title}”, ${by(s.author)}; ${cites(s.entries)}.` }],
        })),
        // A source named after its author (a capitalised label, like "Diksha") makes the example question.
        ...(named ? { footer: `Ask “who is ${named.label}?” for more about a source.` } : {}),
        actions: [],
      };
    }
    case 'hint':
      // Known terms in a message that asked nothing clear about them: offer them.
      if (reply.terms?.length) {
        return {
          tone: 'info',
          lead: [
            {
              text:
                reply.terms.length === 1
                  ? `I know ${reply.terms[0]!.name}, but I'm not sure what you'd like to know about it. Ask e.g. “what is ${reply.terms[0]!.name}?”.`
                  : `I know ${listWords(reply.terms.map((t) => t.name))}. Which one do you mean? Ask about one, e.g. “what is ${reply.terms[0]!.name}?”, or compare two with “vs”.`,
            },
          ],
          sections: [],
          actions: reply.terms.slice(0, 5).map((t) => ({ kind: 'open', entry: t })),
        };
      }
      return {
        tone: 'info',
        lead: [{ text: `I answer social media and marketing terminology questions. Try ${reply.examples.map((e) => `“${e}”`).join(', ')}, or /help.` }],
        sections: [],
        actions: [],
      };
    default:
      return assertNever(reply);
  }
}

/** Tidied text with its citation marks, numbered against `sources`. */
function text(sources: readonly SourceRef[], used?: Set<string>) {
  return (t: string, ids: readonly string[] = []) => {
    for (const id of ids) used?.add(id);
    const m = citeMarks(ids, sources);
    return `${tidy(t, sources)}${m ? ` ${m}` : ''}`;
  };
}

/** The first sentence of where sources disagree, as one line. */
function disagreementLine(d: { text: string; sources: string[] }, t: (text: string, ids?: readonly string[]) => string): { line: Line; cut: boolean } {
  const c = clip(firstSentence(d.text), SHORT.disagreement);
  // "The articles disagree on …" needs no "Sources disagree:" before it.
  const says = /^(?:the )?(?:articles|sources) (?:disagree|differ)/i.test(c.text);
  return { line: { ...(says ? {} : { label: 'Sources disagree' }), text: t(c.text, d.sources) }, cut: c.cut || c.text.length < d.text.length };
}

function definitionShort(r: DefinitionReply): Layout {
  const s = r.sources;
  const used = new Set<string>();
  const t = text(s, used);
  const lead: Line[] = [{ label: 'In short', text: t(r.summary.text, r.summary.sources) }];
  if (r.classification) {
    const c = r.classification.label;
    lead.push(c === 'split' ? { label: 'Classed as', text: 'it depends on the source', muted: true } : { label: 'Usually classed as', text: LABEL_WORDS[c], muted: true });
  }
  let shortened = false;
  let budget: number = SHORT.keyPointsBudget;
  let shown = 0;
  for (const d of r.details.slice(0, SHORT.keyPoints)) {
    if (budget < 50) break;
    const c = clip(factText(d), Math.min(SHORT.keyPoint, budget));
    lead.push({ text: t(c.text, d.sources), bullet: true });
    shortened ||= c.cut;
    budget -= c.text.length;
    shown++;
  }
  if (r.disagreement) {
    const d = disagreementLine(r.disagreement, t);
    lead.push(d.line);
    shortened ||= d.cut;
  }
  const parts: string[] = [];
  if (r.definition.text !== r.summary.text) parts.push('full definition');
  if (r.details.length > shown) parts.push(count(r.details.length - shown, shown ? 'more point' : 'point'));
  if (r.classification) parts.push('classification');
  if (r.views.length) parts.push(count(r.views.length, 'source view'));
  if (r.examples.length) parts.push('examples');
  if (r.aliases.length) parts.push('other names');
  return {
    tone: 'definition',
    title: r.entry.name,
    ...(r.matchedFrom ? { asked: r.matchedFrom, matchedNote: true } : {}),
    lead,
    sections: [],
    sources: { refs: s, compact: true, cited: [...used] },
    ...(parts.length || shortened ? { more: { parts, shortened } } : {}),
    actions: [...(parts.length || shortened ? [{ kind: 'more' } as const] : []), ...r.related.slice(0, 4).map((e) => ({ kind: 'open', entry: e }) as const)],
  };
}

function definitionFull(r: DefinitionReply): Layout {
  const s = r.sources;
  const t = text(s);
  const lead: Line[] = [{ text: t(r.definition.text, r.definition.sources) }];
  if (r.aliases.length) lead.push({ label: 'Also called', text: r.aliases.join(', '), muted: true });
  if (r.broader.length) lead.push({ label: 'Part of', text: r.broader.map((b) => b.name).join(', '), muted: true });
  const sections: Section[] = [];
  if (r.details.length) sections.push({ heading: 'Details', lines: r.details.map((d) => ({ text: t(factText(d), d.sources), bullet: true })) });
  if (r.classification) {
    const c = r.classification;
    sections.push({
      heading: 'How it is classified',
      lines: [{ text: t(c.summary.text, c.summary.sources) }, ...c.views.map((v) => ({ label: `${sourceLabel(v.source, s)}: ${viewWords(v)}`, text: t(v.why, [v.source]), bullet: true }))],
    });
  }
  if (r.disagreement) sections.push({ heading: 'Where sources disagree', lines: [{ text: t(r.disagreement.text, r.disagreement.sources) }] });
  if (r.views.length) sections.push({ heading: 'How the sources put it', lines: r.views.map((v) => ({ label: sourceLabel(v.source, s), text: t(v.text, [v.source]), bullet: true })) });
  if (r.examples.length) sections.push({ heading: 'Examples', lines: [{ text: tidy(r.examples.join('; '), s) }] });
  if (r.related.length) sections.push({ heading: 'Related', lines: [{ text: r.related.map((e) => e.name).join(', ') }] });
  if (r.comparisons.length) sections.push({ heading: 'Compare', lines: [{ text: r.comparisons.map((e) => e.name).join(', ') }] });
  return {
    tone: 'definition',
    title: r.entry.name,
    ...(r.matchedFrom ? { asked: r.matchedFrom, matchedNote: true } : {}),
    lead,
    sections,
    sources: { refs: s, compact: false },
    footer: `termbot · ${AREA_TITLES[r.entry.area]} · full entry`,
    actions: [...r.related.slice(0, 5), ...r.comparisons.slice(0, 5)].map((e) => ({ kind: 'open', entry: e })),
  };
}

/** A relation phrase after a colon: a sentence-case name loses its capital again ("Diksha: social media and …"). */
function lowerStart(phrase: string, r: ComparisonReply): string {
  for (const e of [r.a, r.b]) {
    const mid = midName(e);
    if (mid !== e.name && phrase.startsWith(e.name)) return `${mid}${phrase.slice(e.name.length)}`;
  }
  return phrase;
}

/** The relation line for a comparison whose sources disagree on it, in one line. */
function relationViewsLine(r: ComparisonReply): Line | undefined {
  if (new Set(r.relationViews.map((v) => v.relation)).size <= 1) return undefined;
  // The names are in the title: "different things" says it; "part of" needs them.
  const phrase = (v: ComparisonReply['relationViews'][number]) =>
    v.relation === 'distinct' ? 'different things' : v.relation === 'overlap' ? 'they overlap' : lowerStart(relationPhrase(v.relation, r.a, r.b), r);
  return { label: 'Sources disagree', text: bySource(r.relationViews, phrase, r.sources) };
}

/** "Diksha and Wayward Kind: a; the digital marketing explainer: b": each phrase after the sources that say it. */
function bySource<V extends { source: string }>(views: readonly V[], phrase: (v: V) => string, sources: readonly SourceRef[]): string {
  const who = new Map<string, string[]>();
  for (const v of views) {
    const p = phrase(v);
    who.set(p, [...(who.get(p) ?? []), sourceSubject(sources.find((x) => x.id === v.source)?.label ?? v.source)]);
  }
  return [...who].map(([p, names], i) => `${i === 0 ? startName(listWords(names)) : listWords(names)}: ${p}`).join('; ');
}

function comparisonShort(r: ComparisonReply): Layout {
  const s = r.sources;
  const used = new Set<string>();
  const t = text(s, used);
  const lead: Line[] = [];
  if (r.summary) lead.push({ label: 'In short', text: t(r.summary.text, r.summary.sources) });
  const disagree = relationViewsLine(r);
  if (disagree) lead.push({ ...disagree, text: tidy(disagree.text, s) });
  let shortened = false;
  let budget: number = SHORT.dimensionsBudget;
  const sections: Section[] = [];
  // With fewer dimensions, each may say more.
  const per = Math.max(SHORT.dimensionValue, Math.floor(SHORT.dimensionsBudget / (2 * Math.min(SHORT.dimensions, r.dimensions.length))));
  for (const d of r.dimensions.slice(0, SHORT.dimensions)) {
    // At least two dimensions; more while the budget lasts.
    if (sections.length >= 2 && budget < 100) break;
    const a = clip(d.a, per);
    const b = clip(d.b, per);
    shortened ||= a.cut || b.cut;
    budget -= a.text.length + b.text.length;
    sections.push({ heading: d.name, lines: [{ label: r.a.name, text: tidy(a.text, s) }, { label: r.b.name, text: t(b.text, d.sources) }] });
  }
  if (r.derived) lead.push({ text: 'Put together from both entries: no comparison is written for these two yet.', muted: true });
  const parts: string[] = [];
  if (r.summary && r.relation.text.text && r.relation.text.text !== r.summary.text && !r.derived) parts.push('the relation in full');
  if (r.relationViews.length) parts.push('each source’s view');
  if (r.dimensions.length > sections.length) parts.push(count(r.dimensions.length - sections.length, 'more difference'));
  if (r.notes.length) parts.push(r.derived ? 'both definitions' : count(r.notes.length, 'note'));
  return {
    tone: 'comparison',
    title: `${r.a.name} vs ${r.b.name}`,
    lead,
    sections,
    sources: { refs: s, compact: true, cited: [...used] },
    ...(parts.length || shortened ? { more: { parts, shortened } } : {}),
    actions: [...(parts.length || shortened ? [{ kind: 'more' } as const] : []), { kind: 'open', entry: r.a }, { kind: 'open', entry: r.b }],
  };
}

function comparisonFull(r: ComparisonReply): Layout {
  const s = r.sources;
  const t = text(s);
  const lead: Line[] = [];
  if (r.derived) {
    if (r.summary) lead.push({ label: 'In short', text: t(r.summary.text, r.summary.sources) });
  } else {
    lead.push({ label: 'In short', text: t(`${startName(relationHeadline(r))}. ${r.relation.text.text}`, r.relation.text.sources) });
  }
  const sections: Section[] = [];
  if (r.relationViews.length) {
    sections.push({
      heading: 'How each source sees the relation',
      lines: r.relationViews.map((v) => ({ label: sourceLabel(v.source, s), text: t(`${startName(relationPhrase(v.relation, r.a, r.b))}. ${v.text}`, [v.source]), bullet: true })),
    });
  }
  for (const d of r.dimensions) {
    const m = citeMarks(d.sources, s);
    sections.push({ heading: `${d.name}${m ? ` ${m}` : ''}`, lines: [{ label: r.a.name, text: tidy(d.a, s) }, { label: r.b.name, text: tidy(d.b, s) }] });
  }
  if (r.notes.length) sections.push({ heading: r.derived ? 'Definitions' : 'Also', lines: r.notes.map((n) => ({ text: t(factText(n), n.sources), bullet: true })) });
  if (r.derived) lead.push({ text: 'Put together from both entries: no comparison is written for these two yet.', muted: true });
  return {
    tone: 'comparison',
    title: `${r.a.name} vs ${r.b.name}`,
    lead,
    sections,
    sources: { refs: s, compact: false },
    footer: 'termbot · comparison · full',
    actions: [{ kind: 'open', entry: r.a }, { kind: 'open', entry: r.b }],
  };
}

/** "Diksha: social media; the termbot editors: a social network". */
function whoSaysWhat(r: ClassificationReply): string {
  return bySource(r.classification.views, viewWords, r.sources);
}

function classificationShort(r: ClassificationReply): Layout {
  const s = r.sources;
  const used = new Set<string>();
  const t = text(s, used);
  const c = r.classification;
  const lead: Line[] = [];
  if (r.verdict) lead.push({ text: tidy(r.verdict.text, s), strong: true });
  const summary = clip(c.summary.text, 220);
  lead.push({ text: t(summary.text, c.summary.sources) });
  lead.push({ label: 'Who says what', text: tidy(whoSaysWhat(r), s) });
  let shortened = summary.cut;
  if (r.disagreement) {
    const d = disagreementLine(r.disagreement, t);
    lead.push(d.line);
    shortened ||= d.cut;
  }
  const parts = ['each source’s reasons', 'what it is'];
  if (r.related.length) parts.push('related entries');
  return {
    tone: 'classification',
    title: `${r.entry.name}: what kind of platform?`,
    lead: lead.slice(0, SHORT.classificationViews),
    sections: [],
    sources: { refs: s, compact: true, cited: [...used] },
    more: { parts, shortened },
    actions: [{ kind: 'more' }, { kind: 'open', entry: r.entry }, ...r.related.slice(0, 3).map((e) => ({ kind: 'open', entry: e }) as const)],
  };
}

function classificationFull(r: ClassificationReply): Layout {
  const s = r.sources;
  const t = text(s);
  const c = r.classification;
  const lead: Line[] = [];
  if (r.verdict) lead.push({ text: tidy(r.verdict.text, s), strong: true });
  lead.push({ text: t(c.summary.text, c.summary.sources) });
  const sections: Section[] = c.views.map((v) => ({ heading: `${sourceLabel(v.source, s)}: ${viewWords(v)}`, lines: [{ text: t(v.why, [v.source]) }] }));
  if (r.disagreement) sections.push({ heading: 'Where sources disagree', lines: [{ text: t(r.disagreement.text, r.disagreement.sources) }] });
  sections.push({ heading: 'What it is', lines: [{ text: t(r.definition.text, r.definition.sources) }] });
  if (r.related.length) sections.push({ heading: 'Related', lines: [{ text: r.related.map((e) => e.name).join(', ') }] });
  return {
    tone: 'classification',
    title: `${r.entry.name}: what kind of platform?`,
    lead,
    sections,
    sources: { refs: s, compact: false },
    footer: 'termbot · classification · full',
    actions: [{ kind: 'open', entry: r.entry }, ...r.related.slice(0, 4).map((e) => ({ kind: 'open', entry: e }) as const)],
  };
}

/** "[1] Diksha · [2] termbot editors": the compact source marks of a short answer. */
export function compactSources(refs: readonly SourceRef[], cited?: readonly string[]): string {
  return refs
    .map((r, i) => (cited && !cited.includes(r.id) ? '' : `[${i + 1}] ${r.label}`))
    .filter(Boolean)
    .join(' · ');
}

/** The full source lines. */
export function fullSources(refs: readonly SourceRef[]): string[] {
  return refs.map((r, i) => sourceLine(r, i + 1));
}

/** "More: the full definition, 9 more key points and examples." */
export function moreLine(more: NonNullable<Layout['more']>): string {
  const what = more.parts.length ? listWords(more.parts) : 'the whole text';
  return `${more.shortened ? 'Shortened here. ' : ''}More: ${what}.`;
}
