/**
 * The adapter interface every platform implements (after Hubot): start, stop, and whether it is connected.
 * An adapter turns platform events into {@link BotRequest}s for {@link Bot.processEvent} and renders the
 * {@link BotReply}; it is the only place that sees platform objects.
 */
import type { Bot, BotRequest, BotReply } from '../src/bot.js';

export type { Bot, BotRequest, BotReply };

/** A platform adapter. */
export interface Adapter {
  /** Platform name (`discord`, `slack`, `console`). */
  readonly name: string;
  /** Connects and starts handling events. Resolves once ready. */
  start(): Promise<void>;
  /** Stops taking events and disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Whether the adapter is connected to its platform now (for /healthz). */
  isConnected(): boolean;
  /**
   * Replies the bot core has finished and the adapter is still delivering to its platform (a REST call
   * under way). Counted apart from {@link Bot.pending}, so that the two add up: a graceful shutdown waits
   * for both before it stops the adapter. Optional: an adapter that delivers synchronously has none.
   */
  readonly pending?: number;
}
