/**
 * A fake Slack for tests, all on 127.0.0.1: the Web API (`/api/<method>`), `response_url` endpoints
 * (`/response/<id>`), and a Socket Mode WebSocket server (`/link/`). Real @slack/bolt talks to it unchanged;
 * only Slack's servers are replaced. It records every call, enforces the Block Kit limits Slack enforces
 * (which bolt does not check), and can inject failures (errors, 429 with Retry-After).
 *
 * Also: helpers to send signed HTTP requests to a bolt HTTP receiver, as Slack does.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMultipart } from '../discord/fake-discord.js';

/** One recorded request to the fake. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response_url` for a response URL post. */
  method: string;
  /** For response URLs: the id in `/response/<id>`. */
  responseId?: string;
  /** Decoded body (form fields with JSON values parsed, or the JSON body). */
  body: Record<string, unknown>;
  /** The `Authorization` header, if any. */
  authorization?: string;
  /** When it arrived (ms since epoch). */
  at: number;
}

/** A user known to the fake's `users.info`. */
export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  locale?: string;
}

/** A failure to inject on the next calls of a method. */
export interface InjectedFailure {
  /** HTTP status (429 for rate limiting); default 200 with `ok: false`. */
  status?: number;
  /** `Retry-After` header, in seconds (with status 429). */
  retryAfter?: number;
  /** Slack error code for `ok: false` answers. */
  error?: string;
  /** How many calls fail (default 1). */
  times?: number;
}

/** Options of {@link FakeSlack.start}. */
export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  users?: Record<string, FakeUser>;
}

/** An envelope sent over Socket Mode and the client's acknowledgement. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/** Problems with a message's blocks, as Slack would report them (empty when valid). */
export function blockProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  blocks.forEach((b: { type?: string; text?: { text?: string }; elements?: { text?: string }[] }, i) => {
    if (b.type === 'section') {
      const t = b.text?.text ?? '';
      if (t.length === 0) problems.push(`block ${i}: empty section text`);
      if (t.length > 3000) problems.push(`block ${i}: section text ${t.length} chars (max 3000)`);
    } else if (b.type === 'context') {
      if (!b.elements || b.elements.length === 0 || b.elements.length > 10) problems.push(`block ${i}: context with ${b.elements?.length ?? 0} elements`);
      for (const e of b.elements ?? []) if (!e.text || e.text.length > 2000) problems.push(`block ${i}: bad context element`);
    } else if (b.type === 'header') {
      const t = b.text?.text ?? '';
      if (t.length === 0 || t.length > 150) problems.push(`block ${i}: header text ${t.length} chars (max 150)`);
    } else if (b.type === 'actions') {
      const els = (b.elements ?? []) as { type?: string; action_id?: string; value?: string; text?: { text?: string } }[];
      if (els.length === 0 || els.length > 25) problems.push(`block ${i}: actions with ${els.length} elements (1 to 25)`);
      const ids = new Set<string>();
      for (const e of els) {
        if (e.type !== 'button') problems.push(`block ${i}: unexpected element ${String(e.type)}`);
        if (!e.action_id || e.action_id.length > 255 || ids.has(e.action_id)) problems.push(`block ${i}: bad or repeated action_id`);
        ids.add(e.action_id ?? '');
        if ((e.value ?? '').length > 2000) problems.push(`block ${i}: button value ${e.value!.length} chars (max 2000)`);
        const t = e.text?.text ?? '';
        if (!t || t.length > 75) problems.push(`block ${i}: button text ${t.length} chars (1 to 75)`);
      }
    } else if (b.type !== 'divider') {
      problems.push(`block ${i}: unexpected type ${String(b.type)}`);
    }
  });
  const total = JSON.stringify(blocks).length;
  if (total > 13_000) problems.push(`blocks ${total} chars in total (Slack rejects near 13k)`);
  return problems;
}

