/**
 * End-to-end load on the chat adapters, with the real bot core and the real engine, against the fakes of
 * the adapter tests (test/slack/fake-slack.ts, test/discord/fake-discord.ts), all on 127.0.0.1.
 */
import type { QuestionEngine } from '../src/bot.js';
import { FakeSlack, postSigned, slashCommandBody, type RecordedCall } from '../test/slack/fake-slack.js';
import { SIGNING_SECRET, startAdapter } from '../test/slack/helpers.js';
import { OptionType } from '../test/discord/fake-discord.js';
import { startHarness } from '../test/discord/harness.js';
import { round, summarize } from './stats.js';

/** Figures of the Slack load. */
export interface SlackFigures {
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
}

/** Figures of the Discord load. */
export interface DiscordFigures {
  interactions: number;
  concurrency: number;
  /** Interactions that got a callback. */
  called: number;
  /** Time from the gateway dispatch to the interaction callback (reply or deferral). */
  callbackP50Ms: number;
  callbackP99Ms: number;
  /** Time to the final visible answer (the callback reply, or the edit after a deferral). */
  answerP50Ms: number;
  answerP99Ms: number;
}

const NO_LIMIT = { max: 1_000_000_000, windowMs: 60_000 };

/**
 * Sends `rounds` waves of `concurrency` signed `/ask` requests at once to the Slack HTTP adapter and times
 * each acknowledgement (HTTP answer) and each answer (post to its response URL).
 */
export async function slackLoad(engine: QuestionEngine, questions: string[], o: { concurrency: number; rounds: number }): Promise<SlackFigures> {
  if (!questions.length) throw new Error('slackLoad: no questions');
  const fake = await FakeSlack.start();
  const h = await startAdapter(fake, engine, {}, NO_LIMIT);
  const acks: number[] = [];
  const answers: number[] = [];
  let seq = 0;
  try {
    for (let r = 0; r < o.rounds; r++) {
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, i) => {
          const n = seq++;
          const id = `bench-${n}`;
          const body = slashCommandBody({
            command: '/ask',
            text: questions[n % questions.length]!,
            user_id: `UBENCH${i}`,
            response_url: fake.responseUrl(id),
          });
          const sent = Date.now();
          const answered = fake.waitForCall((c: RecordedCall) => c.method === 'response_url' && c.responseId === id, 30_000);
          const res = await postSigned(h.eventsUrl, body, 'application/x-www-form-urlencoded', SIGNING_SECRET);
          if (res.status === 200) acks.push(res.ms);
          const call = await answered.catch(() => null);
          if (call) answers.push(call.at - sent);
        }),
      );
    }
  } finally {
    await h.adapter.stop();
    await fake.close();
  }
  const a = summarize(acks);
  const b = summarize(answers);
  return {
    requests: seq,
    concurrency: o.concurrency,
    acked: acks.length,
    answered: answers.length,
    ackP50Ms: a.p50Ms,
    ackP99Ms: a.p99Ms,
    answerP50Ms: b.p50Ms,
    answerP99Ms: b.p99Ms,
  };
}

/**
 * Dispatches `rounds` waves of `concurrency` `/ask` interactions on the fake Discord gateway and times, for
 * each, the interaction callback and the final answer.
 */
export async function discordLoad(engine: QuestionEngine, questions: string[], o: { concurrency: number; rounds: number }): Promise<DiscordFigures> {
  if (!questions.length) throw new Error('discordLoad: no questions');
  const h = await startHarness({ engine, rateLimit: NO_LIMIT, heartbeatInterval: 5000 });
  const callbacks: number[] = [];
  const answers: number[] = [];
  let seq = 0;
  try {
    for (let r = 0; r < o.rounds; r++) {
      await Promise.all(
        Array.from({ length: o.concurrency }, async (_, i) => {
          const n = seq++;
          const sent = Date.now();
          const interaction = h.fake.slashCommand({
            name: 'ask',
            options: [{ name: 'question', type: OptionType.String, value: questions[n % questions.length]! }],
            user: { id: String(900_000_000_000_000_000n + BigInt(i)), username: `bench${i}` },
          });
          const first = await h.fake
            .waitFor(() => h.fake.messagesFor(interaction).find((m) => m.via === 'callback'), 30_000, 'a callback')
            .catch(() => null);
          if (first) callbacks.push(first.at - sent);
          const final = await h.fake.answerFor(interaction, 30_000).catch(() => null);
          if (final) answers.push(final.at - sent);
        }),
      );
    }
  } finally {
    await h.close();
  }
  const c = summarize(callbacks);
  const a = summarize(answers);
  return {
    interactions: seq,
    concurrency: o.concurrency,
    called: callbacks.length,
    callbackP50Ms: round(c.p50Ms, 1),
    callbackP99Ms: round(c.p99Ms, 1),
    answerP50Ms: round(a.p50Ms, 1),
    answerP99Ms: round(a.p99Ms, 1),
  };
}
