/** The sliding-window rate limiter (src/ratelimit.ts) on a controlled clock. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/ratelimit.js';

describe('RateLimiter', () => {
  it('allows max events per window and key, then says how long to wait', () => {
    let t = 1000;
    const rl = new RateLimiter({ max: 2, windowMs: 10_000 }, () => t);
    expect(rl.take('a')).toBe(0);
    t += 1000;
    expect(rl.take('a')).toBe(0);
    t += 1000;
    // the first event leaves the window 10 s after it: 8 s from now
    expect(rl.take('a')).toBe(8000);
    expect(rl.take('b')).toBe(0);
  });

  it('slides: an event leaving the window frees a place', () => {
    let t = 0;
    const rl = new RateLimiter({ max: 1, windowMs: 1000 }, () => t);
    expect(rl.take('a')).toBe(0);
    t = 999;
    expect(rl.take('a')).toBe(1);
    t = 1000;
    expect(rl.take('a')).toBe(0);
  });

  it('does not count a refused event', () => {
    let t = 0;
    const rl = new RateLimiter({ max: 1, windowMs: 1000 }, () => t);
    rl.take('a');
    for (t = 100; t < 1000; t += 100) expect(rl.take('a')).toBeGreaterThan(0);
    t = 1000;
    expect(rl.take('a')).toBe(0);
  });

  it('forgets idle keys (bounded memory under many users)', () => {
    let t = 0;
    const rl = new RateLimiter({ max: 1, windowMs: 10 }, () => t);
    for (let i = 0; i < 5000; i++) {
      t = i * 20;
      rl.take(`user-${i}`);
    }
    expect((rl as unknown as { hits: Map<string, number[]> }).hits.size).toBeLessThan(1001);
  });
});
