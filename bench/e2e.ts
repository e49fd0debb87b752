/**
 * End-to-end load on the chat adapters. Two processes, as in production: this one is "the platform" (the
 * fakes of the adapter tests, test/slack/fake-slack.ts and test/discord/fake-discord.ts, and the load
 * generator), the other is the bot (bench/bot-process.ts: real engine, real bot core, real adapter). All
 * traffic stays on 127.0.0.1.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSlack, postSigned, slashCommandBody, type RecordedCall } from '../test/slack/fake-slack.js';
import { SIGNING_SECRET } from '../test/slack/helpers.js';
import { FakeDiscord, OptionType } from '../test/discord/fake-discord.js';
import type { BotProcessConfig, BotProcessMessage } from './bot-process.js';
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
  stop(): Promise<void>;
}

/**
 * Starts bench/bot-process.ts with `cfg` and waits until its adapter is up (long timeout: if `src/` changed
 * since the snapshot was written, the engine rebuilds, which takes a minute at 100,000 passages).
 */
async function startBot(cfg: BotProcessConfig, timeoutMs = 600_000): Promise<BotProcess> {
  const child = fork(fileURLToPath(new URL('./bot-process.ts', import.meta.url)), [], {
    // BENCH_BOT_PROFILE_DIR: profile the bot process (`node --cpu-prof`) to see where acknowledgements wait.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_BOT_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_BOT_PROFILE_DIR] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<BotProcessMessage, { ready: true }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot process not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (m: BotProcessMessage) => {
      clearTimeout(timer);
      if ('error' in m) reject(new Error(`bot process failed: ${m.error}`));
      else resolve(m);
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
    async stop() {
      child.send({ stop: true });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
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
  const fake = await FakeSlack.start();
  const acks: number[] = [];
  const answers: number[] = [];
  let seq = 0;
  let bot: BotProcess | null = null;
  try {
    bot = await startBot({ ...corpus, adapter: 'slack', botToken: fake.botToken, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl });
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    // One unmeasured wave first: steady state, not the JIT compiling bolt's request path.
    for (let r = -1; r < o.rounds; r++) {
      const measured = r >= 0;
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, i) => {
          const n = seq++;
          const id = `bench-${n}`;
          const body = slashCommandBody({ command: '/ask', text: questions[n % questions.length]!, user_id: `UBENCH${i}`, response_url: fake.responseUrl(id) });
          const sent = Date.now();
          const answered = fake.waitForCall((c: RecordedCall) => c.method === 'response_url' && c.responseId === id, 60_000);
          const res = await postSigned(url, body, 'application/x-www-form-urlencoded', SIGNING_SECRET);
          if (res.status === 200 && measured) acks.push(res.ms);
          const call = await answered.catch(() => null);
          if (call && measured) answers.push(call.at - sent);
        }),
      );
    }
  } finally {
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
