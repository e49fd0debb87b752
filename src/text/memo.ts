/**
 * The bounded memo tables of text analysis (stems, tokens, word forms, translations' terms): plain Maps,
 * kept per thread, that forget the quarter of their entries first cached when they reach their size. One
 * eviction for all of them: a hot word is cached again at its next use, and a full table never empties at once.
 */

/**
 * Caches `value` under `key` in `cache`, first forgetting the quarter of `max` entries first inserted when the
 * cache holds `max` (a Map iterates in insertion order). Returns `value`.
 */
export function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): V {
  if (cache.size >= max) {
    let n = max >> 2;
    for (const k of cache.keys()) {
      if (n-- <= 0) break;
      cache.delete(k);
    }
  }
  cache.set(key, value);
  return value;
}

/** The value of `key` in `cache`, computed and remembered (see {@link remember}) on its first use. */
export function memoized<V>(cache: Map<string, V>, key: string, max: number, compute: () => V): V {
  const v = cache.get(key);
  return v !== undefined ? v : remember(cache, key, compute(), max);
}
