/**
 * A local fake of Discord for tests: the REST API routes the bot uses and the gateway WebSocket (hello,
 * identify, ready, guild create, heartbeat and ACK, resume with replay), on 127.0.0.1 only. The real
 * discord.js client talks to it unchanged, pointed at it with `rest.api` (see
 * `../shared/notes/platform-testing.md`).
 *
 * It enforces Discord's message and embed limits (rejecting what Discord would, with Discord's error
 * shapes) and offers fault injection: stop acknowledging heartbeats, answer 429 with `retry_after`, answer
 * 10062 "Unknown interaction", hold a request in transit (a slow network) before Discord handles it.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

/** One REST request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix and without the query string, `@` decoded. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** `Date.now()` when received. */
  at: number;
  /** HTTP status the fake answered (0 while it holds the request, see {@link RestFault}). */
  status: number;
  /** The client went away while the request was held in transit: it never reached "Discord". */
  dropped?: boolean;
  /** Files of a multipart request. */
  files?: FakeFile[];
}

/** A message the fake accepted (interaction reply, edit, follow-up or channel message). */
export interface FakeMessage {
  id: string;
  /** How it was sent. */
  via: 'callback' | 'edit' | 'followup' | 'channel';
  /** Interaction id (callbacks) or channel id. */
  target: string;
  /** Callback type (4 reply, 5 deferred reply) for callbacks. */
  callbackType?: number;
  content?: string;
  embeds: any[];
  flags: number;
  allowed_mentions?: any;
  message_reference?: any;
  /** Message components (action rows of buttons). */
  components?: any[];
  /** Autocomplete choices (callback type 8). */
  choices?: any[];
  at: number;
  /** Files attached (multipart uploads), with their bytes. */
  files?: FakeFile[];
}

/** A file uploaded with a message. */
export interface FakeFile {
  /** Form field name (`files[0]`). */
  field: string;
  filename: string;
  contentType?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (headers and bytes), from the raw bytes. */
export function parseMultipart(body: Buffer, contentType: string): { name: string; filename?: string; contentType?: string; data: Buffer }[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) return [];
  const delim = Buffer.from(`--${boundary}`);
  const parts: { name: string; filename?: string; contentType?: string; data: Buffer }[] = [];
  let at = body.indexOf(delim);
  while (at >= 0) {
    const start = at + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF
    const sep = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, sep).toString('utf8');
    const data = part.subarray(sep + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const ct = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), ...(ct ? { contentType: ct } : {}), data });
    at = next;
  }
  return parts;
}

/** One fault to inject on the next matching REST request. */
export interface RestFault {
  /** Which requests it applies to: method and a path test. */
  method?: string;
  path: RegExp;
  /**
   * `429` with `retryAfter` seconds, a Discord JSON error, or `delay`: the request is held `delayMs` as if
   * still in transit, then handled normally, unless the client closed the connection meanwhile (then it is
   * dropped, unhandled, as a request that never arrived).
   */
  kind: 'rate_limit' | 'unknown_interaction' | 'delay';
  retryAfter?: number;
  /** For `delay`: how long the request is held, in ms. */
  delayMs?: number;
  /** How many requests it applies to (default 1). */
  times?: number;
}

/** A user as the fake sends it. */
export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

/** Options of {@link FakeDiscord}. */
export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUser?: FakeUser;
  /** Guilds announced in READY and created with GUILD_CREATE. */
  guildIds?: string[];
  /** Heartbeat interval sent in HELLO (ms). */
  heartbeatInterval?: number;
  /** Shards recommended by `GET /gateway/bot`. */
  shards?: number;
  /** Extra roles of every guild (besides @everyone), announced in GUILD_CREATE. */
  roles?: { id: string; name: string; permissions?: string }[];
}

