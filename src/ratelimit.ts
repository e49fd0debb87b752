/**
 * A sliding-window rate limiter keyed by user.
 */

/** Allows `max` events per `windowMs` per key. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private sweeps = 0;

  constructor(private readonly opts: { max: number; windowMs: number }, private readonly now: () => number = Date.now) {}

  /**
   * Records an event for `key` if allowed.
   * @returns 0 when allowed, else the milliseconds to wait before the next one is.
   */
  take(key: string): number {
    const t = this.now();
    const since = t - this.opts.windowMs;
    const list = (this.hits.get(key) ?? []).filter((x) => x > since);
    if (list.length >= this.opts.max) {
      this.hits.set(key, list);
      return Math.max(1, list[0]! + this.opts.windowMs - t);
    }
    list.push(t);
    this.hits.set(key, list);
    if (++this.sweeps % 1000 === 0) this.sweep(since);
    return 0;
  }

  private sweep(since: number): void {
    for (const [k, v] of this.hits) if (!v.some((x) => x > since)) this.hits.delete(k);
  }
}
