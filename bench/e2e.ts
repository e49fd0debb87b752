/**
 * End-to-end load on the chat adapters. Two processes, as in production: this one is "the platform" (the
 * fakes of the adapter tests, test/slack/fake-slack.ts and test/discord/fake-discord.ts, and the load
 * generator), the other is the bot (bench/bot-process.ts: real engine, real bot core, real adapter). All
 * traffic stays on 127.0.0.1.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { FakeSlack, slackSignature, slashCommandBody, type RecordedCall } from '../test/slack/fake-slack.js';
import { SIGNING_SECRET } from '../test/slack/helpers.js';
import { FakeDiscord, OptionType } from '../test/discord/fake-discord.js';
import type { BotProcessCommand, BotProcessConfig, BotProcessMessage } from './bot-process.js';
import { SENT_HEADER, type BotLoopFigures } from './loop-watch.js';
import { round, summarize } from './stats.js';

/** Figures of the Slack load. */
export interface SlackFigures {
  /** Measured requests (after one unmeasured warm-up wave). */
  requests: number;
  concurrency: number;
  /** HTTP 200 acknowledgements received. */
  acked: number;
  /** Answers posted to the response URLs. */
  answered: number;
  ackP50Ms: number;
  ackP99Ms: number;
  answerP50Ms: number;
  answerP99Ms: number;
  /** RSS of the bot process once ready (MB). */
  botRssMb: number;
  /** The bot process's main thread during the measured waves (event-loop delay, garbage collection). */
  bot?: BotLoopFigures;
}

/** Figures of the Discord load. */
export interface DiscordFigures {
  interactions: number;
  concurrency: number;
  /** Interactions that got a callback (measured ones: the warm-up wave is not counted). */
  called: number;
  /** Time from the gateway dispatch to the interaction callback (reply or deferral). */
  callbackP50Ms: number;
  callbackP99Ms: number;
  /** Time to the final visible answer (the callback reply, or the edit after a deferral). */
  answerP50Ms: number;
  answerP99Ms: number;
}

/** Where the bot process finds its corpus and snapshot. */
export interface BotCorpus {
  corpusDir: string;
  cacheDir: string;
  /** Answer worker threads of the bot process (0 or absent: answers on its main thread). */
  answerWorkers?: number;
}

/** A running bot process. */
interface BotProcess {
  child: ChildProcess;
  port?: number;
  passages: number;
  rssMb: number;
  /** Starts watching the bot's event loop and garbage collections; `measured` returns what they did since. */
  measure(): void;
  measured(): Promise<BotLoopFigures>;
  stop(): Promise<void>;
}

/**
 * Starts bench/bot-process.ts with `cfg` and waits until its adapter is up (long timeout: if `src/` changed
 * since the snapshot was written, the engine rebuilds, which takes a minute at 100,000 passages).
 */
