/**
 * `npm start` without platform tokens: the terminal bot answers each line of stdin, in order, and exits
 * cleanly (code 0) at end of input or on Ctrl-C. Spawned for real, with DISCORD_* and SLACK_* removed.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, childEnv, cleanupTemps, run } from '../cli/run.js';

afterAll(cleanupTemps);

const T = 40_000;
const DECLINED_EN = "The corpus doesn't cover that: I found no passage that answers it.";

describe.concurrent('npm start in the terminal', () => {
  it('answers each line in order and exits with code 0 at end of input', { timeout: T }, async () => {
    const input = [
      'when was the ultimatum?',
      '',
      'Quand Anthropic a-t-elle publié sa déclaration ?',
      'What is the capital of Australia?',
      '/timeline',
      '@everyone <@123> \u0000\u001b[2J',
      'Combien valait le contrat signé en juillet 2025 ?',
    ].join('\n');
    const r = await run('npm', ['start', '--silent'], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.signal).toBeNull();
    // No platform was started, nothing failed.
    expect(r.stderr).not.toMatch(/discord|slack/i);
    expect(r.stderr).not.toMatch(/"level":(50|60)/);
    const out = r.stdout;
    const at = (needle: string, from = 0) => {
      const i = out.indexOf(needle, from);
      expect(i, `"${needle}" after ${from}`).toBeGreaterThanOrEqual(from);
      return i;
    };
    const ultimatum = at('1. « Le **24 février 2026**, lors d');
    expect(out.slice(ultimatum, out.indexOf('\n\n', ultimatum))).toContain('2026-02-27T17:01');
    const declaration = at('« Anthropic publie une déclaration le **jeudi 26**', ultimatum);
    const declined = at(DECLINED_EN, declaration);
    const timeline = at('**2025-07**  « Tout commence en juillet 2025. »', declined);
    const amount = at('**200 millions de dollars**', timeline + 1);
    expect(out.slice(amount)).toMatch(/Source ?: /);
    // The blank line got no reply of its own: exactly one answer block starts with "1." per answered question.
    expect(out.match(/^1\. « /gm)).toHaveLength(3);
    // Piped output has no terminal escapes, not even the ones typed in the question.
    expect(out).not.toContain('\u001b');
  });

  it('exits with code 0 on Ctrl-C (SIGINT) while waiting for input', { timeout: T }, async () => {
    // Run the entry directly: `npm` itself dies of the signal and would hide the bot's exit code.
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { cwd: ROOT, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    const answered = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('Hegseth fixe un ultimatum')) resolve();
      }),
    );
    child.stdin.write('when was the ultimatum?\n');
    await Promise.race([answered, exited]);
    child.kill('SIGINT'); // stdin stays open: only the signal can end it
    const [code, signal] = await exited;
    expect(stdout).toContain('Hegseth fixe un ultimatum');
    expect(signal).toBeNull();
    expect(code, stderr).toBe(0);
  });

  it('exits non-zero naming a bad environment variable', { timeout: T }, async () => {
    const r = await run('npm', ['start', '--silent'], { env: { LOG_LEVEL: 'chatty' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('LOG_LEVEL');
    expect(r.stderr).toContain('"chatty"');
    expect(r.stdout).toBe('');
  });
});
