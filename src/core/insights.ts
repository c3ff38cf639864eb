/**
 * Insights: what members ask and what the glossary is missing. Pure: no I/O, no clock (times are
 * passed in). An *outcome* is what termbot keeps of one question: when, where, how it was asked,
 * which entries answered it or the normalized term that found nothing, and how it matched. Never
 * who asked, never the message text, never chatter (a silence records nothing).
 */
import type { Answer } from './reply.ts';
import { words } from './normalize.ts';

/** Where a question came from. `channel`: an ask channel (or a reply to termbot) it understood as a question. */
export type OutcomeKind = 'slash' | 'mention' | 'dm' | 'channel' | 'button';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['slash', 'mention', 'dm', 'channel', 'button'];
/** How the answer's names were matched; a miss has none. `pick`: a "did you mean" button chose the entry. */
export type MatchHow = 'exact' | 'typo' | 'pick';
export type OutcomeIntent = 'define' | 'compare' | 'classify';
/** Buttons worth counting: a did-you-mean pick, or opening a related entry. */
export type OutcomeButton = 'pick' | 'open';

/** Direct messages have no server: their outcomes are kept under this pseudo-server id. */
export const DM_GUILD = 'dm';
/** A missed (or typo'd, or picked-for) term is kept to at most this many characters. */
export const MAX_TERM = 100;
/** At most this many entries are kept per outcome (an ambiguous name can have several meanings). */
export const MAX_ENTRIES = 5;

export interface Outcome {
  /** Milliseconds since the epoch. */
  at: number;
  /** The UTC day of `at`, YYYY-MM-DD: what the daily counts group by. */
  day: string;
  /** The server, or DM_GUILD. */
  guildId: string;
  channelId: string | null;
  kind: OutcomeKind;
  /** The slash command (`define`, `compare`), when kind is `slash`. */
  command?: string;
  intent: OutcomeIntent;
  /** The entry ids answered, most relevant first; empty for a miss. */
  entries: string[];
  /**
   * A miss: the normalized term that named nothing. A typo: what was typed. A pick: the missed term
   * the member picked an entry for, when known. Lower case, words only, ≤ MAX_TERM characters.
   */
  term?: string;
  match?: MatchHow;
  button?: OutcomeButton;
}

export interface OutcomeContext {
  at: number;
  /** null for a direct message. */
  guildId: string | null;
  channelId: string | null;
  kind: OutcomeKind;
  command?: string;
  button?: OutcomeButton;
  /** For a pick: the missed term the suggestions were for (from the button). */
  pickedFor?: string;
}

/** The UTC day of a time, YYYY-MM-DD. */
export function dayOf(at: number): string {
  if (at >= dayCache.start && at < dayCache.start + 86_400_000) return dayCache.day;
  const start = Math.floor(at / 86_400_000) * 86_400_000;
  const day = new Date(start).toISOString().slice(0, 10);
  // Outcomes come in time order: the last day asked is almost always the next one asked.
  if (Number.isFinite(start)) dayCache = { start, day };
  return day;
}
let dayCache = { start: Number.NaN, day: '' };

const ARTICLES = new Set(['a', 'an', 'the']);

/** A term as insights keep it: folded to lower case, punctuation dropped, at most MAX_TERM characters (whole words). */
export function termKey(text: string): string {
  let out = '';
  const ws = words(text.slice(0, 4 * MAX_TERM));
  // "a zorblax funnel" and "zorblax funnel" are one miss.
  while (ws.length > 1 && ARTICLES.has(ws[0] ?? '')) ws.shift();
  for (const w of ws) {
    const next = out ? `${out} ${w}` : w;
    if (next.length > MAX_TERM) break;
    out = next;
  }
  return out;
}

/**
 * What an answer leaves for insights before anything is normalized: small, and holding none of the
 * reply. Made on the answer path (cheap); `finishOutcome` does the rest off it.
 */
export interface OutcomeDraft {
  ctx: OutcomeContext;
  intent: OutcomeIntent;
  entries: string[];
  match?: MatchHow;
  /** The missed, typo'd or picked-for text, not yet normalized (at most 4 × MAX_TERM characters). */
  rawTerm?: string;
}

/**
 * Scratch space `draftInto` writes an answer's outcome into: reused from answer to answer, so the
 * answer path allocates nothing for insights (a recorder copies it into its own columns).
 */
export interface DraftScratch {
  intent: OutcomeIntent;
  /** The first `count` items are the entry ids. */
  entries: string[];
  count: number;
  match: MatchHow | undefined;
  /** The missed, typo'd or picked-for text, as the member wrote it (cut and normalized later). */
  rawTerm: string | undefined;
}

