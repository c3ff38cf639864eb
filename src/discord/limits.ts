/** Discord's fixed facts: message limits (with clean truncation to fit them) and the shape of an id. */

/** A Discord id (snowflake): 17 to 20 digits. The one pattern for config values and ids inside custom ids. */
export const DISCORD_ID = /^\d{17,20}$/;

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
  selectOptions: 25,
} as const;

export const MORE = '…';

/** Cuts text to at most `max` characters, at a word boundary where one is near, ending with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, Math.max(0, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.–—-]+$/, '')}${MORE}`;
}
