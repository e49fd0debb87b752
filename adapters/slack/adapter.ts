/**
 * The Slack adapter, on @slack/bolt: turns slash commands (`/ask`, `/timeline`, `/corpus`), app mentions and
 * direct messages into {@link BotRequest}s for {@link Bot.processEvent}, and posts the rendered
 * {@link BotReply} back (Block Kit, see `blocks.ts`).
 *
 * HTTP mode (signed requests on `/slack/events`) unless an app-level token is configured, in which case
 * Socket Mode is used. Slack Web API failures (including 429) are logged and never crash the process.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type RespondFn } from '@slack/bolt';
import type { Adapter } from '../adapter.js';
import type { Bot, BotReply, BotRequest, Requester } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import { fetchDocument } from '../../src/documents/fetch.js';
import { asError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { MemoryDeduplicator, type DeliveryDeduplicator } from '../../src/ops/dedupe.js';
import { boltLogger } from './bolt-logger.js';
import { escapeMrkdwn, type SlackMessage } from './blocks.js';
import { slackToPlain } from './text.js';
import { ACTION_PATTERN, actionRequest, langOf, renderStoreReply, renderWithActions } from './actions.js';
import { renderHome } from './home.js';
import { parseTimelineText, renderTimelinePage, TIMELINE_ACTION_PREFIX } from './timeline.js';
import { decodeTimelineState } from '../../src/timeline/state.js';
import { langFromLocale, messages } from '../../src/i18n.js';
import { timelineMessages } from '../../src/timeline/messages.js';
import { pageOf } from '../../src/timeline/page.js';
import { timelinePng } from '../../src/timeline/picture.js';

/** The Slack part of the configuration (`config.slack`). */
export type SlackConfig = NonNullable<Config['slack']>;

/** Knobs for tests and unusual deployments; production needs none of them. */
export interface SlackTuning {
  /**
   * Web API retries after a failed request (default {@link START_RETRY} at start, {@link RUNTIME_RETRY} after;
   * the Web API client's own default retries for about 30 minutes). Tests use 0.
   */
  retries?: number;
  /** Web API request timeout in milliseconds (default 5 s at start, 10 s after; 0 = none). */
  timeoutMs?: number;
  /** Interface the HTTP receiver listens on (default `config.host`, `SLACK_HOST`). Tests use `127.0.0.1`. */
  host?: string;
  /** Socket Mode ping timeout in ms; also the base of its reconnect back-off (bolt default 5000). */
  clientPingTimeoutMs?: number;
  /** How long `users.info` results (admin flags, locale) are cached, in ms (default 5 minutes). */
  userCacheMs?: number;
  /** How long bolt waits for a listener to acknowledge a request before answering 404 (default 3001 ms). */
  unhandledRequestTimeoutMs?: number;
  /** Largest shared file downloaded for the corpus (default 10 MB; larger ones are refused unread). */
  maxUploadBytes?: number;
}

/** Options of {@link SlackAdapter}. */
export interface SlackAdapterOptions {
  /** The bot core. */
  bot: Bot;
  /** `config.slack`. */
  config: SlackConfig;
  /** The project logger. */
  logger: Logger;
  /** The engine's maximum question length (quoted when a question is too long). Default 500. */
  maxQuestionLength?: number;
  /** Test and deployment knobs. */
  tuning?: SlackTuning;
  /**
   * Remembers the Events API deliveries already handled, so that a retry (`X-Slack-Retry-Num`) of an event
   * already answered is acknowledged without a second answer. Default: in memory (1 hour, 10,000 events).
   */
  dedupe?: DeliveryDeduplicator;
}

/**
 * Retry policy of the Web API client while starting (`auth.test`): a few quick attempts, so that an
 * unreachable API fails the start in seconds with its cause instead of hanging for the client's default 30
 * minutes.
 */
export const START_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 } as const;
/** Retry policy of the Web API client for replies: an answer delivered minutes late is of no use. */
export const RUNTIME_RETRY = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000 } as const;
/** Request timeouts of the Web API client, at start and for replies, in ms. */
export const START_TIMEOUT_MS = 5000;
export const RUNTIME_TIMEOUT_MS = 10_000;
/** Largest accepted gap between a request's `X-Slack-Request-Timestamp` and now, in seconds (both ways). */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/** What we keep from `users.info`. */
interface UserInfo {
  isAdmin: boolean;
  locale?: string;
  /** The user's handle, recorded with corpus changes. */
  name?: string;
}

