/** Generated knowledge of any size, as entry files, for the scale benchmark. */
import { stringify } from 'yaml';
import type { KnowledgeFiles } from '../core/knowledge/compile.ts';
import { AREAS } from '../core/knowledge/types.ts';
import { pick, rng } from './stats.ts';

const A = ['audience', 'brand', 'campaign', 'channel', 'content', 'conversion', 'creator', 'customer', 'data', 'email', 'funnel', 'growth', 'influencer', 'keyword', 'lead', 'loyalty', 'media', 'mobile', 'network', 'organic', 'paid', 'partner', 'pixel', 'post', 'product', 'profile', 'reach', 'referral', 'retention', 'search', 'social', 'story', 'traffic', 'video', 'viral', 'web'];
const B = ['analytics', 'attribution', 'budget', 'calendar', 'score', 'cost', 'design', 'engine', 'feed', 'index', 'journey', 'lift', 'loop', 'map', 'mix', 'model', 'optimization', 'pacing', 'persona', 'pipeline', 'rate', 'ratio', 'report', 'segment', 'share', 'signal', 'strategy', 'targeting', 'test', 'tracking', 'value', 'velocity', 'volume', 'weight', 'yield'];
const C = ['adaptive', 'annual', 'blended', 'central', 'cross', 'daily', 'direct', 'dynamic', 'early', 'effective', 'global', 'hybrid', 'incremental', 'local', 'net', 'open', 'partial', 'primary', 'real', 'shared', 'smart', 'total', 'unified', 'weighted'];

export interface GeneratedSet {
  files: KnowledgeFiles;
  names: string[];
}

export function generateKnowledge(count: number, seed = 7): GeneratedSet {
  const r = rng(seed);
  const used = new Set<string>();
  const names: string[] = [];
  const entries: KnowledgeFiles['entries'] = [];
  for (let i = 0; names.length < count; i++) {
    const name = `${pick(r, C)} ${pick(r, A)} ${pick(r, B)}${i >= A.length * B.length * C.length ? ` ${i}` : ''}`;
    if (used.has(name)) continue;
    used.add(name);
    const id = `g${names.length}-${name.replace(/[^a-z0-9]+/g, '-')}`;
    names.push(name);
    const words = Array.from({ length: 22 }, () => pick(r, [...A, ...B, ...C]));
    const data = {
      kind: 'term',
      name,
      aliases: [`${id} alias`],
      area: pick(r, AREAS),
      definition: `${words.join(' ')}.`.slice(0, 300),
      sources: ['editorial'],
      related: names.length > 3 ? [`g${names.length - 2}-${names[names.length - 2]!.replace(/[^a-z0-9]+/g, '-')}`] : [],
    };
    entries.push({ file: `terms/${id}.md`, text: `---\n${stringify(data)}---\n- A generated fact about ${name}. [editorial]\n` });
  }
  return {
    files: { entries, sources: { file: 'sources.yml', text: '- id: editorial\n  label: editors\n  title: generated\n  author: bench\n' } },
    names,
  };
}
