/**
 * `npm run corpus -- refresh|check|add|remove|list [--corpus DIR] [--json]`, for moderators and for the CI of
 * corpus repositories.
 *
 * - `refresh` re-reads the corpus, builds the new index and publishes its snapshot in `CACHE_DIR`: every
 *   running bot process serving that cache directory switches to it within about a second. Exit 0 when
 *   the new index is published, 1 when the refresh is refused (the index in service stays).
 * - `check` validates the corpus and prints what a refresh would do, changing nothing on disk. Exit 0 when
 *   every file is valid, 1 when any file is rejected or no document is valid.
 *
 * - `add FILE|URL [--title T] [--published YYYY-MM-DD] [--language fr|en] [--id ID]` adds a document (or
 *   replaces the one with the same id or URL) and refreshes; `remove ID` takes one out and refreshes;
 *   `list` lists the documents with who added them and when. Exit 0 when done, 1 when refused (nothing
 *   changed: the files are as they were and the index in service is unchanged).
 *
 * Exit 2 on a usage error. The report goes to stdout (text, or one JSON object with `--json`); logs to
 * stderr.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { loadCorpus } from '../corpus/load.js';
import { CorpusManager, type AddOutcome, type CorpusEngine, type CorpusEntry } from '../corpus/manage.js';
import { Engine } from '../engine.js';
import { CorpusEmptyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { loadEnvFile } from '../env-file.js';
import { createLogger } from '../logger.js';
import type { RefreshReport } from '../types.js';
import { StoreService } from '../store/service.js';
import { fail, positional } from './common.js';
import { quoteFileName } from '../corpus/names.js';
import { refreshChanges, tellChange } from '../corpus/journal.js';
import { takeCorpusLock } from '../corpus/lock.js';

const USAGE = [
  'usage: npm run corpus -- refresh|check [--corpus DIR] [--json]',
  '       npm run corpus -- add FILE|URL [--title T] [--published YYYY-MM-DD] [--language fr|en] [--id ID] [--json]',
  '       npm run corpus -- remove ID [--json]',
  '       npm run corpus -- list [--json]',
].join('\n');

/** Options that take a value. */
const VALUE_OPTIONS = ['--corpus', '--title', '--published', '--language', '--id'];

/** The value of `--name VALUE`, if given. */
function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Renders a refresh or check report as text for a person. */
export function formatReport(command: 'refresh' | 'check', r: RefreshReport): string {
  const list = (ids: string[]) => (ids.length ? ids.join(', ') : '-');
  const head =
    command === 'check'
      ? r.ok
        ? r.rejected.length
          ? `check: a refresh would succeed, but ${r.rejected.length} file(s) would be rejected`
          : 'check: the corpus is valid'
        : `check: a refresh would be refused: ${r.error ?? 'unknown error'}`
      : r.ok
        ? `refresh: done, version ${r.version} is published`
        : `refresh: refused, the index in service is unchanged: ${r.error ?? 'unknown error'}`;
  return [
    head,
    `  added:    ${list(r.added)}`,
    `  changed:  ${list(r.changed)}`,
    `  removed:  ${list(r.removed)}`,
    `  ${r.documents} documents, ${r.passages} passages, version ${r.version || '-'}, ${r.ms} ms`,
    ...(r.rejected.length ? ['  rejected files:', ...r.rejected.map((x) => `    ${quoteFileName(x.file)}: ${x.field}: ${x.reason}`)] : []),
  ].join('\n');
}

