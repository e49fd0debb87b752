/**
 * Moderator roles from the configuration, and `npm run discord:register` (global and per-guild) against
 * the fake Discord, with the real engine on a copy of the bundled corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { registerCommands } from '../../adapters/discord/register.js';
import { DiscordAdapter } from '../../adapters/discord/adapter.js';
import { Bot } from '../../src/bot.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';
import { snowflake } from './fake-discord.js';

const EPHEMERAL = 64;
const MANAGE_GUILD = String(1 << 5);
const ROLE = snowflake();
const OTHER = snowflake();

let h: Harness;

beforeAll(async () => {
  const engine = await Engine.open({ corpusDir: makeCorpus(), cacheDir: makeCacheDir(), logger: createLogger('silent') });
  h = await startHarness({ engine, moderatorRoleIds: [ROLE], roles: [{ id: ROLE, name: 'Modération' }, { id: OTHER, name: 'Membres' }] });
}, 20_000);

afterAll(async () => {
  await h?.close();
  removeTempDirs();
});

describe('moderator roles from the configuration', () => {
  it('lets a member with a configured role use /corpus status', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'status', roles: [OTHER, ROLE], locale: 'fr' }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.embeds[0].title).toBe('État du corpus');
    expect(m.embeds[0].fields.find((f: { name: string }) => f.name === 'Documents').value).toBe('1');
  });

  it('refuses Manage Server without a configured role, once roles are configured', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'refresh', permissions: MANAGE_GUILD, roles: [OTHER] }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toBe('This command is for moderators only.');
  });

  it('refuses /corpus in a DM', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'corpus', subcommand: 'status', dm: true, roles: [ROLE] }));
    expect(m.content).toBe('This command is for moderators only.');
  });
});

describe('registration', () => {
  const logger = createLogger('silent');

  it('registers the commands globally, localized, with /corpus for Manage Server only', async () => {
    const config = { token: h.fake.token, applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, moderatorRoleIds: [] };
    const res = await registerCommands({ config, logger, rest: { retries: 0, timeout: 2000 } });
    expect(res).toEqual({ scope: 'global', commands: ['ask', 'timeline', 'help', 'corpus'] });
    const saved = h.fake.commands.get('global')!;
    const corpus = saved.find((c) => c.name === 'corpus');
    expect(corpus.default_member_permissions).toBe(MANAGE_GUILD);
    expect(corpus.contexts).toEqual([0]);
    expect(corpus.options.map((o: { name: string }) => o.name)).toEqual(['refresh', 'status', 'report', 'add', 'remove', 'list']);
    const sub = (name: string) => corpus.options.find((o: { name: string }) => o.name === name);
    expect(sub('add').options.map((o: { name: string; type: number }) => [o.name, o.type])).toEqual([
      ['file', 11],
      ['url', 3],
      ['title', 3],
      ['published', 3],
      ['language', 3],
    ]);
    expect(sub('remove').options[0]).toMatchObject({ name: 'id', required: true, autocomplete: true });
    for (const o of corpus.options) expect(o.description_localizations.fr, o.name).toBeTruthy();
    for (const c of saved) {
      expect(c.description_localizations.fr, c.name).toBeTruthy();
      expect(c.name_localizations.fr, c.name).toBeTruthy();
    }
    const ask = saved.find((c) => c.name === 'ask');
    expect(ask.options.map((o: { name: string; required?: boolean }) => [o.name, o.required ?? false])).toEqual([
      ['question', true],
      ['private', false],
    ]);
  });

  it('registers for one guild with DISCORD_GUILD_ID', async () => {
    const guildId = h.fake.guildId;
    const config = { token: h.fake.token, applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, guildId, moderatorRoleIds: [] };
    const res = await registerCommands({ config, logger, rest: { retries: 0, timeout: 2000 } });
    expect(res.scope).toBe(guildId);
    expect(h.fake.commands.get(guildId)).toHaveLength(4);
  });

  it('fails clearly with a wrong token', async () => {
    const config = { token: 'wrong', applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, moderatorRoleIds: [] };
    await expect(registerCommands({ config, logger, rest: { retries: 0, timeout: 2000 } })).rejects.toThrow(/401|Unauthorized/);
  });
});

describe('start-up errors', () => {
  it('rejects start() with a clear error for a token Discord refuses, and stays stopped', async () => {
    const logger = createLogger('silent');
    const adapter = new DiscordAdapter({
      bot: new Bot({ engine: h.engine, logger }),
      logger,
      config: { token: 'not-the-token', applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, moderatorRoleIds: [] },
      rest: { retries: 0, timeout: 2000 },
    });
    await expect(adapter.start()).rejects.toThrow(/token/i);
    expect(adapter.isConnected()).toBe(false);
    await adapter.stop();
  });

  it('refuses a configuration without a token', () => {
    const logger = createLogger('silent');
    expect(
      () => new DiscordAdapter({ bot: h.bot, logger, config: { token: '', applicationId: '1', apiUrl: h.fake.apiUrl, moderatorRoleIds: [] } }),
    ).toThrow(/DISCORD_TOKEN/);
  });
});
