/**
 * The Discord adapter: turns slash commands and mentions into {@link BotRequest}s for the bot core and
 * sends the rendered {@link BotReply} back, with discord.js 14. It is the only place that sees discord.js
 * objects.
 */
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Status,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import type { Adapter } from '../adapter.js';
import type { Bot, BotReply, BotRequest, Requester } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import { fetchDocument } from '../../src/documents/fetch.js';
import { asError } from '../../src/errors.js';
import { messages } from '../../src/i18n.js';
import type { Logger } from '../../src/logger.js';
import { COMMAND, CORPUS_LIST_BUTTON } from './commands.js';
import { handleButton, isOurButton, renderWithComponents } from './components.js';
import { renderReply, type DiscordPayload } from './render.js';
import { isShardRefreshMessage, type ShardRefreshMessage } from './sharding/protocol.js';
import { renderTimelineMessage } from './timeline.js';
import { decodeTimelineState, type TimelineState } from '../../src/timeline/state.js';
import { checkRange } from '../../src/timeline/range.js';

/** The Discord part of the configuration (`config.discord`). */
export type DiscordConfig = NonNullable<Config['discord']>;

/** Options of {@link DiscordAdapter}. */
export interface DiscordAdapterOptions {
  /** The bot core. */
  bot: Bot;
  /** `config.discord`. */
  config: DiscordConfig;
  logger: Logger;
  /** REST tuning (tests lower them; defaults: discord.js's 3 retries and 15 s timeout). */
  rest?: { retries?: number; timeout?: number };
  /** Defer the interaction when the reply is not ready after this many ms (default 1500, well inside 3 s). */
  deferAfterMs?: number;
  /** Maximum question length, quoted when a question is declined as too long (default 500). */
  maxQuestionLength?: number;
  /** Ask for the privileged Message Content intent (default false: mentions and DMs work without it). */
  messageContent?: boolean;
  /** Extra discord.js client options (for example `waitGuildTimeout`). */
  clientOptions?: Partial<ClientOptions>;
  /** Largest attachment downloaded for `/corpus add` (default 10 MB; larger ones are refused unread). */
  maxUploadBytes?: number;
}

const NO_MENTIONS = { parse: [] as [], repliedUser: false };

/** The Discord platform adapter. */
export class DiscordAdapter implements Adapter {
  /** Ids of the registered commands by name (see fetchCommandIds). */
  private commandIds: Record<string, string> = {};
  /** Platform name. */
  readonly name = 'discord';
  private readonly opts: DiscordAdapterOptions;
  private readonly log: Logger;
  private client: Client | null = null;
  private stopped = false;
  /** Replies the core has finished and that are still being sent to Discord ({@link DiscordAdapter.pending}). */
  private delivering = 0;
  private readonly onProcessMessage = (m: unknown) => {
    if (isShardRefreshMessage(m)) void this.refreshFromPeer(m);
  };

  constructor(opts: DiscordAdapterOptions) {
    if (!opts.config?.token) throw new Error('DiscordAdapter: config.token is required (DISCORD_TOKEN)');
    if (!opts.config.applicationId) throw new Error('DiscordAdapter: config.applicationId is required (DISCORD_APPLICATION_ID)');
    this.opts = opts;
    this.log = opts.logger.child({ adapter: 'discord' });
  }

  /** The discord.js client (after {@link DiscordAdapter.start}); null before. */
  get discord(): Client | null {
    return this.client;
  }

