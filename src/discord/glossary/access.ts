/**
 * Who may change a server's glossary: members with Manage Server, and members holding the server's
 * editor role (`/glossary settings editor-role`). Everyone else may suggest. Pure: reads the
 * interaction's permissions and roles, and the server's settings.
 */
import { PermissionFlagsBits } from 'discord.js';
import type { GuildSettings } from '../../store/glossary.ts';
import type { InteractionBase } from '../types.ts';

/** The role ids of the member who acted (empty outside servers). */
export function memberRoleIds(i: Pick<InteractionBase, 'member'>): { has(id: string): boolean } {
  const roles = i.member?.roles;
  if (!roles) return { has: () => false };
  if ('cache' in roles) return roles.cache;
  return { has: (id: string) => roles.includes(id) };
}

export function hasManageServer(i: Pick<InteractionBase, 'memberPermissions'>): boolean {
  return i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** True for members with Manage Server or the server's editor role. */
export function canEdit(i: Pick<InteractionBase, 'memberPermissions' | 'member'>, settings: Pick<GuildSettings, 'editorRoleId'>): boolean {
  return hasManageServer(i) || (settings.editorRoleId !== null && memberRoleIds(i).has(settings.editorRoleId));
}

/** The private refusal for a member who may not edit. */
export const NOT_AN_EDITOR = "Only members with Manage Server or this server's editor role can change its glossary. You can propose a term with `/glossary suggest`.";
