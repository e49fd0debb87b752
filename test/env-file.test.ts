/**
 * The `.env` file: read at start, the environment wins, a malformed line stops with a message naming it.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEnvSyntax, loadEnvFile } from '../src/env-file.js';
import { ConfigError } from '../src/errors.js';
import { loadConfig } from '../src/config.js';
import { cleanupTemps, ROOT, tempDir } from './cli/run.js';

afterAll(cleanupTemps);

/** tsx's loader, by path: the child runs in a directory of its own, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function syntaxError(text: string): string {
  try {
    checkEnvSyntax(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('checkEnvSyntax', () => {
  it('accepts what .env.example and dotenv files hold', () => {
    checkEnvSyntax('# comment\n\nA=1\nexport B=two words\nC="quoted # not a comment"\nD=\'x\' # comment\nE=\nF="multi\nline"\nG=`tick`\r\nH = spaced\n');
  });

  it('names the line of a malformed entry, without showing its value', () => {
    const msg = syntaxError('A=1\n# fine\nDISCORD TOKEN=secret-value\n');
    expect(msg).toContain('.env line 3');
    expect(msg).toContain('DISCORD TOKEN');
    expect(msg).not.toContain('secret-value');
    expect(syntaxError('A=1\njust some words\n')).toMatch(/\.env line 2: expected NAME=value/);
    expect(syntaxError('1A=x\n')).toMatch(/line 1: "1A" is not a variable name/);
  });

  it('names the line where a quote opens and never closes, instead of swallowing the lines after it', () => {
    const msg = syntaxError('A=1\nB="unclosed\nC=3\nD="d"\n');
    expect(msg).toMatch(/\.env line 2: B: the " that opens the value is never closed/);
    expect(syntaxError("A='x\n")).toMatch(/line 1: A: the ' that opens/);
    expect(syntaxError('A="x"y\n')).toMatch(/line 1: A: text after the closing "/);
  });
});

describe('loadEnvFile', () => {
  it('fills the environment from the file; variables already set win', () => {
    const dir = tempDir('envfile-');
    writeFileSync(path.join(dir, '.env'), 'LOG_LEVEL=debug\nCORPUS_DIR=docs\nEMPTY=\nQUOTED="a # b"\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    const r = loadEnvFile({ env, cwd: dir });
    expect(r.file).toBe(path.join(dir, '.env'));
    expect(env).toEqual({ LOG_LEVEL: 'warn', CORPUS_DIR: 'docs', EMPTY: '', QUOTED: 'a # b' });
    expect(r.applied.sort()).toEqual(['CORPUS_DIR', 'EMPTY', 'QUOTED']);
    expect(r.overridden).toEqual(['LOG_LEVEL']);
  });

  it('reads .env.example copied as it is into a valid configuration with no platform', () => {
    const dir = tempDir('envfile-example-');
    copyFileSync(path.join(ROOT, '.env.example'), path.join(dir, '.env'));
    const env: NodeJS.ProcessEnv = {};
    const r = loadEnvFile({ env, cwd: dir });
    expect(r.applied).toContain('DISCORD_TOKEN');
    const config = loadConfig(env);
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.metricsHost).toBe('127.0.0.1');
  });

  it('is optional by default, but a file named by ENV_FILE must exist; ENV_FILE=none reads nothing', () => {
    const dir = tempDir('envfile-');
    expect(loadEnvFile({ env: {}, cwd: dir })).toEqual({ file: null, applied: [], overridden: [] });
    expect(() => loadEnvFile({ env: { ENV_FILE: 'prod.env' }, cwd: dir })).toThrow(/ENV_FILE: cannot read .*prod\.env \(ENOENT\)/);
    writeFileSync(path.join(dir, '.env'), 'A=1\n');
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'none' };
    expect(loadEnvFile({ env, cwd: dir }).file).toBeNull();
    expect(env.A).toBeUndefined();
    writeFileSync(path.join(dir, 'prod.env'), 'B=2\n');
    const env2: NodeJS.ProcessEnv = { ENV_FILE: 'prod.env' };
    loadEnvFile({ env: env2, cwd: dir });
    expect(env2.B).toBe('2');
  });
});

/** Runs the real `ask` CLI in `cwd` (where the .env is), with the environment given (and no ENV_FILE). */
function askIn(cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DISCORD_|SLACK_)/.test(k) && !['ENV_FILE', 'LOG_LEVEL', 'CORPUS_DIR', 'CACHE_DIR', 'MAX_QUESTION_LENGTH'].includes(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/ask.ts'), '--json', 'when was the ultimatum?'], {
      cwd,
      env: { ...base, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('entry points read .env', () => {
  it('the ask CLI takes CORPUS_DIR and CACHE_DIR from .env in the working directory', { timeout: 60_000 }, async () => {
    const dir = tempDir('envfile-cwd-');
    const cache = tempDir('envfile-cache-');
    writeFileSync(path.join(dir, '.env'), `# written by the test\nCORPUS_DIR=${path.join(ROOT, 'corpus')}\nCACHE_DIR="${cache}"\n`);
    const r = await askIn(dir, {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ answered: true });
    // The environment wins over the file: a bad value in the environment is the one reported.
    const bad = await askIn(dir, { MAX_QUESTION_LENGTH: 'lots' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/MAX_QUESTION_LENGTH/);
  });

  it('a malformed line stops the program with a message naming the line', { timeout: 60_000 }, async () => {
    const dir = tempDir('envfile-bad-');
    writeFileSync(path.join(dir, '.env'), `CORPUS_DIR=${path.join(ROOT, 'corpus')}\nSLACK_BOT_TOKEN="xoxb-never-closed\nLOG_LEVEL=info\n`);
    const r = await askIn(dir, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('error: Config: .env line 2: SLACK_BOT_TOKEN: the " that opens the value is never closed');
  });
});
