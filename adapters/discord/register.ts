/**
 * `npm run discord:register`: registers the slash commands with Discord, globally, or for one server when
 * `DISCORD_GUILD_ID` is set (guild commands appear at once; global ones can take up to an hour).
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { loadConfig } from '../../src/config.js';
import { loadEnvFile } from '../../src/env-file.js';
import { asError } from '../../src/errors.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { DiscordConfig } from './adapter.js';
import { commandDefinitions } from './commands.js';
import { inviteUrl, userInstallUrl } from './install.js';

/** What {@link registerCommands} did. */
export interface RegisterResult {
  /** `global`, or the guild id. */
  scope: string;
  /** Names of the commands Discord now has in that scope. */
  commands: string[];
}

/**
 * Replaces the application's commands (globally, or in `config.guildId`) with {@link commandDefinitions}.
 * @throws the Discord API error when Discord refuses (bad token, missing access…)
 */
export async function registerCommands(opts: {
  config: DiscordConfig;
  logger: Logger;
  rest?: { retries?: number; timeout?: number };
}): Promise<RegisterResult> {
  const { config, logger } = opts;
  const rest = new REST({ api: config.apiUrl, ...opts.rest }).setToken(config.token);
  const body = commandDefinitions({ global: !config.guildId });
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const saved = (await rest.put(route, { body })) as { name: string }[];
  const result = { scope: config.guildId ?? 'global', commands: saved.map((c) => c.name) };
  logger.info(result, 'slash commands registered');
  return result;
}

async function main(): Promise<void> {
  let logger: Logger = createLogger('info');
  try {
    loadEnvFile();
    const config = loadConfig(process.env, process.argv.slice(2));
    logger = createLogger(config.logLevel);
    if (!config.discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands');
    const result = await registerCommands({ config: config.discord, logger });
    const links = [`Add the bot to a server:  ${inviteUrl(config.discord.applicationId, config.discord.guildId)}`];
    // A user install sees global commands only.
    if (result.scope === 'global') links.push(`Install it for yourself: ${userInstallUrl(config.discord.applicationId)}`);
    process.stdout.write(`${links.join('\n')}\n`);
  } catch (e) {
    logger.fatal({ err: asError(e) }, `registration failed: ${asError(e).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
