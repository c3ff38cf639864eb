/**
 * A server's overlay: its own entries layered over the shipped knowledge, answering in that server
 * only, everywhere shipped entries answer (define, compare, autocomplete, free text, did-you-mean,
 * related). The shipped index is never rebuilt: each server gets a small index of its own entries,
 * consulted first, and the shipped one behind it with the server's hidden and replaced entries
 * filtered out. A server entry with a shipped entry's name (or id) takes that entry's place in the
 * server; its answers carry a note saying whose it is, since when, and what it replaces.
 * Pure: built from values the store loaded.
 */
import { ComparisonTable, ref } from '../answer.ts';
import { labelsOf, type ComparisonEntry, type Entry, type Knowledge } from '../knowledge/types.ts';
import { normalizeKey } from '../normalize.ts';
import type { Answer, ServerEntryNote } from '../reply.ts';
import { TermIndex, type CompleteFilter, type Resolution } from '../search.ts';
import { createTermbot, overlayGazetteer, type Termbot } from '../termbot.ts';
import { SERVER_SOURCE, toTermEntry, type ServerEntry } from './entry.ts';

/** What an overlay is built from: the server's entries and the shipped ids it hides. */
export interface OverlayInput {
  entries: readonly ServerEntry[];
  hidden: readonly string[];
}

export interface GuildTermbot extends Termbot {
  /** This server's own entries by id. */
  readonly own: ReadonlyMap<string, ServerEntry>;
  /** Shipped entry ids not shown in this server: hidden, or replaced by one of its own. */
  readonly shadowed: ReadonlySet<string>;
}

/** Shipped-side structures built once per shipped knowledge and shared by every server. */
interface Shipped {
  table: ComparisonTable;
  /** Normalized name (and name before brackets) → shipped entry ids. */
  names: Map<string, string[]>;
  sources: Knowledge['sources'];
}

const shippedParts = new WeakMap<Knowledge, Shipped>();

function shippedOf(k: Knowledge): Shipped {
  let s = shippedParts.get(k);
  if (!s) {
    const names = new Map<string, string[]>();
    for (const e of k.entries) {
      for (const label of labelsOf(e).filter((l, i) => i === 0 || !e.aliases.includes(l))) {
        const key = normalizeKey(label);
        if (key) names.set(key, [...(names.get(key) ?? []), e.id]);
      }
    }
    s = { table: new ComparisonTable(k), names, sources: new Map([...k.sources, [SERVER_SOURCE.id, SERVER_SOURCE]]) };
    shippedParts.set(k, s);
  }
  return s;
}

const EMPTY: Knowledge = { entries: [], byId: new Map(), sources: new Map(), ambiguous: [] };


/** The server's index: its own entries first, then the shipped index without what the server hides or replaces. */
class OverlayIndex extends TermIndex {
  constructor(
    own: Knowledge,
    private readonly base: TermIndex,
    private readonly shadowed: ReadonlySet<string>,
  ) {
    super(own);
  }

  private visible(ids: string[]): string[] {
    return ids.some((id) => this.shadowed.has(id)) ? ids.filter((id) => !this.shadowed.has(id)) : ids;
  }

  override exactKey(key: string): string[] {
    const own = super.exactKey(key);
    return own.length > 0 ? own : this.visible(this.base.exactKey(key));
  }

  override hasWord(word: string): boolean {
    return super.hasWord(word) || this.base.hasWord(word);
  }

  override couldName(text: string, typos: boolean): boolean {
    return super.couldName(text, typos) || this.base.couldName(text, typos);
  }

  override fuzzyKey(key: string): Resolution | undefined {
    const own = super.fuzzyKey(key);
    if (own) return own;
    const shipped = this.base.fuzzyKey(key);
    if (!shipped) return undefined;
    const ids = this.visible(shipped.ids);
    return ids.length > 0 ? { ...shipped, ids } : undefined;
  }

  override suggest(text: string, limit = 5, filter?: CompleteFilter): Entry[] {
    const out = super.suggest(text, limit, filter);
    for (const e of this.base.suggest(text, limit + this.shadowed.size, filter)) {
      if (out.length >= limit) break;
      if (!this.shadowed.has(e.id) && !out.some((o) => o.id === e.id)) out.push(e);
    }
    return out;
  }

  override completeRanked(text: string, limit = 25, filter?: CompleteFilter, lastResort = true): { entry: Entry; tier: number }[] {
    const merge = (deep: boolean) => {
      const own = super.completeRanked(text, limit, filter, deep);
      const seen = new Set(own.map((x) => x.entry.id));
      const shipped = this.base.completeRanked(text, limit + Math.min(this.shadowed.size, 50), filter, deep).filter((x) => !this.shadowed.has(x.entry.id) && !seen.has(x.entry.id));
      // Stable: within a tier, the server's own entries come first.
      return [...own, ...shipped].sort((a, b) => a.tier - b.tier).slice(0, limit);
    };
    // The search of definitions runs only when neither index has a name that fits.
    const found = merge(false);
    return found.length > 0 || !lastResort ? found : merge(true);
  }
}