/** The slash commands the adapter handles (`manifest.yml` declares exactly these). */
export const SLACK_COMMANDS = ['/ask', '/timeline', '/corpus'] as const;

/** The Events API bot events the adapter handles (`manifest.yml` subscribes to exactly these). */
export const SLACK_BOT_EVENTS = { app_mention: 'app_mentions:read', 'message.im': 'im:history', app_home_opened: null } as const;

/** Each Web API method the adapter calls with the bot token, and the bot scope it needs (`null`: none). */
export const SLACK_METHOD_SCOPES = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'users.info': 'users:read',
  /** Not a Web API method: downloading a file shared with the bot (`url_private_download`) for the corpus. */
  url_private_download: 'files:read',
  'views.publish': null,
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
} as const;

/** Most files of one message added to the corpus. */
const MAX_FILES_PER_MESSAGE = 5;

/** A file of a `file_share` message or an app mention, as Slack sends it. */
interface SharedFile {
  id?: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

/**
 * Options a moderator may write after `/corpus add <url>` or in the message a file is shared with:
 * `published=YYYY-MM-DD`, `language=fr|en`, `title=…` (the rest of the line).
 */
export function parseAddOptions(text: string): { title?: string; published?: string; language?: string } {
  const out: { title?: string; published?: string; language?: string } = {};
  const published = /(?:^|\s)published=(\S+)/i.exec(text);
  const language = /(?:^|\s)language=(\S+)/i.exec(text);
  const title = /(?:^|\s)title=(.+)$/is.exec(text);
  if (published) out.published = published[1];
  if (language) out.language = language[1]!.toLowerCase();
  if (title) out.title = title[1]!.replace(/\s(?:published|language)=\S+/gi, '').trim();
  return out;
}

/** How long a failed `users.info` lookup is remembered, in ms. */
const FAILED_LOOKUP_CACHE_MS = 10_000;

/**
 * Resolves on the next turn of the event loop (after the I/O already received): how work that follows an
 * acknowledgement lets the other requests waiting be acknowledged first.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A DM or mention that is only one of these words gets the help. */
const HELP_WORDS = /^(help|aide|\?)$/i;

/**
 * The messages of an error and of its causes, joined (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`): the
 * Web API client's "fetch failed" alone does not say why.
 */
export function causeOf(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    const c = cur as { message?: unknown; code?: unknown; cause?: unknown };
    const msg = typeof c.message === 'string' && c.message ? c.message : typeof c.code === 'string' ? c.code : String(cur);
    if (!parts.includes(msg)) parts.push(msg);
    cur = c.cause;
  }
  return parts.join(': ');
}

/** The Slack {@link Adapter}. */
export class SlackAdapter implements Adapter {
  /** Platform name. */
  readonly name = 'slack';
  private readonly bot: Bot;
  private readonly cfg: SlackConfig;
  private readonly log: Logger;
  private readonly tuning: SlackTuning;
  private readonly maxQuestionLength: number;
  private app?: App;
  private server?: Server;
  private socketReceiver?: SocketModeReceiver;
  private connected = false;
  private starting?: Promise<void>;
  private readonly users = new Map<string, { info: UserInfo | undefined; expires: number }>();
  private readonly dedupe: DeliveryDeduplicator;

  /** Creates the adapter; nothing connects before {@link SlackAdapter.start}. */
  constructor(opts: SlackAdapterOptions) {
    this.bot = opts.bot;
    this.cfg = opts.config;
    this.log = opts.logger.child({ adapter: 'slack' });
    this.tuning = opts.tuning ?? {};
    this.maxQuestionLength = opts.maxQuestionLength ?? 500;
    this.dedupe = opts.dedupe ?? new MemoryDeduplicator();
  }

  /** True in Socket Mode (an app-level token is configured). */
  get socketMode(): boolean {
    return Boolean(this.cfg.appToken);
  }

  /** The port the HTTP receiver is bound to (useful with port 0), once started in HTTP mode. */
  get port(): number | undefined {
    const addr = this.server?.address();
    return addr && typeof addr === 'object' ? (addr as AddressInfo).port : undefined;
  }

  /** Whether the adapter is connected: listening (HTTP) or holding a live WebSocket (Socket Mode). */
  isConnected(): boolean {
    return this.connected;
  }

