/** Component custom ids: what a button or menu does, in at most 100 characters. */
import type { Area } from '../core/knowledge/types.ts';
import { isArea } from '../core/knowledge/types.ts';

export type PickMode = 'update' | 'public' | 'private';
const PICK_CODES: Record<PickMode, string> = { update: 'u', public: 'p', private: 'e' };

export type ComponentAction =
  /** Open an entry as a private answer to whoever clicked. */
  | { action: 'open'; entryId: string; private: boolean }
  /**
   * A "did you mean" pick. `update`: replace the message it is on (a public reply to a question);
   * `public`: the command was public, so post the answer for everyone; `private`: answer privately.
   */
  | { action: 'pick'; entryId: string; mode: PickMode; ownerId?: string; compareWith?: string }
  /** Delete the answer: only its owner or a moderator. */
  | { action: 'delete'; ownerId: string }
  | { action: 'terms'; area: Area | 'all'; page: number }
  | { action: 'terms-area' };

const PREFIX = 'tb';

export function customId(a: ComponentAction): string {
  switch (a.action) {
    case 'open':
      return `${PREFIX}:open:${a.private ? 1 : 0}:${a.entryId}`.slice(0, 100);
    case 'pick': {
      const id = `${PREFIX}:pick:${PICK_CODES[a.mode]}:${a.ownerId ?? '-'}:${a.entryId}${a.compareWith ? `:${a.compareWith}` : ''}`;
      // A compare pick that would not fit falls back to opening the picked entry alone.
      return id.length <= 100 ? id : `${PREFIX}:pick:${PICK_CODES[a.mode]}:${a.ownerId ?? '-'}:${a.entryId}`;
    }
    case 'delete':
      return `${PREFIX}:del:${a.ownerId}`;
    case 'terms':
      return `${PREFIX}:terms:${a.area}:${a.page}`;
    case 'terms-area':
      return `${PREFIX}:terms-area`;
  }
}

export function parseCustomId(id: string): ComponentAction | undefined {
  const parts = id.split(':');
  if (parts[0] !== PREFIX) return undefined;
  const [, action, a = '', b = '', c = '', d = ''] = parts;
  switch (action) {
    case 'open':
      return /^[a-z0-9-]+$/.test(b) ? { action, entryId: b, private: a === '1' } : undefined;
    case 'pick': {
      const mode = (Object.keys(PICK_CODES) as PickMode[]).find((m) => PICK_CODES[m] === a);
      if (!mode || !/^(?:\d+|-)$/.test(b) || !/^[a-z0-9-]+$/.test(c) || (d && !/^[a-z0-9-]+$/.test(d))) return undefined;
      return { action, mode, entryId: c, ...(b !== '-' ? { ownerId: b } : {}), ...(d ? { compareWith: d } : {}) };
    }
    case 'del':
      return /^\d+$/.test(a) ? { action: 'delete', ownerId: a } : undefined;
    case 'terms': {
      const page = Number.parseInt(b, 10);
      const area = a === 'all' ? 'all' : isArea(a) ? a : undefined;
      return area && Number.isFinite(page) ? { action: 'terms', area, page } : undefined;
    }
    case 'terms-area':
      return { action: 'terms-area' };
    default:
      return undefined;
  }
}
