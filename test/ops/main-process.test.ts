/**
 * `npm start` as a real process (tsx loader): the operations endpoint, metrics of real questions, secrets
 * kept out of the logs, and the graceful exit on SIGTERM / SIGINT. Slack is the fake Slack of the Slack
 * tests (Socket Mode, all on 127.0.0.1); the terminal run uses a pipe for stdin.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { HealthReport } from '../../src/ops/server.js';
import { eventCallback, FakeSlack, slashCommandPayload } from '../slack/fake-slack.js';
import { createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';
import { ROOT, sleep, tempCorpus, type TempCorpus } from './helpers.js';
import { freePort } from '../helpers/port.js';

const BOT_TOKEN = 'xoxb-5550001-5550002-mainProcessBotTokenValue';
const APP_TOKEN = 'xapp-1-A555-5550003-mainProcessAppTokenValue';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

let corpus: TempCorpus | null = null;
let fake: FakeSlack | null = null;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await fake?.close();
  fake = null;
  corpus?.cleanup();
  corpus = null;
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK)_/.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'adapters/main.ts')], { cwd: ROOT, env: { ...clean, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function healthy(port: number, started: Started, timeoutMs = 30_000): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return (await res.json()) as HealthReport;
    } catch {
      /* not listening yet */
    }
    if (started.child.exitCode !== null) throw new Error(`exited early: ${started.stderr()}`);
    if (Date.now() > deadline) throw new Error(`not healthy after ${timeoutMs} ms: ${started.stderr()}`);
    await sleep(100);
  }
}

it('with Slack: healthy, counts a question, keeps tokens out of the logs, exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
  corpus = tempCorpus();
  fake = await FakeSlack.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: { UOPS: { locale: 'fr-FR' } } });
  const port = await freePort();
  const main = startMain({
    CORPUS_DIR: corpus.corpusDir,
    CACHE_DIR: corpus.cacheDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    METRICS_PORT: String(port),
    LOG_LEVEL: 'debug',
    DATABASE_PATH: path.join(corpus.root, 'data', 'quotebot.db'),
  });
  const health = await healthy(port, main);
  expect(health.status).toBe('ok');
  expect(health.adapters).toEqual([{ name: 'slack', connected: true }]);
  expect(health.index.documents).toBe(1);

  const payload = slashCommandPayload({ command: '/ask', text: 'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?', user_id: 'UOPS', response_url: fake.responseUrl('q1') });
  await fake.sendEnvelope('slash_commands', payload, 10_000);
  const answer = await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === 'q1', 10_000);
  expect(JSON.stringify(answer.body)).toContain('27 février');
  // An Events API delivery, then Slack's retry of it: answered once, its key kept in the store, where the
  // other replicas look (npm start de-duplicates through the store).
  const mention = eventCallback({ type: 'app_mention', user: 'UOPS', text: '<@UBOT> ultimatum', ts: '1712345800.000100', channel: 'COPS', event_ts: '1712345800.000100' });
  await fake.sendEnvelope('events_api', mention, 10_000);
  await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.body.channel === 'COPS', 10_000);
  await fake.sendEnvelope('events_api', mention, 10_000);

  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toMatch(/^quotebot_questions_total\{platform="slack",language="fr"\} 1$/m);
  expect(metrics).toMatch(/^quotebot_adapter_connected\{adapter="slack"\} 1$/m);

  main.child.kill('SIGTERM');
  expect(await main.exit).toBe(0);
  const logs = main.stderr() + main.stdout();
  const lines = main
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.length).toBeGreaterThan(5);
  const handled = lines.find((l) => l.msg === 'request handled' && l.platform === 'slack' && l.kind === 'ask');
  expect(handled?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(lines.some((l) => l.msg === 'stopped' && l.reason === 'SIGTERM')).toBe(true);
  // METRICS_HOST unset: the endpoint listens on this machine only.
  expect(lines.find((l) => l.msg === 'ops endpoint listening (/healthz, /metrics)')).toMatchObject({ host: '127.0.0.1', port });
  for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(logs).not.toContain(secret);
  expect(fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'COPS')).toHaveLength(1);
  expect(lines.some((l) => l.msg === 'Slack event already handled; retry acknowledged' && l.eventId === mention.event_id)).toBe(true);
  const store = await Store.open({ path: path.join(corpus.root, 'data', 'quotebot.db'), questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
  expect((await store.db.selectFrom('deliveries').select('key').execute()).map((r) => r.key)).toEqual([`slack:${String(mention.event_id)}`]);
  await store.close();
  // bolt really was given the tokens: the fake saw them
  expect(fake.callsOf('auth.test')[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
});

it('in the terminal: /healthz lists the terminal adapter, and SIGINT exits 0', { timeout: 60_000 }, async () => {
  corpus = tempCorpus();
  const port = await freePort();
  const main = startMain({ CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir, METRICS_PORT: String(port), LOG_LEVEL: 'info' });
  const health = await healthy(port, main);
  expect(health.adapters).toEqual([{ name: 'console', connected: true }]);
  main.child.stdin.write('When did Hegseth set an ultimatum to Dario Amodei?\n');
  const deadline = Date.now() + 10_000;
  while (!/Hegseth/.test(main.stdout()) && Date.now() < deadline) await sleep(50);
  expect(main.stdout()).toContain('27 février');
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(metrics).toMatch(/^quotebot_questions_total\{platform="console",language="en"\} 1$/m);
  main.child.kill('SIGINT');
  expect(await main.exit).toBe(0);
  expect(main.stderr()).toMatch(/"msg":"stopped"/);
});

it('stops at once, naming METRICS_HOST, when it is not an address', { timeout: 30_000 }, async () => {
  corpus = tempCorpus();
  const main = startMain({ CORPUS_DIR: corpus.corpusDir, CACHE_DIR: corpus.cacheDir, METRICS_PORT: '9', METRICS_HOST: '0.0.0.0:9090' });
  expect(await main.exit).toBe(1);
  expect(main.stderr()).toContain('error: Config: METRICS_HOST: must be an IP address');
  expect(main.stderr()).toContain('"0.0.0.0:9090"');
});