  /**
   * Verifies the bot token (`auth.test`), then listens for HTTP requests or opens the Socket Mode connection.
   * @throws when the token is refused or the port cannot be bound; the message says which.
   */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch(async (e) => {
      this.starting = undefined;
      await this.stop().catch(() => undefined);
      throw e;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const bLog = boltLogger(this.log);
    const clientOptions: webApi.WebClientOptions = {
      slackApiUrl: this.cfg.apiUrl,
      logger: boltLogger(this.log, 'slack-web-api'),
      retryConfig: this.tuning.retries !== undefined ? { ...RUNTIME_RETRY, retries: this.tuning.retries } : RUNTIME_RETRY,
      timeout: this.tuning.timeoutMs ?? RUNTIME_TIMEOUT_MS,
    };

    // Verify the token ourselves: a clear error at start rather than a failure on the first event. Bounded:
    // an unreachable Web API fails the start within seconds, with its cause.
    const probe = new webApi.WebClient(this.cfg.botToken, {
      ...clientOptions,
      retryConfig: this.tuning.retries !== undefined ? { ...START_RETRY, retries: this.tuning.retries } : START_RETRY,
      timeout: this.tuning.timeoutMs ?? START_TIMEOUT_MS,
    });
    let auth: webApi.AuthTestResponse;
    try {
      auth = await probe.auth.test();
    } catch (e) {
      const err = e as { code?: string; data?: { error?: string }; original?: unknown };
      if (err.code === webApi.ErrorCode.PlatformError) {
        throw new Error(`Slack: auth.test failed, Slack refused SLACK_BOT_TOKEN (${err.data?.error ?? asError(e).message})`);
      }
      throw new Error(`Slack: cannot reach the Web API at SLACK_API_URL=${this.cfg.apiUrl} (auth.test: ${causeOf(err.original ?? e)})`);
    }
    if (!auth.user_id || !auth.bot_id) throw new Error('Slack: auth.test did not return the bot user id (is SLACK_BOT_TOKEN a bot token?)');

    const common = {
      token: this.cfg.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      logger: bLog,
      clientOptions,
      ignoreSelf: true,
      // No conversation store: nothing here reads `context.conversation`, and bolt's default (in memory)
      // costs every request a look-up that fails with an Error before the listener can acknowledge.
      convoStore: false as const,
    };
    if (this.cfg.appToken) {
      const receiver = new SocketModeReceiver({
        appToken: this.cfg.appToken,
        logger: bLog,
        installerOptions: { clientOptions: { ...clientOptions } },
        ...(this.tuning.clientPingTimeoutMs !== undefined ? { clientPingTimeout: this.tuning.clientPingTimeoutMs } : {}),
      });
      this.socketReceiver = receiver;
      receiver.client.on('connected', () => this.setConnected(true));
      receiver.client.on('disconnected', () => this.setConnected(false));
      receiver.client.on('reconnecting', () => this.setConnected(false));
      this.app = new App({ ...common, receiver, socketMode: true });
      this.register(this.app);
      await receiver.start();
      this.setConnected(true);
    } else {
      if (!this.cfg.signingSecret) throw new Error('Slack: SLACK_SIGNING_SECRET is required in HTTP mode');
      const receiver = new HTTPReceiver({
        signingSecret: this.cfg.signingSecret,
        endpoints: '/slack/events',
        logger: bLog,
        ...(this.tuning.unhandledRequestTimeoutMs !== undefined
          ? { unhandledRequestTimeoutMillis: this.tuning.unhandledRequestTimeoutMs }
          : {}),
      });
      this.app = new App({ ...common, receiver });
      this.register(this.app);
      receiver.requestListener = this.guardClock(receiver.requestListener);
      const host = this.tuning.host ?? this.cfg.host;
      try {
        this.server = await receiver.start(host !== undefined ? { port: this.cfg.port, host } : { port: this.cfg.port });
      } catch (e) {
        const where = host !== undefined ? ` (SLACK_HOST=${host})` : '';
        throw new Error(`Slack: cannot listen on SLACK_PORT=${this.cfg.port}${where} (${asError(e).message})`);
      }
      this.server.on('error', (err) => this.log.error({ err }, 'Slack HTTP server error'));
      this.setConnected(true);
      this.log.info({ port: this.port }, 'Slack HTTP receiver listening on /slack/events');
    }
  }

  /** Stops listening or disconnects the WebSocket. Idempotent. */
  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    this.starting = undefined;
    this.connected = false;
    if (this.socketReceiver) {
      const r = this.socketReceiver;
      this.socketReceiver = undefined;
      await r.client.disconnect().catch((err: unknown) => this.log.warn({ err }, 'Slack socket disconnect failed'));
    } else if (this.server) {
      this.server = undefined;
      await app?.stop().catch((err: unknown) => this.log.warn({ err }, 'Slack HTTP receiver stop failed'));
    }
  }

