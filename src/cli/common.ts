/**
 * Start-up shared by the command-line tools: config, logger and engine, with clean failure messages.
 */
import { loadConfig, type Config } from '../config.js';
import { Engine } from '../engine.js';
import { loadEnvFile } from '../env-file.js';
import { QuoteBotError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';

/** What a CLI tool gets. */
export interface CliContext {
  config: Config;
  logger: Logger;
  engine: Engine;
}

/**
 * Parses the config (env and argv), creates the logger (stderr) and opens the engine. On a bad config or
 * an empty corpus, prints the reason to stderr and exits 1.
 */
export async function openCli(argv: string[], levelOverride?: Config['logLevel']): Promise<CliContext> {
  quietOnClosedStdout();
  try {
    loadEnvFile();
    const config = loadConfig(process.env, argv);
    const logger = createLogger(levelOverride && !process.env.LOG_LEVEL ? levelOverride : config.logLevel);
    const engine = await Engine.open({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, logger, maxQuestionLength: config.maxQuestionLength });
    return { config, logger, engine };
  } catch (e) {
    fail(e);
  }
}

/**
 * When the reader of stdout goes away (`ask --json | head -1`), stops with code 0 instead of dying on an
 * unhandled EPIPE with a stack trace. Other write errors are reported as usual.
 */
export function quietOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    fail(e);
  });
}

/** Prints an error for a person and exits 1. */
export function fail(e: unknown): never {
  const msg = e instanceof QuoteBotError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`error: ${msg}\n`);
  process.exit(1);
}

/** Removes `--flag` and `--flag value` options from argv, returning the rest. */
export function positional(argv: string[], withValue: string[] = ['--corpus']): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (withValue.includes(a)) i++;
    else if (!a.startsWith('--')) out.push(a);
  }
  return out;
}