export const draftScratch = (): DraftScratch => ({ intent: 'define', entries: new Array<string>(MAX_ENTRIES).fill(''), count: 0, match: undefined, rawTerm: undefined });

/**
 * What an answer leaves for insights, written into `out` without allocating anything: false when
 * there is nothing to keep (a silence, help, the term list, a hint, an answer with no entry).
 */
export function draftInto(answer: Answer, ctx: Pick<OutcomeContext, 'button' | 'pickedFor'>, out: DraftScratch): boolean {
  const reply = answer.reply;
  if (!reply) return false;
  out.intent = answer.intent === 'compare' || answer.intent === 'classify' ? answer.intent : 'define';
  out.count = 0;
  out.match = undefined;
  out.rawTerm = undefined;
  if (reply.kind === 'not-found') {
    out.rawTerm = answer.missed ?? reply.query;
    return true;
  }
  if (reply.kind === 'help' || reply.kind === 'term-list' || reply.kind === 'hint') return false;
  for (const t of answer.terms) {
    if (out.count >= MAX_ENTRIES) break;
    let seen = false;
    for (let k = 0; k < out.count; k++) if (out.entries[k] === t.id) seen = true;
    if (!seen) out.entries[out.count++] = t.id;
  }
  if (out.count === 0) return false;
  if (ctx.button === 'pick') {
    out.match = 'pick';
    out.rawTerm = ctx.pickedFor;
    return true;
  }
  out.match = answer.match ?? 'exact';
  if (out.match === 'typo' && 'matchedFrom' in reply) out.rawTerm = reply.matchedFrom;
  return true;
}

/** The draft of an answer's outcome, or undefined when there is nothing to keep: a silence, help, the term list, a hint. */
export function draftOf(answer: Answer, ctx: OutcomeContext): OutcomeDraft | undefined {
  const d = draftScratch();
  if (!draftInto(answer, ctx, d)) return undefined;
  return { ctx, intent: d.intent, entries: d.entries.slice(0, d.count), ...(d.match ? { match: d.match } : {}), ...(d.rawTerm ? { rawTerm: d.rawTerm.slice(0, 4 * MAX_TERM) } : {}) };
}

/** The outcome of a draft: the term normalized, the day worked out. Undefined for a miss with no term left. */
export function finishOutcome(d: OutcomeDraft): Outcome | undefined {
  const { ctx } = d;
  const term = d.rawTerm ? termKey(d.rawTerm) : '';
  if (d.entries.length === 0 && !term) return undefined;
  return {
    at: ctx.at,
    day: dayOf(ctx.at),
    guildId: ctx.guildId ?? DM_GUILD,
    channelId: ctx.channelId,
    kind: ctx.kind,
    ...(ctx.command ? { command: ctx.command } : {}),
    ...(ctx.button ? { button: ctx.button } : {}),
    intent: d.intent,
    entries: d.entries,
    ...(d.match ? { match: d.match } : {}),
    ...(term ? { term } : {}),
  };
}

/** The outcome of one answered question, or undefined when there is nothing to keep. */
export function outcomeOf(answer: Answer, ctx: OutcomeContext): Outcome | undefined {
  const d = draftOf(answer, ctx);
  return d && finishOutcome(d);
}

/** A question (not a button press). */
export const isQuestion = (o: Outcome): boolean => o.kind !== 'button';

// ---------------------------------------------------------------------------------------------
// Counts: what a store returns for one server and period; the report is computed from them.

export interface InsightsCounts {
  /** Per UTC day with any outcome: questions asked and, of those, misses. */
  days: { day: string; questions: number; misses: number }[];
  /** How often each entry answered a question or was picked from "did you mean". */
  entries: { entryId: string; count: number }[];
  /** Missed terms (questions that found nothing). */
  misses: { term: string; count: number }[];
  /** Did-you-mean picks with the term they were picked for. */
  picks: { term: string; entryId: string; count: number }[];
  /** Typos termbot corrected: what was typed, and the entry it was taken for (the first). */
  typos: { term: string; entryId: string; count: number }[];
  /** Button presses by button. */
  buttons: { button: OutcomeButton; count: number }[];
  /** Questions by kind. */
  kinds: { kind: OutcomeKind; count: number }[];
}

