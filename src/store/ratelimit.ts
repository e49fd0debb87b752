/**
 * Per-user rate limits that hold across replicas: with `DATABASE_URL`, the counts live in PostgreSQL
 * (rate-limiter-flexible's PostgreSQL back end, on the store's own connection pool), so that a user cannot
 * get N questions per window from each of several Slack replicas or Discord shards. While the store is off
 * or failing, each process limits on its own (in memory) rather than letting everything through or
 * refusing everything; failures go through {@link StoreService.run}, so they are logged once per outage.
 */
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type pg from 'pg';
import { asError } from '../errors.js';
import { RateLimiter } from '../ratelimit.js';
import type { StoreService } from './service.js';

/** What the bot core asks of a rate limiter. */
export interface UserLimiter {
  /** Records one request of `key`; 0 when allowed, else the milliseconds to wait. */
  take(key: string): number | Promise<number>;
}

/** A {@link UserLimiter} in PostgreSQL when the store is, else in memory. */
export class SharedRateLimiter implements UserLimiter {
  private readonly memory: RateLimiter;
  private limiter: RateLimiterPostgres | null = null;
  private pool: pg.Pool | null = null;

  constructor(
    private readonly store: StoreService,
    private readonly opts: { max: number; windowMs: number },
  ) {
    this.memory = new RateLimiter(opts);
  }

  async take(key: string): Promise<number> {
    const pool = this.store.available ? this.store.current?.pool : undefined;
    if (!pool) return this.memory.take(key);
    const wait = await this.store.run('rate limit', (s) => this.consume(s.pool!, key));
    return wait ?? this.memory.take(key);
  }

  /** One request of `key` in PostgreSQL: 0, or the ms to wait; throws when PostgreSQL fails. */
  private async consume(pool: pg.Pool, key: string): Promise<number> {
    if (pool !== this.pool) {
      this.pool = pool;
      this.limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: 'ask',
        points: this.opts.max,
        duration: Math.max(1, Math.round(this.opts.windowMs / 1000)),
      });
    }
    try {
      await this.limiter!.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, e.msBeforeNext);
      throw asError(e);
    }
  }
}
