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

/** Creates the logger. Pretty-printed when stderr is a terminal, JSON lines otherwise. */
export function createLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  const opts = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'quotebot' } };
  if (destination) return pino(opts, destination as unknown as pino.DestinationStream);
  if (process.stderr.isTTY) {
    return pino({ ...opts, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(opts, pino.destination(2));
}