/** The fake Slack server. */
export class FakeSlack {
  /** Every request received, in order. */
  readonly calls: RecordedCall[] = [];
  /** Every envelope acknowledgement received over Socket Mode. */
  readonly acks: SocketAck[] = [];
  /** Files uploaded to the external upload URLs, by file id. */
  readonly uploads = new Map<string, Buffer>();
  /** Number of Socket Mode connections ever accepted. */
  socketConnections = 0;
  readonly botToken: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly users: Record<string, FakeUser>;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly failures = new Map<string, InjectedFailure & { times: number }>();
  private readonly waiters: { pred: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private readonly ackWaiters = new Map<string, (a: SocketAck) => void>();
  private ts = 1_700_000_000;
  private envelopes = 0;
  private port = 0;

  private constructor(opts: FakeSlackOptions) {
    this.botToken = opts.botToken ?? 'xoxb-test-token';
    this.appToken = opts.appToken ?? 'xapp-test-token';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.teamId = opts.teamId ?? 'T0001';
    this.users = opts.users ?? {};
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  /** Starts a fake on 127.0.0.1 (random port). */
  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const f = new FakeSlack(opts);
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.port = (f.server.address() as AddressInfo).port;
    return f;
  }

  /** Base URL of the fake Web API (for `SLACK_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A `response_url` pointing at the fake. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${encodeURIComponent(id)}`;
  }

  /**
   * Hosts a file as Slack does for a file shared in a message: served at `url_private_download` to the bot
   * token only (calls recorded as method `file_download`). Returns the file object of a `file_share` event.
   */
  addFile(name: string, bytes: Uint8Array, mimetype: string, declaredSize?: number): { id: string; name: string; mimetype: string; size: number; url_private: string; url_private_download: string } {
    const id = `F${(++this.fileCount).toString().padStart(8, '0')}`;
    const path = `/files-pri/${this.teamId}-${id}/download/${encodeURIComponent(name)}`;
    this.files.set(path, { bytes: Buffer.from(bytes), type: mimetype });
    const url = `http://127.0.0.1:${this.port}${path}`;
    return { id, name, mimetype, size: declaredSize ?? bytes.length, url_private: url, url_private_download: url };
  }

  private readonly files = new Map<string, { bytes: Buffer; type: string }>();
  private fileCount = 0;

  /** Makes the next `times` calls of `method` (or `response_url`) fail. */
  fail(method: string, failure: InjectedFailure): void {
    this.failures.set(method, { ...failure, times: failure.times ?? 1 });
  }

  /** Calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) matching `pred`; rejects after `timeoutMs`. */
  waitForCall(pred: (c: RecordedCall) => boolean, timeoutMs = 3000): Promise<RecordedCall> {
    const past = this.calls.find(pred);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (c: RecordedCall) => {
          clearTimeout(timer);
          resolve(c);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`FakeSlack: no matching call within ${timeoutMs} ms (calls: ${this.calls.map((c) => c.method).join(', ')})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits until `n` Socket Mode connections have been accepted in total. */
  async waitForSocketConnections(n: number, timeoutMs = 3000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.socketConnections < n || this.sockets.size === 0) {
      if (Date.now() > end) throw new Error(`FakeSlack: ${this.socketConnections} socket connections, wanted ${n}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Sends a Socket Mode envelope on the live connection and resolves with the client's acknowledgement.
   */
  sendEnvelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, timeoutMs = 3000): Promise<SocketAck> {
    const ws = [...this.sockets].at(-1);
    if (!ws) return Promise.reject(new Error('FakeSlack: no socket connection'));
    const envelope_id = `env-${++this.envelopes}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ackWaiters.delete(envelope_id);
        reject(new Error(`FakeSlack: envelope ${envelope_id} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ackWaiters.set(envelope_id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    });
  }

  /** Asks every Socket Mode client to reconnect (Slack's `disconnect` message). */
  sendDisconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } }));
  }

  /** Stops the fake (closing every socket). */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.socketConnections++;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: SocketAck;
      try {
        msg = JSON.parse(String(data)) as SocketAck;
      } catch {
        return;
      }
      if (!msg.envelope_id) return;
      this.acks.push(msg);
      this.ackWaiters.get(msg.envelope_id)?.(msg);
      this.ackWaiters.delete(msg.envelope_id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'AFAKE' } }));
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.pred(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const body = decodeBody(raw, req.headers['content-type']);
    const authorization = req.headers.authorization;

    if (url.pathname.startsWith('/upload/')) {
      // The external upload URL of files.getUploadURLExternal: the file's bytes, as sent.
      const fileId = decodeURIComponent(url.pathname.slice('/upload/'.length));
      let bytes: Buffer = Buffer.concat(chunks);
      const type = String(req.headers['content-type'] ?? '');
      if (type.startsWith('multipart/form-data')) bytes = parseMultipart(bytes, type).find((p) => p.filename !== undefined)?.data ?? Buffer.alloc(0);
      this.uploads.set(fileId, bytes);
      this.record({ method: 'file_upload', responseId: fileId, body: { length: bytes.length }, authorization, at: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`OK - ${bytes.length}`);
    }

    if (url.pathname.startsWith('/response/')) {
      const responseId = decodeURIComponent(url.pathname.slice('/response/'.length));
      this.record({ method: 'response_url', responseId, body, authorization, at: Date.now() });
      const failure = this.takeFailure('response_url');
      if (failure) return json(failure.status ?? 404, { ok: false, error: failure.error ?? 'expired_url' }, retryHeader(failure));
      const problems = blockProblems(body.blocks);
      if (problems.length > 0) return json(400, { ok: false, error: 'invalid_blocks', problems });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok');
    }

    const file = this.files.get(url.pathname);
    if (file) {
      this.record({ method: 'file_download', body: { path: url.pathname }, authorization, at: Date.now() });
      if (authorization !== `Bearer ${this.botToken}`) {
        res.writeHead(302, { location: 'https://fake.slack.test/login' }); // what Slack does without the token
        return void res.end();
      }
      res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) });
      return void res.end(file.bytes);
    }
    if (!url.pathname.startsWith('/api/')) return json(404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    this.record({ method, body, authorization, at: Date.now() });
    const failure = this.takeFailure(method);
    if (failure) {
      return json(failure.status ?? 200, { ok: false, error: failure.error ?? (failure.status === 429 ? 'ratelimited' : 'internal_error') }, retryHeader(failure));
    }
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? String(body.token ?? '');
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token !== expected) return json(200, { ok: false, error: 'invalid_auth' });

    switch (method) {
      case 'auth.test':
        return json(200, {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'quotebot',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        });
      case 'apps.connections.open':
        return json(200, { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=t${this.socketConnections + 1}` });
      case 'users.info': {
        const id = String(body.user ?? '');
        const u = this.users[id];
        if (!u) return json(200, { ok: false, error: 'user_not_found' });
        return json(200, { ok: true, user: { id, team_id: this.teamId, name: id.toLowerCase(), is_admin: false, is_owner: false, is_bot: false, ...u } });
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (!body.channel) return json(200, { ok: false, error: 'channel_not_found' });
        if (!body.text && !body.blocks) return json(200, { ok: false, error: 'no_text' });
        const problems = blockProblems(body.blocks);
        if (problems.length > 0) return json(200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
        const ts = `${++this.ts}.000100`;
        return method === 'chat.postMessage'
          ? json(200, { ok: true, channel: body.channel, ts, message: { text: body.text, ts, bot_id: this.botId } })
          : json(200, { ok: true, message_ts: ts });
      }
      case 'files.getUploadURLExternal': {
        if (!body.filename || !Number(body.length)) return json(200, { ok: false, error: 'invalid_arguments' });
        const fileId = `F${++this.ts}`;
        return json(200, { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : []) as { id: string; title?: string }[];
        if (!files.length || files.some((f) => !this.uploads.has(f.id))) return json(200, { ok: false, error: 'file_not_found' });
        if (String(body.channel_id ?? '').startsWith('CNOTIN')) return json(200, { ok: false, error: 'not_in_channel' });
        return json(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) });
      }
      case 'views.publish': {
        const view = body.view as { type?: string; blocks?: unknown } | undefined;
        if (!body.user_id || view?.type !== 'home') return json(200, { ok: false, error: 'invalid_arguments' });
        const problems = blockProblems(view.blocks);
        if (problems.length > 0) return json(200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
        return json(200, { ok: true, view: { id: 'V1', type: 'home' } });
      }
      default:
        return json(200, { ok: false, error: 'unknown_method' });
    }
  }

  private takeFailure(method: string): InjectedFailure | undefined {
    const f = this.failures.get(method);
    if (!f) return undefined;
    if (--f.times <= 0) this.failures.delete(method);
    return f;
  }
}

function retryHeader(f: InjectedFailure): Record<string, string> {
  return f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
}

/** Decodes a Web API body: form fields (JSON-valued fields parsed) or JSON. */
function decodeBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { _raw: raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON: keep the string
      }
    }
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Signed requests, as Slack sends them to an HTTP receiver.

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Options of {@link postSigned}. */
export interface SignedPostOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Override the signature (to send a bad one). */
  signature?: string;
  /** Extra headers (`x-slack-retry-num`…). */
  headers?: Record<string, string>;
}

/** The HTTP answer to a signed request. */
export interface PostResult {
  status: number;
  text: string;
  /** Milliseconds until the answer arrived. */
  ms: number;
}

/** POSTs `body` to `url`, signed with `signingSecret` like Slack does. */
export async function postSigned(
  url: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  signingSecret: string,
  opts: SignedPostOptions = {},
): Promise<PostResult> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? slackSignature(signingSecret, ts, body),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** Fields of a slash command request. */
export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  channel_id?: string;
  response_url: string;
  team_id?: string;
}

/** The form body of a slash command request. */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: f.team_id ?? 'T0001',
    team_domain: 'fake',
    channel_id: f.channel_id ?? 'C0001',
    channel_name: 'general',
    user_id: f.user_id,
    user_name: f.user_id.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'AFAKE',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** The payload of a slash command (the same fields, as an object, for Socket Mode envelopes). */
export function slashCommandPayload(f: SlashCommandFields): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(slashCommandBody(f)));
}

/** An Events API `event_callback` body around `event`. */
export function eventCallback(event: Record<string, unknown>, teamId = 'T0001', botUserId = 'UBOT'): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'AFAKE',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** Fields of a `block_actions` interaction (a click on a button). */
export interface BlockActionFields {
  user_id: string;
  action_id: string;
  value: string;
  response_url: string;
  /** Whether the clicked message is ephemeral. */
  ephemeral?: boolean;
  channel_id?: string;
  team_id?: string;
}

/** The `block_actions` payload Slack sends when a button is clicked. */
export function blockActionsPayload(f: BlockActionFields): Record<string, unknown> {
  const team = f.team_id ?? 'T0001';
  const channel = f.channel_id ?? 'C0001';
  return {
    type: 'block_actions',
    user: { id: f.user_id, username: f.user_id.toLowerCase(), name: f.user_id.toLowerCase(), team_id: team },
    api_app_id: 'AFAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: f.ephemeral ?? false },
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    team: { id: team, domain: 'fake' },
    is_enterprise_install: false,
    channel: { id: channel, name: 'general' },
    response_url: f.response_url,
    actions: [
      {
        type: 'button',
        action_id: f.action_id,
        block_id: `b${Math.random().toString(36).slice(2, 8)}`,
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: f.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

/** The form body of a `block_actions` request over HTTP (`payload=<json>`). */
export function blockActionsBody(f: BlockActionFields): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(f)) }).toString();
}
