/**
 * "Who is Diksha?", "what are your sources?": the sources answer, from knowledge/sources.yml. The
 * facts about who wrote the four articles are answerable like any other, and people an article only
 * quotes ("Kaplan and Haenlein") lead to the entries that cite them instead.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/adapters/text.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { messageLength, renderDiscord } from '../src/discord/render.ts';
import { shippedKnowledge, shippedTermbot } from './helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const bot = await shippedTermbot();

describe('the sources answer', () => {
  it("answers who a source's author is, with what sources.yml says about them", () => {
    for (const q of ['who is Diksha?', "who's diksha", 'tell me something about Diksha', 'where did Diksha study?']) {
      const reply = bot.ask(q, 'direct').reply;
      expect(reply?.kind, q).toBe('sources');
      if (reply?.kind !== 'sources') continue;
      expect(reply.asked).toBe('Diksha');
      expect(reply.sources.map((s) => s.id)).toEqual(['diksha']);
      expect(reply.sources[0]?.about).toMatch(/IIMC/);
      // The entries citing the article are one click away.
      expect(reply.citedIn.length).toBeGreaterThan(0);
    }
    const agency = bot.ask('what does Wayward Kind do?', 'direct').reply;
    expect(agency?.kind === 'sources' && [agency.asked, agency.sources[0]?.about]).toEqual(['Wayward Kind', expect.stringMatching(/landing pages/)]);
  });

  it('lists every source when asked where the answers come from, and in a channel only for a named author', () => {
    const reply = bot.ask('what are your sources?', 'direct').reply;
    expect(reply?.kind === 'sources' && reply.sources.map((s) => s.id)).toEqual([...knowledge.sources.keys()]);
    expect(reply?.kind === 'sources' && reply.asked).toBeUndefined();
    expect(bot.ask('where do your answers come from?', 'direct').reply?.kind).toBe('sources');
    // In an ask channel "what are your sources?" may be meant for anyone (mention termbot to ask it); a named author is a question for termbot.
    expect(bot.ask('what are your sources?', 'channel').reply).toBeUndefined();
    expect(bot.ask('who is Diksha?', 'channel').reply?.kind).toBe('sources');
  });

  it('answers a term asked "according to" a source with the term (its answer gives each source’s view)', () => {
    for (const [q, id] of [['what is social networking according to Wayward Kind?', 'social-networking'], ['how does Diksha define social media?', 'social-media']] as const) {
      const answer = bot.ask(q, 'direct');
      expect(answer.reply?.kind, q).toBe('definition');
      expect(answer.terms[0]?.id, q).toBe(id);
    }
  });

  it('leads people an article quotes to the entries citing them', () => {
    const answer = bot.ask('who are Kaplan and Haenlein?', 'direct');
    expect(answer.reply?.kind).toBe('definition');
    expect(answer.terms[0]?.id).toBe('social-media');
  });

  it('renders within Discord limits and as text, never naming a source by its id', () => {
    for (const q of ['what are your sources?', 'who is Diksha?']) {
      const reply = bot.ask(q, 'direct').reply!;
      const d = renderDiscord(reply);
      expect(messageLength(d)).toBeLessThanOrEqual(LIMITS.embedTotal);
      const text = renderText(reply);
      expect(text).toMatch(/Diksha/);
      expect(text).not.toMatch(/\b(?:smsn-explainer|smdm-explainer|waywardkind)\b/);
    }
  });
});
