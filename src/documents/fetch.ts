/**
 * Fetching a document from a URL given in chat, safely: `http`/`https` only; every address the host name
 * resolves to — checked in the connection's own DNS look-up, so the address connected to is the address
 * checked — and every redirect target is refused unless it is a public unicast address (loopback, private,
 * link-local, unique-local, carrier-grade NAT, cloud metadata and other special ranges are refused, by
 * ipaddr.js) unless private addresses are allowed (`ALLOW_PRIVATE_URLS=true`: tests, intranets); a few
 * redirects at most; a size cap enforced while the body streams in; connect and total timeouts; the content
 * type checked against the formats the corpus reads (a generic binary type, `application/octet-stream` or
 * `application/zip`, as many servers send Word and OpenDocument files, is accepted when the address ends with
 * the extension of a format; the content itself is checked afterwards in any case).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { UrlRefusedError } from '../errors.js';
import { addressProblem } from './addresses.js';
import { formatOfMediaType, formatOfName } from './formats.js';

export { addressProblem, isCidr } from './addresses.js';
import type { DocumentFormat } from './reader.js';

/** Options of {@link fetchDocument}, merged over {@link DEFAULT_FETCH}. */
export interface FetchOptions {
  /**
   * Allow loopback, private and other non-public addresses: `true` all of them, or only those in these CIDR
   * ranges (`10.1.0.0/16`); default false.
   */
  allowPrivate: boolean | readonly string[];
  /** Largest body accepted, in bytes (default 10 MB). */
  maxBytes: number;
  /** Time allowed to connect, in ms (default 5 s). */
  connectTimeoutMs: number;
  /** Time allowed for the whole fetch, redirects included, in ms (default 20 s). */
  totalTimeoutMs: number;
  /** Most redirects followed (default 5). */
  maxRedirects: number;
  /** Extra request headers (e.g. a platform token for a file it hosts). */
  headers: Record<string, string>;
  /** Whether a response whose media type is no document format is refused (default true). */
  checkType: boolean;
}

/** Defaults of {@link FetchOptions}. */
export const DEFAULT_FETCH: FetchOptions = {
  allowPrivate: false,
  maxBytes: 10 * 1024 * 1024,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  maxRedirects: 5,
  headers: {},
  checkType: true,
};

/** A fetched document. */
export interface Fetched {
  bytes: Uint8Array;
  /** The `Content-Type` the server announced, if any. */
  mediaType?: string;
  /** The format that media type names, if it names one. */
  format?: DocumentFormat;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
}

/** A DNS look-up for the connection that refuses the host when any address it resolves to is not public. */
function guardedLookup(allowPrivate: boolean | readonly string[]): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: (options as dns.LookupOptions).family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (allowPrivate !== true) {
        for (const a of list) {
          const problem = addressProblem(a.address, allowPrivate);
          if (problem) return callback(Object.assign(new Error(`${hostname} resolves to ${a.address}, which ${problem}`), { code: 'EPRIVATE' }), '', 0);
        }
      }
      if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as dns.LookupAllOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Checks a URL before any connection: scheme, and a literal IP address (which is never looked up). */