  private setConnected(up: boolean): void {
    if (up !== this.connected) this.log.info({ connected: up }, up ? 'Slack connected' : 'Slack disconnected');
    this.connected = up && this.app !== undefined;
  }

  /**
   * Wraps the HTTP receiver's request listener: a request stamped more than {@link MAX_CLOCK_SKEW_S} in the
   * future is refused (401) before bolt reads it; bolt itself refuses the ones as far in the past.
   */
  private guardClock(
    listener: (req: IncomingMessage, res: ServerResponse) => void,
  ): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const raw = req.headers['x-slack-request-timestamp'];
      const ts = Number(Array.isArray(raw) ? raw[0] : raw);
      if (raw !== undefined && Number.isFinite(ts) && ts > Date.now() / 1000 + MAX_CLOCK_SKEW_S) {
        this.log.warn({ timestamp: ts }, 'Slack request refused: its timestamp is more than 5 minutes in the future');
        req.resume();
        res.writeHead(401).end();
        return;
      }
      listener(req, res);
    };
  }

  /** Registers every listener on the bolt app. */
  private register(app: App): void {
    app.error(async (err) => {
      this.log.error({ err, code: (err as { code?: string }).code }, 'Slack listener error');
    });

    // Events API deliveries are acknowledged by bolt before any listener runs; a delivery of an event already
    // handled (Slack retries when it thinks the first one was not acknowledged in time) stops here.
    app.use(async ({ body, context, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && eventId) {
        // Already acknowledged by bolt: the other requests waiting are acknowledged before the store is asked.
        await nextTurn();
        let first = true;
        try {
          first = await this.dedupe.claim(`slack:${eventId}`);
        } catch (err) {
          this.log.warn({ err, eventId }, 'Slack event de-duplication failed; handling the event');
        }
        if (!first) {
          this.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'Slack event already handled; retry acknowledged');
          return;
        }
      }
      await next();
    });

    app.command('/ask', async ({ command, ack, respond, client }) => {
      await this.acknowledge(ack);
      const from = await this.requester(command.user_id, client);
      const text = slackToPlain(command.text);
      const req: BotRequest = text ? { kind: 'ask', text, from, private: this.cfg.privateByDefault } : { kind: 'help', from };
      await this.respondWith(req, respond);
    });

    app.command('/timeline', async ({ command, ack, respond, client }) => {
      await this.acknowledge(ack);
      const from = await this.requester(command.user_id, client);
      const { query, range, image } = parseTimelineText(slackToPlain(command.text));
      if (!image) return this.respondWith({ kind: 'timeline', query, range, from }, respond);
      // With the picture: the page first, then the picture as a file in the channel.
      const reply = await this.bot.processEvent({ kind: 'timeline', query, range, from });
      const msg = this.render(reply);
      try {
        await respond({ response_type: msg.ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, text: msg.text, blocks: msg.blocks });
      } catch (err) {
        this.logApiError(err, 'respond', reply);
      }
      if (reply.kind === 'timeline' && !reply.invalid && reply.entries.length > 0) {
        await this.postTimelinePicture(reply, msg.ephemeral, command.channel_id, client, respond);
      }
    });

    // A timeline page button: its value holds the page to draw (filter, range, page); the message is
    // replaced through the click's response URL. Nothing about the message is kept in memory.
    app.action(new RegExp(`^${TIMELINE_ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
      await this.acknowledge(ack);
      const state = action.type === 'button' ? decodeTimelineState(action.value ?? '') : null;
      if (!state) return;
      const from = await this.requester(body.user.id, client);
      const reply = await this.bot.processEvent({ kind: 'timeline', query: state.query, range: { from: state.from, to: state.to }, from });
      const msg = reply.kind === 'timeline' ? renderTimelinePage(reply, state) : this.render(reply);
      try {
        if (reply.kind === 'timeline') await respond({ replace_original: true, text: msg.text, blocks: msg.blocks });
        else await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks });
      } catch (err) {
        this.logApiError(err, 'respond', reply);
      }
    });

    // The App Home tab: the help and the corpus status, drawn each time the user opens it.
    app.event('app_home_opened', async ({ event, client }) => {
      if (event.tab !== 'home') return;
      const info = await this.userInfo(event.user, client);
      const view = renderHome(langFromLocale(info?.locale), this.bot.status());
      try {
        await client.views.publish({ user_id: event.user, view });
      } catch (err) {
        this.log.error({ err, method: 'views.publish' }, 'Slack API call failed; App Home not published');
      }
    });

    app.command('/corpus', async ({ command, ack, respond, client }) => {
      await this.acknowledge(ack);
      const plain = slackToPlain(command.text);
      const [word = '', ...rest] = plain.split(' ');
      const sub = word.toLowerCase();
      const arg = rest[0] ?? '';
      const from = await this.requester(command.user_id, client, true);
      let req: BotRequest;
      if (sub === 'refresh' || sub === 'status' || sub === 'report') req = { kind: sub, from };
      else if (sub === 'add' && arg) {
        // The link as typed: Slack sends it as <https://…|label> (the label may be shortened).
        const url = /<(https?:\/\/[^|>]+)(?:\|[^>]*)?>/i.exec(command.text)?.[1] ?? arg;
        req = { kind: 'corpus_add', url, ...parseAddOptions(rest.slice(1).join(' ')), from };
      } else if (sub === 'remove' && arg) req = { kind: 'corpus_remove', id: arg, from };
      else if (sub === 'list') req = { kind: 'corpus_list', page: Number(arg) || 1, from };
      else req = { kind: 'help', from };
      await this.respondWith(req, respond);
    });

    app.action(ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
      // Acknowledged first: Slack wants it within 3 s, whatever the store does.
      await this.acknowledge(ack);
      if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
      const from = await this.requester(body.user.id, client);
      const req = actionRequest(action.action_id, action.value ?? '', from);
      const isPrivate = Boolean((body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral);
      const reply: BotReply = req ? await this.bot.processEvent(req) : { kind: 'unavailable', requestId: body.trigger_id ?? '', lang: langOf(from.locale), reason: 'expired' };
      const msg = renderStoreReply(reply, isPrivate, body.user.id) ?? this.render(reply);
      try {
        await respond({ response_type: msg.ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, text: msg.text, blocks: msg.blocks });
      } catch (err) {
        this.logApiError(err, 'respond', reply);
      }
    });

    app.event('app_mention', async ({ event, client }) => {
      // Bots (ourselves included) never get an answer: no loops.
      if (event.bot_id || event.subtype || !event.user) return;
      // In a DM the message event answers; don't answer twice.
      if (event.channel.startsWith('D')) return;
      const files = (event as { files?: SharedFile[] }).files;
      if (files?.length) {
        await this.addFiles(files, event.text, event.user, client, { channel: event.channel, user: event.user, thread_ts: event.thread_ts ?? event.ts });
        return;
      }
      const text = slackToPlain(event.text);
      const from = await this.requester(event.user, client);
      const req: BotRequest = text && !HELP_WORDS.test(text) ? { kind: 'ask', text, from } : { kind: 'help', from };
      const thread = event.thread_ts ?? event.ts;
      await this.post(req, client, { channel: event.channel, user: event.user, thread_ts: thread });
    });

    app.message(async ({ message, client }) => {
      if (message.channel_type !== 'im') return;
      // A file a moderator shares in the bot's DM is added to the corpus.
      if (message.subtype === 'file_share' && message.user && !(message as { bot_id?: string }).bot_id && message.files?.length) {
        await this.addFiles(message.files as SharedFile[], message.text ?? '', message.user, client, { channel: message.channel, user: message.user });
        return;
      }
      // Edits, deletions, joins and bot messages all have a subtype; bots never get an answer.
      if (message.subtype !== undefined || message.bot_id || !message.user) return;
      const text = slackToPlain(message.text ?? '');
      const from = await this.requester(message.user, client);
      const req: BotRequest = text && !HELP_WORDS.test(text) ? { kind: 'ask', text, from } : { kind: 'help', from };
      await this.post(req, client, { channel: message.channel, user: message.user });
    });
  }


  /**
   * Files shared with the bot (in its DM, or in a message mentioning it) by a moderator: each is downloaded
   * with the bot token (only from Slack's own file host) and added to the corpus; the reply shows what was
   * understood. Anyone else gets the moderators-only notice and nothing is downloaded.
   */
  private async addFiles(files: SharedFile[], text: string, user: string, client: webApi.WebClient, where: { channel: string; user: string; thread_ts?: string }): Promise<void> {
    const from = await this.requester(user, client, true);
    if (!from.isModerator) return this.post({ kind: 'corpus_add', from }, client, where);
    const options = parseAddOptions(slackToPlain(text));
    const lang = from.locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
    for (const f of files.slice(0, MAX_FILES_PER_MESSAGE)) {
      const name = f.name || 'document';
      let bytes: Uint8Array;
      try {
        bytes = await this.download(f);
      } catch (e) {
        this.log.warn({ err: asError(e), file: f.id }, 'could not download a shared file');
        const error = `${name}: ${messages(lang).corpus.downloadFailed} (${asError(e).message.replace(/^URL: \S+: /, '')})`;
        await this.postReply({ kind: 'corpus_add', requestId: f.id ?? name, lang, outcome: { ok: false, error } }, client, where);
        continue;
      }
      await this.post({ kind: 'corpus_add', file: { name, bytes, ...(f.mimetype ? { mediaType: f.mimetype } : {}) }, ...options, from }, client, where);
    }
  }

  /** Downloads a shared file with the bot token, which is only ever sent to Slack's file host. */
  private async download(f: SharedFile): Promise<Uint8Array> {
    const max = this.tuning.maxUploadBytes ?? 10 * 1024 * 1024;
    if ((f.size ?? 0) > max) throw new Error(`the file is ${f.size} bytes, more than the ${max} accepted`);
    const link = f.url_private_download ?? f.url_private;
    if (!link) throw new Error('Slack gave no download link');
    const url = new URL(link);
    const api = new URL(this.cfg.apiUrl);
    const slackHost = url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'));
    if (!slackHost && url.origin !== api.origin) throw new Error(`${url.hostname} is not Slack's file host`);
    // Slack's own host, not a user's link: private addresses are fine here (a proxy, or the fake in tests).
    const got = await fetchDocument(link, { allowPrivate: true, checkType: false, maxBytes: max, maxRedirects: 0, headers: { authorization: `Bearer ${this.cfg.botToken}` } });
    return got.bytes;
  }

  /**
   * Posts the picture of a timeline's first page in the channel (files.uploadV2; needs `files:write` and the
   * bot in the channel). A private timeline gets no picture (Slack cannot attach a file to an ephemeral
   * message): the asker is told why, as when the upload is refused.
   */
  private async postTimelinePicture(
    reply: Extract<BotReply, { kind: 'timeline' }>,
    ephemeral: boolean,
    channel: string,
    client: webApi.WebClient,
    respond: RespondFn,
  ): Promise<void> {
    const t = timelineMessages(reply.lang);
    const notice = async (text: string) => {
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: escapeMrkdwn(text) });
      } catch (err) {
        this.logApiError(err, 'respond', reply);
      }
    };
    if (ephemeral) return notice(t.pictureNotPrivate);
    const page = pageOf(reply.entries, 0);
    const m = messages(reply.lang);
    const title = reply.query ? `${m.timelineTitle} — ${reply.query}` : m.timelineTitle;
    const subtitle = [page.pages > 1 ? t.pageLine(1, page.items.length, page.total, 1, page.pages) : t.events(page.total), reply.range ? t.rangeLine(reply.range) : ''].filter(Boolean).join(' · ');
    try {
      const png = timelinePng(page.items, { lang: reply.lang, title, subtitle });
      await client.files.uploadV2({ channel_id: channel, file: png, filename: 'timeline.png', title, alt_text: t.pictureAlt });
    } catch (err) {
      this.logApiError(err, 'files.uploadV2', reply);
      await notice(t.pictureNeedsChannel);
    }
  }

  /**
   * Acknowledges the request, then waits for the next turn of the event loop: the acknowledgements of every
   * request already received go out before any of them starts its work (user look-up, answer, store).
   */
  private async acknowledge(ack: () => Promise<void>): Promise<void> {
    try {
      await ack();
    } catch (err) {
      this.log.warn({ err }, 'Slack ack failed');
    }
    await nextTurn();
  }

  /** Handles a slash-command request: the reply goes through `respond()` (the command's response_url). */
  private async respondWith(req: BotRequest, respond: RespondFn): Promise<void> {
    const reply = await this.bot.processEvent(req);
    const msg = this.render(reply);
    try {
      await respond({
        response_type: msg.ephemeral ? 'ephemeral' : 'in_channel',
        replace_original: false,
        text: msg.text,
        blocks: msg.blocks,
      });
    } catch (err) {
      this.logApiError(err, 'respond', reply);
    }
  }

  /**
   * Handles a mention or DM: the reply is posted in the channel (in `thread_ts` when given). A reply the
   * renderer marks as for the asker only (a declined question, the help, a rate-limit notice, an error; an
   * answer to a mention is always public) is ephemeral in a channel, so only the asker sees it; in a
   * DM only the asker is there, and it is posted as usual.
   */
  private async post(
    req: BotRequest,
    client: webApi.WebClient,
    where: { channel: string; user: string; thread_ts?: string },
  ): Promise<void> {
    await this.postReply(await this.bot.processEvent(req), client, where);
  }

  /** Posts a reply in the channel; notices and corpus reports are for the asker alone outside a DM. */
  private async postReply(reply: BotReply, client: webApi.WebClient, where: { channel: string; user: string; thread_ts?: string }): Promise<void> {
    const msg = this.render(reply);
    const base = { channel: where.channel, text: msg.text, blocks: msg.blocks, ...(where.thread_ts ? { thread_ts: where.thread_ts } : {}) };
    const personal = reply.kind === 'rate_limited' || reply.kind === 'forbidden' || reply.kind.startsWith('corpus_');
    try {
      const answered = reply.kind === 'answer' && reply.answer.answered;
      if ((personal || (msg.ephemeral && !answered)) && !where.channel.startsWith('D')) {
        await client.chat.postEphemeral({ ...base, user: where.user });
      } else {
        await client.chat.postMessage({ ...base, unfurl_links: false, unfurl_media: false });
      }
    } catch (err) {
      this.logApiError(err, 'chat.postMessage', reply);
    }
  }

  private render(reply: BotReply): SlackMessage {
    return renderWithActions(reply, { privateByDefault: this.cfg.privateByDefault, maxQuestionLength: this.maxQuestionLength });
  }

  private logApiError(e: unknown, method: string, reply: BotReply): void {
    const err = asError(e);
    const data = e as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
    this.log.error(
      {
        err,
        method,
        requestId: reply.requestId,
        code: data.code,
        slackError: data.data?.error,
        retryAfter: data.retryAfter,
        status: data.statusCode,
      },
      'Slack API call failed; reply not delivered',
    );
  }

  /** Builds the {@link Requester} of a Slack user (locale and admin flags from a cached `users.info`). */
  private async requester(userId: string, client: webApi.WebClient, needModerator = false): Promise<Requester> {
    const info = await this.userInfo(userId, client);
    let isModerator = false;
    if (needModerator) {
      isModerator = this.cfg.moderatorIds.length > 0 ? this.cfg.moderatorIds.includes(userId) : info?.isAdmin === true;
    }
    return { platform: 'slack', userId, locale: info?.locale, isModerator, ...(info?.name ? { name: info.name } : {}) };
  }

  /** `users.info` with a short cache; `undefined` (and a warning) when Slack cannot tell. */
  private async userInfo(userId: string, client: webApi.WebClient): Promise<UserInfo | undefined> {
    const now = Date.now();
    const hit = this.users.get(userId);
    if (hit && hit.expires > now) return hit.info;
    try {
      const res = await client.users.info({ user: userId, include_locale: true });
      const u = res.user;
      const info: UserInfo = { isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner), locale: u?.locale, ...(u?.name ? { name: u.name } : {}) };
      this.users.set(userId, { info, expires: now + (this.tuning.userCacheMs ?? 5 * 60_000) });
      if (this.users.size > 10_000) {
        for (const [k, v] of this.users) if (v.expires <= now) this.users.delete(k);
      }
      return info;
    } catch (e) {
      const data = e as { code?: string; data?: { error?: string }; retryAfter?: number };
      this.log.warn({ err: asError(e), userId, slackError: data.data?.error, retryAfter: data.retryAfter }, 'Slack users.info failed');
      // Remember the failure briefly, so that a missing scope or a rate limit is not hit on every request.
      const ms = Math.min(FAILED_LOOKUP_CACHE_MS, this.tuning.userCacheMs ?? FAILED_LOOKUP_CACHE_MS);
      this.users.set(userId, { info: undefined, expires: now + ms });
      return undefined;
    }
  }
}
