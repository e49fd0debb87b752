/**
 * How the app is installed: the OAuth2 scopes and bot permissions of the server invite, and the user-install
 * link. `npm run discord:register` prints both links; adapters/discord/README.md explains them (a test keeps
 * the README's links equal to these).
 */
import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/** Exactly the scopes a server install needs: the bot user, and its slash commands. */
export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/**
 * The bot's permissions in a server, and why. Slash-command answers go through the interaction (they need
 * none of these); mentions are answered with a reply in the channel or thread, which needs them all.
 */
export const INVITE_PERMISSIONS = {
  /** See the channels, to receive the messages that mention the bot. */
  ViewChannel: PermissionFlagsBits.ViewChannel,
  /** Answer a mention. */
  SendMessages: PermissionFlagsBits.SendMessages,
  /** Answer a mention inside a thread. */
  SendMessagesInThreads: PermissionFlagsBits.SendMessagesInThreads,
  /** Answers are embeds (the quote, its dates, its source link). */
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  /** The timeline picture is a PNG attachment (in servers, Discord checks the bot's own channel permissions
   * for the files and embeds of its messages). */
  AttachFiles: PermissionFlagsBits.AttachFiles,
  /** An answer to a mention is a reply to that message, which Discord allows only with this. */
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory,
} as const;

/** The permission integer of the invite link. */
export function invitePermissions(): bigint {
  return new PermissionsBitField(Object.values(INVITE_PERMISSIONS)).bitfield;
}

/** The server-install link: `bot` + `applications.commands`, with {@link INVITE_PERMISSIONS}. */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const q = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(' '),
    permissions: String(invitePermissions()),
    integration_type: '0',
  });
  if (guildId) q.set('guild_id', guildId);
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}

/** The user-install link: only `applications.commands` (a user install has no bot user in servers). */
export function userInstallUrl(applicationId: string): string {
  const q = new URLSearchParams({ client_id: applicationId, scope: OAuth2Scopes.ApplicationsCommands, integration_type: '1' });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
