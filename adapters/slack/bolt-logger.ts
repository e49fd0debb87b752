/**
 * Bridges bolt's logger interface (`@slack/logger`) to the project's pino logger, so that bolt, the Web API
 * client and the Socket Mode client log through the same JSON lines (with the same redaction).
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** Bolt's messages are lists of values; pino wants one message string. */
function text(parts: unknown[]): string {
  return parts
    .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : safeJson(p)))
    .join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * A bolt {@link BoltLogger} writing to a child of `logger` tagged with `component` (`bolt`, `web-api`…).
 * Bolt's `setLevel` and `setName` are accepted and ignored: the pino logger's level is the project's.
 */
export function boltLogger(logger: Logger, component = 'bolt'): BoltLogger {
  const log = logger.child({ component });
  return {
    debug: (...msg: unknown[]) => log.debug(text(msg)),
    info: (...msg: unknown[]) => log.info(text(msg)),
    warn: (...msg: unknown[]) => log.warn(text(msg)),
    error: (...msg: unknown[]) => log.error(text(msg)),
    setLevel: () => undefined,
    setName: () => undefined,
    getLevel: (): LogLevel => {
      const lvl = log.level;
      if (lvl === 'trace' || lvl === 'debug') return LogLevel.DEBUG;
      if (lvl === 'info') return LogLevel.INFO;
      if (lvl === 'warn') return LogLevel.WARN;
      return LogLevel.ERROR;
    },
  };
}