  /** Logs in through the gateway and resolves once the client is ready. */
  async start(): Promise<void> {
    if (this.client) throw new Error('DiscordAdapter: already started');
    this.stopped = false;
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
    if (this.opts.messageContent) intents.push(GatewayIntentBits.MessageContent);
    const client = new Client({
      ...this.opts.clientOptions,
      intents,
      partials: [Partials.Channel],
      allowedMentions: NO_MENTIONS,
      rest: { ...this.opts.clientOptions?.rest, api: this.opts.config.apiUrl, ...this.opts.rest },
    });
    this.client = client;
    client.on(Events.InteractionCreate, (i) => void this.onInteraction(i));
    client.on(Events.MessageCreate, (m) => void this.onMessage(m));
    client.on(Events.Error, (err) => this.log.error({ err }, 'discord client error'));
    client.on(Events.Warn, (msg) => this.log.warn({ msg }, 'discord warning'));
    client.on(Events.ShardDisconnect, (ev, id) => this.log.warn({ shard: id, code: ev.code }, 'gateway disconnected'));
    client.on(Events.ShardReconnecting, (id) => this.log.info({ shard: id }, 'gateway reconnecting'));
    client.on(Events.ShardResume, (id, replayed) => this.log.info({ shard: id, replayed }, 'gateway resumed'));
    client.on(Events.ShardError, (err, id) => this.log.error({ err, shard: id }, 'gateway error'));
    client.rest.on('rateLimited', (info) =>
      this.log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'REST rate limited; waiting'),
    );
    if (client.shard) process.on('message', this.onProcessMessage);
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(this.opts.config.token);
      await ready;
    } catch (e) {
      this.client = null;
      process.off('message', this.onProcessMessage);
      await client.destroy().catch(() => undefined);
      throw e;
    }
    await this.fetchCommandIds(client);
    this.log.info({ user: client.user?.tag, shards: client.shard?.ids ?? [0], guilds: client.guilds.cache.size }, 'discord ready');
  }

  /**
   * The ids of the registered global commands, so that the help names them as command mentions (clickable,
   * shown in the reader's language). Best effort, bounded: without them the help names the commands.
   */
  private async fetchCommandIds(client: Client): Promise<void> {
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 3000).unref());
    try {
      const commands = await Promise.race([client.application?.commands.fetch() ?? Promise.resolve(null), timeout]);
      if (commands) this.commandIds = Object.fromEntries([...commands.values()].map((c) => [c.name, c.id]));
    } catch (e) {
      this.log.debug({ err: asError(e) }, 'could not fetch the command ids; the help names the commands instead');
    }
  }

  /** Disconnects. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    process.off('message', this.onProcessMessage);
    if (client) await client.destroy();
  }

  /**
   * Replies the bot core has finished that are still being sent to Discord (interaction replies and
   * edits, answers to mentions). A graceful shutdown waits for them as for the core's requests: an answer
   * the core gave is delivered before the client is destroyed.
   */
  get pending(): number {
    return this.delivering;
  }

  /**
   * Counts one reply as being delivered from the moment `work` (the core's part) settles, until `done` is
   * called; `done` is safe to call when `work` has not settled (nothing was counted).
   */
  private delivery(work?: Promise<unknown>): () => void {
    let counted = false;
    let finished = false;
    const start = () => {
      if (finished || counted) return;
      counted = true;
      this.delivering++;
    };
    if (work) void work.then(start, start);
    else start();
    return () => {
      finished = true;
      if (counted) this.delivering--;
      counted = false;
    };
  }

  /** Whether the gateway connection is up and ready. */
  isConnected(): boolean {
    return !!this.client && this.client.isReady() && this.client.ws.status === Status.Ready;
  }

  /**
   * Whether the member behind an interaction may use `/corpus`: one of the configured moderator roles
   * when some are configured, else the Manage Server permission (administrators included).
   */
  isModerator(i: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction): boolean {
    if (!i.inGuild()) return false;
    const ids = this.opts.config.moderatorRoleIds;
    if (ids.length > 0) {
      const roles = i.member.roles;
      const list: string[] = Array.isArray(roles) ? roles : [...roles.cache.keys()];
      return list.some((r) => ids.includes(r));
    }
    return i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  }

  /** Maps a chat-input interaction to a bot request, or null for an unknown command. */
  private toRequest(i: ChatInputCommandInteraction): { req: BotRequest; private: boolean; image?: boolean } | null {
    const from: Requester = { platform: 'discord', userId: i.user.id, locale: i.locale };
    switch (i.commandName) {
      case COMMAND.ask: {
        const priv = i.options.getBoolean(COMMAND.optPrivate) ?? false;
        return { req: { kind: 'ask', text: stripMention(i.options.getString(COMMAND.optQuestion) ?? ''), from, private: priv }, private: priv };
      }
      case COMMAND.timeline: {
        const range = { from: i.options.getString(COMMAND.optFrom) ?? undefined, to: i.options.getString(COMMAND.optTo) ?? undefined };
        return {
          req: { kind: 'timeline', query: i.options.getString(COMMAND.optQuery) ?? undefined, range, from },
          private: i.options.getBoolean(COMMAND.optPrivate) ?? false,
          image: i.options.getBoolean(COMMAND.optImage) ?? false,
        };
      }
      case COMMAND.help:
        return { req: { kind: 'help', from }, private: true };
      case COMMAND.corpus: {
        const sub = i.options.getSubcommand(false);
        const mod = { ...from, isModerator: this.isModerator(i), name: i.user.username };
        if (sub === COMMAND.refresh || sub === COMMAND.status || sub === COMMAND.report) return { req: { kind: sub, from: mod }, private: true };
        if (sub === COMMAND.remove) return { req: { kind: 'corpus_remove', id: i.options.getString(COMMAND.optId, true), from: mod }, private: true };
        if (sub === COMMAND.list) return { req: { kind: 'corpus_list', page: 1, from: mod }, private: true };
        if (sub !== COMMAND.add) return null;
        const opt = (name: string) => i.options.getString(name) ?? undefined;
        // The attachment's bytes are downloaded by onInteraction (moderators only); the URL is fetched by the core.
        const url = opt(COMMAND.optUrl);
        return {
          req: { kind: 'corpus_add', from: mod, ...(url ? { url } : {}), title: opt(COMMAND.optTitle), published: opt(COMMAND.optPublished), language: opt(COMMAND.optLanguage) },
          private: true,
        };
      }
      default:
        return null;
    }
  }

  private async onInteraction(i: Interaction): Promise<void> {
    if (i.isButton()) {
      // The timeline's page buttons carry their state in their custom ids (timeline.ts).
      const state = decodeTimelineState(i.customId);
      if (state) return this.onTimelineButton(i, state);
    }
    if (isOurButton(i)) return this.onButton(i);
    if (i.isAutocomplete()) return this.onAutocomplete(i);
    if (i.isButton()) return this.onCorpusListButton(i);
    if (!i.isChatInputCommand()) return;
    const log = this.log.child({ interaction: i.id, command: i.commandName, user: i.user.id, guild: i.guildId });
    let delivered = () => {};
    try {
      const mapped = this.toRequest(i);
      if (!mapped) {
        log.warn('unknown command');
        const reply: BotReply = { kind: 'error', requestId: i.id, lang: i.locale?.startsWith('fr') ? 'fr' : 'en' };
        delivered = this.delivery();
        await this.sendInteraction(i, renderReply(reply, { commandIds: this.commandIds }), null);
        return;
      }
      const { req } = mapped;
      if (req.kind === 'corpus_add' && req.from.isModerator) {
        // Fetching, reading and indexing take a while: acknowledge at once, then download the attachment.
        const deferred = await this.defer(i, true);
        if (!deferred) return;
        const attachment = i.options.getAttachment(COMMAND.optFile);
        if (!!attachment === !!req.url) {
          delivered = this.delivery();
          await this.sendInteraction(i, renderReply({ kind: 'corpus_add', requestId: i.id, lang: langOf(i.locale), outcome: { ok: false, error: messagesFor(i.locale).addUsage } }), deferred);
          return;
        }
        if (attachment) {
          try {
            const max = this.opts.maxUploadBytes ?? 10 * 1024 * 1024;
            if (attachment.size > max) throw new Error(`the file is ${attachment.size} bytes, more than the ${max} accepted`);
            // The URL is Discord's own (its CDN), not a user's: private addresses are fine (a local fake in tests).
            const got = await fetchDocument(attachment.url, { allowPrivate: true, checkType: false, maxBytes: max });
            req.file = { name: attachment.name, bytes: got.bytes, ...(attachment.contentType ? { mediaType: attachment.contentType } : {}) };
          } catch (e) {
            log.warn({ err: asError(e) }, 'could not download the attachment');
            delivered = this.delivery();
            const error = `${messagesFor(i.locale).downloadFailed} (${asError(e).message.replace(/^URL: \S+: /, '')})`;
            await this.sendInteraction(i, renderReply({ kind: 'corpus_add', requestId: i.id, lang: langOf(i.locale), outcome: { ok: false, error } }), deferred);
            return;
          }
        }
        const work = this.opts.bot.processEvent(req);
        delivered = this.delivery(work);
        await this.sendInteraction(i, renderReply(await work), deferred);
        return;
      }
      let deferred: { ephemeral: boolean } | null = null;
      if (req.kind === 'refresh' && req.from.isModerator) {
        // A refresh re-reads the whole corpus: acknowledge at once.
        deferred = await this.defer(i, true);
        if (!deferred) return;
      }
      // A question (ask, timeline) is deferred before its work is queued: the deferral is on its way whatever
      // the answers queued before it take. The rest is quick (help, status, a timeline range refused, the
      // notice of a shutdown): answered in the callback itself, deferred only when late.
      const question = req.kind === 'ask' || (req.kind === 'timeline' && checkRange(req.range ?? {}).ok);
      const deferring = question && !this.opts.bot.closed ? this.defer(i, mapped.private) : null;
      const work = this.opts.bot.processEvent(req);
      delivered = this.delivery(work);
      if (deferring) {
        deferred = await deferring;
        if (!deferred) return;
      } else if (!deferred) {
        const late = await this.deferWhenLate(i, work, mapped.private);
        if (late === false) return;
        deferred = late;
      }
      const reply = await work;
      await this.sendInteraction(i, renderWithComponents(reply, { private: mapped.private, maxQuestionLength: this.opts.maxQuestionLength, commandIds: this.commandIds, timelineImage: mapped.image }), deferred);
      if (reply.kind === 'refresh' && reply.report.ok) this.broadcastRefresh();
    } catch (e) {
      this.logApiError(log, e, 'could not answer the interaction');
    } finally {
      delivered();
    }
  }

  /** A click on an answer's button (see components.ts). */
  private async onButton(i: Parameters<typeof handleButton>[0]): Promise<void> {
    const log = this.log.child({ interaction: i.id, button: i.customId, user: i.user.id, guild: i.guildId });
    const delivered = this.delivery();
    try {
      await handleButton(i, { bot: this.opts.bot, log, deferAfterMs: this.opts.deferAfterMs });
    } catch (e) {
      this.logApiError(log, e, 'could not answer the button');
    } finally {
      delivered();
    }
  }

  /** Suggests documents (id and title containing what is typed) for `/corpus remove`; moderators only. */
  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    try {
      const focused = i.options.getFocused(true);
      if (i.commandName !== COMMAND.corpus || focused.name !== COMMAND.optId) return void (await i.respond([]));
      const from: Requester = { platform: 'discord', userId: i.user.id, locale: i.locale, isModerator: this.isModerator(i) };
      const reply = await this.opts.bot.processEvent({ kind: 'corpus_list', query: String(focused.value), from });
      const choices =
        reply.kind === 'corpus_list'
          ? reply.entries.map((e) => {
              const name = `${e.title} (${e.id})`;
              return { name: name.length > 100 ? `${e.title.slice(0, 96 - Math.min(e.id.length, 40))}… (${e.id.slice(0, 40)})`.slice(0, 100) : name, value: e.id };
            })
          : [];
      await i.respond(choices);
    } catch (e) {
      this.logApiError(this.log.child({ interaction: i.id }), e, 'could not answer the autocomplete');
    }
  }

  /** A page button of `/corpus list`: the same ephemeral message shows the asked page. */
  private async onCorpusListButton(i: ButtonInteraction): Promise<void> {
    if (!i.customId.startsWith(CORPUS_LIST_BUTTON)) return;
    let delivered = () => {};
    try {
      const page = Number(i.customId.slice(CORPUS_LIST_BUTTON.length)) || 1;
      const from: Requester = { platform: 'discord', userId: i.user.id, locale: i.locale, isModerator: this.isModerator(i), name: i.user.username };
      const work = this.opts.bot.processEvent({ kind: 'corpus_list', page, from });
      delivered = this.delivery(work);
      const p = renderReply(await work);
      await i.update({ content: p.content ?? '', embeds: p.embeds, components: p.components ?? [], allowedMentions: NO_MENTIONS });
    } catch (e) {
      this.logApiError(this.log.child({ interaction: i.id }), e, 'could not answer the button');
    } finally {
      delivered();
    }
  }

  /**
   * Defers the interaction when `work` is not done within `deferAfterMs` (default 1500 ms, inside Discord's
   * 3 s): null when it was done in time, false when the deferral failed (logged).
   */
  private async deferWhenLate(i: ChatInputCommandInteraction, work: Promise<unknown>, ephemeral: boolean): Promise<{ ephemeral: boolean } | null | false> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.opts.deferAfterMs ?? 1500)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') return null;
    return (await this.defer(i, ephemeral)) ?? false;
  }

  /** Defers an interaction; null when Discord refused (the error is logged). */
  private async defer(i: ChatInputCommandInteraction, ephemeral: boolean): Promise<{ ephemeral: boolean } | null> {
    try {
      await i.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      return { ephemeral };
    } catch (e) {
      this.logApiError(this.log.child({ interaction: i.id }), e, 'could not defer the interaction');
      return null;
    }
  }

  /**
   * A timeline page button: draws the page its custom id names (filter, range, page, picture all come from
   * the id) and replaces the message with it. Anyone who sees the message may page through it.
   */
  private async onTimelineButton(i: ButtonInteraction, state: TimelineState): Promise<void> {
    const log = this.log.child({ interaction: i.id, button: 'timeline', user: i.user.id, guild: i.guildId });
    let delivered = () => {};
    try {
      const from: Requester = { platform: 'discord', userId: i.user.id, locale: i.locale };
      const work = this.opts.bot.processEvent({ kind: 'timeline', query: state.query, range: { from: state.from, to: state.to }, from });
      delivered = this.delivery(work);
      const after = this.opts.deferAfterMs ?? 1500;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), after)));
      const first = await Promise.race([work, late]);
      clearTimeout(timer);
      if (first === 'late') await i.deferUpdate();
      const reply = await work;
      if (reply.kind !== 'timeline') {
        // Rate limited, shutting down…: a notice for the clicker only; the page stays as it was.
        const p = renderReply(reply);
        await (i.deferred ? i.followUp.bind(i) : i.reply.bind(i))({ content: p.content, embeds: p.embeds, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
        return;
      }
      const p = renderTimelineMessage(reply, state);
      const body = {
        content: p.content ?? null,
        embeds: p.embeds,
        components: p.components ?? [],
        files: (p.files ?? []).map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
        attachments: [],
        allowedMentions: NO_MENTIONS,
      };
      if (i.deferred) await i.editReply(body);
      else await i.update(body);
    } catch (e) {
      this.logApiError(log, e, 'could not page the timeline');
    } finally {
      delivered();
    }
  }

  /** Sends a rendered payload as the interaction's reply (or as the edit of its deferral). */
  private async sendInteraction(i: ChatInputCommandInteraction, p: DiscordPayload, deferred: { ephemeral: boolean } | null): Promise<void> {
    const body = {
      content: p.content,
      embeds: p.embeds,
      allowedMentions: NO_MENTIONS,
      ...(p.components?.length ? { components: p.components } : {}),
      ...(p.files ? { files: p.files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })) } : {}),
    };
    if (!deferred) {
      await i.reply({ ...body, flags: p.ephemeral ? MessageFlags.Ephemeral : undefined });
      return;
    }
    if (p.ephemeral && !deferred.ephemeral) {
      // The deferral was public but this reply is for the asker only: replace it.
      await i.deleteReply();
      await i.followUp({ ...body, flags: MessageFlags.Ephemeral });
      return;
    }
    await i.editReply(body);
  }

  private async onMessage(msg: Message): Promise<void> {
    const me = this.client?.user;
    if (!me || msg.author.bot || msg.author.id === me.id || msg.webhookId) return;
    const inDm = !msg.inGuild();
    if (!inDm && !msg.mentions.users.has(me.id)) return;
    const log = this.log.child({ message: msg.id, user: msg.author.id, guild: msg.guildId });
    let delivered = () => {};
    try {
      const text = stripMention(msg.content);
      const from: Requester = { platform: 'discord', userId: msg.author.id, locale: msg.guild?.preferredLocale };
      const work = this.opts.bot.processEvent({ kind: 'ask', text, from });
      delivered = this.delivery(work);
      const reply = await work;
      const p = renderWithComponents(reply, { maxQuestionLength: this.opts.maxQuestionLength, commandIds: this.commandIds });
      await msg.reply({ content: p.content, embeds: p.embeds, ...(p.components ? { components: p.components } : {}), allowedMentions: NO_MENTIONS, failIfNotExists: false });
    } catch (e) {
      this.logApiError(log, e, 'could not answer the mention');
    } finally {
      delivered();
    }
  }

  /** Tells the other shards to refresh their corpus (no-op when not sharded). */
  private broadcastRefresh(): void {
    const shard = this.client?.shard;
    if (!shard) return;
    const msg: ShardRefreshMessage = { quotebot: 'refresh', from: shard.ids };
    shard.send(msg).catch((e: unknown) => this.log.error({ err: asError(e) }, 'could not tell the other shards to refresh'));
  }

  /** Refreshes this shard's engine because another shard refreshed. */
  private async refreshFromPeer(m: ShardRefreshMessage): Promise<void> {
    if (this.stopped) return;
    const mine = this.client?.shard?.ids ?? [];
    if (m.from.some((id) => mine.includes(id))) return;
    // Like every request, through the bot core (logged, counted); a peer shard acts as a moderator.
    const reply = await this.opts.bot.processEvent({ kind: 'refresh', from: { platform: 'discord', userId: `shard:${m.from.join(',')}`, isModerator: true } });
    if (reply.kind === 'refresh') {
      const r = reply.report;
      this.log.info({ from: m.from, ok: r.ok, version: r.version, documents: r.documents }, 'corpus refreshed on request of another shard');
    } else this.log.error({ from: m.from, reply: reply.kind }, 'corpus refresh requested by another shard failed');
  }

  private logApiError(log: Logger, e: unknown, what: string): void {
    if (e instanceof DiscordAPIError) {
      const level = e.code === 10062 || e.code === 40060 ? 'warn' : 'error';
      log[level]({ code: e.code, status: e.status, method: e.method, url: e.url.replace(/\/[^/]{40,}/g, '/[token]') }, `${what}: ${e.message}`);
      return;
    }
    log.error({ err: asError(e) }, what);
  }
}

const langOf = (locale: string | undefined): 'fr' | 'en' => (locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en');
const messagesFor = (locale: string | undefined) => messages(langOf(locale)).corpus;

/**
 * Removes Discord addressing from a question: mentions of users, roles and channels (`<@id>`, `<@!id>`,
 * `<@&id>`, `<#id>`) and `@everyone`/`@here`. They say who is asked, not what, and would only dilute the
 * search. Whitespace is collapsed and the result trimmed.
 */
export function stripMention(content: string): string {
  return content
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/(^|\s)@(?:everyone|here)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
