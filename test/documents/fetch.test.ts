/**
 * Safe URL fetching against a local HTTP server: schemes, private addresses (literal, through DNS, after a
 * redirect), redirect limits, size cap while streaming, timeouts, content type. Nothing reaches the internet:
 * every refused address is refused before any connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressProblem, fetchDocument } from '../../src/documents/fetch.js';
import { UrlRefusedError } from '../../src/errors.js';
import { startWebServer, type WebServer } from '../helpers/web.js';

let web: WebServer;
const LOCAL = ['127.0.0.1/32'];

beforeAll(async () => {
  web = await startWebServer({
    '/page': { body: '<!doctype html><html><body><p>Hello</p></body></html>', type: 'text/html; charset=utf-8' },
    '/to-metadata': { redirect: 'http://169.254.169.254/latest/meta-data/' },
    '/to-loopback': { redirect: '/page' },
    '/loop': { redirect: '/loop' },
    '/big': { body: 'x'.repeat(5000), type: 'text/plain' },
    '/big-chunked': { body: 'x'.repeat(300_000), type: 'text/plain', chunked: true },
    '/png': { body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), type: 'image/png' },
    '/hang': { hang: true },
  });
  web.routes.set('/to-other-loopback', { redirect: `http://127.0.0.2:${web.port}/page` });
});
afterAll(() => web.close());

const refused = async (p: Promise<unknown>, reason: RegExp) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(UrlRefusedError);
  expect((e as Error).message).toMatch(reason);
};

describe('address policy', () => {
  it('lets only public unicast addresses through, unless allowed', () => {
    expect(addressProblem('93.184.216.34')).toBeNull();
    expect(addressProblem('2606:4700::1')).toBeNull();
    for (const a of ['127.0.0.1', '10.0.0.8', '172.16.3.4', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1']) {
      expect(addressProblem(a), a).toMatch(/is a \w+ address/);
    }
    expect(addressProblem('127.0.0.1', true)).toBeNull();
    expect(addressProblem('10.1.2.3', ['10.1.0.0/16'])).toBeNull();
    expect(addressProblem('10.2.0.1', ['10.1.0.0/16'])).toMatch(/private/);
  });
});

describe('fetchDocument', () => {
  it('fetches a page when its address is allowed, with its media type', async () => {
    const r = await fetchDocument(`${web.base}/page`, { allowPrivate: LOCAL });
    expect(new TextDecoder().decode(r.bytes)).toContain('<p>Hello</p>');
    expect(r).toMatchObject({ format: 'html', finalUrl: `${web.base}/page` });
  });

  it('refuses other schemes, and private addresses without the flag', async () => {
    await refused(fetchDocument('ftp://example.org/a.pdf'), /only http and https/);
    await refused(fetchDocument('file:///etc/passwd'), /only http and https/);
    await refused(fetchDocument('not a url'), /not a valid URL/);
    await refused(fetchDocument(`${web.base}/page`), /127\.0\.0\.1 is a loopback address.*ALLOW_PRIVATE_URLS/);
    await refused(fetchDocument(`http://[::ffff:127.0.0.1]:${web.port}/page`), /loopback/);
    await refused(fetchDocument('http://169.254.169.254/latest/meta-data/'), /linkLocal/);
    await refused(fetchDocument('http://[fd00:ec2::254]/'), /uniqueLocal/);
    await refused(fetchDocument(`http://localhost:${web.port}/page`), /this machine/);
    expect(web.hits).not.toContain('/nothing');
  });

  it('checks every address a name resolves to in the connection itself', async () => {
    // localhost resolves to loopback: refused by the guarded look-up, with the address it found.
    await refused(fetchDocument(`http://localhost:${web.port}/page`, { allowPrivate: ['10.0.0.0/8'] }), /localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });

  it('refuses a redirect to a private address, and too many redirects', async () => {
    const before = web.hits.length;
    await refused(fetchDocument(`${web.base}/to-metadata`, { allowPrivate: LOCAL }), /169\.254\.169\.254 is a linkLocal address/);
    await refused(fetchDocument(`${web.base}/to-other-loopback`, { allowPrivate: LOCAL }), /127\.0\.0\.2 is a loopback address/);
    expect(web.hits.slice(before)).toEqual(['/to-metadata', '/to-other-loopback']);
    expect((await fetchDocument(`${web.base}/to-loopback`, { allowPrivate: LOCAL })).finalUrl).toBe(`${web.base}/page`);
    await refused(fetchDocument(`${web.base}/loop`, { allowPrivate: LOCAL }), /more than 5 redirects/);
  });

  it('caps the size (declared or streamed), checks the type and the status, and times out', async () => {
    await refused(fetchDocument(`${web.base}/big`, { allowPrivate: LOCAL, maxBytes: 1000 }), /5000 bytes, more than the 1000 accepted/);
    await refused(fetchDocument(`${web.base}/big-chunked`, { allowPrivate: LOCAL, maxBytes: 100_000 }), /more than the 100000 bytes accepted/);
    await refused(fetchDocument(`${web.base}/png`, { allowPrivate: LOCAL }), /image\/png is not a document/);
    await refused(fetchDocument(`${web.base}/missing`, { allowPrivate: LOCAL }), /answered 404/);
    const started = performance.now();
    await refused(fetchDocument(`${web.base}/hang`, { allowPrivate: LOCAL, totalTimeoutMs: 500 }), /within 500 ms/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
