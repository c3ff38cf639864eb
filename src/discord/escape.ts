/**
 * Member text echoed back in a Discord message (a term that was not found, "closest match for …",
 * an ambiguous word in an embed title): shown as typed, never acted on. One place, used by the
 * Discord renderer for every echo.
 *
 * - Markdown is escaped, headings, lists and masked links included (`[free nitro](https://…)`
 *   shows as typed, not as a link labelled "free nitro"; `**SMM**` shows its stars).
 * - Links are defused: a zero-width space after the scheme, so no URL the member typed is clickable.
 * - Mentions are defused: `@everyone`, `<@id>`, `<#id>`, `<t:…>`, `</cmd:id>` get a zero-width space
 *   (allowedMentions also stops pings; this stops the rendering too).
 * - Whitespace collapses to single spaces (no new lines, so no line-start markdown), cut to `max`.
 */
import { escapeMarkdown } from 'discord.js';
import { truncate } from './limits.ts';

const ZWSP = '\u200b';

export function memberText(text: string, max = 100): string {
  const oneLine = truncate(text.replace(/\s+/g, ' ').trim(), max);
  return escapeMarkdown(oneLine, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/\]\(/g, `\\](`)
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, `$1:${ZWSP}//`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/</g, `<${ZWSP}`);
}
