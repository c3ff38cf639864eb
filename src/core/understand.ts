/**
 * Understanding free text: cleans a chat message and lists what it could be asking, most likely
 * first. Slots are still plain text here; `termbot.ts` resolves them against the index and takes
 * the first reading whose terms are all known. Nothing here knows the knowledge base, so chatter
 * costs a few regular expressions and nothing more.
 */
import { canonicalWord, fold, words } from './normalize.ts';

export type Reading =
  /** `addressed`: the message names termbot or its command ("/help", "termbot help"), so it is for the bot even in a channel. */
  | { intent: 'help'; addressed: boolean }
  | { intent: 'terms'; addressed: boolean }
  /**
   * `cue` is false when nothing makes it a question. `bare` is the whole message taken as a term
   * ("SEO?"): matched exactly, never corrected.
   */
  | { intent: 'define'; slot: string; cue: boolean; bare?: boolean }
  /** `pair` is "X <sep> Y"; every split on `sep` is tried, so "likes and comments vs reach" still works. */
  | { intent: 'compare'; a: string; b: string; weak: boolean }
  | { intent: 'classify'; subject: string; categories: string[] };

export interface Cleaned {
  text: string;
  /** A request prefix was dropped ("can you share?" → "share"): what is left is not a term question on its own. */
  request: boolean;
  /** A question clause was dropped from the end: `define` ("ROAS, what is it") or `difference` ("reach and impressions, what's the difference"). */
  clause?: 'define' | 'difference';
  /** The message ended with a question mark. */
  endsWithQuestionMark: boolean;
  /** The message reads as a question: a question mark, or a question word or command at the start. */
  question: boolean;
}

const ASCII_TEXT = /^[\x20-\x7e]*$/;

/** Longer messages are conversation, not a terminology question. */
export const MAX_QUESTION_LENGTH = 300;

/** Misspellings of the words that carry a question's shape (not of terms: the index handles those). */
const CUE_TYPOS: Record<string, string> = {
  waht: 'what', wht: 'what', whta: 'what', wat: 'what', wut: 'what', wot: 'what', hwat: 'what',
  defintion: 'definition', definiton: 'definition', defenition: 'definition', difinition: 'definition', defination: 'definition',
  defin: 'define', defien: 'define', dfine: 'define',
  diffrence: 'difference', differnce: 'difference', diference: 'difference', differance: 'difference', differene: 'difference', difrence: 'difference', diffference: 'difference',
  meanig: 'meaning', menaing: 'meaning', meening: 'meaning', meanin: 'meaning',
  explian: 'explain', expain: 'explain', explan: 'explain',
  compair: 'compare', comapre: 'compare', compre: 'compare',
  betwen: 'between', beetween: 'between', bewteen: 'between', btwn: 'between',
  versis: 'versus', verses: 'versus',
};
const CUE_TYPO_RE = new RegExp(`\\b(?:${Object.keys(CUE_TYPOS).join('|')})\\b`, 'g');

const LEADING_FILLER =
  /^(?:hey|hi|hello|hiya|yo|ok|okay|so|um+|uh+|hm+|btw|also|and|but|wait|lol|lmao|honestly|tbh|ngl|real quick|(?:(?:quick|random|dumb|stupid|silly|noob|newbie|genuine|basic|simple|beginner) )?(?:question|q)|(?:newbie|beginner|noob|new) here|sorry (?:for my english|if (?:this is )?(?:a )?(?:dumb|stupid|silly|basic) (?:question|q)(?: but)?)|@?termbot|bot|guys|all|everyone|folks|team|please|pls|plz|sorry|excuse me|dear termbot|for (?:my|our|a) [^,?]{1,40},)\b[\s,:;!.-]+/;