async function startBot(cfg: BotProcessConfig, timeoutMs = 600_000): Promise<BotProcess> {
  const child = fork(fileURLToPath(new URL('./bot-process.ts', import.meta.url)), [], {
    // BENCH_BOT_PROFILE_DIR=dir: the bot process writes a CPU profile of its main thread during the measured
    // waves there (bench/loop-watch.ts), to see where acknowledgements wait.
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<BotProcessMessage, { ready: true }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot process not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (m: BotProcessMessage) => {
      clearTimeout(timer);
      if ('error' in m) reject(new Error(`bot process failed: ${m.error}`));
      else if ('ready' in m) resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited with code ${code} before it was ready`));
    });
    child.send(cfg);
  }).catch(async (e: unknown) => {
    child.kill();
    await exited;
    throw e;
  });
  return {
    child,
    port: ready.port,
    passages: ready.passages,
    rssMb: ready.rssMb,
    measure() {
      child.send({ measure: 'start' } satisfies BotProcessCommand);
    },
    measured() {
      return new Promise<BotLoopFigures>((resolve) => {
        const on = (m: BotProcessMessage) => {
          if (!('measured' in m)) return;
          child.off('message', on);
          resolve(m.measured);
        };
        child.on('message', on);
        child.send({ measure: 'stop' } satisfies BotProcessCommand);
      });
    },
    async stop() {
      child.send({ stop: true });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Signed POSTs to a Slack HTTP receiver on kept-alive connections (node:http, one socket per request in
 * flight), timed from the request's start to its response's status line. Lighter than `fetch`: on this
 * 2-core machine, 50 concurrent `fetch` calls to a server that answers at once measured p50 43 ms and p99
 * 55–103 ms by themselves, node:http 22 ms and 41–53 ms. The body is signed before the clock starts (Slack
 * signs before it sends).
 */
export class SignedPoster {
  private readonly agent: http.Agent;
  private readonly target: URL;

  constructor(
    url: string,
    private readonly secret: string,
    sockets: number,
  ) {
    this.target = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  /**
   * Posts a form body; resolves with the status and the ms until the status line arrived. A kept-alive
   * connection the server closed just as it was reused is retried once on a new one (and timed from there).
   */
  async post(body: string): Promise<{ status: number; ms: number }> {
    try {
      return await this.postOnce(body);
    } catch (e) {
      if ((e as { reusedSocket?: boolean }).reusedSocket && (e as { code?: string }).code === 'ECONNRESET') return this.postOnce(body);
      throw e;
    }
  }

  private postOnce(body: string): Promise<{ status: number; ms: number }> {
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': slackSignature(this.secret, ts, body),
    };
    return new Promise((resolve, reject) => {
      const started = performance.now();
      // The bot process reads it to time the acknowledgement from the moment the request left (one clock).
      (headers as Record<string, string>)[SENT_HEADER] = String(performance.timeOrigin + started);
      const req = http.request({ host: this.target.hostname, port: this.target.port, path: this.target.pathname, method: 'POST', headers, agent: this.agent }, (res) => {
        const ms = performance.now() - started;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms }));
        res.on('error', reject);
      });
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * Sends `rounds` waves of `concurrency` signed `/ask` requests at once to the Slack HTTP adapter of a bot
 * process and times each acknowledgement (HTTP answer) and each answer (post to its response URL).
 */
export async function slackLoad(
  corpus: BotCorpus,
  questions: string[],
  o: { concurrency: number; rounds: number },
): Promise<SlackFigures & { passages: number }> {
  if (!questions.length) throw new Error('slackLoad: no questions');
  // The askers exist (users.info answers, as Slack does for a workspace's members): their look-ups are cached.
  const users = Object.fromEntries(Array.from({ length: o.concurrency }, (_, i) => [`UBENCH${i}`, { locale: 'fr-FR' }]));
  const fake = await FakeSlack.start({ users });
  const acks: number[] = [];
  const answers: number[] = [];
  let seq = 0;
  let bot: BotProcess | null = null;
  let loop: BotLoopFigures | undefined;
  let poster: SignedPoster | undefined;
  try {
    bot = await startBot({ ...corpus, adapter: 'slack', botToken: fake.botToken, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl });
    poster = new SignedPoster(`http://127.0.0.1:${bot.port}/slack/events`, SIGNING_SECRET, o.concurrency);
    // One unmeasured wave first: steady state, not the JIT compiling bolt's request path.
    for (let r = -1; r < o.rounds; r++) {
      const measured = r >= 0;
      if (r === 0) bot.measure();
      const wave = Array.from({ length: o.concurrency }, (_, i) => {
        const id = `bench-${seq}`;
        const text = questions[seq++ % questions.length]!;
        const answered = fake.waitForCall((c: RecordedCall) => c.method === 'response_url' && c.responseId === id, 60_000);
        return { answered, body: slashCommandBody({ command: '/ask', text, user_id: `UBENCH${i}`, response_url: fake.responseUrl(id) }) };
      });
      await Promise.all(
        wave.map(async ({ answered, body }) => {
          const sent = Date.now();
          const res = await poster!.post(body);
          if (res.status === 200 && measured) acks.push(res.ms);
          const call = await answered.catch(() => null);
          if (call && measured) answers.push(call.at - sent);
        }),
      );
    }
    loop = await bot.measured();
  } finally {
    poster?.close();
    await bot?.stop();
    await fake.close();
  }
  const a = summarize(acks);
  const b = summarize(answers);
  return {
    passages: bot?.passages ?? 0,
    requests: seq - o.concurrency,
    concurrency: o.concurrency,
    acked: acks.length,
    answered: answers.length,
    ackP50Ms: round(a.p50Ms, 1),
    ackP99Ms: round(a.p99Ms, 1),
    answerP50Ms: round(b.p50Ms, 1),
    answerP99Ms: round(b.p99Ms, 1),
    botRssMb: bot?.rssMb ?? 0,
    ...(loop ? { bot: loop } : {}),
  };
}

/**
 * Dispatches `rounds` waves of `concurrency` `/ask` interactions on the fake Discord gateway to the
 * Discord adapter of a bot process and times, for each, the interaction callback and the final answer.
 */
export async function discordLoad(corpus: BotCorpus, questions: string[], o: { concurrency: number; rounds: number }): Promise<DiscordFigures> {
  if (!questions.length) throw new Error('discordLoad: no questions');
  const fake = await new FakeDiscord({ heartbeatInterval: 5000 }).listen();
  const callbacks: number[] = [];
  const answers: number[] = [];
  let seq = 0;
  let bot: BotProcess | null = null;
  try {
    bot = await startBot({ ...corpus, adapter: 'discord', token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl });
    for (let r = -1; r < o.rounds; r++) {
      const measured = r >= 0;
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, i) => {
          const n = seq++;
          const sent = Date.now();
          const interaction = fake.slashCommand({
            name: 'ask',
            options: [{ name: 'question', type: OptionType.String, value: questions[n % questions.length]! }],
            user: { id: String(900_000_000_000_000_000n + BigInt(i)), username: `bench${i}` },
          });
          const first = await fake.waitFor(() => fake.messagesFor(interaction).find((m) => m.via === 'callback'), 60_000, 'a callback').catch(() => null);
          if (first && measured) callbacks.push(first.at - sent);
          const final = await fake.answerFor(interaction, 60_000).catch(() => null);
          if (final && measured) answers.push(final.at - sent);
        }),
      );
    }
  } finally {
    await bot?.stop();
    await fake.close();
  }
  const c = summarize(callbacks);
  const a = summarize(answers);
  return {
    interactions: seq - o.concurrency,
    concurrency: o.concurrency,
    called: callbacks.length,
    callbackP50Ms: round(c.p50Ms, 1),
    callbackP99Ms: round(c.p99Ms, 1),
    answerP50Ms: round(a.p50Ms, 1),
    answerP99Ms: round(a.p99Ms, 1),
  };
}
