/**
 * The real `ask` and `timeline` CLIs, spawned through npm: the JSON contract, stdin mode (one object per
 * line, in order, nothing else on stdout), the readable answer, the timeline, and clean failures.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, childEnv, cleanupTemps, expectContract, npmRun, run, tempDir } from './run.js';

afterAll(cleanupTemps);

const T = 120_000;

describe.concurrent('npm run ask', () => {
  it('--json "question": one JSON object, the contract, the ultimatum first', { timeout: T }, async () => {
    const r = await npmRun('ask', ['--json', 'when was the ultimatum?']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!) as { question: string; answered: boolean; passages: { text: string; dates: { iso: string }[] }[] };
    expectContract(a);
    expect(a.question).toBe('when was the ultimatum?');
    expect(a.answered).toBe(true);
    expect(a.passages[0]!.text).toContain('Hegseth fixe un ultimatum');
    expect(a.passages[0]!.dates.map((d) => d.iso)).toEqual(expect.arrayContaining(['2026-02-24', '2026-02-27T17:01']));
  });

  it('--json with stdin: one object per line, in order, nothing else on stdout', { timeout: T }, async () => {
    const questions = [
      'when was the ultimatum?',
      'Quand Anthropic a-t-elle publié sa déclaration ?',
      '',
      'What is the capital of Australia?',
      `Pourquoi ${'x'.repeat(520)} ?`,
      '@everyone <@123> \u0007\u001b[31m',
      'Combien valait le contrat signé en juillet 2025 ?',
    ];
    // CRLF on one line, and no newline after the last one.
    const input = `${questions[0]}\r\n${questions.slice(1).join('\n')}`;
    const r = await npmRun('ask', ['--json'], { input });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(questions.length);
    const answers = lines.map((l) => JSON.parse(l) as { question: string; language: string; answered: boolean; reason?: string; passages: { text: string; dates: { iso: string }[] }[] });
    answers.forEach(expectContract);
    expect(answers[0]!.question).toBe(questions[0]);
    expect(answers[0]!.passages[0]!.text).toContain('Hegseth fixe un ultimatum');
    expect(answers[1]!).toMatchObject({ question: questions[1], language: 'fr', answered: true });
    expect(answers[1]!.passages[0]!.dates.map((d) => d.iso)).toContain('2026-02-26');
    expect(answers[2]!).toMatchObject({ answered: false, reason: 'empty' });
    expect(answers[3]!).toMatchObject({ question: questions[3], answered: false, reason: 'not_covered' });
    expect(answers[0]!).toMatchObject({ answered: true, confidence: 'high' });
    expect(answers[4]!).toMatchObject({ answered: false, reason: 'too_long' });
    expect(answers[5]!.answered).toBe(false);
    expect(answers[6]!).toMatchObject({ question: questions[6], language: 'fr', answered: true });
    expect(answers[6]!.passages[0]!.text).toContain('200 millions de dollars');
  });

  it('--json "": answers the empty question instead of reading stdin', { timeout: T }, async () => {
    const r = await npmRun('ask', ['--json', ''], { input: 'when was the ultimatum?\n' });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!) as unknown;
    expectContract(a);
    expect(a).toMatchObject({ question: '', answered: false, reason: 'empty' });
  });

  it('--json stops quietly (code 0, no stack trace) when the reader closes the pipe', { timeout: T }, async () => {
    const child = spawn('npm', ['run', '--silent', 'ask', '--', '--json'], { cwd: ROOT, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stdin.on('error', () => undefined);
    // Far more output than a pipe buffer holds, so the CLI is still writing when the reader goes away.
    child.stdin.end('when was the ultimatum?\n'.repeat(300));
    const first = await new Promise<string>((resolve) => child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d)));
    expect(first).toMatch(/^\{"question":"when was the ultimatum\?"/);
    child.stdout.destroy(); // like `| head -1`
    const code = await closed;
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code, stderr).toBe(0);
  });

  it('prints a readable answer: the quote, its dates, its source', { timeout: T }, async () => {
    const r = await npmRun('ask', ['when', 'was', 'the', 'ultimatum?']);
    expect(r.code, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).toThrow();
    expect(r.stdout).toMatch(/^1\. « Le \*\*24 février 2026\*\*, lors d'une réunion tendue au Pentagone, Hegseth fixe un ultimatum/);
    expect(r.stdout).toContain('2026-02-24');
    expect(r.stdout).toContain('2026-02-27T17:01');
    expect(r.stdout).toContain('Anthropic, le Pentagone et OpenAI : aux origines de la panne du 2 mars 2026');
    expect(r.stdout).toMatch(/paragraph 4/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('says plainly when the corpus does not answer', { timeout: T }, async () => {
    const r = await npmRun('ask', ['What is the capital of Australia?']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("The corpus doesn't cover that: I found no passage that answers it.");
  });

  it('reads another corpus with --corpus DIR', { timeout: T }, async () => {
    const dir = tempDir('cli-corpus-');
    writeFileSync(
      join(dir, 'harbour.md'),
      '---\nid: harbour\ntitle: Harbour news\npublished: 2026-03-05\nlanguage: en\nsource: https://example.org/harbour\n---\nThe harbour committee met on 3 March 2026 in Marseille to approve the lighthouse budget.\n',
    );
    const r = await npmRun('ask', ['--json', '--corpus', dir, 'When did the harbour committee meet?']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as { passages: { text: string; document: object; dates: object[] }[] };
    expectContract(a);
    expect(a.passages[0]!.document).toEqual({ id: 'harbour', title: 'Harbour news', published: '2026-03-05', source: 'https://example.org/harbour' });
    expect(a.passages[0]!.dates).toContainEqual({ text: '3 March 2026', iso: '2026-03-03' });
  });

  it('exits non-zero with a clear message on an empty corpus directory', { timeout: T }, async () => {
    const dir = tempDir('cli-empty-');
    const r = await npmRun('ask', ['--json', 'when was the ultimatum?'], { env: { CORPUS_DIR: dir } });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no valid document');
    expect(r.stderr).toContain(dir);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits non-zero naming a bad environment variable', { timeout: T }, async () => {
    const r = await npmRun('ask', ['--json', 'when was the ultimatum?'], { env: { MAX_QUESTION_LENGTH: 'lots' } });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/MAX_QUESTION_LENGTH/);
    expect(r.stderr).toContain('"lots"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.concurrent('npm run timeline', () => {
  it('prints every dated passage in calendar order, juillet 2025 first', { timeout: T }, async () => {
    const r = await run('npm', ['run', 'timeline']);
    expect(r.code, r.stderr).toBe(0);
    const dates = [...r.stdout.matchAll(/^\*\*(\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?)\*\* {2}« (.*) »$/gm)].map((m) => [m[1]!, m[2]!]);
    expect(dates.length).toBeGreaterThanOrEqual(7);
    expect(dates[0]).toEqual(['2025-07', 'Tout commence en juillet 2025.']);
    const isos = dates.map(([iso]) => iso);
    expect(isos).toEqual([...isos].sort());
    for (const iso of ['2026-01', '2026-02-24', '2026-02-26', '2026-02-27', '2026-02-27T17:01', '2026-03-02']) expect(isos).toContain(iso);
    // Each entry has its source line.
    expect(r.stdout.match(/Anthropic, le Pentagone et OpenAI : aux origines de la panne du 2 mars 2026, published 2026-03-09, paragraph \d+/g)?.length).toBe(dates.length);
  });
});