const REQUEST_PREFIX =
  /^(?:(?:can|could|would|will) (?:you|someone|anyone|somebody|u|ya) (?!call |consider |say |classify |count )(?:please |pls |kindly )?|(?:does|do) (?:anyone|someone|somebody|anybody|you|u) know |(?:anyone|anybody|someone) know |any idea |(?:do you|does anyone) have any idea |(?:explain|tell me|describe)(?: to me)? (?=what |how |why )|(?:i|we) (?:wonder|want to know|wanna know|need to know|would like to know|'d like to know|d like to know|don't understand|dont understand|don't get|dont get|am confused about|'m confused about|m confused about|never understood|still don't get) |i'm curious |im curious |(?:please|pls|plz|kindly) |tell me (?=what|the difference|how|why|if|whether))/;
/** Turns "help me understand X", "ELI5 X", "I don't get X" into "define X". */
const DEFINE_PREFIX =
  /^(?:help me understand|eli5[:,]?|explain like (?:i'?m|i am) (?:5|five)[:,]?|explain it like (?:i'?m|i am) (?:5|five)[:,]?|(?:i )?(?:don't|dont|do not) (?:understand|get)|(?:i'?m|i am) (?:confused about|not sure (?:what|about))|never understood|still (?:don't|dont) get|how (?:would|do|should|can|could) (?:you|i|we|one|people) define|how is|how are)\s+(?=\S)/;
const DEFINE_PREFIX_KEEP = /^how (?:is|are) /;
/** Trailing clauses that add nothing to the question: "seo vs sem, what's the difference", "X or Y - which is better". */
const TRAILING_CLAUSE =
  /[\s,;:—–-]+(?:(?:what is|whats) the (?:difference|diff)|what is the difference between them|which (?:one )?(?:is (?:better|best)|should (?:i|we) (?:use|track|pick|choose|go with|focus on|prioriti[sz]e))|which is better|what is better|any difference|is there a difference|what is it|what is that|what does it mean|what are they|what is this|what does that mean|which (?:one )?(?:matters|counts) more|which gets more \w+|same thing|what changes|or not|right|confused|please tell|and (?:do|should|can|when|how|why) (?:we|i|you) (?:need|use|do|get|start)(?: (?:it|one|them|this))?(?: [a-z]+)?)$/;

/** "what is an infographic and when should I use one": the second half asks nothing about the term itself. */
const AND_CLAUSE = /,?\s+and (?:(?:when|how|why|where|do|does|should|can|would|could) )+(?:we|i|you|it|they|one) [a-z ]{0,30}$/;

/** The words the trailing patterns can end with. */
const TRAILING_CLAUSE_LAST = new Set(['difference', 'diff', 'them', 'better', 'best', 'use', 'track', 'pick', 'choose', 'with', 'on', 'prioritize', 'prioritise', 'it', 'that', 'mean', 'they', 'this', 'more', 'reach', 'engagement', 'thing', 'changes', 'not', 'right', 'confused', 'tell', 'need', 'one', 'do', 'get', 'start', 'views', 'clicks', 'followers', 'traffic', 'sales', 'results']);
const TRAILING_FILLER_LAST = new Set(['please', 'pls', 'plz', 'thanks', 'you', 'thx', 'ty', 'lol', 'lmao', 'haha', 'exactly', 'again', 'anyway', 'anyways', 'terms', 'words', 'english', 'me', 'dummies', 'eli5', 'briefly', 'quickly', 'btw', 'quick', 'short', 'simply', 'then']);

const TRAILING_FILLER =
  /\s+(?:please|pls|plz|thanks|thank you|thx|ty|lol|lmao|haha|exactly|again|anyway|anyways|in simple terms|in simple words|in plain english|for me|for dummies|eli5|briefly|quickly|btw|real quick|in short|simply|then)$/;

/** Strips what is not words of the question: mentions, code blocks, links, markdown, emoji, fillers. */
export function clean(message: string): Cleaned {
  let t = message.length > 4 * MAX_QUESTION_LENGTH ? message.slice(0, 4 * MAX_QUESTION_LENGTH) : message;
  // Each replacement runs only when its tell-tale character is there: most chat has none of them.
  if (t.includes('```')) t = t.replace(/```[\s\S]*?(?:```|$)/g, ' ');
  if (t.includes('<')) t = t.replace(/<a?:\w+:\d+>/g, ' ').replace(/<(?:@[!&]?|#)\d+>/g, ' ').replace(/<t:\d+(?::\w)?>/g, ' ');
  if (t.includes('@')) t = t.replace(/@(?:everyone|here)\b/gi, ' ');
  if (t.includes('://')) t = t.replace(/https?:\/\/\S+/gi, ' ');
  const ascii = ASCII_TEXT.test(t);
  t = fold(t).replace(CUE_TYPO_RE, (w) => CUE_TYPOS[w] ?? w);
  if (t.includes('what')) {
    t = t
      .replace(/\bwhat's\b|\bwhats\b(?! ?app)/g, 'what is')
      .replace(/\b(what|who|how) (?:exactly|actually|really|even|precisely) /g, '$1 ')
      .replace(/\bwhat're\b|^whatre\b/g, 'what are');
  }
  if (/[`*_~>|#^]/.test(t)) t = t.replace(/`+/g, ' ').replace(/\|\||[*_~>^]+/g, ' ').replace(/(^|\s)#+(?=\s)/g, ' ');
  if (!ascii) {
    t = t
      .replace(/[’‘´]/g, "'")
      .replace(/[“”«»„]/g, '"')
      .replace(/[\p{Extended_Pictographic}\p{So}\p{Sk}\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ');
  }
  t = t.replace(/\s+/g, ' ').trim();
  const question = /\?/.test(t);
  let request = false;
  let clause: Cleaned['clause'];
  let prev = '';
  while (prev !== t) {
    prev = t;
    t = t
      .replace(/^[\s"',.:;!?¿¡()[\]{}-]+|[\s"',.:;!?¿¡()[\]{}…-]+$/g, '')
      .replace(LEADING_FILLER, '')
      .replace(REQUEST_PREFIX, () => {
        request = true;
        return '';
      })
      .replace(DEFINE_PREFIX, (m) => (DEFINE_PREFIX_KEEP.test(m) ? m : 'define '));
    const last = t.slice(t.lastIndexOf(' ') + 1);
    // The trailing patterns scan the whole text; run them only when the last word could end one.
    if (TRAILING_CLAUSE_LAST.has(last)) {
      const m = TRAILING_CLAUSE.exec(t);
      if (m) {
        if (/difference|diff$/.test(m[0])) clause = 'difference';
        else if (/what (?:is|are|does) (?:it|they|that|this)/.test(m[0])) clause ??= 'define';
        t = t.slice(0, m.index);
      }
    }
    if (t.includes(' and ')) t = t.replace(AND_CLAUSE, '');
    if (TRAILING_FILLER_LAST.has(last)) t = t.replace(TRAILING_FILLER, '');
  }
  return { text: t, request, ...(clause ? { clause } : {}), endsWithQuestionMark: /\?[^a-z0-9]*$/i.test(message.slice(-24)), question: question || /^(?:what|whats|what's|define|explain|meaning|compare|difference|is|are|how|why|which)\b/.test(t) };
}

// Categories a platform can be asked about: "a social network", "social media platform", "a messaging app"…
const CAT =
  '(?:an? |the )?(?:online |real |proper |true |pure |professional )?(?:social[ -]?media|social[ -]?network(?:ing)?|messaging|messenger|chat|community|video[ -]sharing|content[ -]sharing|search engine|blog|blogging|forum|network)(?: (?:site|sites|platform|platforms|app|apps|application|network|networks|tool|service|website|channel|company|network site|networking site))?';
const QUALIFIER = '(?:be considered |be classed as |be called |be counted as |be seen as |count as |considered |classed as |classified as |counted as |seen as |called |really |actually |still |technically |more (?:of )?|mainly |mostly |primarily |just |basically |officially |now |be )?';

/** `when`, if given, is a cheap test that must pass before the (costlier) rule runs. */
type Rule = { re: RegExp; when?: RegExp; read: (m: RegExpExecArray) => Reading | Reading[] | undefined };

const pair = (a: string | undefined, b: string | undefined, weak = false): Reading | undefined =>
  a && b ? { intent: 'compare', a: a.trim(), b: b.trim(), weak } : undefined;
const define = (slot: string | undefined, cue = true): Reading | undefined => (slot ? { intent: 'define', slot: slot.trim(), cue } : undefined);

const SEP = '(?:and|vs\\.?|versus|&|or|with|to|v\\.?)';

const RULES: Rule[] = [
  {
    re: /^(?:help|commands|\/help|!help|termbot help|help termbot|what can you do|what do you do|what can i ask(?: you)?|how do (?:i|we) use (?:you|this|this bot|termbot|the bot)|how does this bot work|what do you know|what are you|who are you|list commands|usage|how to use termbot)$/,
    read: (m) => ({ intent: 'help', addressed: /^(?:\/help|!help|termbot help|help termbot|how to use termbot|how do (?:i|we) use termbot)$/.test(m[0]) }),
  },
  {
    re: /^(?:\/terms|terms|glossary|list terms|list all terms|show terms|show all terms|all terms|what terms do you know|which terms do you know|what words do you know|browse terms|index)$/,
    read: (m) => ({ intent: 'terms', addressed: m[0] === '/terms' }),
  },
  // ---- comparisons
  {
    re: new RegExp(`^(?:what(?:'s| is| are|s|re|'re)? |whats |explain |describe |show |tell me |give me |so )?(?:the |a )?(?:main |key |real |big |biggest |major |actual |exact |basic )?(?:difference|differences|diff|distinction|distinctions|contrast) (?:between|btw|b/w|of|among|in) (.+?) (?:and|vs\\.?|versus|&|or|and between) (.+)$`),
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^how (?:is|are|does|do|would you|can you) (.+?) (?:differ|different|differs|distinct|compare|compares|contrast|stack up|set apart)(?: from| than| to| with| against)? (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^(?:is|are|isn't|aren't|isnt|arent|was|were) (.+?) (?:the same(?: thing)? as|same as|the same thing as|different from|different than|different to|equivalent to|equal to|synonymous with|a synonym (?:of|for)|the opposite of|similar to|interchangeable with|related to|another word for|another name for|just another word for|basically|just) (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^(?:are|is|do|does) (.+?) (?:and|&) (.+?) (?:the same(?: thing)?|same(?: thing)?|different|different things|interchangeable|synonyms|synonymous|related|similar|equivalent|one and the same|the same concept|mean the same(?: thing)?|two different things|separate things|separate|distinct|differ|overlap)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^(?:is|are) (.+?) (?:a |an |the |just a |just an )?(?:part|subset|type|kind|form|branch|component|piece|subcategory|sub-category|category|element|section|aspect|sub ?set|division|extension|child) of (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^(?:does|do) (.+?) (?:include|contain|cover|encompass|fall under|belong to|come under|sit under) (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^what (?:sets|separates|distinguishes|differentiates|makes) (.+?) (?:apart from|apart of|from|different from|different than|different to|unlike) (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: new RegExp(`^(?:compare|comparing|comparison(?: of| between)?|contrast|differentiate(?: between)?|distinguish(?: between)?) (.+?) ${SEP} (.+)$`),
    read: (m) => pair(m[1], m[2]),
  },
  {
    when: / (?:vs|versus|v|against|compared|comparison|opposed|or rather)\b/,
    re: /^(.+?) (?:vs\.?|versus|v\.?|vs\/|against|compared to|compared with|in comparison to|in comparison with|as opposed to|or rather) (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    when: / (?:difference|differences|compared|comparison|distinction)$/,
    re: /^(.+?) (?:and|&) (.+?) (?:difference|differences|compared|comparison|distinction|the difference)$/,
    read: (m) => pair(m[1], m[2]),
  },
  // ---- classification (before "X or Y?", which it resembles)
  {
    re: new RegExp(`^(?:would you call|do you call|can i call|can you call|should i call|would you consider|do you consider|is|are|isn't|isnt|would|does|can|could|should|will) (.+?) ${QUALIFIER}(${CAT})(?: or (?:is it |are they |just |more (?:of )?|rather )?(?:an? )?(${CAT}|[a-z0-9 ]{1,30}))?$`),
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [m[2], m[3]].filter((c): c is string => !!c) } : undefined),
  },
  {
    // "whatsapp - social network?", "youtube: social media or not"
    when: /[:,–—-]/,
    re: new RegExp(`^([a-z0-9][a-z0-9 .]{0,30}?)\\s*[:,–—-]\\s*(${CAT})(?: or not)?$`),
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [m[2] ?? ''] } : undefined),
  },
  {
    re: new RegExp(`^(?:does|do|would|can) (.+?) (?:count|qualify|pass|rank|class|register) as (${CAT})$`),
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [m[2] ?? ''] } : undefined),
  },
  {
    re: /^(?:what|which) (?:kind|type|sort|category|class|genre) of (?:(?:platform|site|website|app|network|thing|service|company|social media|media|social platform|tool) )?(?:is|are|would you call|would) (.+)$/,
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1].replace(/ (?:considered|classified as|counted as)$/, ''), categories: [] } : undefined),
  },
  {
    when: / or /,
    re: new RegExp(`^(.+?)[:,]? (${CAT}) or (${CAT})$`),
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [m[2] ?? '', m[3] ?? ''] } : undefined),
  },
  {
    re: /^(?:how (?:would|do|should|does|can) (?:you|i|we|one|people|marketers|the sources|sources) (?:classify|categorize|categorise|class|label|describe|see)|how (?:is|are) (?:classified|categorized|categorised)|classify|categorize|categorise) (.+?)(?: classified| categorized| categorised)?$/,
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [] } : undefined),
  },
  {
    re: /^how (?:is|are) (.+?) (?:classified|categorized|categorised|labelled|labeled)$/,
    read: (m) => (m[1] ? { intent: 'classify', subject: m[1], categories: [] } : undefined),
  },
  {
    when: / or /,
    re: /^(?:should (?:i|we) (?:use|choose|pick|focus on|invest in|do|go with|learn|start with|prioriti[sz]e|care about) |which is better,? |which one,? |which (?:one )?(?:is better|should i (?:use|pick|choose))[:,]? )?(.+?) or (.+)$/,
    read: (m) => pair(m[1], m[2], true),
  },
  // ---- definitions
  {
    re: /^what (?:does|do|did) (.+?) (?:mean|means|stand for|stands for|refer to|refers to|include|includes|involve|involves|cover|covers|consist of|entail|encompass|do|measure|measures|actually mean|really mean|mean exactly)(?: .*)?$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^what (?:do|does) (?:you|we|people|they|marketers|u|one|everyone) (?:mean|understand) by (.+)$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^(?:what(?:'s| is) )?(?:the )?(?:meaning|definition|def|explanation|purpose) (?:of|for) (.+)$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^(?:define|definition|defn|def|meaning|explain|describe|tell me about|tell me more about|info on|information on|info about|information about|details on|details about|who is|who are|eli5|explanation of|overview of|learn about|intro to|introduction to|what do you know about|anything on|lookup|look up|search|wtf is|wth is|wtf are) (.+)$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^(?:i (?:keep|kept) (?:hearing|seeing|reading)(?: a lot)?|i (?:hear|heard|see|saw|read)(?: a lot)?|people (?:keep )?(?:talk|talking|mention|mentioning)|everyone (?:talks|is talking)) (?:about |of |the term |the word )?(.+)$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^(?:(.+?) (?:stands? for|full form|formula|abbreviation|acronym)|(?:full form|formula|abbreviation) (?:of|for) (.+)|what is the (?:deal|story|idea) (?:with|behind) (.+)|(?:break down|breakdown of|explain to me|anyone explain|someone explain) (.+?)(?: for me)?|how (?:do|does|can|should) (?:you|i|we|one) (?:calculate|measure|compute|work out|track) (.+)|what means (.+)|(.+?) what (?:is it|are they|does it mean))$/,
    read: (m) => define(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7]),
  },
  {
    re: /^(.+?) (?:is|are) (?:basically|just|the same as|same as|kind of like|like) (.+)$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^(.+?) (?:and|&) (.+?) (?:are|aren't|arent|are not|is|isn't) (?:the same|different|related|similar|interchangeable)(?: thing| things)?$/,
    read: (m) => pair(m[1], m[2]),
  },
  {
    re: /^what (?:is|are) (.+?) called$/,
    read: (m) => define(m[1]),
  },
  {
    re: /^(?:how (?:does|do) (.+?) work|how (?:is|are) (.+?) (?:measured|calculated|defined|used|done|tracked|computed)|why (?:is|are|does|do) (.+?) (?:matter|matters|important|useful|needed|a thing)|when (?:is|are|do you use|should i use) (.+?) (?:used|useful))$/,
    read: (m) => define(m[1] ?? m[2] ?? m[3] ?? m[4]),
  },
  {
    re: /^(?:what|wat|wut|wht|whats|what's|whatre|what're|wats|wot)(?:'s| is| are| r|s|re| iz)? (?!was |were |did )(.+)$/,
    read: (m) => define(m[1]),
  },
  {
    when: / (?:is|are|means|mean|stands for|about)$/,
    re: /^what (.+?) (?:is|are|means|mean|stands for|is about|are about)$/,
    read: (m) => define(m[1]),
  },
  {
    when: / (?:meaning|definition|defined|def|explained|explanation|what|that|mean|means|marketing|nutshell|101|it|this)$/,
    re: /^(.+?) (?:meaning|definition|defined|def|explained|explanation|means what|stands for what|what is it|what's that|what is that|what does it mean|what is this|mean|means|meaning in marketing|in a nutshell|101)$/,
    read: (m) => define(m[1]),
  },
];

/** What the message could be asking, most likely first. Empty for chatter or overlong text. */
export function readings(message: string): Reading[] {
  return readingsOf(clean(message));
}

/** The cleaned message and its readings. */
export function understand(message: string, worthReading: (cleaned: Cleaned) => boolean = () => true): { cleaned: Cleaned; readings: Reading[]; skipped: boolean } {
  const cleaned = clean(message);
  const worth = worthReading(cleaned);
  return { cleaned, readings: worth ? readingsOf(cleaned) : [], skipped: !worth };
}

function readingsOf(cleaned: Cleaned): Reading[] {
  const out = readingsOfText(cleaned);
  // "what is ROAS?? my boss asked", "what is a UTM? never heard of it": the first sentence is the question.
  const first = /^(.{3,}?)\s*[?!.]+\s+\S/.exec(cleaned.text);
  if (first?.[1]) out.push(...readingsOfText(clean(`${first[1]}?`)));
  return out;
}

function readingsOfText({ text, question, endsWithQuestionMark, request, clause }: Cleaned): Reading[] {
  if (!text || text.length > MAX_QUESTION_LENGTH) return [];
  const out: Reading[] = [];
  for (const rule of RULES) {
    if (rule.when && !rule.when.test(text)) continue;
    const m = rule.re.exec(text);
    if (!m) continue;
    const r = rule.read(m);
    if (!r) continue;
    for (const one of Array.isArray(r) ? r : [r]) out.push(one);
  }
  if (clause === 'difference') {
    const m = /^(.+?) (?:and|&|vs\.?|versus|or) (.+)$/.exec(text);
    const r = m ? pair(m[1], m[2]) : undefined;
    if (r) out.unshift(r);
  }
  // The whole message as a term: "SEO?", "social media". Only a question makes it a question in a channel.
  if (text.split(' ').length <= 8) out.push({ intent: 'define', slot: text, cue: ((question && endsWithQuestionMark) || clause === 'define') && !request, bare: true });
  return out;
}

// ---- Questions that mention known terms in a phrasing no rule above covers:
// "what is the main purpose of social media?", "how do social media and social networking relate?".
// Only words from these lists may surround the terms, so "is facebook down again?" stays chatter.
const FUNCTION_WORDS = new Set(
  'what whats is are was were the a an of for to in on do does did can could should would will i we you me us it its they them and or with how why which who when where some any all give list tell about use used using people business company brand marketer be been have has there most more main primary key biggest popular common best good typical usual really actually exactly as by from into so also just get make help need work mean meaning definition define explain example type kind purpose goal aim point role function benefit advantage disadvantage pro con tip importance important matter activity part count include idea practice feature way effectively effective properly well start one other thing'
    .split(' ')
    .map(canonicalWord),
);
const PAST = new Set(['did', 'was', 'were', 'had']);

/** Words that make a one-term question about the term itself. */
const ASPECT_WORDS = new Set(
  'purpose goal aim point role function benefit advantage disadvantage pro con tip importance important example type kind mean meaning definition define explain activity part count include idea practice feature popular why'.split(' ').map(canonicalWord),
);
/** Words that make a two-term question about how they relate. */
const RELATION_WORDS = new Set(
  'relationship relation relate related similar similarity common together combine combined mix mixed better best faster difference different differ same overlap both interchangeably interchangeable exist without instead choose prefer or vs versus between'.split(' ').map(canonicalWord),
);

/**
 * A reading from the terms a question mentions, when no phrasing rule fitted. `lookup` finds the
 * entry ids of an exact, normalized key. The message must read as a question.
 */
export function mentionReading(cleaned: Cleaned, lookup: (key: string) => string[], isWord: (word: string) => boolean = () => true): Reading | undefined {
  if (!cleaned.question || !cleaned.text || cleaned.text.length > MAX_QUESTION_LENGTH) return undefined;
  const w = words(cleaned.text).map(canonicalWord);
  if (!w.some(isWord)) return undefined;
  if (w.length > 20) return undefined;
  const terms: { key: string; at: number }[] = [];
  const rest: string[] = [];
  for (let i = 0; i < w.length; ) {
    let found = 0;
    // No name starts with a word the glossary does not use.
    for (let n = isWord(w[i]!) ? Math.min(6, w.length - i) : 0; n >= 1; n--) {
      const key = w.slice(i, i + n).join(' ');
      if (lookup(key).length > 0) {
        terms.push({ key, at: terms.length + rest.length });
        found = n;
        break;
      }
    }
    if (found) i += found;
    else rest.push(w[i++]!);
  }
  // "what did you mean by engagement?", "what was the reach": about something that happened, not a term.
  if (rest.some((x) => PAST.has(x))) return undefined;
  if (terms.length === 1) {
    const ok = rest.every((x) => FUNCTION_WORDS.has(x)) && (rest.some((x) => ASPECT_WORDS.has(x)) || (rest.includes('how') && rest.includes('use')));
    return ok ? { intent: 'define', slot: terms[0]!.key, cue: true } : undefined;
  }
  if (terms.length >= 2) {
    const ok = rest.every((x) => FUNCTION_WORDS.has(x) || RELATION_WORDS.has(x)) && rest.some((x) => RELATION_WORDS.has(x));
    // With three or more, the last two are compared ("should a B2B company use social media or social networking?").
    return ok ? { intent: 'compare', a: terms[terms.length - 2]!.key, b: terms[terms.length - 1]!.key, weak: true } : undefined;
  }
  return undefined;
}

/** A slot about the team's own things ("our funnel", "this post"): a question about data, not a term. */
export const SPECIFIC = /^(?:my|our|your|their|his|her|this|that|these|those|ur) /;

/** Terms that are also everyday verbs: "post or share?" is a decision, not a terminology question. */
/** Words that, after "the", are everyday talk rather than a term ("what's the story?", "what's the plan?"). */
export const EVERYDAY_WORDS = new Set(['story', 'feed', 'plan', 'deal', 'update', 'news', 'post', 'thing', 'vibe', 'move', 'score', 'tea', 'copy', 'account', 'handle', 'thread', 'bio', 'timeline', 'creative', 'share', 'like', 'comment', 'reach', 'hashtag']);

export const EVERYDAY_VERBS = new Set(['post', 'share', 'like', 'comment', 'follow', 'tag', 'mention', 'boost', 'reply', 'pin', 'repost', 'dm', 'story', 'live', 'stream', 'poll', 'search', 'engage', 'reach', 'bid', 'map', 'err', 'fan', 'pm']);

const SLOT_LEADING = /^(?:i (?:keep|kept) (?:hearing|seeing|reading)(?: about| of| the term| the word)? |i (?:hear|heard|see|saw|read)(?: a lot)? (?:about|of) |people (?:keep )?(?:talk|talking|mention|mentioning)(?: about)? |everyone (?:talks|is talking) about |an? |the |this |that |these |those |term |word |phrase |acronym |abbreviation |expression |concept of |idea of |so[- ]called |called |about |exactly |actually |really |some |any |my |our |your )+/;
/** Context words that keep a question about marketing ("… on instagram", "… for a small business"). */
const MARKETING_CONTEXT =
  /^\s+for an? |\b(?:marketing|marketer|digital|social|media|online|internet|business|businesses|brand|brands|company|companies|advertising|ads?|seo|sem|e-?mails?|content|web|website|websites|google|analytics|ecommerce|e-commerce|shop|store|startup|campaigns?|sales|b2b|b2c|influencers?|creators?|platforms?|apps?|instagram|insta|ig|facebook|fb|tiktok|linkedin|twitter|x|youtube|yt|pinterest|snapchat|snap|reddit|threads|whatsapp|discord|twitch|tumblr|bluesky|mastodon|telegram|wechat|quora|vimeo|messenger|bereal|newsletter|posts?|profiles?|accounts?|audience|customers?|clients?)\b/;

/** Context that points at one particular thing ("on the new ad", "for Q2", "this week"): a question about data. */
export const SPECIFIC_CONTEXT =
  /\b(?:new|old|latest|next|last|upcoming|current|today|tonight|tomorrow|yesterday|week|month|year|quarter|q[1-4]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|so far|now|event|launch|meeting|count)\b/;

const SLOT_TRAILING =
  /\s+(?:exactly|actually|really|mean|means|stand for|used for|all about|about|anyway|nowadays|these days|today|now|then|thing|things|stuff|concept|term|exactly mean|mean exactly|even|again|is|are|please|pls)$/;
const CONTEXT = /\s+(?:in|on|for|within|when it comes to|regarding|with respect to|as used in|as in|at|to|from|of|with|when|if|and how|and why|and what|vs|so|because|like)\s/g;

/**
 * Ways to read a slot, longest first: "an email campaign for my shop" → "email campaign for my shop",
 * "email campaign". The resolver takes the first that names an entry.
 */
export function slotVariants(slot: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    const t = s.replace(/^["'(,;:]+|["'),;:]+$/g, '').trim();
    if (t && !out.includes(t)) out.push(t);
  };
  let s = slot.trim();
  add(s);
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(SLOT_LEADING, '').replace(SLOT_TRAILING, '').trim();
  }
  add(s);
  // A definite thing in a specific context is a question about data, not a term:
  // "the CTR on yesterday's campaign", "our reach this week".
  if (/^(?:the|our|my|your|their|this|that) /.test(slot.trim()) && /\b(?:yesterday|today|tonight|tomorrow|last|this|our|my|your|their|latest|current|next|week|month|post|campaign)\b/.test(s.replace(/^\S+ \S+/, ''))) {
    return out;
  }
  // Cut trailing context phrases, one at a time from the right, when the context is about marketing:
  // "engagement on social media" → "engagement", but not "reach in basketball" or "a keyword in python".
  const cuts = [...s.matchAll(CONTEXT)].map((m) => m.index).filter((i): i is number => i !== undefined && i > 0);
  for (const i of cuts.reverse()) {
    const context = s.slice(i);
    if (MARKETING_CONTEXT.test(context) && !SPECIFIC_CONTEXT.test(context)) add(s.slice(0, i).replace(SLOT_TRAILING, ''));
  }
  // A name that starts like a determiner ("My Story on Instagram" → "My Story"), tried last.
  const original = slot.trim();
  if (SPECIFIC.test(original)) {
    const first = [...original.matchAll(CONTEXT)].map((m) => m.index).find((i): i is number => i !== undefined && i > 0);
    if (first !== undefined) add(original.slice(0, first));
  }
  return out;
}
