/**
 * Text normalization shared by the index, the checker and the question parser.
 * `normalizeKey` maps every way of writing a term to one canonical key: case, accents, punctuation,
 * regular plurals and British/American spellings fold together ("Search Engine Optimisations" and
 * "search-engine optimization" both become "search engine optimization").
 */

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
const COMBINING = /\p{M}+/gu;
const ASCII = /^[\x20-\x7e]*$/;

/** Unicode-folds text for matching: compatibility forms, no invisible or bidi controls, no accents, lower case. */
export function fold(text: string): string {
  // Most chat is plain ASCII: lower-casing is all it needs.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').replace(INVISIBLE, '').normalize('NFD').replace(COMBINING, '').toLowerCase();
}

const KEEP_AS_IS = new Set(['news', 'status', 'analysis', 'business', 'bonus', 'campus', 'focus', 'census', 'ios', 'chaos', 'canvas', 'gas', 'yes', 'this', 'his', 'is', 'was', 'has', 'does', 'its', 'us', 'sms', 'dns', 'ads.txt', 'plus', 'series', 'species']);
const OUR_WORDS = /^(?:colour|behaviour|favour|humour|labour|neighbour|flavour|honour|rumour|savour|vapour|harbour|endeavour|armour|parlour)/;
/** British → American spellings. A Map, never a plain object: a member's word ("constructor") must not find Object.prototype. */
const RE_WORDS = new Map<string, string>(Object.entries({ centre: 'center', theatre: 'theater', metre: 'meter', litre: 'liter', fibre: 'fiber', catalogue: 'catalog', programme: 'program', licence: 'license', defence: 'defense', offence: 'offense', dialogue: 'dialog', analogue: 'analog', enrol: 'enroll', travelled: 'traveled', travelling: 'traveling', modelling: 'modeling', labelled: 'labeled', cancelled: 'canceled' }));

const wordCache = new Map<string, string>();

/** One word to its canonical form: singular, American spelling. Memoized: chat repeats its words. */
export function canonicalWord(word: string): string {
  const cached = wordCache.get(word);
  if (cached !== undefined) return cached;
  const w = canonicalWordUncached(word);
  if (wordCache.size >= 50_000) wordCache.clear();
  wordCache.set(word, w);
  return w;
}

function canonicalWordUncached(word: string): string {
  let w = word;
  if (w.length > 2 && !KEEP_AS_IS.has(w)) {
    if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
    else if (/(?:ss|us|sis|xis|ous)$/.test(w)) {
      // business, campus, analysis: already singular
    } else if (/(?:sh|ch|x|z|ss)es$/.test(w)) w = w.slice(0, -2);
    else if (w.endsWith('s') && !w.endsWith("'s")) w = w.slice(0, -1);
    // "cookie" and "cookies" must meet: both end as "cooky".
    if (w.endsWith('ie') && w.length > 3) w = `${w.slice(0, -2)}y`;
  }
  const mapped = RE_WORDS.get(w);
  if (mapped) return mapped;
  if (OUR_WORDS.test(w)) w = w.replace(/our/, 'or');
  w = w
    .replace(/isation$/, 'ization')
    .replace(/is(e|ed|es|ing|er|ers)$/, 'iz$1')
    .replace(/yse$/, 'yze')
    .replace(/ysed$/, 'yzed')
    .replace(/ysing$/, 'yzing');
  return w;
}

/** Lower-case words of a text, with punctuation removed ("2.0" keeps its dot, "A/B" splits). */
export function words(text: string): string[] {
  let folded = fold(text);
  let ascii = ASCII.test(folded);
  // Plain ASCII has no curly quotes; most chat has no "&" or "+" either.
  if (!ascii) {
    folded = folded.replace(/[’‘`´]/g, "'");
    ascii = ASCII.test(folded);
  } else if (folded.indexOf('`') >= 0) folded = folded.replace(/`/g, "'");
  if (folded.indexOf('&') >= 0) folded = folded.replace(/&/g, ' and ');
  if (folded.indexOf('+') >= 0) folded = folded.replace(/\+/g, ' plus ');
  const out: string[] = [];
  for (const raw of ascii ? folded.split(/[^a-z0-9.']+/) : folded.split(/[^\p{L}\p{N}.']+/u)) {
    if (!raw) continue;
    // Most words have neither a dot nor an apostrophe: nothing more to do.
    if (raw.indexOf('.') < 0 && raw.indexOf("'") < 0) {
      out.push(raw);
      continue;
    }
    const w = raw.replace(/^[.']+|[.']+$/g, '').replace(/'s$/, '').replace(/'/g, '');
    if (!w) continue;
    // Dots only survive between digits ("2.0"); "x.com" becomes "x com".
    for (const part of w.split(/(?<!\d)\.|\.(?!\d)/)) if (part) out.push(part);
  }
  return out;
}

/** The canonical lookup key of a name, alias or question fragment. */
export function normalizeKey(text: string): string {
  return words(text).map(canonicalWord).join(' ');
}

/** The key without spaces, so "hash tag", "e-mail" and "you tube" meet "hashtag", "email", "youtube". */
export function compactKey(key: string): string {
  return key.replace(/ /g, '');
}

/**
 * Words written apart meet a name by their compact key only from this many letters on: "e mail" is
 * email, but "do i" is not DOI, nor "c t a" CTA (short names are acronyms, not words split in two).
 */
export const MIN_COMPACT_MATCH = 5;
