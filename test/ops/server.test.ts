/**
 * `/healthz` and `/metrics` on 127.0.0.1, in process, with the real engine, bot core, metrics observer and
 * terminal adapter.
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/adapter.js';
import { Bot } from '../../src/bot.js';
import { Engine } from '../../src/engine.js';
import { ErrorCode, OpsEndpointError } from '../../src/errors.js';
import { BotMetrics } from '../../src/ops/metrics.js';
import { startOpsServer, type HealthReport, type OpsServer } from '../../src/ops/server.js';
import { captureLogger, doc, tempCorpus, type TempCorpus } from './helpers.js';

let corpus: TempCorpus;
let engine: Engine;
let bot: Bot;
let server: OpsServer;
let terminal: ConsoleAdapter;
let metrics: BotMetrics;
let adapters: ConsoleAdapter[];
const input = new PassThrough();
const output = new PassThrough();
const base = () => `http://127.0.0.1:${server.port}`;

beforeAll(async () => {
  corpus = tempCorpus();
  const { logger } = captureLogger('warn');
  engine = await Engine.open({ corpusDir: corpus.corpusDir, cacheDir: corpus.cacheDir, logger, watchMs: 0 });
  adapters = [];
  metrics = new BotMetrics({ engine, adapters: () => adapters });
  bot = new Bot({ engine, logger, observer: metrics, rateLimit: { max: 1000, windowMs: 1000 } });
  output.resume();
  terminal = new ConsoleAdapter({ bot, input, output });
  adapters.push(terminal);
  server = await startOpsServer({ port: 0, host: '127.0.0.1', engine, adapters: () => adapters, metrics, logger });
});
afterAll(async () => {
  await server.close();
  await terminal.stop();
  await engine.close();
  corpus.cleanup();
});

/** Value of one sample of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

/** Whether a TCP connection to `host:port` is accepted. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('listening interface', () => {
  const start = (host?: string, port = 0) => startOpsServer({ port, host, engine, adapters: () => adapters, metrics, logger: captureLogger('warn').logger });

  it('listens on 127.0.0.1 only unless told otherwise', async () => {
    const local = await start();
    try {
      expect(local.host).toBe('127.0.0.1');
      expect(await reachable('127.0.0.1', local.port)).toBe(true);
      // Every 127.x.y.z address is this machine on Linux, but not the interface the server is bound to.
      if (process.platform === 'linux') expect(await reachable('127.0.0.2', local.port)).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('fails with a coded error naming METRICS_HOST and METRICS_PORT when it cannot listen', async () => {
    const taken = await start();
    try {
      const e = await start('127.0.0.1', taken.port).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(OpsEndpointError);
      expect((e as OpsEndpointError).code).toBe(ErrorCode.OpsEndpointFailed);
      expect((e as OpsEndpointError).message).toBe(
        `Ops endpoint: cannot listen on 127.0.0.1:${taken.port} (METRICS_HOST, METRICS_PORT): listen EADDRINUSE: address already in use 127.0.0.1:${taken.port}`,
      );
    } finally {
      await taken.close();
    }
  });

  it.runIf(process.platform === 'linux')('listens on every interface with 0.0.0.0 (what a container needs)', async () => {
    const all = await start('0.0.0.0');
    try {
      expect(all.host).toBe('0.0.0.0');
      // The same probe as above sees the endpoint now: the check above can fail.
      expect(await reachable('127.0.0.2', all.port)).toBe(true);
    } finally {
      await all.close();
    }
  });
});

describe('/healthz', () => {
  it('reports the index and the connected adapters (the terminal one included)', async () => {
    await terminal.start();
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as HealthReport;
    const s = engine.status();
    expect(body).toEqual({
      status: 'ok',
      index: { version: s.version, documents: 1, passages: s.passages, loadedAt: s.loadedAt },
      adapters: [{ name: 'console', connected: true }],
    });
    expect(s.passages).toBeGreaterThan(0);
  });

  it('follows a refresh: new version, documents and passages', async () => {
    corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille.'));
    const reply = await bot.processEvent({ kind: 'refresh', from: { platform: 'console', userId: 'op', isModerator: true } });
    expect(reply.kind === 'refresh' && reply.report.ok).toBe(true);
    const body = (await (await fetch(`${base()}/healthz`)).json()) as HealthReport;
    expect(body.index).toMatchObject({ version: engine.status().version, documents: 2, passages: engine.status().passages });
  });

  it('answers 503 when no adapter is connected, and 404 / 405 elsewhere', async () => {
    await terminal.stop();
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as HealthReport).status).toBe('unavailable');
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
    expect((await fetch(`${base()}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('/metrics', () => {
  it('counts questions by platform and language, declined questions, latency, refreshes and errors', async () => {
    const from = (platform: 'discord' | 'slack', isModerator = false) => ({ platform, userId: 'u', isModerator });
    await bot.processEvent({ kind: 'ask', text: 'Quand Hegseth a-t-il fixé un ultimatum à Dario Amodei ?', from: from('discord') });
    await bot.processEvent({ kind: 'ask', text: 'When did Hegseth set an ultimatum?', from: from('discord') });
    await bot.processEvent({ kind: 'ask', text: 'How do I bake a pizza?', from: from('slack') });
    await bot.processEvent({ kind: 'ask', text: '   ', from: from('slack') });
    corpus.write('broken.md', '---\nid: broken\nlanguage: de\n---\nA language the corpus does not read.\n');
    corpus.remove('anthropic-pentagone-panne.md');
    corpus.remove('harbour.md');
    const refused = await bot.processEvent({ kind: 'refresh', from: from('slack', true) });
    expect(refused.kind === 'refresh' && refused.report.ok).toBe(false);
    bot.close(); // a request during a shutdown is refused: a normal event, not an error
    const refusedWhileClosing = await bot.processEvent({ kind: 'ask', text: 'When?', from: from('slack') });
    expect(refusedWhileClosing).toMatchObject({ kind: 'error', reason: 'shutting_down' });

    const res = await fetch(`${base()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# HELP quotebot_questions_total');
    expect(text).toContain('# TYPE quotebot_answer_latency_seconds histogram');
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'fr' })).toBe(1);
    expect(sample(text, 'quotebot_questions_total', { platform: 'discord', language: 'en' })).toBe(1);
    expect(sample(text, 'quotebot_questions_total', { platform: 'slack', language: 'en' })).toBe(2);
    expect(sample(text, 'quotebot_questions_declined_total', { platform: 'slack', language: 'en', reason: 'not_covered' })).toBe(1);
    expect(sample(text, 'quotebot_questions_declined_total', { platform: 'slack', language: 'en', reason: 'empty' })).toBe(1);
    expect(sample(text, 'quotebot_questions_declined_total', { platform: 'discord', language: 'fr', reason: 'not_covered' })).toBeUndefined();
    expect(sample(text, 'quotebot_answer_latency_seconds_count', { platform: 'discord' })).toBe(2);
    expect(sample(text, 'quotebot_answer_latency_seconds_bucket', { platform: 'discord', le: '+Inf' })).toBe(2);
    expect(sample(text, 'quotebot_refreshes_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'quotebot_refreshes_total', { outcome: 'refused' })).toBe(1);
    expect(sample(text, 'quotebot_errors_total', { platform: 'slack', kind: 'ask' })).toBeUndefined();
    expect(sample(text, 'quotebot_requests_total', { platform: 'slack', kind: 'ask', reply: 'shutting_down' })).toBe(1);
    expect(sample(text, 'quotebot_index_documents')).toBe(2);
    expect(sample(text, 'quotebot_index_passages')).toBe(engine.status().passages);
    expect(sample(text, 'quotebot_index_info', { version: engine.status().version })).toBe(1);
    expect(sample(text, 'quotebot_adapter_connected', { adapter: 'console' })).toBe(0);
    expect(sample(text, 'quotebot_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
