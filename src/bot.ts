/**
 * The bot core: one transport-neutral entry ({@link Bot.processEvent}) that every adapter calls with a
 * {@link BotRequest} and whose {@link BotReply} it renders. The core never sees a platform object.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';
import { CorpusChangeError, asError } from './errors.js';
import { langFromLocale } from './i18n.js';
import type { AddOutcome, AddRequest, CorpusEntry, RemoveOutcome } from './corpus/manage.js';
import type { Actor } from './corpus/journal.js';
import type { Answer, EngineStatus, Lang, RefreshReport, TimelineEntry } from './types.js';
import { RateLimiter } from './ratelimit.js';
import type { RankedAnswer } from './retrieval/answer.js';
import type { ParsedQuestion } from './retrieval/question.js';
import { buildReport, questionSignature, type CorpusReport, type QuestionAnalyzer } from './store/report.js';
import type { StoreService } from './store/service.js';
import type { UserLimiter } from './store/ratelimit.js';
import type { AnswerPage } from './store/store.js';
import { checkRange, inRange, type RangeProblem, type TimelineRange } from './timeline/range.js';

/** What the bot core needs from the answer engine. */
export interface QuestionEngine {
  /**
   * Answers one question (synchronously on the calling thread, or as a promise when answers are computed
   * elsewhere, see {@link QuestionEngine.offThread}). Never fails for bad input: an empty or too long
   * question is declined.
   */
  ask(question: string): Answer | Promise<Answer>;
  /** Every dated passage in calendar order, optionally only those matching `query`. */
  timeline(query?: string): TimelineEntry[] | Promise<TimelineEntry[]>;
  /**
   * True when answers are computed off the calling thread (the answer worker pool): the core then hands
   * questions over at once instead of taking one event-loop turn per question.
   */
  readonly offThread?: boolean;
  /** Re-reads the corpus and swaps the new index in; the old one stays in service on failure. */
  refresh(): Promise<RefreshReport>;
  /** The index in service. */
  status(): EngineStatus;
  /** {@link QuestionEngine.ask} with up to `more` further passages of the same ranking ("More passages"). */
  askRanked?(question: string, more?: number): RankedAnswer | Promise<RankedAnswer>;
  /** The question as the engine reads it (for grouping declined questions in the report). */
  analyze?(question: string): ParsedQuestion;
  /**
   * {@link QuestionEngine.analyze} of several questions, on this thread or where answers are computed (the
   * answer workers): the report groups declined questions with it.
   */
  analyzeMany?(questions: string[]): ParsedQuestion[] | Promise<ParsedQuestion[]>;
  /** The documents of the index in service. */
  documents?(): { id: string; title: string }[] | Promise<{ id: string; title: string }[]>;
}

/** Which platform a request came from. */
export type Platform = 'discord' | 'slack' | 'console';

/** Who is asking. */
export interface Requester {
  platform: Platform;
  /** Platform user id (rate limits are per user and platform). */
  userId: string;
  /** Platform locale, if known (`fr`, `en-US`…): the language of replies that are not answers. */
  locale?: string;
  /** Whether the platform says this user may moderate (roles, admin flags): the adapter decides. */
  isModerator?: boolean;
  /** A display name, when the platform gives one (recorded with corpus changes). */
  name?: string;
}

/** What the core needs to add, remove and list documents (see `CorpusManager` in src/corpus/manage.ts). */
export interface CorpusCommands {
  add(req: AddRequest, by: Actor): Promise<AddOutcome>;
  remove(id: string, by: Actor): Promise<RemoveOutcome>;
  list(): Promise<CorpusEntry[]>;
}

/** Documents per page of a corpus list reply. */
export const CORPUS_PAGE_SIZE = 10;