/** Written comparisons, without those that involve an entry this server hides or replaces. */
class OverlayTable extends ComparisonTable {
  constructor(
    private readonly base: ComparisonTable,
    private readonly shadowed: ReadonlySet<string>,
  ) {
    super(EMPTY);
  }

  private shown(c: ComparisonEntry | undefined): c is ComparisonEntry {
    return c !== undefined && !this.shadowed.has(c.id) && !this.shadowed.has(c.a) && !this.shadowed.has(c.b);
  }

  override find(a: string, b: string): ComparisonEntry | undefined {
    const c = this.base.find(a, b);
    return this.shown(c) ? c : undefined;
  }

  override involving(id: string): ComparisonEntry[] {
    return this.shadowed.has(id) ? [] : this.base.involving(id).filter((c) => this.shown(c));
  }
}

/**
 * The termbot for one server: the shipped termbot's knowledge with the server's entries layered on.
 * Building it costs the server's own entries only (an index of them, and a copy of the id map).
 */
export function createGuildTermbot(shipped: Termbot, input: OverlayInput): GuildTermbot {
  const base = shipped.knowledge;
  const parts = shippedOf(base);
  const own = new Map(input.entries.map((e) => [e.id, e]));
  const ownEntries = input.entries.map(toTermEntry);

  // What the server's entries replace: a shipped entry with the same id, or whose name is this entry's name.
  const replaces = new Map<string, Entry>();
  const shadowed = new Set<string>();
  for (const id of input.hidden) if (base.byId.has(id)) shadowed.add(id);
  for (const e of input.entries) {
    const ids = [...(base.byId.has(e.id) ? [e.id] : []), ...(parts.names.get(normalizeKey(e.name)) ?? [])];
    for (const id of ids) {
      shadowed.add(id);
      const target = base.byId.get(id);
      if (target && !replaces.has(e.id)) replaces.set(e.id, target);
    }
  }

  const byId = new Map<string, Entry>(base.byId);
  for (const id of shadowed) byId.delete(id);
  for (const e of ownEntries) byId.set(e.id, e);
  const knowledge: Knowledge = {
    ...base,
    entries: [...base.entries.filter((e) => !shadowed.has(e.id)), ...ownEntries],
    byId,
    sources: parts.sources,
    ambiguous: base.ambiguous.filter((a) => !a.meanings.some((id) => shadowed.has(id))),
  };
  const ownKnowledge: Knowledge = { entries: ownEntries, byId: new Map(ownEntries.map((e) => [e.id, e])), sources: parts.sources, ambiguous: [] };
  const index = new OverlayIndex(ownKnowledge, shipped.index, shadowed);
  const table = new OverlayTable(parts.table, shadowed);
  // The intent model is the shipped one: trained once, shared by every server.
  // The spotter's word lists are the shipped ones with the server's entries added (not read again from every entry).
  const gazetteer = overlayGazetteer(shipped.index, ownEntries, knowledge, index);
  const inner = createTermbot(knowledge, { index, table, model: shipped.model, ...(gazetteer ? { gazetteer } : {}) });

  const notes = new Map<string, ServerEntryNote>();
  for (const e of input.entries) {
    const replaced = replaces.get(e.id);
    notes.set(e.id, {
      entry: ref(byId.get(e.id)!),
      addedBy: e.authorId,
      addedAt: e.createdAt,
      ...(e.updatedAt !== e.createdAt ? { editedAt: e.updatedAt } : {}),
      ...(replaced ? { replaces: ref(replaced) } : {}),
    });
  }
  const annotate = (a: Answer): Answer => {
    const r = a.reply;
    if (!r || notes.size === 0) return a;
    if (r.kind === 'definition') {
      const n = notes.get(r.entry.id);
      return n ? { ...a, reply: { ...r, server: [n] } } : a;
    }
    if (r.kind === 'comparison') {
      const ns = [r.a, r.b].map((x) => notes.get(x.id)).filter((n): n is ServerEntryNote => n !== undefined);
      return ns.length > 0 ? { ...a, reply: { ...r, server: ns } } : a;
    }
    return a;
  };

  return {
    ...inner,
    ask: (message, mode) => annotate(inner.ask(message, mode)),
    explain: (message, mode) => {
      const r = inner.explain(message, mode);
      return { ...r, answer: annotate(r.answer) };
    },
    define: (query) => annotate(inner.define(query)),
    compare: (first, second) => annotate(inner.compare(first, second)),
    own,
    shadowed,
  };
}