/** Runs the command; returns the exit code. */
export async function runCorpusCommand(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [command, ...extra] = positional(argv, VALUE_OPTIONS);
  const arity: Record<string, number> = { refresh: 0, check: 0, list: 0, add: 1, remove: 1 };
  const missingValue = VALUE_OPTIONS.some((o) => argv.includes(o) && (option(argv, o) === undefined || option(argv, o)!.startsWith('--')));
  if (!command || arity[command] === undefined || extra.length !== arity[command] || missingValue) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const config = loadConfig(process.env, argv);
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  if (command === 'add' || command === 'remove' || command === 'list') return runChange(command, extra[0], argv, config, logger, json, out);
  const base = { corpusDir: config.corpusDir, cacheDir: config.cacheDir, logger };
  let report: RefreshReport;
  if (command === 'check') {
    report = await Engine.checkCorpus(base);
    // The documents Engine.checkCorpus just read are kept under CACHE_DIR/parsed: not parsed a second time.
    const { inferred } = await loadCorpus(config.corpusDir, undefined, { cacheDir: config.cacheDir }).catch(() => ({ inferred: new Map() }));
    if (json) report = { ...report, inferred: [...inferred].map(([file, fields]) => ({ file, fields })) } as RefreshReport;
    else {
      out(`${formatReport(command, report)}\n${formatInferred(inferred)}`);
      return !report.ok || report.rejected.length ? 1 : 0;
    }
  } else {
    // Start from what is published for this corpus, so that the report shows what changed for the running
    // bots. No question is answered here: build in this thread rather than start a worker. Holding the
    // corpus lock (lock.ts): a watcher or a change in a running bot refreshes and records before or after,
    // never the same change at the same time.
    const release = (await takeCorpusLock(config.corpusDir))!;
    try {
      const started = performance.now();
      const engine = await Engine.open({ ...base, from: 'published', watchMs: 0, useWorker: false });
      try {
        if (engine.openedFrom === 'published snapshot') {
          const titles = () => new Map(engine.documents().map((d) => [d.id, d.title]));
          const before = titles();
          report = await engine.refresh();
          await recordRefresh(config, logger, report, before, titles());
        } else {
          // Nothing published for this corpus yet: the index just opened is published; every document is new.
          await engine.publish();
          const s = engine.status();
          report = {
            ok: true,
            added: engine.documentIds(),
            changed: [],
            removed: [],
            rejected: s.rejected,
            documents: s.documents,
            passages: s.passages,
            ms: Math.round(performance.now() - started),
            version: s.version,
          };
        }
      } finally {
        await engine.close();
      }
    } finally {
      await release();
    }
  }
  out(json ? `${JSON.stringify({ command, ...report })}\n` : `${formatReport(command as 'refresh' | 'check', report)}\n`);
  if (!report.ok) return 1;
  return command === 'check' && report.rejected.length ? 1 : 0;
}

/** Who runs the command line, as the store records them. */
const cliActor = () => ({ platform: 'cli', userId: os.userInfo().username });

/**
 * Records in the bot's store (when it can be opened: never required) what a `refresh` changed for the
 * running bots, each document by the person at the command line, or the refusal: the moderators' report
 * lists them beside the changes made from the chat and by hand.
 */
