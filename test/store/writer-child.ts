/**
 * A child process of the concurrency test: opens the store on DATABASE_URL (PostgreSQL, with
 * USER_HASH_SECRET) or else DATABASE_PATH (SQLite) and records N answered
 * questions and N votes as fast as it can, claims N delivery keys that every writer claims too, and records
 * one corpus change; then prints its answer ids and how many keys it won as one JSON line.
 */
import { createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';

const n = Number(process.env.WRITES ?? '100');
const me = process.env.WRITER ?? 'w';
const url = process.env.DATABASE_URL;
const store = await Store.open(
  { path: process.env.DATABASE_PATH ?? '', ...(url ? { url, userSecret: process.env.USER_HASH_SECRET! } : {}), questionLog: 'all', retentionDays: 90 },
  createLogger('silent'),
);
const ids: string[] = [];
let won = 0;
for (let i = 0; i < n; i++) {
  const id = await store.record({
    platform: 'discord',
    userId: `${me}-${i}`,
    private: false,
    answer: {
      question: `${me} question ${i}`,
      language: 'en',
      type: 'what',
      answered: true,
      passages: [{ text: 't', document: { id: 'd', title: 'T', published: '2026-01-01' }, paragraph: 1, dates: [], score: 1, highlights: [], display: { text: 't', highlights: [] } }],
    },
  });
  ids.push(id!);
  await store.vote(id!, 'discord', `${me}-voter`, i % 2 ? 1 : -1);
  if (await store.claimDelivery(`slack:Ev${i}`, 60_000)) won++;
}
await store.recordCorpusChange({ at: new Date().toISOString(), action: 'add', id: `doc-${me}`, title: me, source: null, by: { platform: 'cli', userId: me }, outcome: 'done' });
await store.close();
process.stdout.write(`${JSON.stringify({ ids, won })}\n`);
