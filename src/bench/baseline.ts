/**
 * The obvious implementation termbot is measured against: one fuse.js index with default options
 * over all entries (name, aliases, definition), searching the raw message, answering with the top hit.
 */
import Fuse from 'fuse.js';
import { isConcept, type Knowledge } from '../core/knowledge/types.ts';

export interface BaselineAnswer {
  /** The top hit's id, or undefined for silence (no hit at all). */
  top?: string;
}

export function createBaseline(k: Knowledge): (message: string) => BaselineAnswer {
  const fuse = new Fuse(
    k.entries.map((e) => ({ id: e.id, name: e.name, aliases: e.aliases, definition: isConcept(e) ? e.definition : e.relationSummary })),
    { keys: ['name', 'aliases', 'definition'] },
  );
  return (message) => {
    const hit = fuse.search(message, { limit: 1 })[0];
    return hit ? { top: hit.item.id } : {};
  };
}
