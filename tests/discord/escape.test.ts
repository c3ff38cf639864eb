/** Member text echoed back is shown as typed, never acted on: markdown, masked links, links and mentions, titles included. */
import { describe, expect, it } from 'vitest';
import type { APIEmbed, InteractionReplyOptions } from 'discord.js';
import { loadCommands } from '../../commands/index.ts';
import { memberText } from '../../src/discord/escape.ts';
import { createRegistry, loadComponents } from '../../src/discord/registry.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import { captureLogger, FakeChatInput, testDispatcher } from './fakes.ts';
import { shippedKnowledge, shippedTermbot } from '../helpers/shipped.ts';

const knowledge = await shippedKnowledge();
const termbot = await shippedTermbot();
const registry = createRegistry(await loadCommands(), await loadComponents());

/** Every piece of text Discord would render as markdown in a message. */
function texts(o: { content?: string | null; embeds?: readonly unknown[] }): string[] {
  const out = o.content ? [o.content] : [];
  for (const e of (o.embeds ?? []) as APIEmbed[]) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]));
  }
  return out.filter(Boolean);
}

/** Markdown a member could smuggle in: a masked link, a clickable URL, bold, a heading, a mention. */
function expectNeutral(text: string) {
  expect(text).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/); // [label](url) not escaped
  expect(text).not.toMatch(/https?:\/\//i); // a clickable URL from the member
  expect(text).not.toMatch(/(?<!\\)\*\*SMM(?<!\\)\*\*/);
  expect(text).not.toMatch(/@everyone|<@!?\d|<#\d|<t:\d/);
}

const NASTY = [
  '[free nitro](https://evil.example/gift)',
  '**SMM**',
  '[**SMM**](<https://evil.example>)',
  '# SMM',
  '-# SMM',
  '> SMM',
  '`SMM`',
  '||SMM||',
  '@everyone SMM',
  '<@123456789012345678> <#123456789012345678> <t:1700000000:R> </define:1>',
  'https://evil.example/gift',
  '[x](https://evil.example "title")',
  'evil](https://evil.example)',
];

describe('memberText', () => {
  it.each(NASTY)('neutralises %j', (s) => expectNeutral(memberText(s)));
  it('keeps ordinary text as typed', () => {
    expect(memberText('  social\nmedia  marketing ')).toBe('social media marketing');
    expect(memberText('**SMM**')).toBe('\\*\\*SMM\\*\\*');
    expect(memberText('[free nitro](https://evil.example/gift)')).toBe('\\[free nitro\\](https:\u200b//evil.example/gift)');
  });
});

describe('echoes in rendered replies', () => {
  it.each(NASTY)('a not-found, an ambiguous title and a closest match for %j', (s) => {
    for (const reply of [
      { kind: 'not-found' as const, query: s, suggestions: [] },
      { kind: 'ambiguous' as const, query: s, meanings: [], sources: [] },
    ]) {
      for (const t of texts(renderDiscord(reply))) expectNeutral(t);
    }
  });

  it('/define term:"[free nitro](https://evil.example/gift)" and term:"**SMM**" echo nothing clickable or bold', async () => {
    const { logger } = captureLogger();
    const handlers = testDispatcher({ termbot, logger, registry });
    for (const term of [...NASTY, '**DM**', '[DM](https://evil.example)', '**socail media**']) {
      const i = new FakeChatInput('define', { term });
      await handlers.chatInput(i);
      const o = i.calls[0]?.options as InteractionReplyOptions;
      for (const t of texts(o)) expectNeutral(t);
    }
  });
});
