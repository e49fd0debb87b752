/**
 * Helpers of the CLI and console tests: run the real npm scripts in a child process with a clean
 * environment (no platform tokens, a private cache directory), and check the JSON contract of `ask`.
 */
import { spawn } from 'node:child_process';

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The project root (where package.json is). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished child process gave. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

import { tempDir } from '../helpers/temp.js';

export { cleanupTemps, tempDir } from '../helpers/temp.js';

/**
 * The environment of a child: ours without DISCORD_*, SLACK_*, LOG_LEVEL, CORPUS_DIR, with a fresh
 * CACHE_DIR, plus `extra`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DISCORD_|SLACK_|DATABASE_|QUESTION_LOG)/.test(k) || ['LOG_LEVEL', 'CORPUS_DIR', 'CACHE_DIR', 'FORCE_COLOR'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, CACHE_DIR: tempDir('cli-cache-'), DATABASE_PATH: `${tempDir('cli-db-')}/quotebot.db`, NO_COLOR: '1', ...extra };
}

/**
 * Runs a command in the project root with `input` on stdin (then closed), and waits for it to end.
 * Kills it after `timeoutMs`.
 */
export function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading everything
    child.stdin.end(opts.input ?? '');
  });
}

/** `npm run --silent <script> -- <args>`. */
export function npmRun(script: string, args: string[], opts: Parameters<typeof run>[2] = {}): Promise<RunResult> {
  return run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], opts);
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Checks one object against the JSON contract of `ask --json` (issue 2): exactly these keys and types.
 * Two additive keys are tolerated because the CLI documents them: `reason` on a declined answer and
 * `highlights` on a passage.
 */
export function expectContract(o: unknown): void {
  expect(o).toBeTypeOf('object');
  const a = o as Record<string, unknown>;
  expect(Object.keys(a).sort()).toEqual(['answered', 'language', 'passages', 'question', ...('reason' in a ? ['reason'] : []), ...(a.answered ? ['confidence'] : [])].sort());
  // An answer is sure (`high`) or the closest passage (`low`: one quote, no span claimed).
  if (a.answered) expect(['high', 'low']).toContain(a.confidence);
  if (a.confidence === 'low') expect((a.passages as { highlights: unknown[] }[]).map((p) => p.highlights)).toEqual([[]]);
  expect(isString(a.question)).toBe(true);
  expect(['fr', 'en']).toContain(a.language);
  expect(typeof a.answered).toBe('boolean');
  if ('reason' in a) {
    expect(a.answered).toBe(false);
    expect(['not_covered', 'empty', 'too_long']).toContain(a.reason);
  }
  expect(Array.isArray(a.passages)).toBe(true);
  const passages = a.passages as Record<string, unknown>[];
  expect(passages.length).toBeLessThanOrEqual(3);
  if (a.answered) expect(passages.length).toBeGreaterThan(0);
  else expect(passages).toEqual([]);
  for (const p of passages) {
    expect(Object.keys(p).sort()).toEqual(['dates', 'document', 'paragraph', 'score', 'text', ...('highlights' in p ? ['highlights'] : [])].sort());
    expect(isString(p.text) && p.text.length > 0).toBe(true);
    expect(Number.isInteger(p.paragraph) && (p.paragraph as number) >= 1).toBe(true);
    expect(typeof p.score).toBe('number');
    const d = p.document as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(['id', 'published', 'title', ...('source' in d ? ['source'] : [])].sort());
    expect(isString(d.id) && isString(d.title) && isString(d.published)).toBe(true);
    expect(d.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if ('source' in d) expect(isString(d.source)).toBe(true);
    expect(Array.isArray(p.dates)).toBe(true);
    for (const date of p.dates as Record<string, unknown>[]) {
      expect(Object.keys(date).sort()).toEqual(['iso', 'text']);
      expect(isString(date.text) && isString(date.iso)).toBe(true);
    }
    if ('highlights' in p) {
      for (const h of p.highlights as Record<string, unknown>[]) expect(Object.keys(h).sort()).toEqual(['end', 'start']);
    }
  }
}
