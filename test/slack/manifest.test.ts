/**
 * The Slack app manifest asks for exactly what the adapter uses: its commands, its events, and the scopes
 * of the Web API methods it calls.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_BOT_EVENTS, SLACK_COMMANDS, SLACK_METHOD_SCOPES } from '../../adapters/slack/adapter.js';

interface Manifest {
  features: { slash_commands: { command: string; url: string; description: string }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
}

const manifest = parse(readFileSync(new URL('../../adapters/slack/manifest.yml', import.meta.url), 'utf8')) as Manifest;

describe('Slack app manifest', () => {
  it('declares exactly the slash commands the adapter handles, on /slack/events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...SLACK_COMMANDS].sort());
    for (const c of manifest.features.slash_commands) {
      expect(c.url).toMatch(/^https:\/\/.+\/slack\/events$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('subscribes to exactly the bot events the adapter handles', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(Object.keys(SLACK_BOT_EVENTS).sort());
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
  });

  it('turns interactivity on, for the answers\u2019 buttons, on /slack/events', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\/.+\/slack\/events$/);
  });

  it('asks for exactly the scopes those commands, events and Web API methods need', () => {
    const needed = new Set<string>(['commands', ...Object.values(SLACK_BOT_EVENTS).filter((s): s is NonNullable<typeof s> => s !== null)]);
    for (const scope of Object.values(SLACK_METHOD_SCOPES)) if (scope) needed.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });
});