async function recordRefresh(config: Config, logger: Logger, report: RefreshReport, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Promise<void> {
  const changes = report.ok
    ? refreshChanges(report, before, after)
    : [{ action: 'update' as const, id: null, title: null, source: null, outcome: 'refused' as const, error: report.error ?? 'refresh refused' }];
  if (!changes.length) return;
  const store = await StoreService.open(config.store, logger, { retryMs: 0, pruneEveryMs: 0 });
  try {
    for (const c of changes) await tellChange((x) => store.recordCorpusChange(x), { by: cliActor(), ...c }, logger);
  } finally {
    await store.close();
  }
}

/** How the metadata of documents without complete front matter was decided, for `check`. */
function formatInferred(inferred: Map<string, { field: string; value: string; from: string }[]>): string {
  const lines: string[] = [];
  for (const [file, fields] of inferred) {
    const read = fields.filter((f) => f.from !== 'front matter');
    const noDate = !fields.some((f) => f.field === 'published');
    if (!read.length && !noDate) continue;
    const parts = read.map((f) => `${f.field} ${JSON.stringify(f.value.length > 60 ? `${f.value.slice(0, 60)}…` : f.value)} ← ${f.from}`);
    if (noDate) parts.push('no publication date found (relative dates are left unresolved)');
    lines.push(`    ${file}: ${parts.join('; ')}`);
  }
  return lines.length ? `  read from the documents:\n${lines.join('\n')}\n` : '';
}

/**
 * The engine seen by `add` and `remove` on the command line: the index published for the running bots
 * (or, when none is, the one built from the corpus), refreshed and published like `corpus refresh` does.
 */
class CliEngine implements CorpusEngine {
  private engine: Engine | null = null;
  constructor(private readonly config: Config, private readonly logger: Logger) {}

  private open(from: 'corpus' | 'published'): Promise<Engine> {
    return Engine.open({ corpusDir: this.config.corpusDir, cacheDir: this.config.cacheDir, logger: this.logger, from, watchMs: 0, useWorker: false });
  }

  /**
   * Opens the index in service before anything changes (the one published for the running bots, else the
   * corpus as it is), so that reports show what changed; a refresh then publishes the new one.
   */
  async start(): Promise<void> {
    try {
      this.engine = await this.open('published');
    } catch (e) {
      if (!(e instanceof CorpusEmptyError)) throw e; // an empty corpus: the first add opens it
    }
  }

  async refresh(): Promise<RefreshReport> {
    if (this.engine) return this.engine.refresh();
    const started = performance.now();
    try {
      this.engine = await this.open('corpus');
    } catch (e) {
      return { ok: false, error: (e as Error).message, added: [], changed: [], removed: [], rejected: [], documents: 0, passages: 0, ms: Math.round(performance.now() - started), version: '' };
    }
    await this.engine.publish();
    const s = this.engine.status();
    return { ok: true, added: this.engine.documentIds(), changed: [], removed: [], rejected: s.rejected, documents: s.documents, passages: s.passages, ms: Math.round(performance.now() - started), version: s.version };
  }

  documentIds(): string[] {
    return this.engine?.documentIds() ?? [];
  }

  timeline(query?: string) {
    return this.engine?.timeline(query) ?? [];
  }

  async close(): Promise<void> {
    await this.engine?.close();
  }
}

/** Renders the outcome of an add for a person. */
export function formatAdd(o: AddOutcome): string {
  if (!o.ok) return `add: refused, nothing changed: ${o.error}`;
  const d = o.document;
  const from = (field: string) => o.inferred.find((i) => i.field === field)?.from;
  const lines = [
    `${o.action === 'update' ? 'updated' : 'added'}: ${d.id} "${d.title}" (${d.file})`,
    `  title ← ${from('title')}; language ${d.language} ← ${from('language')}; ${d.published ? `published ${d.published} ← ${from('published')}` : 'no publication date found (give --published to resolve relative dates)'}`,
    ...(d.source ? [`  source: ${d.source}`] : []),
    `  index: ${o.report.documents} documents, ${o.report.passages} passages, version ${o.report.version}`,
    o.events.length ? `  first dated events:` : '  no dated event found in it',
    ...o.events.map((e) => `    ${e.iso}  « ${e.displayText.replace(/\s+/g, ' ').slice(0, 120)}${e.displayText.length > 120 ? '…' : ''} »`),
  ];
  return lines.join('\n');
}

/** Renders the corpus list for a person. */
export function formatList(entries: CorpusEntry[]): string {
  if (!entries.length) return 'no document';
  return entries
    .map((e) => `${e.id}  "${e.title}"  ${e.published ?? 'undated'}  ${e.language}  ${e.file}${e.addedBy ? `  added by ${e.addedBy} at ${e.addedAt}` : ''}${e.source ? `\n    ${e.source}` : ''}`)
    .join('\n');
}

async function runChange(
  command: 'add' | 'remove' | 'list',
  target: string | undefined,
  argv: string[],
  config: Config,
  logger: Logger,
  json: boolean,
  out: (s: string) => void,
): Promise<number> {
  const engine = new CliEngine(config, logger);
  if (command === 'list') {
    const entries = await new CorpusManager({ corpusDir: config.corpusDir, engine, logger }).list();
    out(json ? `${JSON.stringify(entries)}\n` : `${formatList(entries)}\n`);
    return 0;
  }
  // The change is recorded in the bot's store too (for the report), when it can be opened: never required.
  const store = await StoreService.open(config.store, logger, { retryMs: 0, pruneEveryMs: 0 });
  const manager = new CorpusManager({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, engine, logger, fetch: { allowPrivate: config.allowPrivateUrls }, onChange: (c) => store.recordCorpusChange(c) });
  const by = cliActor();
  await fs.mkdir(config.corpusDir, { recursive: true });
  try {
    await engine.start();
    if (command === 'remove') {
      const r = await manager.remove(target!, by);
      out(json ? `${JSON.stringify({ command, ...r })}\n` : r.ok ? `removed: ${r.document.id} "${r.document.title}" (${r.document.file}); ${r.report.documents} documents, ${r.report.passages} passages\n` : `remove: refused, nothing changed: ${r.error}\n`);
      return r.ok ? 0 : 1;
    }
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(target!);
    let file: { name: string; bytes: Uint8Array } | undefined;
    if (!isUrl) {
      try {
        const stat = await fs.stat(target!);
        if (!stat.isFile()) {
          process.stderr.write(`error: ${target}: cannot read this file (not a file)\n`);
          return 1;
        }
        if (stat.size > 10 * 1024 * 1024) {
          out(json ? `${JSON.stringify({ command, ok: false, error: `file: is ${stat.size} bytes, more than the 10485760 accepted` })}\n` : `add: refused, nothing changed: file: is ${stat.size} bytes, more than the 10485760 accepted\n`);
          return 1;
        }
        file = { name: path.basename(target!), bytes: await fs.readFile(target!) };
      } catch (e) {
        process.stderr.write(`error: ${target}: cannot read this file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
        return 1;
      }
    }
    const r = await manager.add(
      {
        ...(isUrl ? { url: target! } : { file: file! }),
        title: option(argv, '--title'),
        published: option(argv, '--published'),
        language: option(argv, '--language'),
        id: option(argv, '--id'),
      },
      by,
    );
    out(json ? `${JSON.stringify({ command, ...r })}\n` : `${formatAdd(r)}\n`);
    return r.ok ? 0 : 1;
  } finally {
    await engine.close();
    await store.close();
  }
}

if (process.argv[1] && /cli[\\/]corpus\.[tj]s$/.test(process.argv[1])) {
  Promise.resolve()
    .then(() => loadEnvFile())
    .then(() => runCorpusCommand(process.argv.slice(2)))
    .then(
      (code) => process.exit(code),
      (e: unknown) => fail(e),
    );
}