/** A request from any platform. */
export type BotRequest =
  | { kind: 'ask'; text: string; from: Requester; /** Shown to the asker only (ephemeral). */ private?: boolean }
  /** 👍 (1) or 👎 (-1) on an answer; a second vote by the same person replaces the first. */
  | { kind: 'vote'; answerId: string; value: 1 | -1; from: Requester }
  /** The next passages of an answer's ranking, from `offset`. */
  | { kind: 'more'; answerId: string; offset: number; from: Requester }
  /** Post a private answer publicly; `question` is the question as the clicked message carries it. */
  | { kind: 'share'; answerId: string; question?: string; from: Requester }
  /** The moderators' report. */
  | { kind: 'report'; from: Requester }
  | { kind: 'timeline'; query?: string; /** Dates as the user wrote them (`2026`, `2026-02`, `2026-02-24`). */ range?: { from?: string; to?: string }; from: Requester }
  | { kind: 'help'; from: Requester }
  | { kind: 'refresh'; from: Requester }
  | { kind: 'status'; from: Requester }
  /** Adds a document: a file's bytes (the adapter downloads an attachment) or a URL (fetched by the core). */
  | { kind: 'corpus_add'; from: Requester; url?: string; file?: { name: string; bytes: Uint8Array; mediaType?: string }; title?: string; published?: string; language?: string; id?: string }
  | { kind: 'corpus_remove'; from: Requester; id: string }
  /** One page (1-based, default 1) of the documents; `query` keeps those whose id or title contains it. */
  | { kind: 'corpus_list'; from: Requester; page?: number; query?: string };

/** The core's reply; each adapter renders every kind. */
export type BotReply =
  | { kind: 'answer'; requestId: string; answer: Answer; feedback?: AnswerFeedback }
  | { kind: 'vote'; requestId: string; lang: Lang; value: 1 | -1; previous: number }
  | { kind: 'more'; requestId: string; lang: Lang; page: AnswerPage }
  | { kind: 'share'; requestId: string; answer: Answer; answerId: string }
  | { kind: 'report'; requestId: string; lang: Lang; report: CorpusReport }
  /** A button or report needing the store while it is off (`store_off`), or an answer it no longer keeps (`expired`). */
  | { kind: 'unavailable'; requestId: string; lang: Lang; reason: 'store_off' | 'expired' | 'not_private' }
  | {
      kind: 'timeline';
      requestId: string;
      lang: Lang;
      query?: string;
      entries: TimelineEntry[];
      /** The date range applied (normalized). */
      range?: TimelineRange;
      /** The range was refused (no entries): which bound, and why. */
      invalid?: RangeProblem;
    }
  | { kind: 'help'; requestId: string; lang: Lang }
  | { kind: 'refresh'; requestId: string; lang: Lang; report: RefreshReport }
  | { kind: 'status'; requestId: string; lang: Lang; status: EngineStatus }
  | { kind: 'rate_limited'; requestId: string; lang: Lang; retryAfterSeconds: number }
  | { kind: 'corpus_add'; requestId: string; lang: Lang; outcome: AddOutcome }
  | { kind: 'corpus_remove'; requestId: string; lang: Lang; outcome: RemoveOutcome }
  | { kind: 'corpus_list'; requestId: string; lang: Lang; entries: CorpusEntry[]; page: number; pages: number; total: number }
  | { kind: 'forbidden'; requestId: string; lang: Lang }
  /** `shutting_down`: the bot is stopping (not a failure); absent: an internal error. */
  | { kind: 'error'; requestId: string; lang: Lang; reason?: 'shutting_down' };

/** What an answer's buttons need: its id in the store and how many further passages it has. */
export interface AnswerFeedback {
  answerId: string;
  /** Further passages of the ranking ("More passages"), 0 when none. */
  more: number;
  /** Whether the answer is shown to the asker only (it gets a Share in channel button). */
  private: boolean;
}

/** Passages kept per answer beyond those shown, for "More passages". */
export const MORE_PASSAGES = 12;
/** Passages per "More passages" page. */
export const PAGE_SIZE = 3;
/** Longest wait for the store when an answer is recorded; past it the answer goes out without buttons. */
const RECORD_BUDGET_MS = 1500;

/** Observes every request the core handles (metrics hook). */
export interface BotObserver {
  onReply?(req: BotRequest, reply: BotReply, ms: number): void;
  onError?(req: BotRequest, err: Error): void;
}

/** Options of the bot core. */
export interface BotOptions {
  engine: QuestionEngine;
  logger: Logger;
  /** Questions (ask and timeline) allowed per user per window. */
  rateLimit?: { max: number; windowMs: number };
  observer?: BotObserver;
  /** The store (question log, answers' buttons, ratings, report); without it those features are off. */
  store?: StoreService;
  /** The per-user limiter (default: in memory, with {@link BotOptions.rateLimit}); see `SharedRateLimiter`. */
  limiter?: UserLimiter;
  /** Corpus changes from chat (`/corpus add|remove|list`); without it those requests get an error reply. */
  corpus?: CorpusCommands;
}

