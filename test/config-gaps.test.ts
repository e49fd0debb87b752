/**
 * Configuration gaps (issue 16, item 10): an empty variable means its default (or a clear error), URLs must
 * be http(s), bounds are reported as they are, and a failure is one line naming the variable, with no stack.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { ROOT, tempCorpus } from './ops/helpers.js';
import { freePort } from './helpers/port.js';

function message(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

describe('empty variables', () => {
  it('an empty or blank CORPUS_DIR, CACHE_DIR or LOG_LEVEL is its default, never the current directory', () => {
    for (const v of ['', ' ', '\t']) {
      const c = loadConfig({ CORPUS_DIR: v, CACHE_DIR: v, LOG_LEVEL: v });
      expect(c.corpusDir).toBe(path.resolve('corpus'));
      expect(c.cacheDir).toBe(path.resolve('.cache'));
      expect(c.logLevel).toBe('info');
    }
  });

  it('an empty number, URL or host is its default', () => {
    const c = loadConfig({ MAX_QUESTION_LENGTH: '', METRICS_HOST: '', SLACK_HOST: '', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: '' });
    expect(c.maxQuestionLength).toBe(500);
    expect(c.metricsHost).toBe('127.0.0.1');
    expect(c.slack?.apiUrl).toBe('https://slack.com/api/');
    expect(c.slack?.host).toBeUndefined();
  });
});

describe('bounds and URLs', () => {
  it('reports the real bounds of a number, however large the value', () => {
    for (const v of ['10001', '99999999999999999999999', '5', '-1', '1e5', '12.5']) {
      expect(message({ MAX_QUESTION_LENGTH: v })).toBe(`Config: MAX_QUESTION_LENGTH: must be a whole number from 10 to 10000 (got ${JSON.stringify(v)})`);
    }
    expect(message({ SLACK_PORT: '70000' })).toMatch(/^Config: SLACK_PORT: must be a whole number from 0 to 65535/);
    expect(loadConfig({ MAX_QUESTION_LENGTH: '10000' }).maxQuestionLength).toBe(10_000);
  });

  it('accepts only http(s) URLs for the platform APIs', () => {
    for (const [name, v] of [
      ['DISCORD_API_URL', 'ftp://x'],
      ['DISCORD_API_URL', 'file:///etc/passwd'],
      ['SLACK_API_URL', 'javascript:alert(1)'],
      ['SLACK_API_URL', 'slack.com/api'],
    ] as const) {
      expect(message({ [name]: v })).toBe(`Config: ${name}: must be an http:// or https:// URL (got ${JSON.stringify(v)})`);
    }
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_API_URL: 'http://127.0.0.1:9/api/' }).discord?.apiUrl).toBe('http://127.0.0.1:9/api');
  });

  it('checks SLACK_HOST like METRICS_HOST, and passes it to the Slack section', () => {
    expect(message({ SLACK_HOST: 'not a host' })).toMatch(/^Config: SLACK_HOST: must be an IP address/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HOST: ' 127.0.0.1 ' }).slack?.host).toBe('127.0.0.1');
  });

  it('names the variable of a bad LOG_LEVEL with its choices', () => {
    expect(message({ LOG_LEVEL: 'loud' })).toBe('Config: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
  });
});

describe('npm start with a METRICS_HOST that is not on this machine', () => {
  it('exits 1 with one line naming METRICS_HOST, and no stack trace', async () => {
    const corpus = tempCorpus();
    try {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK|METRICS)_/.test(k)));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/main.ts')], {
        cwd: ROOT,
        // 192.0.2.1 is TEST-NET-1: never an address of this machine.
        env: { ...clean, CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir, METRICS_HOST: '192.0.2.1', METRICS_PORT: String(await freePort()), LOG_LEVEL: 'info' },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      child.stdout.resume();
      child.stdin.end();
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code).toBe(1);
      expect(err).toMatch(/cannot listen on 192\.0\.2\.1:\d+ \(METRICS_HOST, METRICS_PORT\)/);
      expect(err).not.toMatch(/"stack"|\n\s+at /);
    } finally {
      corpus.cleanup();
    }
  }, 60_000);
});