function checkUrl(url: URL, opts: FetchOptions): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlRefusedError(url.href, `only http and https links are accepted, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw new UrlRefusedError(url.href, 'links with a user name or password are not accepted');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (opts.allowPrivate !== true && net.isIP(host)) {
    const problem = addressProblem(host, opts.allowPrivate);
    if (problem) throw new UrlRefusedError(url.href, `the address ${host} ${problem} (set ALLOW_PRIVATE_URLS=true to allow it)`);
  }
  if (opts.allowPrivate !== true && !Array.isArray(opts.allowPrivate) && /^localhost\.?$|\.localhost\.?$/i.test(host)) throw new UrlRefusedError(url.href, `${host} is this machine (set ALLOW_PRIVATE_URLS=true to allow it)`);
}

/** One request: resolves with a redirect target or the response (body not read yet). */
function request(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<{ redirect: string } | { res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'quotebot (corpus add)', accept: 'text/html, application/xhtml+xml, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.oasis.opendocument.text, text/markdown, text/plain;q=0.9', 'accept-encoding': 'identity', ...opts.headers },
        lookup: guardedLookup(opts.allowPrivate),
        signal,
        agent: false,
      },
      (res) => {
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ redirect: res.headers.location });
        } else resolve({ res });
      },
    );
    const connectTimer = setTimeout(() => req.destroy(Object.assign(new Error(`no connection within ${opts.connectTimeoutMs} ms`), { code: 'ECONNECTTIMEOUT' })), opts.connectTimeoutMs);
    req.on('socket', (s) => s.once('connect', () => clearTimeout(connectTimer)));
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      reject(e);
    });
    req.end();
  });
}

/** Reads a response body, refusing it as soon as it exceeds the cap. */
function readBody(res: http.IncomingMessage, url: string, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      return reject(new UrlRefusedError(url, `the document is ${declared} bytes, more than the ${maxBytes} accepted`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        // Rejected first: destroying the response emits 'aborted' at once.
        reject(new UrlRefusedError(url, `the document is more than the ${maxBytes} bytes accepted`));
        res.destroy();
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    res.on('error', reject);
    res.on('aborted', () => reject(new UrlRefusedError(url, 'the connection was cut before the end of the document')));
  });
}

/**
 * Fetches a document from a URL (see the module comment for every check).
 * @throws {@link UrlRefusedError} with a reason a moderator can act on
 */
export async function fetchDocument(link: string, options: Partial<FetchOptions> = {}): Promise<Fetched> {
  const opts: FetchOptions = { ...DEFAULT_FETCH, ...options, headers: { ...DEFAULT_FETCH.headers, ...options.headers } };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new UrlRefusedError(String(link).slice(0, 200), 'is not a valid URL');
  }
  const signal = AbortSignal.timeout(opts.totalTimeoutMs);
  const firstOrigin = url.origin;
  for (let hop = 0; ; hop++) {
    checkUrl(url, opts);
    let r: Awaited<ReturnType<typeof request>>;
    try {
      // Credentials given for the first host are never sent to another one.
      const o = url.origin === firstOrigin ? opts : { ...opts, headers: {} };
      r = await request(url, o, signal);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EPRIVATE') throw new UrlRefusedError(url.href, `${err.message} (set ALLOW_PRIVATE_URLS=true to allow it)`);
      if (signal.aborted || err.name === 'AbortError' || err.name === 'TimeoutError') throw new UrlRefusedError(url.href, `no complete answer within ${opts.totalTimeoutMs} ms`);
      throw new UrlRefusedError(url.href, `could not be fetched (${err.code ?? err.message})`);
    }
    if ('redirect' in r) {
      if (hop >= opts.maxRedirects) throw new UrlRefusedError(link, `more than ${opts.maxRedirects} redirects`);
      try {
        url = new URL(r.redirect, url);
      } catch {
        throw new UrlRefusedError(url.href, 'redirects to an invalid URL');
      }
      continue;
    }
    const { res } = r;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      res.resume();
      throw new UrlRefusedError(url.href, `the server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
    }
    const mediaType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
    const generic = /^application\/(?:octet-stream|zip|x-zip-compressed)\s*(?:;|$)/i.test(mediaType ?? '');
    const format = formatOfMediaType(mediaType) ?? (generic ? formatOfName(url.pathname) : undefined);
    if (opts.checkType && mediaType && !format) {
      res.resume();
      throw new UrlRefusedError(url.href, `the content type ${mediaType.split(';')[0]} is not a document the corpus reads (a web page, PDF, Word .docx, OpenDocument .odt, Markdown or plain text)`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBody(res, url.href, opts.maxBytes);
    } catch (e) {
      if (signal.aborted) throw new UrlRefusedError(url.href, `no complete answer within ${opts.totalTimeoutMs} ms`);
      if (e instanceof UrlRefusedError) throw e;
      throw new UrlRefusedError(url.href, `could not be read (${(e as Error).message})`);
    }
    return { bytes, ...(mediaType ? { mediaType } : {}), ...(format ? { format } : {}), finalUrl: url.href };
  }
}