/** Options of a chat-input interaction sent by {@link FakeDiscord.slashCommand}. */
export interface SlashOptions {
  name: string;
  /** Top-level options, or the options of `subcommand`. */
  options?: { name: string; type: number; value: string | boolean | number }[];
  subcommand?: string;
  user?: FakeUser;
  /** In a guild (default) or a DM. */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  /** Member permission bitfield (decimal string); default: none beyond viewing. */
  permissions?: string;
  roles?: string[];
  locale?: string;
  /** Shard to send it to (default 0). */
  shard?: number;
  /** `data.resolved` (attachments of attachment options, see {@link FakeDiscord.addAttachment}). */
  resolved?: Record<string, unknown>;
  /** Installed by the user on their account (user install) rather than in the server (guild install). */
  userInstalled?: boolean;
  /** In a private channel (a group DM or a DM between users: interaction context 2), where the bot is not. */
  privateChannel?: boolean;
}

/** Discord's application-command option types used here. */
export const OptionType = { Subcommand: 1, String: 3, Boolean: 5, Attachment: 11 } as const;

/** The message flag of an ephemeral message (only the asker sees it). */
const EPHEMERAL_FLAG = 64;

/** Discord's limits, as the fake enforces them. */
export const LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, embeds: 10 };

interface GatewaySession {
  id: string;
  shard: [number, number];
  seq: number;
  /** Every dispatch sent, for resume replay. */
  sent: { s: number; payload: string }[];
  ws: WebSocket | null;
}

let snowflakeCounter = 0n;
/** A unique, plausible snowflake. */
export function snowflake(): string {
  snowflakeCounter++;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + snowflakeCounter);
}

/**
 * Validates message components the way Discord does (action rows of at most 5 buttons, custom ids of at
 * most 100 characters, unique in the message, labels of at most 80); returns the error body or null.
 */
export function validateComponents(rows: unknown): { code: number; message: string } | null {
  if (rows === undefined || rows === null) return null;
  const bad = (message: string) => ({ code: 50035, message: `Invalid Form Body: components: ${message}` });
  if (!Array.isArray(rows) || rows.length > 5) return bad('at most 5 action rows');
  const ids = new Set<string>();
  for (const row of rows as any[]) {
    if (row?.type !== 1 || !Array.isArray(row.components) || row.components.length < 1 || row.components.length > 5) return bad('an action row holds 1 to 5 components');
    for (const c of row.components) {
      if (c?.type !== 2) return bad('only buttons are expected');
      if (typeof c.custom_id !== 'string' || c.custom_id.length < 1 || c.custom_id.length > 100) return bad('custom_id of 1 to 100 characters');
      if (ids.has(c.custom_id)) return bad('custom_id must be unique');
      ids.add(c.custom_id);
      if (c.label !== undefined && (typeof c.label !== 'string' || c.label.length > 80)) return bad('label of at most 80 characters');
      if (!c.label && !c.emoji) return bad('a button needs a label or an emoji');
    }
  }
  return null;
}

/** Validates a message body the way Discord does; returns the error body or null. */
export function validateMessage(body: any, requireSomething = true): { code: number; message: string; errors?: unknown } | null {
  const errors: Record<string, string> = {};
  const content: unknown = body?.content;
  const embeds: any[] = Array.isArray(body?.embeds) ? body.embeds : [];
  if (typeof content === 'string' && content.length > LIMITS.content) errors.content = `Must be ${LIMITS.content} or fewer in length.`;
  if (embeds.length > LIMITS.embeds) errors.embeds = `Must be ${LIMITS.embeds} or fewer in length.`;
  let total = 0;
  embeds.forEach((e, i) => {
    const len = (s: unknown) => (typeof s === 'string' ? s.length : 0);
    if (len(e.title) > LIMITS.title) errors[`embeds.${i}.title`] = `Must be ${LIMITS.title} or fewer in length.`;
    if (len(e.description) > LIMITS.description) errors[`embeds.${i}.description`] = `Must be ${LIMITS.description} or fewer in length.`;
    if (len(e.footer?.text) > LIMITS.footer) errors[`embeds.${i}.footer.text`] = 'too long';
    if (len(e.author?.name) > LIMITS.author) errors[`embeds.${i}.author.name`] = 'too long';
    const fields: any[] = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > LIMITS.fields) errors[`embeds.${i}.fields`] = `Must be ${LIMITS.fields} or fewer in length.`;
    fields.forEach((f, j) => {
      if (!f.name || len(f.name) > LIMITS.fieldName) errors[`embeds.${i}.fields.${j}.name`] = 'invalid length';
      if (!f.value || len(f.value) > LIMITS.fieldValue) errors[`embeds.${i}.fields.${j}.value`] = 'invalid length';
    });
    if (typeof e.url === 'string' && !/^https?:\/\/\S+$/.test(e.url)) errors[`embeds.${i}.url`] = 'Not a well formed URL.';
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    total += fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
  });
  if (total > LIMITS.total) errors.embeds = `Embed size exceeds maximum size of ${LIMITS.total}`;
  if (Object.keys(errors).length > 0) return { code: 50035, message: 'Invalid Form Body', errors };
  if (requireSomething && !(typeof content === 'string' && content.length > 0) && embeds.length === 0) {
    return { code: 50006, message: 'Cannot send an empty message' };
  }
  return null;
}