/** The bot core shared by every adapter. */
export class Bot {
  /** Private: every request, a peer process's refresh included, goes through {@link Bot.processEvent}. */
  private readonly engine: QuestionEngine;
  readonly logger: Logger;
  /** The store, when configured (see {@link BotOptions.store}). */
  readonly store?: StoreService;
  private readonly limiter: UserLimiter;
  private readonly corpus: CorpusCommands | undefined;
  private readonly observers: BotObserver[] = [];
  private inFlight = 0;
  private closing = false;
  /** Tail of the queue of engine calls (see {@link Bot.engineTurn}). */
  private turns: Promise<void> = Promise.resolve();

  constructor(opts: BotOptions) {
    this.engine = opts.engine;
    this.logger = opts.logger;
    this.store = opts.store;
    this.limiter = opts.limiter ?? new RateLimiter(opts.rateLimit ?? { max: 5, windowMs: 30_000 });
    this.corpus = opts.corpus;
    if (opts.observer) this.observers.push(opts.observer);
  }

  /**
   * Waits for this request's turn at an engine that answers on this thread: one (synchronous) engine call
   * per event-loop turn, so
   * that requests waiting in between are read and acknowledged (Slack wants its ack within 3 s; measured
   * by `npm run bench`: under 50 concurrent /ask at 100,000 passages, ack p99 1.6 s → 0.12 s).
   */
  private engineTurn(): Promise<void> {
    const mine = this.turns.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.turns = mine;
    return mine;
  }

  /** Adds an observer (metrics). */
  observe(o: BotObserver): void {
    this.observers.push(o);
  }

  /** Requests being processed now. */
  get pending(): number {
    return this.inFlight;
  }

  /** The index in service (for a platform's status view, such as Slack's App Home). */
  status(): EngineStatus {
    return this.engine.status();
  }

  /** Stops taking new requests (they get an error reply); requests in flight finish. */
  close(): void {
    this.closing = true;
  }

  /** Whether {@link Bot.close} was called. */
  get closed(): boolean {
    return this.closing;
  }

  /**
   * The single entry of the core: handles one request from any platform. Never throws; an internal
   * failure is logged once, here, and becomes an `error` reply.
   */
  async processEvent(req: BotRequest): Promise<BotReply> {
    const requestId = randomUUID();
    const log = this.logger.child({ requestId, platform: req.from.platform, kind: req.kind });
    const started = performance.now();
    const lang = langFromLocale(req.from.locale);
    if (this.closing) return this.refuseWhileClosing(req, requestId, lang, log);
    this.inFlight++;
    let reply: BotReply;
    try {
      reply = await this.dispatch(req, requestId, lang, log);
    } catch (e) {
      const err = asError(e);
      log.error({ err }, 'request failed');
      for (const o of this.observers) o.onError?.(req, err);
      reply = { kind: 'error', requestId, lang };
    } finally {
      this.inFlight--;
    }
    const ms = performance.now() - started;
    log.info({ reply: reply.kind, ms: Math.round(ms * 10) / 10, ...summary(reply) }, 'request handled');
    for (const o of this.observers) o.onReply?.(req, reply, ms);
    return reply;
  }

  /**
   * A request that arrives during a shutdown gets the "try again in a moment" reply: a normal event, logged
   * at info level and not counted as an error (see src/ops/shutdown.ts).
   */
  private refuseWhileClosing(req: BotRequest, requestId: string, lang: Lang, log: Logger): BotReply {
    const reply: BotReply = { kind: 'error', requestId, lang, reason: 'shutting_down' };
    log.info({ reply: reply.kind, reason: reply.reason }, 'request refused: shutting down');
    for (const o of this.observers) o.onReply?.(req, reply, 0);
    return reply;
  }

