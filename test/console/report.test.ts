/**
 * On a fresh clone: the terminal bot logs its questions like the platforms do (platform `console`), so
 * `/corpus report` in the terminal and `npm run report [-- --json]` show what it declined, grouped.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { Store } from '../../src/store/store.js';
import { cleanupTemps, run } from '../cli/run.js';
import { tempDir } from '../helpers/temp.js';

afterAll(cleanupTemps);

describe('the question log from the terminal', () => {
  it('npm start logs questions as platform console; the report groups the declined ones', { timeout: 240_000 }, async () => {
    const env = { DATABASE_PATH: path.join(tempDir('quotebot-console-db-'), 'nested', 'quotebot.db'), CACHE_DIR: tempDir('quotebot-console-cache-') };
    const input = ['when was the ultimatum?', 'What is the capital of Australia?', 'what is the CAPITAL of australia', '/corpus report'].join('\n');
    const r = await run('npm', ['start', '--silent'], { input, env });
    expect(r.code, r.stderr).toBe(0);
    // The terminal's own /corpus report.
    expect(r.stdout).toContain('Corpus report');
    expect(r.stdout).toMatch(/3 questions, 1 answered \(33%\), 2 declined \(67%\)/);
    expect(r.stdout).toMatch(/2× What is the capital of Australia\?|2× what is the CAPITAL of australia/);
    const store = await Store.open({ path: env.DATABASE_PATH, questionLog: 'declined', retentionDays: 90 }, createLogger('silent'));
    const rows = await store.db.selectFrom('questions').select(['platform', 'answered', 'question']).execute();
    await store.close();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((x) => x.platform))).toEqual(new Set(['console']));
    expect(rows.filter((x) => Number(x.answered) === 1).map((x) => x.question)).toEqual([null]);
    const json = await run('npm', ['run', '--silent', 'report', '--', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report)).toEqual(['since', 'questions', 'answered', 'declined', 'downvoted', 'documents', 'changes']);
    expect(report.changes).toEqual([]);
    expect(report).toMatchObject({ questions: 3, answered: 1, downvoted: [] });
    expect(report.declined).toHaveLength(1);
    expect(report.declined[0]).toMatchObject({ count: 2 });
    expect(Object.keys(report.declined[0])).toEqual(['question', 'count', 'lastAsked']);
    expect(report.documents[0]).toMatchObject({ id: 'anthropic-pentagone-panne-2026-03', cited: 1 });
  });

  it('npm run report fails clearly when the store cannot be opened', { timeout: 120_000 }, async () => {
    const dir = tempDir('quotebot-console-bad-');
    const file = path.join(dir, 'bad.db');
    (await import('node:fs')).writeFileSync(file, 'not a database at all '.repeat(100));
    const r = await run('npm', ['run', '--silent', 'report'], { env: { DATABASE_PATH: file, CACHE_DIR: tempDir('quotebot-console-cache-') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Store: DATABASE_PATH=.*bad\.db: file is not a database/m);
  });
});
