/**
 * Start-up of the whole bot process, both ways it can be run: `npm start` (TypeScript through tsx) and
 * `npm run start:prod` (the compiled JavaScript of `npm run build`, plain node). The bot runs in the terminal
 * (no platform token) on a corpus whose snapshot is present; one question goes to its stdin, which is then
 * closed. Measured: from spawning the process to the first byte of the answer on stdout, so the figure holds
 * module loading (tsx compiles the sources on the fly; node loads JavaScript), the configuration, the
 * snapshot load and one answer (a few ms).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { percentile } from './stats.js';

/** One way of starting the bot. */
export interface StartCommand {
  /** Label in the report (`npm start (tsx)`, `start:prod (node dist)`). */
  name: string;
  /** Executable and arguments, run in `cwd`. */
  command: string;
  args: string[];
}

/** The two commands, as package.json runs them (without npm's own start-up in front). */
export function startCommands(root: string): StartCommand[] {
  return [
    { name: 'npm start (tsx)', command: path.join(root, 'node_modules/.bin/tsx'), args: ['adapters/main.ts'] },
    { name: 'start:prod (node dist)', command: process.execPath, args: ['dist/adapters/main.js'] },
  ];
}

/** Figures of one command. */
export interface StartupFigures {
  name: string;
  /** Every measured run, ms to the first byte of the answer. */
  runsMs: number[];
  medianMs: number;
}

/**
 * Starts the bot once and resolves with the ms to its first answer byte; rejects when it exits without
 * answering or takes longer than `timeoutMs`.
 */
export function timeToFirstAnswer(
  cmd: StartCommand,
  opts: { cwd: string; corpusDir: string; cacheDir: string; question: string; timeoutMs?: number },
): Promise<number> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(DISCORD_|SLACK_|LOG_LEVEL$|METRICS_)/.test(k)) env[k] = v;
  Object.assign(env, { CORPUS_DIR: opts.corpusDir, CACHE_DIR: opts.cacheDir, ENV_FILE: 'none', NO_COLOR: '1' });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd.command, cmd.args, { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let first = -1;
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd.name}: no answer within ${opts.timeoutMs ?? 120_000} ms`));
    }, opts.timeoutMs ?? 120_000);
    child.stdout.once('data', () => (first = performance.now() - t0));
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (first >= 0 && code === 0) resolve(first);
      else reject(new Error(`${cmd.name}: exited with code ${code} before answering: ${stderr.slice(-500)}`));
    });
    child.stdin.end(`${opts.question}\n`);
  });
}

/**
 * Measures every command `runs` times, interleaved (A B A B …) so that the machine's load affects both
 * alike, after one unmeasured run each (warming the file cache; the two ways share the snapshot).
 */
export async function measureStartup(
  commands: StartCommand[],
  opts: { cwd: string; corpusDir: string; cacheDir: string; question: string; runs?: number; log?: (s: string) => void },
): Promise<StartupFigures[]> {
  const runs: number[][] = commands.map(() => []);
  for (const c of commands) {
    const ms = await timeToFirstAnswer(c, { ...opts, timeoutMs: 600_000 });
    opts.log?.(`start-up warm-up, ${c.name}: ${Math.round(ms)} ms`);
  }
  for (let r = 0; r < (opts.runs ?? 5); r++) {
    for (let i = 0; i < commands.length; i++) {
      const ms = await timeToFirstAnswer(commands[i]!, opts);
      runs[i]!.push(Math.round(ms));
      opts.log?.(`start-up, ${commands[i]!.name}: ${Math.round(ms)} ms`);
    }
  }
  return commands.map((c, i) => ({ name: c.name, runsMs: runs[i]!, medianMs: percentile(runs[i]!, 50) }));
}