  private async dispatch(req: BotRequest, requestId: string, lang: Lang, log: Logger): Promise<BotReply> {
    switch (req.kind) {
      case 'help':
        return { kind: 'help', requestId, lang };
      case 'ask':
      case 'timeline': {
        if (req.kind === 'timeline') {
          const checked = checkRange(req.range ?? {});
          if (!checked.ok) return { kind: 'timeline', requestId, lang, query: req.query?.trim() || undefined, entries: [], invalid: checked.problem };
        }
        const wait = await this.limiter.take(`${req.from.platform}:${req.from.userId}`);
        if (wait > 0) return { kind: 'rate_limited', requestId, lang, retryAfterSeconds: Math.ceil(wait / 1000) };
        if (!this.engine.offThread) await this.engineTurn();
        if (req.kind === 'ask') {
          log.debug({ question: req.text.slice(0, 200) }, 'question');
          const storeOn = this.store?.available ?? false;
          const ranked: RankedAnswer = this.engine.askRanked
            ? await this.engine.askRanked(req.text, storeOn ? MORE_PASSAGES : 0)
            : { answer: await this.engine.ask(req.text), more: [] };
          const feedback = storeOn ? await this.record(req, ranked) : null;
          return { kind: 'answer', requestId, answer: ranked.answer, ...(feedback ? { feedback } : {}) };
        }
        const query = req.query?.trim() || undefined;
        const checked = checkRange(req.range ?? {});
        const range = checked.ok ? checked.range : {};
        const entries = (await this.engine.timeline(query)).filter((e) => inRange(e.iso, range));
        return { kind: 'timeline', requestId, lang, query, entries, ...(range.from || range.to ? { range } : {}) };
      }
      case 'vote':
      case 'more':
      case 'share':
        return this.onButton(req, requestId, lang);
      case 'report': {
        if (!req.from.isModerator) return { kind: 'forbidden', requestId, lang };
        return this.report(requestId, lang);
      }
      case 'refresh':
      case 'status': {
        if (!req.from.isModerator) return { kind: 'forbidden', requestId, lang };
        if (req.kind === 'status') return { kind: 'status', requestId, lang, status: this.engine.status() };
        const report = await this.engine.refresh();
        log.info({ report: { ...report, rejected: report.rejected.length } }, 'corpus refresh');
        return { kind: 'refresh', requestId, lang, report };
      }
      case 'corpus_add':
      case 'corpus_remove':
      case 'corpus_list': {
        if (!req.from.isModerator) return { kind: 'forbidden', requestId, lang };
        if (!this.corpus) throw new CorpusChangeError('corpus changes are not enabled in this process');
        const by: Actor = { platform: req.from.platform, userId: req.from.userId, ...(req.from.name ? { name: req.from.name } : {}) };
        if (req.kind === 'corpus_add') {
          const { kind: _k, from: _f, ...add } = req;
          return { kind: 'corpus_add', requestId, lang, outcome: await this.corpus.add(add, by) };
        }
        if (req.kind === 'corpus_remove') return { kind: 'corpus_remove', requestId, lang, outcome: await this.corpus.remove(req.id, by) };
        const q = req.query?.trim().toLowerCase();
        const all = (await this.corpus.list()).filter((e) => !q || e.id.toLowerCase().includes(q) || e.title.toLowerCase().includes(q));
        const pages = Math.max(1, Math.ceil(all.length / CORPUS_PAGE_SIZE));
        const page = Math.min(Math.max(1, Math.floor(req.page ?? 1)), pages);
        return { kind: 'corpus_list', requestId, lang, entries: all.slice((page - 1) * CORPUS_PAGE_SIZE, page * CORPUS_PAGE_SIZE), page, pages, total: all.length };
      }
    }
  }