/** The counts of a list of outcomes: the reference a database's GROUP BY queries must agree with. */
export function countOutcomes(outcomes: Iterable<Outcome>): InsightsCounts {
  const days = new Map<string, { questions: number; misses: number }>();
  const entries = new Map<string, number>();
  const misses = new Map<string, number>();
  const picks = new Map<string, { term: string; entryId: string; count: number }>();
  const typos = new Map<string, { term: string; entryId: string; count: number }>();
  const buttons = new Map<OutcomeButton, number>();
  const kinds = new Map<OutcomeKind, number>();
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  const pair = (m: Map<string, { term: string; entryId: string; count: number }>, term: string, entryId: string) => {
    const k = `${term}\u0000${entryId}`;
    const cur = m.get(k);
    if (cur) cur.count++;
    else m.set(k, { term, entryId, count: 1 });
  };
  for (const o of outcomes) {
    if (o.button) bump(buttons, o.button);
    if (isQuestion(o)) {
      bump(kinds, o.kind);
      const d = days.get(o.day) ?? { questions: 0, misses: 0 };
      d.questions++;
      if (o.entries.length === 0) d.misses++;
      days.set(o.day, d);
      if (o.entries.length === 0 && o.term) bump(misses, o.term);
      if (o.match === 'typo' && o.term && o.entries[0]) pair(typos, o.term, o.entries[0]);
    }
    if (isQuestion(o) || o.button === 'pick') for (const e of o.entries) bump(entries, e);
    if (o.button === 'pick' && o.term && o.entries[0]) pair(picks, o.term, o.entries[0]);
  }
  return sortCounts({
    days: [...days].map(([day, v]) => ({ day, ...v })),
    entries: [...entries].map(([entryId, count]) => ({ entryId, count })),
    misses: [...misses].map(([term, count]) => ({ term, count })),
    picks: [...picks.values()],
    typos: [...typos.values()],
    buttons: [...buttons].map(([button, count]) => ({ button, count })),
    kinds: [...kinds].map(([kind, count]) => ({ kind, count })),
  });
}

const byCount = <T extends { count: number }>(key: (x: T) => string) => (a: T, b: T) => b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** One canonical order for counts (days ascending; everything else most frequent first, then by name). */
export function sortCounts(c: InsightsCounts): InsightsCounts {
  return {
    days: [...c.days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
    entries: [...c.entries].sort(byCount((x) => x.entryId)),
    misses: [...c.misses].sort(byCount((x) => x.term)),
    picks: [...c.picks].sort(byCount((x) => `${x.term}\u0000${x.entryId}`)),
    typos: [...c.typos].sort(byCount((x) => `${x.term}\u0000${x.entryId}`)),
    buttons: [...c.buttons].sort(byCount((x) => x.button)),
    kinds: [...c.kinds].sort(byCount((x) => x.kind)),
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

/** The inclusive UTC day range of the last `days` days ending on the day of `now`. */
export function periodOf(now: number, days: number): { from: string; to: string; days: number } {
  const n = Math.max(1, Math.min(366, Math.floor(days)));
  return { from: dayOf(now - (n - 1) * 86_400_000), to: dayOf(now), days: n };
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) out.push(dayOf(t));
  return out;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A sparkline of block characters: an empty day is the lowest block, the busiest day the highest. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? BLOCKS[0] : BLOCKS[Math.max(1, Math.ceil((v / max) * (BLOCKS.length - 1)))])).join('');
}

export interface AliasCandidate {
  /** The term members used. */
  term: string;
  entryId: string;
  name: string;
  count: number;
  /**
   * `pick`: members picked this entry from "did you mean" after the term found nothing; `typo`: termbot
   * corrected it to this entry; `close`: a miss close enough to the entry's name to be a typo of it.
   */
  via: 'pick' | 'typo' | 'close';
}

export interface InsightsReport {
  guildId: string;
  from: string;
  to: string;
  days: number;
  totals: { questions: number; answered: number; misses: number; picks: number };
  daily: { day: string; questions: number; misses: number }[];
  sparkline: string;
  byKind: { kind: OutcomeKind; count: number }[];
  topAsked: { entryId: string; name: string; count: number }[];
  /** Top missed terms; `alias` when members showed which entry they meant (a pick) or it is a typo of one. */
  topMisses: { term: string; count: number; alias?: AliasCandidate }[];
  /** Did-you-mean picks and corrected typos that suggest a new alias, most frequent first. */
  aliasSuggestions: AliasCandidate[];
}

export interface ReportOptions {
  guildId: string;
  from: string;
  to: string;
  /** An entry's display name (the id when unknown, e.g. an entry since removed). */
  nameOf?: (entryId: string) => string | undefined;
  /** True when a term already names an entry exactly (an alias added since): no longer a suggestion. */
  isKnownName?: (term: string) => boolean;
  /** The entry a missed term is most likely a typo or another name of, if any is close enough. */
  closeEntry?: (term: string) => string | undefined;
  /** How many rows per list (default 10). */
  limit?: number;
}