/**
 * The fake Discord: one HTTP server (REST under `/api/v10`, gateway WebSocket under `/gateway`).
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly guildIds: string[];
  readonly channelId = snowflake();
  heartbeatInterval: number;
  shards: number;
  readonly roles: { id: string; name: string; permissions?: string }[];
  /** Whether heartbeats are acknowledged (set false to make the client see a zombie connection). */
  ackHeartbeats = true;
  /** Every REST request received. */
  readonly requests: RecordedRequest[] = [];
  /** Every message accepted. */
  readonly messages: FakeMessage[] = [];
  /** Interaction id of each interaction token (an edit of `@original` names the token). */
  private readonly interactionIds = new Map<string, string>();
  /** Every message rejected (with Discord's error). */
  readonly rejected: { path: string; body: any; error: unknown }[] = [];
  /** Registered commands by scope (`global` or a guild id). */
  readonly commands = new Map<string, any[]>();
  /** Gateway events (identify, resume, heartbeat, connection) in order, for assertions. */
  readonly gatewayLog: { op: string; at: number; shard?: number }[] = [];
  private readonly faults: RestFault[] = [];
  /** Ids of the component interactions sent (they may be answered with an update, types 6 and 7). */
  private readonly componentInteractions = new Set<string>();
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private port = 0;
  private readonly waiters = new Set<() => void>();
  /** Files served on the fake CDN (`/attachments/ID/NAME`), as uploaded attachments are. */
  private readonly files = new Map<string, { bytes: Buffer; type: string }>();

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'fake-token';
    this.applicationId = opts.applicationId ?? snowflake();
    this.botUser = opts.botUser ?? { id: this.applicationId, username: 'QuoteBot', bot: true };
    this.guildIds = opts.guildIds ?? [snowflake()];
    this.heartbeatInterval = opts.heartbeatInterval ?? 250;
    this.shards = opts.shards ?? 1;
    this.roles = opts.roles ?? [];
    this.server = http.createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  /** Listens on 127.0.0.1 (a free port). */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** REST base for discord.js `rest.api` / `DISCORD_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Gateway URL announced by `GET /gateway/bot`. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** The first guild. */
  get guildId(): string {
    return this.guildIds[0]!;
  }

  /** Shuts everything down. */
  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds a REST fault (applies to the next matching request(s)). */
  injectFault(f: RestFault): void {
    this.faults.push({ times: 1, ...f });
  }

  /** Open gateway connections. */
  get connections(): number {
    return [...this.sessions.values()].filter((s) => s.ws && s.ws.readyState === WebSocket.OPEN).length;
  }

  /** Resolves when `check()` returns a truthy value (re-checked on every request and gateway event). */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(tick);
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const tick = () => {
        const v = check();
        if (v) {
          clearTimeout(timer);
          this.waiters.delete(tick);
          resolve(v);
        }
      };
      this.waiters.add(tick);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  // ---------------------------------------------------------------- gateway

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.gatewayLog.push({ op: 'connect', at: Date.now() });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
    let session: GatewaySession | null = null;
    ws.on('message', (raw) => {
      let msg: any;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return ws.close(4002, 'Decode error');
      }
      switch (msg.op) {
        case 1: // heartbeat
          this.gatewayLog.push({ op: 'heartbeat', at: Date.now(), shard: session?.shard[0] });
          if (this.ackHeartbeats) this.send(ws, { op: 11, d: null, s: null, t: null });
          break;
        case 2: {
          // identify
          if (msg.d?.token !== this.token) return ws.close(4004, 'Authentication failed');
          const shard: [number, number] = Array.isArray(msg.d.shard) ? msg.d.shard : [0, 1];
          session = { id: randomBytes(8).toString('hex'), shard, seq: 0, sent: [], ws };
          this.sessions.set(session.id, session);
          this.gatewayLog.push({ op: 'identify', at: Date.now(), shard: shard[0] });
          const guilds = this.guildIds.filter((g) => this.shardOf(g, shard[1]) === shard[0]);
          this.dispatchTo(session, 'READY', {
            v: 10,
            session_id: session.id,
            resume_gateway_url: this.gatewayUrl,
            shard,
            user: { ...this.userObject(this.botUser), bot: true },
            guilds: guilds.map((id) => ({ id, unavailable: true })),
            application: { id: this.applicationId, flags: 0 },
          });
          for (const g of guilds) this.dispatchTo(session, 'GUILD_CREATE', this.guildObject(g));
          break;
        }
        case 6: {
          // resume
          const s = this.sessions.get(msg.d?.session_id);
          if (!s || msg.d?.token !== this.token) {
            this.send(ws, { op: 9, d: false, s: null, t: null });
            break;
          }
          session = s;
          s.ws = ws;
          this.gatewayLog.push({ op: 'resume', at: Date.now(), shard: s.shard[0] });
          for (const e of s.sent) if (e.s > Number(msg.d.seq ?? 0)) ws.send(e.payload);
          this.dispatchTo(s, 'RESUMED', {});
          break;
        }
        default:
          break;
      }
      this.notify();
    });
    ws.on('close', () => {
      if (session && session.ws === ws) session.ws = null;
      this.gatewayLog.push({ op: 'close', at: Date.now(), shard: session?.shard[0] });
      this.notify();
    });
  }

  private shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  /** Sends a dispatch to a session (buffered for replay if its connection is down). */
  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq++;
    const payload = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.sent.push({ s: session.seq, payload });
    if (session.ws && session.ws.readyState === WebSocket.OPEN) session.ws.send(payload);
  }

  /** Sends a dispatch event to the latest session of `shard` (queued for replay if disconnected). */
  dispatch(t: string, d: unknown, shard = 0): void {
    const s = [...this.sessions.values()].filter((x) => x.shard[0] === shard).pop();
    if (!s) throw new Error(`FakeDiscord: no gateway session for shard ${shard}`);
    this.dispatchTo(s, t, d);
  }

  /** Closes the gateway connection of `shard` from the server side with `code`. */
  dropConnection(shard = 0, code = 4000): void {
    for (const s of this.sessions.values()) if (s.shard[0] === shard && s.ws) s.ws.close(code, 'fake drop');
  }

  /** A guild member as interactions carry it (permissions: a bit field as a string; 1024 = View Channels). */
  private memberObject(u: FakeUser, roles: string[] = [], permissions = '1024') {
    return {
      user: this.userObject(u),
      roles,
      permissions,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private userObject(u: FakeUser) {
    return { id: u.id, username: u.username, discriminator: '0', global_name: u.username, avatar: null, bot: u.bot ?? false };
  }

  private guildObject(id: string) {
    return {
      id,
      name: `Guild ${id.slice(-4)}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id, name: '@everyone', permissions: '1024' }, ...this.roles].map((r, position) => ({
        permissions: '1024',
        ...r,
        position,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
        icon: null,
        unicode_emoji: null,
      })),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'fr',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: [{ id: this.channelId, type: 0, guild_id: id, name: 'general', position: 0, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, parent_id: null, rate_limit_per_user: 0 }],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------- events the tests send

  /**
   * Sends an `INTERACTION_CREATE` for a chat-input command. Returns its id and token; the bot's answers
   * appear in {@link FakeDiscord.messages} with `target` = id (callback) or via the webhook routes.
   */
  slashCommand(o: SlashOptions): { id: string; token: string } {
    const id = snowflake();
    const token = `itok-${randomBytes(6).toString('hex')}`;
    this.interactionIds.set(token, id);
    const user = o.user ?? { id: snowflake(), username: 'alice' };
    const guildId = o.dm || o.privateChannel ? undefined : (o.guildId ?? this.guildId);
    const options = o.subcommand ? [{ name: o.subcommand, type: OptionType.Subcommand, options: o.options ?? [] }] : (o.options ?? []);
    const channelId = o.channelId ?? (o.dm || o.privateChannel ? snowflake() : this.channelId);
    const d: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type: 2,
      token,
      version: 1,
      channel_id: channelId,
      channel: o.privateChannel
        ? { id: channelId, type: 3, name: null, recipients: [] }
        : o.dm
          ? { id: channelId, type: 1 }
          : { id: channelId, type: 0, guild_id: guildId, name: 'general' },
      data: { id: snowflake(), name: o.name, type: 1, options, ...(o.resolved ? { resolved: o.resolved } : {}) },
      locale: o.locale ?? 'en-US',
      app_permissions: '2147483647',
      entitlements: [],
      authorizing_integration_owners: guildId && !o.userInstalled ? { 0: guildId } : { 1: user.id },
      context: o.privateChannel ? 2 : o.dm ? 1 : 0,
      attachment_size_limit: 8388608,
    };
    if (guildId) {
      d.guild_id = guildId;
      d.guild_locale = 'fr';
      d.member = this.memberObject(user, o.roles, o.permissions);
    } else {
      d.user = this.userObject(user);
    }
    this.dispatch('INTERACTION_CREATE', d, o.shard ?? 0);
    return { id, token };
  }

  /**
   * Stores a file as an uploaded attachment, served at its `url` on this fake's HTTP server; returns the
   * attachment object for `resolved.attachments` (pass `type: OptionType.Attachment, value: id` as option).
   */
  addAttachment(filename: string, bytes: Uint8Array, contentType: string, declaredSize?: number): { id: string; filename: string; size: number; url: string; proxy_url: string; content_type: string } {
    const id = snowflake();
    const path = `/attachments/${id}/${encodeURIComponent(filename)}`;
    this.files.set(path, { bytes: Buffer.from(bytes), type: contentType });
    const url = `http://127.0.0.1:${this.port}${path}`;
    return { id, filename, size: declaredSize ?? bytes.length, url, proxy_url: url, content_type: contentType };
  }

  /** Sends an autocomplete interaction (type 4) for a subcommand option being typed. */
  autocomplete(o: SlashOptions & { focused: string; value: string }): { id: string; token: string } {
    return this.interaction(4, o, { focused: o.focused, value: o.value });
  }

  /** Sends a button press (type 3) on a message the bot sent, with the button's custom id. */
  button(o: Omit<SlashOptions, 'name' | 'options' | 'subcommand'> & { customId: string }): { id: string; token: string } {
    return this.interaction(3, { ...o, name: '' }, undefined, o.customId);
  }

  private interaction(type: 3 | 4, o: SlashOptions, focus?: { focused: string; value: string }, customId?: string): { id: string; token: string } {
    const id = snowflake();
    const token = `itok-${randomBytes(6).toString('hex')}`;
    this.interactionIds.set(token, id);
    const user = o.user ?? { id: snowflake(), username: 'alice' };
    const guildId = o.dm ? undefined : (o.guildId ?? this.guildId);
    const channelId = o.channelId ?? (o.dm ? snowflake() : this.channelId);
    let data: Record<string, unknown>;
    if (type === 3) data = { custom_id: customId, component_type: 2 };
    else {
      const inner = [...(o.options ?? []).filter((x) => x.name !== focus!.focused), { name: focus!.focused, type: OptionType.String, value: focus!.value, focused: true }];
      data = { id: snowflake(), name: o.name, type: 1, options: o.subcommand ? [{ name: o.subcommand, type: OptionType.Subcommand, options: inner }] : inner };
    }
    const d: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      channel_id: channelId,
      channel: o.dm ? { id: channelId, type: 1 } : { id: channelId, type: 0, guild_id: guildId, name: 'general' },
      data,
      locale: o.locale ?? 'en-US',
      app_permissions: '2147483647',
      entitlements: [],
      authorizing_integration_owners: guildId ? { 0: guildId } : { 1: user.id },
      context: o.dm ? 1 : 0,
    };
    if (type === 3) {
      this.componentInteractions.add(id);
      d.message = this.messageObject({ id: snowflake(), via: 'callback', target: id, embeds: [], flags: 64, at: Date.now() }, channelId);
    }
    if (guildId) {
      d.guild_id = guildId;
      d.guild_locale = 'fr';
      d.member = this.memberObject(user, o.roles, o.permissions);
    } else d.user = this.userObject(user);
    this.dispatch('INTERACTION_CREATE', d, o.shard ?? 0);
    return { id, token };
  }

  /** Sends a `MESSAGE_CREATE` (a channel message, or a DM with `dm: true`). Returns the message id. */
  message(o: { content: string; mentionBot?: boolean; user?: FakeUser; dm?: boolean; mentions?: FakeUser[]; shard?: number }): { id: string; channelId: string } {
    const id = snowflake();
    const user = o.user ?? { id: snowflake(), username: 'bob' };
    const channelId = o.dm ? snowflake() : this.channelId;
    const mentions = [...(o.mentions ?? []), ...(o.mentionBot ? [this.botUser] : [])].map((u) => this.userObject(u));
    const d: Record<string, unknown> = {
      id,
      type: 0,
      channel_id: channelId,
      channel_type: o.dm ? 1 : 0,
      author: this.userObject(user),
      content: o.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@everyone|@here/.test(o.content),
      mentions,
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      flags: 0,
      components: [],
    };
    if (!o.dm) {
      d.guild_id = this.guildId;
      d.member = { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
    }
    this.dispatch('MESSAGE_CREATE', d, o.shard ?? 0);
    return { id, channelId };
  }

  /**
   * Sends an `INTERACTION_CREATE` for a click on a button (`type: 3`) of `message` (one the bot sent, as
   * the fake recorded it: its flags, embeds and components go with the click, as Discord sends them).
   */
  buttonClick(o: { message: FakeMessage; customId: string; user?: FakeUser; locale?: string; shard?: number }): { id: string; token: string } {
    const id = snowflake();
    const token = `itok-${randomBytes(6).toString('hex')}`;
    const user = o.user ?? { id: snowflake(), username: 'alice' };
    const guildId = this.guildId;
    this.componentInteractions.add(id);
    const d: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type: 3,
      token,
      version: 1,
      guild_id: guildId,
      guild_locale: 'fr',
      channel_id: this.channelId,
      channel: { id: this.channelId, type: 0, guild_id: guildId, name: 'general' },
      data: { custom_id: o.customId, component_type: 2 },
      message: this.messageObject(o.message, this.channelId),
      member: this.memberObject(user),
      locale: o.locale ?? 'en-US',
      app_permissions: '2147483647',
      entitlements: [],
      authorizing_integration_owners: { 0: guildId },
      context: 0,
      attachment_size_limit: 8388608,
    };
    this.dispatch('INTERACTION_CREATE', d, o.shard ?? 0);
    return { id, token };
  }

  /** Messages for one interaction (its callback, then edits and follow-ups), in order. */
  messagesFor(interaction: { id: string; token: string }): FakeMessage[] {
    return this.messages.filter((m) => m.target === interaction.id || m.target === interaction.token);
  }

  /** Waits until the interaction has a final visible answer (a type-4 reply, or an edit after a deferral). */
  async answerFor(interaction: { id: string; token: string }, timeoutMs = 3000): Promise<FakeMessage> {
    return this.waitFor(
      () => {
        const ms = this.messagesFor(interaction);
        // An edit with flags -1 is the deletion of the original response (before an ephemeral follow-up).
        return ms.find((m) => (m.via === 'callback' && (m.callbackType === 4 || m.callbackType === 7)) || (m.via === 'edit' && m.flags !== -1) || m.via === 'followup');
      },
      timeoutMs,
      `an answer to interaction ${interaction.id}`,
    );
  }

  // ---------------------------------------------------------------- REST

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBytes = Buffer.concat(chunks);
    const raw = rawBytes.toString('utf8');
    let files: FakeFile[] = [];
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    let body: any = undefined;
    if (raw) {
      const type = String(req.headers['content-type'] ?? '');
      if (type.startsWith('multipart/form-data')) {
        const m = raw.match(/name="payload_json"[^\n]*\r?\n(?:[^\n]*\r?\n)?\r?\n([\s\S]*?)\r?\n--/);
        body = m ? JSON.parse(m[1]!) : raw;
        files = parseMultipart(rawBytes, type)
          .filter((p) => p.filename !== undefined)
          .map((p) => ({ field: p.name, filename: p.filename!, contentType: p.contentType, data: p.data }));
      } else {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, at: Date.now(), status: 0, files };
    const file = req.method === 'GET' ? this.files.get(url.pathname) : undefined;
    if (file) {
      this.requests.push({ ...rec, status: 200 });
      res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    this.requests.push(rec);
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, json === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
      this.notify();
    };
    try {
      const fault = this.faults.find((f) => (!f.method || f.method === rec.method) && f.path.test(path));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
        if (fault.kind === 'delay') {
          let gone = false;
          res.once('close', () => (gone = true));
          this.notify();
          await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
          if (gone || req.socket.destroyed) {
            rec.dropped = true;
            this.notify();
            return;
          }
          return this.route(rec, reply);
        }
        if (fault.kind === 'rate_limit') {
          const ra = fault.retryAfter ?? 0.5;
          return reply(429, { message: 'You are being rate limited.', retry_after: ra, global: false }, { 'retry-after': String(ra), 'x-ratelimit-scope': 'user' });
        }
        return reply(404, { message: 'Unknown interaction', code: 10062 });
      }
      this.route(rec, reply);
    } catch (e) {
      reply(500, { message: String(e), code: 0 });
    }
  }

  private authorized(rec: RecordedRequest): boolean {
    return rec.headers.authorization === `Bot ${this.token}`;
  }

  private route(rec: RecordedRequest, reply: (status: number, json?: unknown, headers?: Record<string, string>) => void): void {
    const { method, path, body } = rec;
    let m: RegExpMatchArray | null;
    const unauthorized = () => reply(401, { message: '401: Unauthorized', code: 0 });
    const invalid = (err: unknown) => {
      this.rejected.push({ path, body, error: err });
      reply(400, err);
    };
    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      if (path === '/gateway/bot' && !this.authorized(rec)) return unauthorized();
      return reply(200, {
        url: this.gatewayUrl,
        shards: this.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') {
      if (!this.authorized(rec)) return unauthorized();
      return reply(200, this.userObject(this.botUser));
    }
    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const [, id] = m;
      const data = body?.data ?? {};
      if (body?.type === 4 || body?.type === 7) {
        const err = validateMessage(data, body.type === 4) ?? validateComponents(data.components);
        if (err) return invalid(err);
      }
      if (body?.type === 7) {
        const err = validateMessage(data, false);
        if (err) return invalid(err);
      }
      if (![4, 5, 6, 7, 8].includes(body?.type)) return invalid({ code: 50035, message: 'Invalid Form Body' });
      if ((body.type === 6 || body.type === 7) && !this.componentInteractions.has(id!)) return invalid({ code: 50035, message: 'Invalid interaction response type for this interaction' });
      if (body.type === 8 && (!Array.isArray(data.choices) || data.choices.length > 25 || data.choices.some((c: any) => !c.name || c.name.length > 100 || String(c.value).length > 100))) {
        return invalid({ code: 50035, message: 'Invalid autocomplete choices' });
      }
      this.messages.push({ id: snowflake(), via: 'callback', target: id!, callbackType: body.type, content: data.content, embeds: data.embeds ?? [], flags: Number(data.flags ?? 0), allowed_mentions: data.allowed_mentions, components: data.components, files: rec.files, ...(data.choices ? { choices: data.choices } : {}), at: Date.now() });
      return reply(204);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      const [, app, token] = m;
      if (app !== this.applicationId) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      if (method === 'DELETE') {
        this.messages.push({ id: snowflake(), via: 'edit', target: token!, content: undefined, embeds: [], flags: -1, at: Date.now() });
        return reply(204);
      }
      if (method === 'PATCH') {
        const err = validateMessage(body, false) ?? validateComponents(body?.components);
        if (err) return invalid(err);
        // As on Discord, the original response stays ephemeral or public as its callback (a deferral) made it.
        const original = this.messages.find((x) => x.via === 'callback' && x.target === this.interactionIds.get(token!));
        const flags = (Number(body?.flags ?? 0) & ~EPHEMERAL_FLAG) | ((original?.flags ?? 0) & EPHEMERAL_FLAG);
        const msg: FakeMessage = { id: snowflake(), via: 'edit', target: token!, content: body?.content, embeds: body?.embeds ?? [], flags, allowed_mentions: body?.allowed_mentions, components: body?.components, files: rec.files, at: Date.now() };
        this.messages.push(msg);
        return reply(200, this.messageObject(msg, this.channelId));
      }
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/)) && method === 'POST') {
      const [, app, token] = m;
      if (app !== this.applicationId) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      const err = validateMessage(body) ?? validateComponents(body?.components);
      if (err) return invalid(err);
      const msg: FakeMessage = { id: snowflake(), via: 'followup', target: token!, content: body?.content, embeds: body?.embeds ?? [], flags: Number(body?.flags ?? 0), allowed_mentions: body?.allowed_mentions, components: body?.components, at: Date.now() };
      this.messages.push(msg);
      return reply(200, this.messageObject(msg, this.channelId));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!this.authorized(rec)) return unauthorized();
      const err = validateMessage(body) ?? validateComponents(body?.components);
      if (err) return invalid(err);
      const msg: FakeMessage = { id: snowflake(), via: 'channel', target: m[1]!, content: body?.content, embeds: body?.embeds ?? [], flags: Number(body?.flags ?? 0), allowed_mentions: body?.allowed_mentions, message_reference: body?.message_reference, components: body?.components, at: Date.now() };
      this.messages.push(msg);
      return reply(200, this.messageObject(msg, m[1]!));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/typing$/)) && method === 'POST') {
      if (!this.authorized(rec)) return unauthorized();
      return reply(204);
    }
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) && method === 'GET') {
      if (!this.authorized(rec)) return unauthorized();
      return reply(200, this.commands.get(m[2] ?? 'global') ?? []);
    }
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) && method === 'PUT') {
      if (!this.authorized(rec)) return unauthorized();
      if (m[1] !== this.applicationId) return reply(403, { message: 'Missing Access', code: 50001 });
      if (!Array.isArray(body)) return invalid({ code: 50035, message: 'Invalid Form Body' });
      for (const c of body) {
        if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(c.name ?? '') || c.name !== c.name.toLowerCase()) return invalid({ code: 50035, message: `Invalid command name ${c.name}` });
        if (!c.description || c.description.length > 100) return invalid({ code: 50035, message: `Invalid description for ${c.name}` });
        for (const [loc, d] of Object.entries<string>(c.description_localizations ?? {})) {
          if (!d || d.length > 100) return invalid({ code: 50035, message: `Invalid ${loc} description for ${c.name}` });
        }
      }
      const saved = body.map((c: any) => ({ ...c, id: snowflake(), application_id: this.applicationId, version: snowflake(), guild_id: m![2] }));
      this.commands.set(m[2] ?? 'global', saved);
      return reply(200, saved);
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  private messageObject(msg: FakeMessage, channelId: string) {
    return {
      id: msg.id,
      type: msg.message_reference ? 19 : 0,
      channel_id: channelId,
      author: { ...this.userObject(this.botUser), bot: true },
      content: msg.content ?? '',
      timestamp: new Date(msg.at).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: msg.embeds,
      pinned: false,
      flags: msg.flags < 0 ? 0 : msg.flags,
      components: msg.components ?? [],
      message_reference: msg.message_reference,
      webhook_id: msg.via === 'channel' ? undefined : this.applicationId,
      application_id: this.applicationId,
    };
  }
}
