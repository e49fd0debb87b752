/**
 * Several processes serving one corpus and cache directory: a refresh in one of them, or by
 * `npm run corpus -- refresh`, is seen by the others within 2 seconds (they watch `current.json`).
 * Real processes, started with the tsx loader.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import type { EngineStatus, RefreshReport } from '../../src/types.js';
import { ROOT, doc, sleep, tempCorpus, type TempCorpus } from '../ops/helpers.js';

type Line = { ready?: true; status?: EngineStatus; report?: RefreshReport };

class Proc {
  private readonly lines: Line[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      this.lines.push(JSON.parse(l) as Line);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  /** The value of `key` in the next line that has it, waiting up to `ms`. */
  async next<K extends keyof Line>(key: K, ms = 20_000): Promise<NonNullable<Line[K]>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.lines.findIndex((l) => l[key] !== undefined);
      if (i >= 0) return this.lines.splice(i, 1)[0]![key]!;
      if (Date.now() > deadline) throw new Error(`no ${key} line within ${ms} ms`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  send(cmd: string): void {
    this.child.stdin.write(`${cmd}\n`);
  }
  async status(): Promise<EngineStatus> {
    this.send('status');
    return this.next('status');
  }
}

let corpus: TempCorpus | null = null;
const procs: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill('SIGKILL');
  corpus?.cleanup();
  corpus = null;
});

function env(c: TempCorpus): NodeJS.ProcessEnv {
  return { ...process.env, CORPUS_DIR: c.corpusDir, CACHE_DIR: c.cacheDir, SNAPSHOT_WATCH_MS: '', LOG_LEVEL: 'warn' };
}

function serve(c: TempCorpus): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/ops/fixtures/serve.ts')], { cwd: ROOT, env: env(c) });
  child.stderr.resume();
  procs.push(child);
  return new Proc(child);
}

/** Polls `p` until it serves `version`; returns the time it took from `since`. */
async function seen(p: Proc, version: string, since: number, limitMs = 5000): Promise<number> {
  for (;;) {
    const s = await p.status();
    if (s.version === version) return Date.now() - since;
    if (Date.now() - since > limitMs) throw new Error(`still on ${s.version} after ${limitMs} ms`);
    await sleep(25);
  }
}

const HARBOUR = doc('harbour', 'The harbour committee met on 3 March 2026 in Marseille to approve the new lighthouse budget.');

it('a refresh in one process is seen by the other within 2 seconds', { timeout: 60_000 }, async () => {
  corpus = tempCorpus();
  const a = serve(corpus);
  const b = serve(corpus);
  await Promise.all([a.next('ready'), b.next('ready')]);
  const [sa, sb0] = await Promise.all([a.status(), b.status()]);
  expect(sa.version).toBe(sb0.version);

  corpus.write('harbour.md', HARBOUR);
  a.send('refresh');
  const report = await a.next('report');
  const refreshedAt = Date.now();
  expect(report).toMatchObject({ ok: true, added: ['harbour'] });
  expect(report.version).not.toBe(sa.version);
  const ms = await seen(b, report.version, refreshedAt);
  expect(ms).toBeLessThan(2000);
  const sb = await b.status();
  expect({ documents: sb.documents, passages: sb.passages }).toEqual({ documents: report.documents, passages: report.passages });

  // and back: a refresh in B reaches A
  corpus.remove('harbour.md');
  b.send('refresh');
  const back = await b.next('report');
  const backAt = Date.now();
  expect(back).toMatchObject({ ok: true, removed: ['harbour'] });
  expect(await seen(a, back.version, backAt)).toBeLessThan(2000);
  console.log(`cross-process switch: ${ms} ms (A→B); watch period 500 ms`);
});

it('`npm run corpus -- refresh` publishes a snapshot every running process switches to within 2 seconds', { timeout: 60_000 }, async () => {
  corpus = tempCorpus();
  const a = serve(corpus);
  const b = serve(corpus);
  await Promise.all([a.next('ready'), b.next('ready')]);
  corpus.write('harbour.md', HARBOUR);
  const cli = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/corpus.ts'), 'refresh', '--json'], { cwd: ROOT, env: env(corpus) });
  procs.push(cli);
  let out = '';
  cli.stdout.on('data', (d: Buffer) => (out += String(d)));
  cli.stderr.resume();
  const code = await new Promise<number | null>((r) => cli.on('exit', r));
  const publishedAt = Date.now();
  expect(code).toBe(0);
  const report = JSON.parse(out) as RefreshReport & { command: string };
  // The bots publish nothing when they start (only a refresh does): against nothing published, every
  // document is new.
  expect(report).toMatchObject({ command: 'refresh', ok: true, changed: [], removed: [] });
  expect(report.added).toContain('harbour');
  const [ma, mb] = await Promise.all([seen(a, report.version, publishedAt), seen(b, report.version, publishedAt)]);
  expect(ma).toBeLessThan(2000);
  expect(mb).toBeLessThan(2000);
});
