/**
 * De-duplication of platform deliveries: a platform that retries a delivery (Slack resends an event it thinks
 * was not acknowledged in time, with `X-Slack-Retry-Num`) must not get two answers.
 *
 * {@link DeliveryDeduplicator} is the interface an adapter uses; {@link MemoryDeduplicator} keeps the keys in
 * this process with bounded memory. A store shared by several processes (SQLite, PostgreSQL) can implement the
 * same interface, so that a retry delivered to another process is recognised too.
 */

/** Remembers which deliveries were already taken. */
export interface DeliveryDeduplicator {
  /**
   * Claims `key` (a platform's delivery id, such as `slack:Ev0123`): true the first time it is claimed within
   * the time the deduplicator remembers, false for a repeat.
   */
  claim(key: string): Promise<boolean>;
}

/** Options of {@link MemoryDeduplicator}. */
export interface MemoryDeduplicatorOptions {
  /** How long a key is remembered, in ms (default 1 hour: Slack retries within about 5 minutes). */
  ttlMs: number;
  /** Most keys kept; the oldest are forgotten first (default 10,000). */
  maxKeys: number;
  /** Clock, for tests. */
  now: () => number;
}

const DEFAULTS: MemoryDeduplicatorOptions = { ttlMs: 60 * 60_000, maxKeys: 10_000, now: () => Date.now() };

/**
 * A {@link DeliveryDeduplicator} in memory: keys expire after `ttlMs`, and at most `maxKeys` are kept (the
 * oldest go first). Every key lives the same time, so insertion order is expiry order: a claim costs O(1)
 * amortized.
 */
export class MemoryDeduplicator implements DeliveryDeduplicator {
  private readonly opts: MemoryDeduplicatorOptions;
  /** Key → time it expires, in insertion (hence expiry) order. */
  private readonly keys = new Map<string, number>();

  /** @param options - merged over the defaults (1 hour, 10,000 keys). */
  constructor(options: Partial<MemoryDeduplicatorOptions> = {}) {
    this.opts = { ...DEFAULTS, ...options };
    if (!(this.opts.maxKeys >= 1) || !(this.opts.ttlMs > 0)) throw new RangeError('MemoryDeduplicator: maxKeys ≥ 1 and ttlMs > 0');
  }

  /** Number of keys remembered now. */
  get size(): number {
    return this.keys.size;
  }

  async claim(key: string): Promise<boolean> {
    return this.claimSync(key);
  }

  /** {@link claim}, synchronously. */
  claimSync(key: string): boolean {
    const now = this.opts.now();
    for (const [k, expires] of this.keys) {
      if (expires > now && this.keys.size < this.opts.maxKeys) break;
      this.keys.delete(k);
    }
    const expires = this.keys.get(key);
    if (expires !== undefined && expires > now) return false;
    this.keys.set(key, now + this.opts.ttlMs);
    return true;
  }
}

/** What {@link StoreDeduplicator} needs of the store (a `StoreService`): a claim that never throws. */
export interface SharedDeliveries {
  /** Claims `key` for `ttlMs` in the shared store: true the first time, false for a repeat, null when the store is off or failed. */
  claimDelivery(key: string, ttlMs: number): Promise<boolean | null>;
}

/**
 * A {@link DeliveryDeduplicator} shared by every process on one store (SQLite file or PostgreSQL): a retry
 * that another replica receives is recognised (the store's claim is one atomic insert of a unique key with
 * its expiry). Keys are also claimed in this process's memory first, so that while the store is off or
 * failing each process still drops the repeats it saw itself, and a key claimed during an outage is not
 * taken again when the store comes back.
 */
export class StoreDeduplicator implements DeliveryDeduplicator {
  private readonly memory: MemoryDeduplicator;
  private readonly ttlMs: number;

  /** @param options - as {@link MemoryDeduplicator}'s (the time a key is remembered applies to the store too). */
  constructor(
    private readonly store: SharedDeliveries,
    options: Partial<MemoryDeduplicatorOptions> = {},
  ) {
    this.memory = new MemoryDeduplicator(options);
    this.ttlMs = options.ttlMs ?? DEFAULTS.ttlMs;
  }

  /** Claims `key` in this process, then in the store (when it is on): true only if both say first. */
  async claim(key: string): Promise<boolean> {
    if (!this.memory.claimSync(key)) return false;
    return (await this.store.claimDelivery(key, this.ttlMs)) ?? true;
  }
}
