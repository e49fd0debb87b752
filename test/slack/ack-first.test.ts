/**
 * Acknowledgements never wait behind answers (issue 17): each Slack request is acknowledged before its answer
 * work is queued, and every acknowledgement arrives while the answers are still held. No timing threshold:
 * the engine is held on a gate until the test has seen the acknowledgements.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, postSigned, slashCommandBody } from './fake-slack.js';
import { memoryLogger, openEngine, SIGNING_SECRET, startAdapter, type OpenEngine } from './helpers.js';
import { heldEngine } from '../helpers/held-engine.js';

const QUESTIONS = [
  "Quand Hegseth a-t-il fixé l'ultimatum à Dario Amodei ?",
  "Quand l'ultimatum a-t-il été fixé ?",
  'When was the ultimatum?',
  'Who set the ultimatum?',
  'Qui a fixé un ultimatum ?',
];

let fake: FakeSlack;
let opened: OpenEngine;
/** Test ids of the requests whose acknowledgement the adapter's HTTP server has finished sending. */
const acked = new Set<string>();
let adapterPort = 0;
const onFinish = (m: unknown) => {
  const { request, server } = m as { request: IncomingMessage; server: Server };
  const addr = server.address();
  if (addr && typeof addr === 'object' && addr.port === adapterPort) acked.add(String(request.headers['x-test-id']));
};

beforeAll(async () => {
  fake = await FakeSlack.start({ users: Object.fromEntries(QUESTIONS.map((_, n) => [`UFIRST${n}`, { locale: 'fr-FR' }])) });
  opened = await openEngine(memoryLogger().logger);
  diagnostics.subscribe('http.server.response.finish', onFinish);
});

afterAll(async () => {
  diagnostics.unsubscribe('http.server.response.finish', onFinish);
  await fake?.close();
  await opened?.cleanup();
});

describe.each([
  ['answer worker pool (questions handed over at once)', false],
  ['engine on the main thread (one question per event-loop turn)', true],
])('Slack /ask with the %s', (_name, onThread) => {
  it('acknowledges every request before its answer work is queued, all while the answers are held', async () => {
    const idOf = new Map(QUESTIONS.map((q, n) => [q, `${onThread ? 'main' : 'pool'}-${n}`]));
    // Whether each request had been acknowledged when its question reached the engine.
    const ackedFirst: boolean[] = [];
    const held = heldEngine(opened.engine, (q) => ackedFirst.push(acked.has(idOf.get(q)!)), onThread);
    const h = await startAdapter(fake, held.engine, {}, { max: 100, windowMs: 60_000 });
    adapterPort = h.adapter.port!;
    try {
      const sent = QUESTIONS.map((q, n) => {
        const id = idOf.get(q)!;
        const answered = fake.waitForCall((c) => c.method === 'response_url' && c.responseId === id, 30_000);
        const body = slashCommandBody({ command: '/ask', text: q, user_id: `UFIRST${n}`, response_url: fake.responseUrl(id) });
        return { id, answered, ack: postSigned(h.eventsUrl, body, 'application/x-www-form-urlencoded', SIGNING_SECRET, { headers: { 'x-test-id': id } }) };
      });
      // Every acknowledgement arrives while no answer has been computed (the gate is still closed).
      const acks = await Promise.all(sent.map((s) => s.ack));
      expect(acks.map((a) => a.status)).toEqual(QUESTIONS.map(() => 200));
      await expect.poll(() => held.asked.length, { timeout: 10_000 }).toBe(QUESTIONS.length);
      expect(ackedFirst).toEqual(QUESTIONS.map(() => true));
      expect(fake.callsOf('response_url').filter((c) => sent.some((s) => s.id === c.responseId))).toEqual([]);
      // Then the answers: the same replies as ever, once the engine answers.
      held.open();
      const answers = await Promise.all(sent.map((s) => s.answered));
      for (const a of answers) expect(JSON.stringify(a.body.blocks)).toContain('ultimatum');
    } finally {
      await h.adapter.stop();
    }
  });
});
