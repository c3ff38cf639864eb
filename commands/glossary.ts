/**
 * /glossary: a server's own terms over the shipped glossary. Editing needs Manage Server or the
 * server's editor role; anyone may suggest. Every reply is private. The subcommands' handlers live
 * in src/discord/glossary/ (entries.ts: the entries; review.ts: settings, suggestions, reload).
 */
import { ChannelType, InteractionContextType, SlashCommandBuilder, type SlashCommandStringOption } from 'discord.js';
import type { CommandModule } from '../src/discord/registry.ts';
import * as entries from '../src/discord/glossary/entries.ts';
import * as review from '../src/discord/glossary/review.ts';
import type { Subcommand } from '../src/discord/glossary/subcommand.ts';
import { PRIVATE as quiet } from '../src/discord/context.ts';

const term = (description: string) => (o: SlashCommandStringOption) => o.setName('term').setDescription(description).setRequired(true).setAutocomplete(true).setMaxLength(100);

const SUBCOMMANDS: Record<string, Subcommand> = {
  add: entries.add,
  edit: entries.edit,
  remove: entries.remove,
  hide: entries.hide,
  history: entries.history,
  raw: entries.raw,
  export: entries.exportEntries,
  import: entries.importEntries,
  settings: review.settings,
  suggest: review.suggest,
  reload: review.reload,
};

const command: CommandModule = {
  data: new SlashCommandBuilder()
    .setName('glossary')
    .setDescription("This server's own terms: add, edit, suggest, export")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('add').setDescription('Add a term to this server\'s glossary (opens a form)'))
    .addSubcommand((s) => s.setName('edit').setDescription("Edit one of this server's terms, or override a shipped one").addStringOption(term('The term to edit')))
    .addSubcommand((s) => s.setName('remove').setDescription("Remove one of this server's terms").addStringOption(term('The term to remove')))
    .addSubcommand((s) =>
      s
        .setName('hide')
        .setDescription('Hide a shipped term in this server (or show it again)')
        .addStringOption(term('The shipped term'))
        .addBooleanOption((o) => o.setName('hidden').setDescription('false: show it again (default true)')),
    )
    .addSubcommand((s) => s.setName('history').setDescription("A term's revisions, with who changed it and when, and a revert button").addStringOption(term('The term')))
    .addSubcommand((s) => s.setName('raw').setDescription('A term as Markdown, in the knowledge/ format').addStringOption(term('The term')))
    .addSubcommand((s) => s.setName('export').setDescription("This server's terms as a file in the knowledge/ format"))
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription('Add or update terms from a file made by /glossary export (all or nothing)')
        .addAttachmentOption((o) => o.setName('file').setDescription('A .md entry, or the file /glossary export made').setRequired(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('settings')
        .setDescription('Who may edit, where suggestions and changes go, insights (Manage Server)')
        .addRoleOption((o) => o.setName('editor-role').setDescription('Members with this role may edit the glossary'))
        .addChannelOption((o) => o.setName('review-channel').setDescription('Where suggestions wait for review').addChannelTypes(ChannelType.GuildText))
        .addChannelOption((o) => o.setName('audit-channel').setDescription('Where every change is posted').addChannelTypes(ChannelType.GuildText))
        .addBooleanOption((o) => o.setName('insights').setDescription('Record what members ask (outcomes only); false also deletes what was kept'))
        .addStringOption((o) =>
          o
            .setName('clear')
            .setDescription('Unset one setting')
            .addChoices({ name: 'editor role', value: 'editor-role' }, { name: 'review channel', value: 'review-channel' }, { name: 'audit channel', value: 'audit-channel' }),
        ),
    )
    .addSubcommand((s) => s.setName('suggest').setDescription('Propose a term for this server\'s glossary (opens a form)'))
    .addSubcommand((s) => s.setName('reload').setDescription("Reload the shipped knowledge after checking it (the bot's owner only)"))
    .toJSON(),

  async execute(i, ctx) {
    const sub = i.options.getSubcommand() ?? '';
    const handler = SUBCOMMANDS[sub];
    if (!i.guildId) {
      await i.reply({ content: 'Use /glossary in a server.', ...quiet });
      return;
    }
    if (!ctx.server || !handler) {
      await i.reply({ content: 'Server glossaries are not available in this bot.', ...quiet });
      return;
    }
    return handler(i, { ...ctx, server: ctx.server }, i.guildId);
  },

  async autocomplete(i, ctx) {
    await entries.autocomplete(i, ctx);
  },
};

export default command;
