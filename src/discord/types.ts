/**
 * The narrow slices of discord.js that termbot's handlers and commands use. The real discord.js
 * classes satisfy them (checked at compile time below), and tests implement them with small typed
 * fakes, with no casts.
 */
import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  InteractionEditReplyOptions,
  InteractionReplyOptions,
  InteractionUpdateOptions,
  Message,
  MessageReplyOptions,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { APIModalInteractionResponseCallbackData, MessageFlags } from 'discord.js';

export interface InteractionBase {
  id: string;
  user: { id: string; bot: boolean };
  guildId: string | null;
  channelId: string | null;
  memberPermissions: { has(permission: bigint): boolean } | null;
  /**
   * The member who acted, in a server: their role ids (discord.js gives a role manager for cached
   * members, a plain id list otherwise). Read it with `memberRoleIds()` in glossary/access.ts.
   */
  member?: { roles: readonly string[] | { cache: { has(id: string): boolean } } } | null;
}

export interface Replyable {
  replied: boolean;
  deferred: boolean;
  reply(options: InteractionReplyOptions): Promise<unknown>;
  followUp(options: InteractionReplyOptions): Promise<unknown>;
}

/** Interactions that may answer by opening a modal (a slash command or a button). */
export interface ModalOpener {
  showModal(modal: APIModalInteractionResponseCallbackData): Promise<unknown>;
}

export interface ChatInputLike extends InteractionBase, Replyable, ModalOpener {
  commandName: string;
  /** Acknowledges now and answers later with `editReply` (for work that may take over Discord's 3 seconds). */
  deferReply(options: { flags: MessageFlags.Ephemeral }): Promise<unknown>;
  editReply(options: InteractionEditReplyOptions): Promise<unknown>;
  options: {
    getString(name: string, required?: boolean): string | null;
    getBoolean(name: string, required?: boolean): boolean | null;
    getUser(name: string, required?: boolean): { id: string; bot: boolean } | null;
    getInteger(name: string, required?: boolean): number | null;
    getSubcommand(required?: boolean): string | null;
    getAttachment(name: string, required?: boolean): { name: string; url: string; size: number; contentType: string | null } | null;
    getRole(name: string, required?: boolean): { id: string } | null;
    getChannel(name: string, required?: boolean): { id: string } | null;
  };
}

export interface AutocompleteLike extends InteractionBase {
  commandName: string;
  responded: boolean;
  options: { getFocused(getFull: true): { name: string; value: string }; getSubcommand(required?: boolean): string | null };
  respond(choices: ApplicationCommandOptionChoiceData[]): Promise<unknown>;
}

export interface ComponentLike extends InteractionBase, Replyable, ModalOpener {
  customId: string;
  /** Present on select menus. */
  values?: string[];
  update(options: InteractionUpdateOptions): Promise<unknown>;
  deferUpdate(): Promise<unknown>;
  deleteReply(): Promise<unknown>;
}

export interface ModalSubmitLike extends InteractionBase, Replyable {
  customId: string;
  fields: { getTextInputValue(customId: string): string };
  /** The message whose button opened the form, if one did: `deferUpdate` then `editReply` change that message. */
  message: { id: string } | null;
  deferUpdate(): Promise<unknown>;
  editReply(options: InteractionEditReplyOptions): Promise<unknown>;
}

export interface MessageLike {
  id: string;
  content: string;
  author: { id: string; bot: boolean };
  webhookId: string | null;
  system: boolean;
  guildId: string | null;
  channelId: string;
  channel: { isDMBased(): boolean; isThread(): boolean; parentId?: string | null };
  mentions: { users: { has(id: string): boolean }; repliedUser: { id: string } | null };
  reply(options: MessageReplyOptions): Promise<unknown>;
}

// Compile-time proof that discord.js's classes fit these slices.
type Fits<T, U> = T extends U ? true : never;
export const discordJsFits: [
  Fits<ChatInputCommandInteraction, ChatInputLike>,
  Fits<AutocompleteInteraction, AutocompleteLike>,
  Fits<ButtonInteraction, ComponentLike>,
  Fits<StringSelectMenuInteraction, ComponentLike>,
  Fits<ModalSubmitInteraction, ModalSubmitLike>,
  Fits<Message, MessageLike>,
] = [true, true, true, true, true, true];
