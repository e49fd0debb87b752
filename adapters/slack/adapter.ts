/**
 * The Slack adapter, on @slack/bolt: turns slash commands (`/ask`, `/timeline`, `/corpus`), app mentions and
 * direct messages into {@link BotRequest}s for {@link Bot.processEvent}, and posts the rendered
 * {@link BotReply} back (Block Kit, see `blocks.ts`).
 *
 * HTTP mode (signed requests on `/slack/events`) unless an app-level token is configured, in which case
 * Socket Mode is used. Slack Web API failures (including 429) are logged and never crash the process.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type RespondFn } from '@slack/bolt';
import type { Adapter } from '../adapter.js';
import type { Bot, BotReply, BotRequest, Requester } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import { asError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { boltLogger } from './bolt-logger.js';
import { escapeMrkdwn, renderReply, type SlackMessage } from './blocks.js';
import { slackToPlain } from './text.js';
import { ACTION_PATTERN, actionRequest, langOf, renderStoreReply } from './actions.js';
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
  /** Web API retries (bolt's default policy retries for about 30 minutes). Tests use 0. */
  retries?: number;
  /** Web API request timeout in milliseconds (0 = none, the Web API client's default). */
  timeoutMs?: number;
  /** Interface the HTTP receiver listens on (default: all interfaces). Tests use `127.0.0.1`. */
  host?: string;
  /** Socket Mode ping timeout in ms; also the base of its reconnect back-off (bolt default 5000). */
  clientPingTimeoutMs?: number;
  /** How long `users.info` results (admin flags, locale) are cached, in ms (default 5 minutes). */
  userCacheMs?: number;
  /** How long bolt waits for a listener to acknowledge a request before answering 404 (default 3001 ms). */
  unhandledRequestTimeoutMs?: number;
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
}

/** What we keep from `users.info`. */
interface UserInfo {
  isAdmin: boolean;
  locale?: string;
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
  'views.publish': null,
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
} as const;

/** How long a failed `users.info` lookup is remembered, in ms. */
const FAILED_LOOKUP_CACHE_MS = 10_000;

