/**
 * The `.env` file: read once at start-up by every entry point (`npm start`, the CLIs, the sharded manager,
 * command registration) before the configuration is parsed.
 *
 * Values are parsed by Node's own dotenv parser (`util.parseEnv`, the one behind `node --env-file`), after a
 * line-by-line check of our own: Node's parser skips a malformed line without a word and lets an unclosed
 * quote swallow the lines after it, which would leave a self-hoster with a token silently unset. Here a
 * malformed line stops the program with a message naming the file and the line.
 *
 * Variables already in the environment win over the file. `ENV_FILE` names another file; `ENV_FILE=none`
 * reads no file at all (the test suite sets it, so that a developer's own `.env` never leaks into tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './errors.js';

/** What {@link loadEnvFile} did. */
export interface EnvFileResult {
  /** Absolute path of the file read, or null when none was (missing, or `ENV_FILE=none`). */
  file: string | null;
  /** Names of the variables the file set (those not already in the environment). */
  applied: string[];
  /** Names the file defines but the environment already had (the environment wins). */
  overridden: string[];
}

/** Options of {@link loadEnvFile}. */
export interface EnvFileOptions {
  /** The environment to fill (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Directory a relative file name is resolved against (default the working directory). */
  cwd?: string;
  /** The file to read; default `env.ENV_FILE`, else `.env`. `none` reads nothing. */
  file?: string;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/**
 * Checks the syntax of dotenv text, line by line: blank lines, `# comments`, and `NAME=value` (optionally
 * `export NAME=value`), where a value is bare, or quoted with `"`, `'` or a backtick; a quoted value may span
 * lines when its closing quote ends a line.
 * @param label - how to name the file in messages
 * @throws {@link ConfigError} naming the first malformed line (its name part only: values may be secrets)
 */
export function checkEnvSyntax(text: string, label = '.env'): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) {
      const shown = JSON.stringify(line.split('=')[0]!.trim().slice(0, 40));
      const why = line.includes('=') ? `${shown} is not a variable name (letters, digits and _, not starting with a digit)` : `expected NAME=value, got ${shown}`;
      throw new ConfigError(`${label} line ${i + 1}: ${why}`);
    }
    const value = m[2]!.trimStart();
    const q = value[0];
    if (!q || !QUOTES.has(q)) continue;
    // A quoted value: its closing quote on this line, or ending a later line.
    const close = value.indexOf(q, 1);
    if (close > 0) {
      if (!isLineEnd(value.slice(close + 1))) throw new ConfigError(`${label} line ${i + 1}: ${m[1]}: text after the closing ${q} (a comment needs a space and #)`);
      continue;
    }
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const at = lines[j]!.indexOf(q);
      if (at < 0) continue;
      if (isLineEnd(lines[j]!.slice(at + 1))) end = j;
      break;
    }
    if (end < 0) throw new ConfigError(`${label} line ${i + 1}: ${m[1]}: the ${q} that opens the value is never closed`);
    i = end;
  }
}

/** Whether what follows a closing quote is nothing, or a comment. */
function isLineEnd(rest: string): boolean {
  return /^\s*(?:#.*)?$/.test(rest);
}

/**
 * Reads the `.env` file (or `ENV_FILE`) into the environment, without overriding variables already set.
 * A missing file is not an error (the file is optional); an unreadable or malformed one is.
 * @throws {@link ConfigError} naming the file and the malformed line
 */
export function loadEnvFile(opts: EnvFileOptions = {}): EnvFileResult {
  const env = opts.env ?? process.env;
  const name = opts.file ?? (env.ENV_FILE?.trim() || '.env');
  if (name === 'none') return { file: null, applied: [], overridden: [] };
  const file = path.resolve(opts.cwd ?? process.cwd(), name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // The default file is optional; a file named on purpose must exist.
    if (code === 'ENOENT' && opts.file === undefined && !env.ENV_FILE?.trim()) return { file: null, applied: [], overridden: [] };
    throw new ConfigError(`ENV_FILE: cannot read ${file} (${code ?? (e as Error).message})`);
  }
  checkEnvSyntax(text, name);
  const values = parseEnv(text.replace(/^\uFEFF/, ''));
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (k in env) overridden.push(k);
    else {
      env[k] = v;
      applied.push(k);
    }
  }
  return { file, applied, overridden };
}
