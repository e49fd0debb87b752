/**
 * The configuration of corpus changes: `ALLOW_PRIVATE_URLS` (false, true, or CIDR ranges) and `CORPUS_WATCH`.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('corpus configuration', () => {
  it('reads ALLOW_PRIVATE_URLS as false, true or a list of CIDR ranges, and refuses anything else by name', () => {
    expect(loadConfig({}).allowPrivateUrls).toBe(false);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: 'true' }).allowPrivateUrls).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_URLS: '10.20.0.0/16, fd12:3456::/48' }).allowPrivateUrls).toEqual(['10.20.0.0/16', 'fd12:3456::/48']);
    expect(() => loadConfig({ ALLOW_PRIVATE_URLS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOW_PRIVATE_URLS: '10.0.0.0/33' })).toThrow(/ALLOW_PRIVATE_URLS: must be true, false or a comma-separated list of CIDR ranges/);
  });

  it('watches the corpus by default; CORPUS_WATCH=false turns it off', () => {
    expect(loadConfig({}).corpusWatch).toBe(true);
    expect(loadConfig({ CORPUS_WATCH: 'false' }).corpusWatch).toBe(false);
    expect(() => loadConfig({ CORPUS_WATCH: 'sometimes' })).toThrow(/CORPUS_WATCH/);
  });
});
