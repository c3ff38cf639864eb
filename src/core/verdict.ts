/**
 * Classification verdicts, derived only from the recorded views. Each source's view of a platform
 * has a label and a stance: it *says* so outright, only *lists* the platform as an example under the
 * label, or *debates* the question (the label is its lean); `not` names what it says the platform is
 * not; a source with no view is *silent*. Every sentence here claims exactly that much: a source that
 * only lists a platform as social media "only lists it as social media"; it never "does not count it
 * as a social network".
 */
import { CATEGORIES, type Category, type ClassificationView, type Knowledge, type PlatformEntry, type ViewLabel } from './knowledge/types.ts';
import type { Verdict } from './reply.ts';

/** "a social network": the words for a label after "is" or "calls it". */
export const VIEW_LABEL_WORDS: Record<ViewLabel, string> = {
  'social-media': 'social media',
  'social-network': 'a social network',
  both: 'both social media and a social network',
  messaging: 'a messaging app',
  community: 'a community platform',
  other: 'something other than social media',
};

/** The words after "lists it": how the articles file platforms. */
const LISTED_AS: Record<ViewLabel, string> = {
  'social-media': 'as social media',
  'social-network': 'under social networking',
  both: 'both as social media and under social networking',
  messaging: 'as a messaging app',
  community: 'as a community platform',
  other: 'as something other than social media',
};

/** "a social network": the words for a category, the same as for the view label of that name. */
export const CATEGORY_WORDS = Object.fromEntries(CATEGORIES.map((c) => [c, VIEW_LABEL_WORDS[c]])) as Record<Category, string>;

/** Does a view's label put the platform in the category? `both` is social media and a social network. */
export function covers(label: ViewLabel, category: Category): boolean {
  return label === category || (label === 'both' && (category === 'social-media' || category === 'social-network'));
}

/** A view in a few words, for its heading: "listed as social media", "called social media, not a social network". */
export function viewWords(v: Pick<ClassificationView, 'label' | 'stance' | 'not' | 'called'>): string {
  const not = v.not.length ? `, not ${v.not.map((c) => CATEGORY_WORDS[c]).join(' or ')}` : '';
  switch (v.stance) {
    case 'says':
      return `called ${VIEW_LABEL_WORDS[v.label]}${not}`;
    case 'lists':
      return `listed ${LISTED_AS[v.label]}${not}`;
    case 'debates':
      return `debated${v.called ? ` (“${v.called}”)` : ''}, leaning to ${VIEW_LABEL_WORDS[v.label]}${not}`;
  }
}

/** The platform's usual class in a phrase, for sentences like "X is usually classed as …". */
export function usualClass(p: PlatformEntry): string {
  return p.classification.label === 'split' ? 'classed differently by different sources' : `usually classed as ${VIEW_LABEL_WORDS[p.classification.label]}`;
}

type Role = 'yes' | 'no' | 'debated' | 'elsewhere';

/** What a view says about one asked category. */
export function roleOf(v: ClassificationView, category: Category): Role {
  if (v.not.includes(category)) return 'no';
  if (covers(v.label, category)) return 'yes';
  // A debate is over social media or social network; on any other category the view simply files it elsewhere.
  return v.stance === 'debates' && (category === 'social-media' || category === 'social-network') ? 'debated' : 'elsewhere';
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * The short answer to "is P <category>?", from the views alone: who says or lists it so, who says
 * it is not, who debates it, who files it elsewhere, and which articles are silent.
 */
export function classificationVerdict(k: Knowledge, p: PlatformEntry, category: Category): { answer: Verdict; text: string } {
  const views = p.classification.views;
  const name = (id: string) => k.sources.get(id)?.label ?? id;
  let named = false;
  const subject = () => {
    if (named) return 'it';
    named = true;
    return p.name;
  };
  const roles = views.map((v) => ({ v, role: roleOf(v, category) }));
  const yes = roles.filter((r) => r.role === 'yes');
  const others = roles.filter((r) => r.role !== 'yes');
  const order: Role[] = ['yes', 'no', 'debated', 'elsewhere'];
  const stanceOrder = { says: 0, lists: 1, debates: 2 };
  // Views that read the same are said once, with all their sources.
  const groups = new Map<string, { role: Role; v: ClassificationView; sources: string[] }>();
  for (const r of [...roles].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || stanceOrder[a.v.stance] - stanceOrder[b.v.stance])) {
    const key = [r.role, r.v.stance, r.v.label, r.v.not.join(','), r.v.called ?? ''].join('|');
    const g = groups.get(key);
    if (g) g.sources.push(r.v.source);
    else groups.set(key, { role: r.role, v: r.v, sources: [r.v.source] });
  }
  let answer: Verdict;
  let opening: string;
  if (yes.length > 0 && others.length === 0) {
    answer = 'yes';
    opening = 'Yes';
  } else if (yes.length > 0 || others.some((r) => r.role === 'debated')) {
    answer = 'mixed';
    opening = 'The sources differ';
  } else if (others.some((r) => r.role === 'no')) {
    answer = 'no';
    opening = 'No';
  } else {
    answer = 'unstated';
    opening = `No source here calls ${p.name} ${CATEGORY_WORDS[category]}`;
    named = true;
  }
  const clauses = [...groups.values()].map(({ role, v, sources }) => {
    const who = list(sources.map(name));
    // "termbot editors" is one source but many people.
    const one = sources.length === 1 && sources[0] !== 'editorial';
    const verb = (singular: string, plural: string) => (one ? singular : plural);
    const not = v.not.length ? `, not ${v.not.map((c) => CATEGORY_WORDS[c]).join(' or ')}` : '';
    switch (v.stance) {
      case 'says':
        return `${who} ${verb('calls', 'call')} ${subject()} ${VIEW_LABEL_WORDS[v.label]}${not}`;
      case 'debates':
        return `${who} ${verb('calls', 'call')} whether ${subject()} is ${v.label === 'social-network' ? 'social media' : 'a social network'} ${v.called ?? 'an open question'}, and ${verb('leans', 'lean')} to ${VIEW_LABEL_WORDS[v.label]}${not}`;
      case 'lists':
        return `${who} ${role === 'elsewhere' ? 'only ' : ''}${verb('lists', 'list')} ${subject()} ${LISTED_AS[v.label]}${not}`;
    }
  });

  const articles = [...k.sources.values()].filter((s) => s.seed);
  const withViews = new Set(views.map((v) => v.source));
  const silent = articles.filter((s) => !withViews.has(s.id));
  if (silent.length === articles.length && articles.length > 0) clauses.push(`none of the ${NUMBER_WORDS[articles.length] ?? articles.length} articles mentions ${subject()}`);
  else if (silent.length > 0) clauses.push(`${silent.length === 1 ? `${silent[0]?.label ?? 'one article'} does` : `the other ${NUMBER_WORDS[silent.length] ?? silent.length} articles do`} not mention ${subject()}`);

  return { answer, text: `${opening}: ${clauses.join('; ')}.` };
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
