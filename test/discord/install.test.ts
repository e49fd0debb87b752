/**
 * Installation: the invite link's scopes and permissions (and the setup guide that shows them), the commands'
 * installation types and contexts, and user-installed commands answered where the bot is not a member.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../adapters/discord/commands.js';
import { INVITE_PERMISSIONS, INVITE_SCOPES, invitePermissions, inviteUrl, userInstallUrl } from '../../adapters/discord/install.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { snowflake, OptionType } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';

const README = fs.readFileSync(path.resolve(import.meta.dirname, '../../adapters/discord/README.md'), 'utf8');
const EPHEMERAL = 64;

describe('the invite link', () => {
  it('asks for exactly bot + applications.commands and the listed permissions, nothing administrative', () => {
    expect([...INVITE_SCOPES]).toEqual(['bot', 'applications.commands']);
    const perms = new PermissionsBitField(invitePermissions());
    expect(perms.toArray().sort()).toEqual(Object.keys(INVITE_PERMISSIONS).sort());
    for (const p of [PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ManageMessages, PermissionFlagsBits.MentionEveryone]) {
      expect(perms.has(p, false)).toBe(false);
    }
    const url = new URL(inviteUrl('123', '456'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe(String(invitePermissions()));
    expect(url.searchParams.get('guild_id')).toBe('456');
    expect(new URL(userInstallUrl('123')).searchParams.get('scope')).toBe('applications.commands');
  });

  it('is the one the setup guide shows, with every permission explained', () => {
    const links = README.match(/https:\/\/discord\.com\/oauth2\/authorize\?\S+/g) ?? [];
    expect(links).toEqual([inviteUrl('APPLICATION_ID'), userInstallUrl('APPLICATION_ID')]);
    expect(README).toContain(`\`${invitePermissions()}\``);
    const names: Record<string, string> = {
      ViewChannel: 'View Channels',
      SendMessages: 'Send Messages',
      SendMessagesInThreads: 'Send Messages in Threads',
      EmbedLinks: 'Embed Links',
      AttachFiles: 'Attach Files',
      ReadMessageHistory: 'Read Message History',
    };
    for (const key of Object.keys(INVITE_PERMISSIONS)) expect(README).toMatch(new RegExp(`^\\| ${names[key]} \\| \\S`, 'm'));
  });
});

describe('installation types and contexts', () => {
  it('offers /ask, /timeline and /help to server and user installs everywhere, /corpus to servers only', () => {
    const byName = Object.fromEntries(commandDefinitions().map((c) => [c.name, c]));
    for (const n of ['ask', 'timeline', 'help']) {
      expect(byName[n]!.integration_types, n).toEqual([0, 1]);
      expect(byName[n]!.contexts, n).toEqual([0, 1, 2]);
    }
    expect(byName.corpus!.integration_types).toEqual([0]);
    expect(byName.corpus!.contexts).toEqual([0]);
  });

  it('sets neither for commands registered in one server (Discord takes them for global commands only)', () => {
    for (const c of commandDefinitions({ global: false })) {
      expect(c.integration_types, c.name).toBeUndefined();
      expect(c.contexts, c.name).toBeUndefined();
    }
  });
});

describe('user-installed commands', () => {
  let h: Harness;
  beforeAll(async () => {
    const engine = await Engine.open({ corpusDir: makeCorpus(), cacheDir: makeCacheDir(), logger: createLogger('silent') });
    h = await startHarness({ engine });
  }, 20_000);
  afterAll(async () => {
    await h?.close();
    removeTempDirs();
  });

  const question = [{ name: 'question', type: OptionType.String, value: 'when was the ultimatum?' }];

  it('answers /ask in a server the bot is not a member of', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'ask', options: question, guildId: snowflake(), userInstalled: true }));
    expect(m.embeds[0].description).toContain('24 février 2026');
  });

  it('answers /ask privately in a private channel (a group DM)', async () => {
    const opts = [...question, { name: 'private', type: OptionType.Boolean, value: true }];
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'ask', options: opts, privateChannel: true, userInstalled: true }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.embeds[0].description).toContain('24 février 2026');
  });
});
