/** The bounded memo tables of text analysis: a full table forgets its oldest quarter, never everything. */
import { describe, expect, it } from 'vitest';
import { memoized, remember } from '../../src/text/memo.js';

describe('remember', () => {
  it('keeps every entry below the bound, then forgets the quarter first cached', () => {
    const cache = new Map<string, number>();
    for (let i = 0; i < 8; i++) expect(remember(cache, `k${i}`, i, 8)).toBe(i);
    expect([...cache.keys()]).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
    remember(cache, 'k8', 8, 8);
    expect([...cache.keys()]).toEqual(['k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8']);
    for (let i = 9; i < 100; i++) remember(cache, `k${i}`, i, 8);
    expect(cache.size).toBeLessThanOrEqual(8);
    expect(cache.size).toBeGreaterThanOrEqual(6);
    expect(cache.get('k99')).toBe(99);
  });
});

describe('memoized', () => {
  it('computes a key once, and again only after it was forgotten', () => {
    const cache = new Map<string, string>();
    let calls = 0;
    const upper = (k: string) => memoized(cache, k, 4, () => (calls++, k.toUpperCase()));
    expect(upper('a')).toBe('A');
    expect(upper('a')).toBe('A');
    expect(calls).toBe(1);
    for (const k of ['b', 'c', 'd', 'e']) upper(k); // 'a' is the oldest: forgotten when 'e' comes
    expect(cache.has('a')).toBe(false);
    expect(upper('a')).toBe('A');
    expect(calls).toBe(6);
  });
});
