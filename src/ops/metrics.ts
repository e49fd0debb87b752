/**
 * Prometheus metrics of the bot (prom-client, in a registry of their own): questions by platform and
 * language, declined questions, answer latency, refreshes and their outcome, errors, the index in
 * service and which adapters are connected. Fed by the bot core through {@link BotObserver}.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BotObserver, BotReply, BotRequest } from '../bot.js';
import type { EngineStatus } from '../types.js';

/** Something that reports the index in service. */
export interface StatusSource {
  status(): EngineStatus;
}

/** Something that says whether it is connected (an adapter). */
export interface ConnectionSource {
  readonly name: string;
  isConnected(): boolean;
}

/** Options of {@link BotMetrics}. */
export interface BotMetricsOptions {
  /** The engine, for the index gauges (read at each scrape). */
  engine?: StatusSource;
  /** The adapters, for the connection gauge (read at each scrape). */
  adapters?: () => readonly ConnectionSource[];
  /** The store, for the gauge of whether its features are on (read at each scrape). */
  store?: { readonly available: boolean };
  /** Also export Node.js process metrics (default true). */
  processMetrics?: boolean;
}

/** Latency buckets (seconds): answers take about a millisecond; a refresh up to seconds. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The bot's metrics, and a {@link BotObserver} that records them. */
export class BotMetrics implements BotObserver {
  /** The registry holding every metric below (render it with `registry.metrics()`). */
  readonly registry = new Registry();
  private readonly questions: Counter<'platform' | 'language'>;
  private readonly declined: Counter<'platform' | 'language' | 'reason'>;
  private readonly latency: Histogram<'platform'>;
  private readonly requests: Counter<'platform' | 'kind' | 'reply'>;
  private readonly refreshes: Counter<'outcome'>;
  private readonly errors: Counter<'platform' | 'kind'>;
  private readonly ratings: Counter<'platform' | 'value'>;
  /** Counts the requests recorded, for {@link BotMetrics.version}. */
  private changes = 0;
  private versionOf: () => string = () => String(this.changes);

  constructor(opts: BotMetricsOptions = {}) {
    const registers = [this.registry];
    this.questions = new Counter({
      name: 'quotebot_questions_total',
      help: 'Questions answered or declined, by platform and question language.',
      labelNames: ['platform', 'language'],
      registers,
    });
    this.declined = new Counter({
      name: 'quotebot_questions_declined_total',
      help: 'Questions declined (not covered by the corpus, empty, too long), by platform, language and reason.',
      labelNames: ['platform', 'language', 'reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'quotebot_answer_latency_seconds',
      help: 'Time to answer a question, from request to reply, by platform.',
      labelNames: ['platform'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.requests = new Counter({
      name: 'quotebot_requests_total',
      help: 'Requests handled by the bot core, by platform, request kind and reply kind.',
      labelNames: ['platform', 'kind', 'reply'],
      registers,
    });
    this.refreshes = new Counter({
      name: 'quotebot_refreshes_total',
      help: 'Corpus refreshes asked by moderators, by outcome (ok: new index in service; refused: old index kept).',
      labelNames: ['outcome'],
      registers,
    });
    this.errors = new Counter({
      name: 'quotebot_errors_total',
      help: 'Requests that failed with an internal error, by platform and request kind.',
      labelNames: ['platform', 'kind'],
      registers,
    });
    this.ratings = new Counter({
      name: 'quotebot_ratings_total',
      help: 'Votes on answers (👍 up, 👎 down; a changed vote counts again), by platform.',
      labelNames: ['platform', 'value'],
      registers,
    });
    for (const platform of ['discord', 'slack']) for (const value of ['up', 'down']) this.ratings.inc({ platform, value }, 0);
    this.addGauges(opts);
    for (const outcome of ['ok', 'refused']) this.refreshes.inc({ outcome }, 0);
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'quotebot_' });
  }

  /** The gauges read at each scrape: the store, the index in service, the adapters' connections. */
  private addGauges(opts: BotMetricsOptions): void {
    const registers = [this.registry];
    const store = opts.store;
    if (store) {
      new Gauge({
        name: 'quotebot_store_available',
        help: 'Whether the store (question log, buttons, ratings, report) is in service (1) or off after a fault (0).',
        registers,
        collect() {
          this.set(store.available ? 1 : 0);
        },
      });
    }
    const engine = opts.engine;
    const adapters = opts.adapters;
    this.versionOf = () =>
      `${this.changes}|${engine?.status().version ?? ''}|${adapters?.().map((a) => (a.isConnected() ? 1 : 0)).join('') ?? ''}`;
    if (engine) {
      new Gauge({
        name: 'quotebot_index_documents',
        help: 'Documents in the index in service.',
        registers,
        collect() {
          this.set(engine.status().documents);
        },
      });
      new Gauge({
        name: 'quotebot_index_passages',
        help: 'Passages in the index in service.',
        registers,
        collect() {
          this.set(engine.status().passages);
        },
      });
      new Gauge({
        name: 'quotebot_index_info',
        help: 'The index in service: always 1, with its version as a label.',
        labelNames: ['version'],
        registers,
        collect() {
          this.reset();
          this.set({ version: engine.status().version }, 1);
        },
      });
    }
    if (adapters) {
      new Gauge({
        name: 'quotebot_adapter_connected',
        help: 'Whether each platform adapter is connected (1) or not (0).',
        labelNames: ['adapter'],
        registers,
        collect() {
          this.reset();
          for (const a of adapters()) this.set({ adapter: a.name }, a.isConnected() ? 1 : 0);
        },
      });
    }
  }

  /** Records one handled request (called by the bot core). */
  onReply(req: BotRequest, reply: BotReply, ms: number): void {
    const platform = req.from.platform;
    this.changes++;
    // A request refused during a shutdown is no failure: counted under its own reply label.
    this.requests.inc({ platform, kind: req.kind, reply: reply.kind === 'error' && reply.reason ? reply.reason : reply.kind });
    if (reply.kind === 'answer') {
      const a = reply.answer;
      this.questions.inc({ platform, language: a.language });
      if (!a.answered) this.declined.inc({ platform, language: a.language, reason: a.reason ?? 'not_covered' });
      this.latency.observe({ platform }, ms / 1000);
    } else if (reply.kind === 'vote') {
      this.ratings.inc({ platform, value: reply.value > 0 ? 'up' : 'down' });
    } else if (reply.kind === 'refresh') {
      this.refreshes.inc({ outcome: reply.report.ok ? 'ok' : 'refused' });
    }
  }

  /** Records one failed request (called by the bot core). */
  onError(req: BotRequest, _err: Error): void {
    this.changes++;
    this.errors.inc({ platform: req.from.platform, kind: req.kind });
  }

  /** The metrics in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Changes whenever a counter, the index in service or an adapter's connection changes: the operations
   * endpoint serves a render again, for up to a second, while this stays the same.
   */
  version(): string {
    return this.versionOf();
  }

  /** Content type of {@link BotMetrics.render}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
