/** Renders the reply model as plain text, for the console and for `ask --json`'s `text` field. */
import type { Reply } from '../core/reply.ts';
import { textCommandList } from './commands.ts';
import { citeMarks, factText, viewWords, relationHeadline, relationPhrase, sourceLabel, sourceLine } from '../core/present.ts';

const bullet = (s: string) => `  • ${s}`;

export function renderText(reply: Reply | undefined): string {
  if (!reply) return '';
  // Several platforms asked about at once ("are reddit and pinterest social networks?"): one answer each.
  if (reply.kind === 'classification' && reply.also?.length) return [{ ...reply, also: undefined }, ...reply.also].map((r) => renderText(r)).join('\n\n');
  const out: string[] = [];
  const sources = 'sources' in reply ? reply.sources : [];
  const cite = (ids: readonly string[]) => {
    const m = citeMarks(ids, sources);
    return m ? ` ${m}` : '';
  };
  switch (reply.kind) {
    case 'definition': {
      out.push(reply.entry.name.toUpperCase());
      if (reply.matchedFrom) out.push(`(closest match for “${reply.matchedFrom}”)`);
      out.push(`${reply.definition.text}${cite(reply.definition.sources)}`);
      if (reply.aliases.length) out.push(`Also called: ${reply.aliases.slice(0, 8).join(', ')}`);
      if (reply.broader.length) out.push(`Part of: ${reply.broader.map((b) => b.name).join(', ')}`);
      if (reply.classification) {
        out.push('', `How it is classified: ${reply.classification.summary.text}`);
        for (const v of reply.classification.views) out.push(bullet(`${sourceLabel(v.source, sources)}: ${viewWords(v)} — ${v.why}${cite([v.source])}`));
      }
      if (reply.disagreement) out.push('', `Where sources disagree: ${reply.disagreement.text}${cite(reply.disagreement.sources)}`);
      if (reply.views.length) {
        out.push('', 'How the sources put it:');
        for (const v of reply.views) out.push(bullet(`${sourceLabel(v.source, sources)}: ${v.text}${cite([v.source])}`));
      }
      if (reply.details.length) {
        out.push('', 'Details:');
        for (const d of reply.details) out.push(bullet(`${factText(d)}${cite(d.sources)}`));
      }
      if (reply.examples.length) out.push('', `Examples: ${reply.examples.join('; ')}`);
      if (reply.related.length) out.push('', `Related: ${reply.related.map((r) => r.name).join(', ')}`);
      if (reply.comparisons.length) out.push(`Compare: ${reply.comparisons.map((r) => r.name).join(', ')}`);
      break;
    }
    case 'comparison': {
      out.push(`${reply.a.name.toUpperCase()} vs ${reply.b.name.toUpperCase()}`);
      out.push(`In short: ${relationHeadline(reply)}. ${reply.relation.text.text}${cite(reply.relation.text.sources)}`);
      if (reply.relationViews.length) {
        out.push('', 'The sources disagree on how they relate:');
        for (const v of reply.relationViews) out.push(bullet(`${sourceLabel(v.source, sources)}: ${relationPhrase(v.relation, reply.a.name, reply.b.name)}. ${v.text}${cite([v.source])}`));
      }
      for (const d of reply.dimensions) {
        out.push('', `${d.name}${cite(d.sources)}`, bullet(`${reply.a.name}: ${d.a}`), bullet(`${reply.b.name}: ${d.b}`));
      }
      if (reply.notes.length) {
        out.push('', 'Also:');
        for (const n of reply.notes) out.push(bullet(`${factText(n)}${cite(n.sources)}`));
      }
      if (reply.derived) out.push('', '(No side-by-side comparison is written for these two yet; this one is put together from both entries.)');
      break;
    }
    case 'classification': {
      out.push(`${reply.entry.name.toUpperCase()}: WHAT KIND OF PLATFORM?`);
      if (reply.verdict) out.push(reply.verdict.text);
      out.push(`${reply.classification.summary.text}${cite(reply.classification.summary.sources)}`);
      out.push('', 'What each source says:');
      for (const v of reply.classification.views) out.push(bullet(`${sourceLabel(v.source, sources)}: ${viewWords(v)} — ${v.why}${cite([v.source])}`));
      if (reply.disagreement) out.push('', `Where sources disagree: ${reply.disagreement.text}${cite(reply.disagreement.sources)}`);
      out.push('', `What it is: ${reply.definition.text}${cite(reply.definition.sources)}`);
      break;
    }
    case 'ambiguous': {
      out.push(`“${reply.query}” can mean ${reply.meanings.length} things:`);
      for (const m of reply.meanings) out.push(bullet(`${m.entry.name}: ${m.definition.text}${cite(m.definition.sources)}`));
      out.push('', 'Ask about one of them by name for the full entry.');
      break;
    }
    case 'not-found': {
      out.push(`I don't have an entry for “${reply.query}”.`);
      if (reply.suggestions.length) out.push(`Did you mean: ${reply.suggestions.map((s) => s.name).join(', ')}?`);
      else out.push('Try /terms to browse what I know.');
      break;
    }
    case 'help': {
      const c = reply.counts;
      out.push(`termbot answers social media and digital marketing terminology questions, with sources.`);
      out.push(`I know ${c.entries} entries: ${c.terms} terms, ${c.platforms} platforms and ${c.comparisons} comparisons.`);
      out.push('', `Commands: ${textCommandList()}. Or just ask:`);
      for (const e of reply.examples) out.push(bullet(e));
      out.push('', `Areas: ${reply.areas.map((a) => `${a.title} (${a.count})`).join(', ')}`);
      break;
    }
    case 'term-list': {
      out.push(`${reply.title}: page ${reply.page} of ${reply.pages} (${reply.total} entries)`);
      for (const e of reply.entries) out.push(bullet(e.name));
      out.push('', `Areas: ${reply.areas.map((a) => `${a.area} (${a.count})`).join(', ')}`);
      break;
    }
    case 'hint': {
      if (reply.terms?.length) {
        out.push(`I know ${reply.terms.map((t) => t.name).join(', ')}. Ask about one of them, e.g. “what is ${reply.terms[0]!.name}?”, or compare two with “vs”.`);
        break;
      }
      out.push('I answer social media and marketing terminology questions. Try:');
      for (const e of reply.examples) out.push(bullet(e));
      out.push('Or /help for more.');
      break;
    }
  }
  if (sources.length) {
    out.push('', 'Sources:');
    sources.forEach((s, i) => out.push(`  ${sourceLine(s, i + 1)}`));
  }
  return out.join('\n');
}