/** The report a server sees, from the counts of one period. */
export function buildReport(counts: InsightsCounts, o: ReportOptions): InsightsReport {
  const limit = o.limit ?? 10;
  const c = sortCounts(counts);
  const name = (id: string) => o.nameOf?.(id) ?? id;
  const perDay = new Map(c.days.map((d) => [d.day, d]));
  const daily = daysBetween(o.from, o.to).map((day) => ({ day, questions: perDay.get(day)?.questions ?? 0, misses: perDay.get(day)?.misses ?? 0 }));
  const questions = daily.reduce((n, d) => n + d.questions, 0);
  const misses = daily.reduce((n, d) => n + d.misses, 0);
  const known = (term: string) => o.isKnownName?.(term) ?? false;

  // A term suggests one alias: the entry most often picked for it, else the one its typo was taken for.
  const candidates = new Map<string, AliasCandidate>();
  for (const [list, via] of [[c.picks, 'pick'], [c.typos, 'typo']] as const) {
    for (const p of list) {
      const cur = candidates.get(p.term);
      if (cur && (cur.via === 'pick' || via === 'typo') && cur.entryId !== p.entryId) continue;
      if (cur && cur.entryId === p.entryId) {
        cur.count += p.count;
        continue;
      }
      candidates.set(p.term, { term: p.term, entryId: p.entryId, name: name(p.entryId), count: p.count, via });
    }
  }
  const aliasSuggestions = [...candidates.values()].filter((a) => !known(a.term)).sort(byCount((a) => a.term));

  return {
    guildId: o.guildId,
    from: o.from,
    to: o.to,
    days: daily.length,
    totals: { questions, answered: questions - misses, misses, picks: c.buttons.find((b) => b.button === 'pick')?.count ?? 0 },
    daily,
    sparkline: sparkline(daily.map((d) => d.questions)),
    byKind: c.kinds,
    topAsked: c.entries.slice(0, limit).map((e) => ({ entryId: e.entryId, name: name(e.entryId), count: e.count })),
    topMisses: c.misses
      .filter((m) => !known(m.term))
      .slice(0, limit)
      .map((m) => {
        const close = candidates.has(m.term) ? undefined : o.closeEntry?.(m.term);
        const alias = candidates.get(m.term) ?? (close ? { term: m.term, entryId: close, name: name(close), count: m.count, via: 'close' as const } : undefined);
        return { term: m.term, count: m.count, ...(alias ? { alias } : {}) };
      }),
    aliasSuggestions: aliasSuggestions.slice(0, limit),
  };
}

// ---------------------------------------------------------------------------------------------
// Output: text (shell) and CSV (export).

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** The export: daily counts for the period, and its misses (with the entry an alias could point at). */
export function reportCsv(r: InsightsReport): { daily: string; misses: string } {
  return {
    daily: csv([['day', 'questions', 'answered', 'misses'], ...r.daily.map((d) => [d.day, d.questions, d.questions - d.misses, d.misses])]),
    misses: csv([['term', 'count', 'alias_for'], ...r.topMisses.map((m) => [m.term, m.count, m.alias?.entryId ?? ''])]),
  };
}

/** The report as plain text, for the shell. */
export function reportText(r: InsightsReport): string {
  const lines: string[] = [];
  const where = r.guildId === DM_GUILD ? 'direct messages' : `server ${r.guildId}`;
  lines.push(`Insights for ${where}, ${r.from} to ${r.to} (${r.days} day${r.days === 1 ? '' : 's'})`);
  lines.push(`Questions: ${r.totals.questions} (${r.totals.answered} answered, ${r.totals.misses} found nothing); did-you-mean picks: ${r.totals.picks}`);
  lines.push(`Per day: ${r.sparkline}`);
  if (r.byKind.length > 0) lines.push(`Asked by: ${r.byKind.map((k) => `${k.kind} ${k.count}`).join(', ')}`);
  lines.push('', 'Most asked:');
  if (r.topAsked.length === 0) lines.push('  (none yet)');
  for (const e of r.topAsked) lines.push(`  ${String(e.count).padStart(5)}  ${e.name} (${e.entryId})`);
  lines.push('', 'Top misses (what to add next):');
  if (r.topMisses.length === 0) lines.push('  (none)');
  for (const m of r.topMisses) lines.push(`  ${String(m.count).padStart(5)}  ${m.term}${m.alias ? `  → maybe an alias of ${m.alias.name} (${m.alias.via === 'pick' ? 'picked from did-you-mean' : m.alias.via === 'typo' ? 'typo' : 'close to its name'})` : ''}`);
  lines.push('', 'Alias suggestions (did-you-mean picks and corrected typos):');
  if (r.aliasSuggestions.length === 0) lines.push('  (none)');
  for (const a of r.aliasSuggestions) lines.push(`  ${String(a.count).padStart(5)}  "${a.term}" → ${a.name} (${a.entryId}, ${a.via})`);
  return lines.join('\n');
}
