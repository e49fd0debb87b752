/**
 * The operations endpoint under a flood (issue 16, item 6): `/metrics` renders are shared and briefly
 * reused, and connections beyond the cap are refused, so that scrapes cannot take the CPU the chat platforms'
 * acknowledgements need (`bench/metrics-flood.ts` measures those acknowledgements end to end).
 */
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BotMetrics } from '../../src/ops/metrics.js';
import { cachedMetrics, startOpsEndpoint, type MetricsSource, type OpsServer } from '../../src/ops/server.js';
import { captureLogger } from './helpers.js';

/** A metrics source that counts its renders; its version is whatever `version.v` says (none when undefined). */
function countingSource(version?: { v: string }): MetricsSource & { renders: number } {
  const src = {
    renders: 0,
    contentType: 'text/plain',
    async render() {
      src.renders++;
      await new Promise((r) => setTimeout(r, 5));
      return `renders ${src.renders}\n`;
    },
    ...(version ? { version: () => version.v } : {}),
  };
  return src;
}

describe('cachedMetrics', () => {
  it('shares one render among concurrent scrapes, reuses it while the version holds, and renders again after', async () => {
    let now = 0;
    const version = { v: 'a' };
    const src = countingSource(version);
    const cached = cachedMetrics(src, 1000, () => now);
    const bodies = await Promise.all(Array.from({ length: 1000 }, () => cached.render()));
    expect(src.renders).toBe(1);
    expect(new Set(bodies)).toEqual(new Set(['renders 1\n']));
    now = 999;
    expect(await cached.render()).toBe('renders 1\n');
    version.v = 'b'; // a question was counted: the next scrape shows it
    expect(await cached.render()).toBe('renders 2\n');
    now = 2000; // and after the time, even with no change
    expect(await cached.render()).toBe('renders 3\n');
  });

  it('without a version, only concurrent scrapes share a render', async () => {
    const src = countingSource();
    const cached = cachedMetrics(src, 1000);
    await Promise.all(Array.from({ length: 100 }, () => cached.render()));
    expect(src.renders).toBe(1);
    await cached.render();
    expect(src.renders).toBe(2);
  });

  it("BotMetrics' version changes with each request recorded, so a scrape right after a question counts it", () => {
    const m = new BotMetrics({ processMetrics: false });
    const v0 = m.version();
    expect(m.version()).toBe(v0);
    m.onError({ kind: 'ask', text: 'x', from: { platform: 'slack', userId: 'u', isModerator: false } }, new Error('x'));
    expect(m.version()).not.toBe(v0);
  });
});

describe('the endpoint under a flood', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 1,000 concurrent scrapes with one render while nothing changes', async () => {
    const src = countingSource({ v: 'steady' });
    const { logger } = captureLogger('warn');
    // A long reuse time: on a loaded machine the 1,000 scrapes may take longer than the default second.
    server = await startOpsEndpoint({
      port: 0,
      host: '127.0.0.1',
      health: async () => ({ status: 'ok' }),
      metrics: src,
      logger,
      maxConnections: 2000,
      metricsCacheMs: 600_000,
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: server!.port, path: '/metrics', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
    const statuses = await Promise.all(Array.from({ length: 1000 }, get));
    agent.destroy();
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(src.renders).toBe(1);
  });

  it('refuses connections beyond its cap, and serves again once they close', async () => {
    const { logger, lines } = captureLogger('warn');
    server = await startOpsEndpoint({
      port: 0,
      host: '127.0.0.1',
      health: async () => ({ status: 'ok' }),
      metrics: countingSource(),
      logger,
      maxConnections: 4,
    });
    const open = () =>
      new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(server!.port, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      });
    const held = await Promise.all(Array.from({ length: 4 }, open));
    // Let the server accept them, then one more: closed by the server at once.
    await new Promise((r) => setTimeout(r, 100));
    const extra = await open();
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      extra.on('error', () => resolve(true));
      extra.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      setTimeout(() => resolve(false), 5000);
    });
    expect(closed).toBe(true);
    expect(lines().some((l) => String(l.msg).includes('too many connections'))).toBe(true);
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });
});
