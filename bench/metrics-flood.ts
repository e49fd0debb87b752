/**
 * Slack acknowledgement latency while the operations endpoint is flooded (issue 16, item 6):
 * `npx tsx bench/metrics-flood.ts [--root DIR] [--flood 1000] [--asks 60]`.
 *
 * Starts `adapters/main.ts` of `--root` (default: this checkout) as `npm start` does, with Slack in HTTP mode
 * against the fake Slack of the tests and `METRICS_PORT` set, all on 127.0.0.1. Sends signed `/ask` slash
 * commands (5 at a time) and times their HTTP acknowledgements, first alone, then while `--flood` `/metrics`
 * requests are kept in flight by another process (each re-sent as soon as it completes). Prints one JSON
 * object: ack p50/p99 quiet and flooded, and how many scrapes were answered or refused.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack, postSigned, slashCommandBody } from '../test/slack/fake-slack.js';
import { freePort } from '../test/helpers/port.js';
import { round, summarize } from './stats.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const QUESTIONS = ["Quand l'ultimatum a-t-il été fixé ?", 'who set the ultimatum?', 'Combien de fois Claude a-t-il été téléchargé ?', 'what happened on March 2?'];

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

const root = path.resolve(arg('--root', fileURLToPath(new URL('..', import.meta.url))));
const flood = Number(arg('--flood', '1000'));
const asks = Number(arg('--asks', '60'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The flooding process: `concurrency` loops, each sending GET /metrics again and again on its own keep-alive connection (re-opened after a refusal, 10 ms later). */
const FLOODER = `
const http = require('node:http');
const [port, n] = process.argv.slice(1).map(Number);
const counts = { ok: 0, refused: 0 };
let running = true;
const agent = new http.Agent({ keepAlive: true, maxSockets: n });
process.on('SIGTERM', () => { running = false; process.stdout.write(JSON.stringify(counts)); process.exit(0); });
const one = () => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
    res.resume(); res.on('end', () => resolve(res.statusCode)); res.on('error', () => resolve(0));
  });
  req.on('error', () => setTimeout(() => resolve(0), 10));
});
for (let i = 0; i < n; i++) (async () => { while (running) { if ((await one()) === 200) counts.ok++; else counts.refused++; } })();
`;

/** One GET on a fresh connection; resolves with the status (0 when refused or reset). */
function scrape(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(30_000, () => req.destroy());
  });
}

async function main(): Promise<void> {
  const fake = await FakeSlack.start();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-flood-'));
  fs.cpSync(path.join(root, 'corpus'), path.join(tmp, 'corpus'), { recursive: true });
  const slackPort = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'adapters/main.ts')], {
    cwd: root,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD|SLACK|METRICS)_/.test(k))),
      CORPUS_DIR: path.join(tmp, 'corpus'),
      CACHE_DIR: path.join(tmp, 'cache'),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: String(slackPort),
      METRICS_PORT: String(metricsPort),
      RATE_LIMIT_MAX: '10000',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      if ((await scrape(metricsPort)) === 200) {
        try {
          const res = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
          if (res.status === 200) break;
        } catch {
          /* not yet */
        }
      }
      if (child.exitCode !== null || i > 1200) throw new Error('the bot did not start');
      await sleep(100);
    }
    const url = `http://127.0.0.1:${slackPort}/slack/events`;
    let seq = 0;
    const askWave = async (n: number): Promise<number[]> => {
      const acks: number[] = [];
      for (let i = 0; i < n; i += 5) {
        await Promise.all(
          Array.from({ length: Math.min(5, n - i) }, async () => {
            const id = `f${++seq}`;
            const body = slashCommandBody({ command: '/ask', text: QUESTIONS[seq % QUESTIONS.length]!, user_id: `U${seq % 50}`, response_url: fake.responseUrl(id) });
            const res = await postSigned(url, body, 'application/x-www-form-urlencoded', SIGNING_SECRET);
            if (res.status === 200) acks.push(res.ms);
          }),
        );
      }
      return acks;
    };
    await askWave(10); // warm-up
    const quiet = summarize(await askWave(asks));
    // The flood comes from another process, so that it does not delay the timing of the acknowledgements here.
    const flooder = spawn(process.execPath, ['-e', FLOODER, String(metricsPort), String(flood)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let report = '';
    flooder.stdout.on('data', (d: Buffer) => (report += String(d)));
    await sleep(1000);
    const started = performance.now();
    const flooded = summarize(await askWave(asks));
    const seconds = (performance.now() - started) / 1000;
    flooder.kill('SIGTERM');
    await new Promise((r) => flooder.once('exit', r));
    const counts = JSON.parse(report || '{"ok":0,"refused":0}') as { ok: number; refused: number };
    console.log(
      JSON.stringify({
        root,
        flood,
        asks,
        quiet: { ackP50Ms: round(quiet.p50Ms, 1), ackP99Ms: round(quiet.p99Ms, 1) },
        flooded: { ackP50Ms: round(flooded.p50Ms, 1), ackP99Ms: round(flooded.p99Ms, 1), acked: flooded.samples },
        scrapes: { answered: counts.ok, refused: counts.refused, perSecond: round((counts.ok + counts.refused) / (seconds + 1), 0) },
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