/** A DM or mention that is only one of these words gets the help. */
const HELP_WORDS = /^(help|aide|\?)$/i;

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

  /** Creates the adapter; nothing connects before {@link SlackAdapter.start}. */
  constructor(opts: SlackAdapterOptions) {
    this.bot = opts.bot;
    this.cfg = opts.config;
    this.log = opts.logger.child({ adapter: 'slack' });
    this.tuning = opts.tuning ?? {};
    this.maxQuestionLength = opts.maxQuestionLength ?? 500;
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
      ...(this.tuning.retries !== undefined ? { retryConfig: { retries: this.tuning.retries } } : {}),
      ...(this.tuning.timeoutMs !== undefined ? { timeout: this.tuning.timeoutMs } : {}),
    };

    // Verify the token ourselves: a clear error at start rather than a failure on the first event.
    const probe = new webApi.WebClient(this.cfg.botToken, clientOptions);
    let auth: webApi.AuthTestResponse;
    try {
      auth = await probe.auth.test();
    } catch (e) {
      throw new Error(`Slack: auth.test failed, check SLACK_BOT_TOKEN and SLACK_API_URL (${asError(e).message})`);
    }
    if (!auth.user_id || !auth.bot_id) throw new Error('Slack: auth.test did not return the bot user id (is SLACK_BOT_TOKEN a bot token?)');

    const common = {
      token: this.cfg.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      logger: bLog,
      clientOptions,
      ignoreSelf: true,
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
      try {
        this.server = await receiver.start(
          this.tuning.host !== undefined ? { port: this.cfg.port, host: this.tuning.host } : { port: this.cfg.port },
        );
      } catch (e) {
        throw new Error(`Slack: cannot listen on SLACK_PORT=${this.cfg.port} (${asError(e).message})`);
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

  /** Registers every listener on the bolt app. */
  private register(app: App): void {
    app.error(async (err) => {
      this.log.error({ err, code: (err as { code?: string }).code }, 'Slack listener error');
    });

    app.command('/ask', async ({ command, ack, respond, client }) => {
      await this.safeAck(ack);
      const from = await this.requester(command.user_id, client);
      const text = slackToPlain(command.text);
      const req: BotRequest = text ? { kind: 'ask', text, from, private: this.cfg.privateByDefault } : { kind: 'help', from };
      await this.respondWith(req, respond);
    });

    app.command('/timeline', async ({ command, ack, respond, client }) => {
      await this.safeAck(ack);
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
      await this.safeAck(ack);
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
      const view = renderHome(langFromLocale(info?.locale), this.bot.engine.status());
      try {
        await client.views.publish({ user_id: event.user, view });
      } catch (err) {
        this.log.error({ err, method: 'views.publish' }, 'Slack API call failed; App Home not published');
      }
    });

    app.command('/corpus', async ({ command, ack, respond, client }) => {
      await this.safeAck(ack);
      const sub = slackToPlain(command.text).toLowerCase();
      const from = await this.requester(command.user_id, client, true);
      const req: BotRequest =
        sub === 'refresh' ? { kind: 'refresh', from } : sub === 'status' ? { kind: 'status', from } : sub === 'report' ? { kind: 'report', from } : { kind: 'help', from };
      await this.respondWith(req, respond);
    });

    app.action(ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
      // Acknowledged first: Slack wants it within 3 s, whatever the store does.
      await this.safeAck(ack);
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
      const text = slackToPlain(event.text);
      const from = await this.requester(event.user, client);
      const req: BotRequest = text && !HELP_WORDS.test(text) ? { kind: 'ask', text, from } : { kind: 'help', from };
      const thread = event.thread_ts ?? event.ts;
      await this.post(req, client, { channel: event.channel, user: event.user, thread_ts: thread });
    });

    app.message(async ({ message, client }) => {
      if (message.channel_type !== 'im') return;
      // Edits, deletions, joins and bot messages all have a subtype; bots never get an answer.
      if (message.subtype !== undefined || message.bot_id || !message.user) return;
      const text = slackToPlain(message.text ?? '');
      const from = await this.requester(message.user, client);
      const req: BotRequest = text && !HELP_WORDS.test(text) ? { kind: 'ask', text, from } : { kind: 'help', from };
      await this.post(req, client, { channel: message.channel, user: message.user });
    });
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

  private async safeAck(ack: () => Promise<void>): Promise<void> {
    try {
      await ack();
    } catch (err) {
      this.log.warn({ err }, 'Slack ack failed');
    }
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
    const reply = await this.bot.processEvent(req);
    const msg = this.render(reply);
    const base = { channel: where.channel, text: msg.text, blocks: msg.blocks, ...(where.thread_ts ? { thread_ts: where.thread_ts } : {}) };
    try {
      const answered = reply.kind === 'answer' && reply.answer.answered;
      if (msg.ephemeral && !answered && !where.channel.startsWith('D')) {
        await client.chat.postEphemeral({ ...base, user: where.user });
      } else {
        await client.chat.postMessage({ ...base, unfurl_links: false, unfurl_media: false });
      }
    } catch (err) {
      this.logApiError(err, 'chat.postMessage', reply);
    }
  }

  private render(reply: BotReply): SlackMessage {
    return renderReply(reply, { privateByDefault: this.cfg.privateByDefault, maxQuestionLength: this.maxQuestionLength });
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
    return { platform: 'slack', userId, locale: info?.locale, isModerator };
  }

  /** `users.info` with a short cache; `undefined` (and a warning) when Slack cannot tell. */
  private async userInfo(userId: string, client: webApi.WebClient): Promise<UserInfo | undefined> {
    const now = Date.now();
    const hit = this.users.get(userId);
    if (hit && hit.expires > now) return hit.info;
    try {
      const res = await client.users.info({ user: userId, include_locale: true });
      const u = res.user;
      const info: UserInfo = { isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner), locale: u?.locale };
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
