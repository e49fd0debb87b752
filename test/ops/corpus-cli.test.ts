/**
 * `npm run corpus -- check|refresh` (in process, on a temporary corpus and cache directory): what a
 * refresh would do, changing nothing; non-zero exit on errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCorpus } from '../helpers/corpus-cli.js';
import { createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';
import { doc, tempCorpus, type TempCorpus } from './helpers.js';

let corpus: TempCorpus;
const saved = { CORPUS_DIR: process.env.CORPUS_DIR, CACHE_DIR: process.env.CACHE_DIR, LOG_LEVEL: process.env.LOG_LEVEL, DATABASE_PATH: process.env.DATABASE_PATH, DATABASE_URL: process.env.DATABASE_URL };
beforeEach(() => {
  corpus = tempCorpus();
  process.env.CORPUS_DIR = corpus.corpusDir;
  process.env.CACHE_DIR = corpus.cacheDir;
  process.env.LOG_LEVEL = 'silent';
  process.env.DATABASE_PATH = path.join(corpus.root, 'data', 'quotebot.db');
  delete process.env.DATABASE_URL;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  corpus.cleanup();
});

const run = runCorpus;

/** Names and contents of the cache directory (to prove that check changes nothing). */
function cacheState(): string[] {
  if (!fs.existsSync(corpus.cacheDir)) return [];
  return fs.readdirSync(corpus.cacheDir).map((n) => `${n}:${fs.readFileSync(`${corpus.cacheDir}/${n}`).length}`);
}

it('check on a valid corpus: exit 0, every document listed as added, nothing written', async () => {
  const { code, out } = await run('check');
  expect(code).toBe(0);
  expect(out).toMatch(/^check: the corpus is valid/);
  expect(out).toContain('added:    anthropic-pentagone-panne-2026-03');
  expect(out).toMatch(/1 documents, \d+ passages/);
  expect(fs.existsSync(corpus.cacheDir)).toBe(false);
});

it('check with invalid front matter: exit 1, the file and field named; against the published index; nothing changed', async () => {
  expect((await run('refresh')).code).toBe(0);
  const before = cacheState();
  expect(before.some((n) => n.startsWith('current.json'))).toBe(true);
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026.'));
  corpus.write('bad.md', doc('bad', 'Body.', { language: 'de' as 'en' }));
  const { code, out } = await run('check', '--json');
  expect(code).toBe(1);
  const report = JSON.parse(out) as Record<string, unknown>;
  expect(report).toMatchObject({ command: 'check', ok: true, added: ['harbour'], changed: [], removed: [], documents: 2 });
  expect(report.rejected).toEqual([{ file: 'bad.md', field: 'language', reason: 'must be "fr" or "en"' }]);
  expect(cacheState()).toEqual(before);
  const text = await run('check');
  expect(text.out).toContain('bad.md: language: must be "fr" or "en"');
});

it('check and refresh refuse a corpus without a valid document (exit 1); refresh keeps the published index', async () => {
  expect((await run('refresh')).code).toBe(0);
  const before = cacheState();
  const file = `${corpus.corpusDir}/anthropic-pentagone-panne.md`;
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: "bad id with spaces"'));
  const check = await run('check');
  expect(check.code).toBe(1);
  expect(check.out).toMatch(/^check: a refresh would be refused: no valid document/);
  const refresh = await run('refresh');
  expect(refresh.code).toBe(1);
  expect(refresh.out).toMatch(/^refresh: refused, the index in service is unchanged/);
  expect(refresh.out).toContain('anthropic-pentagone-panne.md: id:');
  expect(cacheState()).toEqual(before);
});

it('refresh reports what changed against the published index', async () => {
  await run('refresh');
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026.'));
  const { code, out } = await run('refresh', '--json');
  expect(code).toBe(0);
  expect(JSON.parse(out)).toMatchObject({ command: 'refresh', ok: true, added: ['harbour'], documents: 2 });
});

it('refresh records what it changed for the running bots in the store, by the person at the command line', async () => {
  await run('refresh'); // the first publish: nothing was in service, nothing recorded
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met on 3 March 2026.', { title: 'Harbour notes' }));
  corpus.write('water.md', doc('water', 'The water board met on 4 March 2026.', { title: 'Water board' }));
  expect((await run('refresh')).code).toBe(0);
  corpus.write('harbour.md', doc('harbour', 'The harbour committee met again on 5 March 2026.', { title: 'Harbour notes, updated' }));
  corpus.remove('water.md');
  expect((await run('refresh')).code).toBe(0);
  expect((await run('refresh')).code).toBe(0); // nothing changed: nothing recorded
  const file = `${corpus.corpusDir}/anthropic-pentagone-panne.md`;
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: "bad id with spaces"'));
  corpus.remove('harbour.md');
  expect((await run('refresh')).code).toBe(1);
  const store = await Store.open({ path: process.env.DATABASE_PATH!, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
  try {
    const changes = (await store.corpusChanges(0, 100)).reverse();
    expect(changes.map((c) => `${c.outcome} ${c.action} ${c.document} ${c.title}`)).toEqual([
      'done add harbour Harbour notes',
      'done add water Water board',
      'done update harbour Harbour notes, updated',
      'done remove water Water board',
      'refused update null null',
    ]);
    expect(changes.at(-1)!.error).toMatch(/no valid document/);
    for (const c of changes) expect(c).toMatchObject({ platform: 'cli', by: store.userHash('cli', os.userInfo().username) });
  } finally {
    await store.close();
  }
});

it('rejects an unknown command with the usage (exit 2)', async () => {
  expect((await run('rebuild')).code).toBe(2);
  expect((await run()).code).toBe(2);
});
