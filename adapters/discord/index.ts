/**
 * The Discord adapter's public surface: `new DiscordAdapter({ bot, config: config.discord, logger })`.
 */
export { DiscordAdapter, stripMention } from './adapter.js';
export type { DiscordAdapterOptions, DiscordConfig } from './adapter.js';
export { isShardRefreshMessage } from './sharding/protocol.js';
export type { ShardRefreshMessage } from './sharding/protocol.js';
export { commandDefinitions, COMMAND } from './commands.js';
export { renderReply, escapeDiscord, enforceEmbedLimits, DISCORD_LIMITS } from './render.js';
export type { DiscordPayload, DiscordEmbed } from './render.js';
export { registerCommands } from './register.js';
