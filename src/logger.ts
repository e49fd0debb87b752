/**
 * The one pino logger, created at start-up and passed down. Logs go to stderr; secrets are redacted.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** Paths redacted from every log line, wherever a token or secret could appear. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.discord.token',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
];

/** Names of environment variables whose values are secrets, wherever they show up in a log line. */
export const SECRET_ENV_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

/** Shortest environment value treated as a secret (shorter ones would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** Token shapes redacted even when they are not in the environment (Slack, Discord, HTTP auth headers). */
export const SECRET_PATTERNS: RegExp[] = [
  /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}/g,
  /\b[A-Za-z0-9_-]{20,40}\.[A-Za-z0-9_-]{5,10}\.[A-Za-z0-9_-]{20,}/g,
  /\b(Bot|Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{12,}/g,
];

/** The secret values of `env`: every variable whose name looks like a token, secret, password or key. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV_NAME.test(name) && typeof value === 'string' && value.trim().length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value!.trim());
}

/**
 * Returns a function that replaces every occurrence of the secrets (as written, JSON-escaped and
 * URL-encoded) and of {@link SECRET_PATTERNS} in a text with `[redacted]`.
 */
export function secretRedactor(secrets: string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const f of ordered) if (out.includes(f)) out = out.split(f).join('[redacted]');
    for (const re of SECRET_PATTERNS) out = out.replace(re, (_m: string, scheme: unknown, space: unknown) =>
        typeof scheme === 'string' ? `${scheme}${String(space)}[redacted]` : '[redacted]',
      );
    return out;
  };
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Secret values to redact from every line, in addition to those of the environment. */
  secrets?: string[];
  /** Environment whose secret values are redacted (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Creates the logger. Pretty-printed when stderr is a terminal, JSON lines otherwise. Secrets are redacted
 * twice: by path (fields named like tokens) and by value (any token of the environment, or shaped like a
 * Slack or Discord token, anywhere in the line: messages, error stacks, URLs).
 */
export function createLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream, options: LoggerOptions = {}): Logger {
  const redactValues = secretRedactor([...secretsFromEnv(options.env ?? process.env), ...(options.secrets ?? [])]);
  const opts = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'quotebot' },
    hooks: { streamWrite: redactValues },
  };
  if (destination) return pino(opts, destination as unknown as pino.DestinationStream);
  if (process.stderr.isTTY) {
    return pino({ ...opts, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(opts, pino.destination(2));
}