  /**
   * Records a question and its answer in the store (per `QUESTION_LOG`), within {@link RECORD_BUDGET_MS}:
   * the answer never waits longer for the store, and goes out without buttons when the store failed.
   */
  private async record(req: BotRequest & { kind: 'ask' }, ranked: RankedAnswer): Promise<AnswerFeedback | null> {
    const store = this.store;
    if (!store) return null;
    const work = store.run('record', (s) =>
      s.record({
        platform: req.from.platform,
        userId: req.from.userId,
        private: req.private ?? false,
        answer: ranked.answer,
        more: ranked.more,
        ...(ranked.confidence !== undefined ? { confidence: ranked.confidence } : {}),
        ...(ranked.parsed ? { signature: questionSignature(ranked.parsed) } : {}),
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), RECORD_BUDGET_MS)));
    const id = await Promise.race([work, late]);
    clearTimeout(timer);
    if (id === 'late') {
      this.logger.warn({ ms: RECORD_BUDGET_MS }, 'the store was too slow; the answer goes out without buttons');
      return null;
    }
    return id ? { answerId: id, more: ranked.more.length, private: req.private ?? false } : null;
  }

  /** A click on an answer's button: a vote, the next passages, or Share in channel. */
  private async onButton(req: BotRequest & { kind: 'vote' | 'more' | 'share' }, requestId: string, lang: Lang): Promise<BotReply> {
    const store = this.store;
    const off: BotReply = { kind: 'unavailable', requestId, lang, reason: 'store_off' };
    if (!store?.available) return off;
    const { platform, userId } = req.from;
    if (req.kind === 'vote') {
      const r = await store.run('vote', (s) => s.vote(req.answerId, platform, userId, req.value));
      if (r === null) return store.available ? { kind: 'unavailable', requestId, lang, reason: 'expired' } : off;
      return { kind: 'vote', requestId, lang, value: req.value, previous: r.previous };
    }
    // A page or a share posts a message (publicly for a public answer): counted like a question.
    const wait = await this.limiter.take(`${platform}:${userId}`);
    if (wait > 0) return { kind: 'rate_limited', requestId, lang, retryAfterSeconds: Math.ceil(wait / 1000) };
    const offset = req.kind === 'more' ? Math.max(0, Math.floor(req.offset)) : 0;
    const found = await store.run(req.kind, async (s) => ({ page: await s.page(req.answerId, offset, PAGE_SIZE), owner: s.userHash(platform, userId) }));
    if (found === null) return off;
    const page = found.page;
    if (!page) return { kind: 'unavailable', requestId, lang, reason: 'expired' };
    if (req.kind === 'more') return { kind: 'more', requestId, lang: page.language, page };
    // Share: only a private answer, and only by the one who asked (only they can see it).
    if (!page.private || page.owner !== found.owner) return { kind: 'unavailable', requestId, lang, reason: 'not_private' };
    const shown = await store.run('share', (s) => s.page(req.answerId, 0, page.shown));
    const answer: Answer = {
      question: (req.question ?? '').slice(0, 500),
      language: page.language,
      type: 'other',
      answered: true,
      passages: shown?.passages ?? [],
    };
    return { kind: 'share', requestId, answer, answerId: req.answerId };
  }

  /**
   * How the report reads questions: the engine's own analysis, wherever it runs. An engine without one
   * (a test double) leaves each question its own line.
   */
  private analyzer(lang: Lang): QuestionAnalyzer {
    const e = this.engine;
    if (e.analyzeMany) return (texts) => e.analyzeMany!(texts);
    if (e.analyze) return (texts) => texts.map((t) => e.analyze!(t));
    return (texts) => texts.map((text) => ({ text, lang, type: 'other' as const, concepts: [], dates: [] }));
  }

  /** The moderators' report over the retention period. */
  private async report(requestId: string, lang: Lang): Promise<BotReply> {
    const store = this.store;
    if (!store?.available) return { kind: 'unavailable', requestId, lang, reason: 'store_off' };
    const since = Date.now() - store.config.retentionDays * 86_400_000;
    const data = await store.run('report', (s) => s.reportData(since));
    if (!data) return { kind: 'unavailable', requestId, lang, reason: 'store_off' };
    await this.engineTurn();
    const report = await buildReport(data, (await this.engine.documents?.()) ?? [], this.analyzer(lang), store.config.questionLog);
    return { kind: 'report', requestId, lang, report };
  }
}


function summary(reply: BotReply): Record<string, unknown> {
  if (reply.kind === 'corpus_add' || reply.kind === 'corpus_remove') {
    const o = reply.outcome;
    return o.ok ? { ok: true, id: o.document.id } : { ok: false, error: o.error };
  }
  if (reply.kind === 'answer') {
    const a = reply.answer;
    return { language: a.language, answered: a.answered, confidence: a.confidence, reason: a.reason, passages: a.passages.length };
  }
  return {};
}
