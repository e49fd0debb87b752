/**
 * `npm run corpus -- refresh|check [--corpus DIR] [--json]`, for moderators and for the CI of corpus
 * repositories.
 *
 * - `refresh` re-reads the corpus, builds the new index and publishes its snapshot in `CACHE_DIR`: every
 *   running bot process serving that cache directory switches to it within about a second. Exit 0 when
 *   the new index is published, 1 when the refresh is refused (the index in service stays).
 * - `check` validates the corpus and prints what a refresh would do, changing nothing on disk. Exit 0 when
 *   every file is valid, 1 when any file is rejected or no document is valid.
 *
 * Exit 2 on a usage error. The report goes to stdout (text, or one JSON object with `--json`); logs to
 * stderr.
 */
import { loadConfig } from '../config.js';
import { Engine } from '../engine.js';
import { loadEnvFile } from '../env-file.js';
import { createLogger } from '../logger.js';
import type { RefreshReport } from '../types.js';
import { fail, positional } from './common.js';

const USAGE = 'usage: npm run corpus -- refresh|check [--corpus DIR] [--json]';

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
    ...(r.rejected.length ? ['  rejected files:', ...r.rejected.map((x) => `    ${x.file}: ${x.field}: ${x.reason}`)] : []),
  ].join('\n');
}

/** Runs the command; returns the exit code. */
export async function runCorpusCommand(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [command, ...extra] = positional(argv);
  if ((command !== 'refresh' && command !== 'check') || extra.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const config = loadConfig(process.env, argv);
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const base = { corpusDir: config.corpusDir, cacheDir: config.cacheDir, logger };
  let report: RefreshReport;
  if (command === 'check') {
    report = await Engine.checkCorpus(base);
  } else {
    // Start from what is published for this corpus, so that the report shows what changed for the running
    // bots. No question is answered here: build in this thread rather than start a worker.
    const started = performance.now();
    const engine = await Engine.open({ ...base, from: 'published', watchMs: 0, useWorker: false });
    if (engine.openedFrom === 'published snapshot') report = await engine.refresh();
    else {
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
    await engine.close();
  }
  out(json ? `${JSON.stringify({ command, ...report })}\n` : `${formatReport(command, report)}\n`);
  if (!report.ok) return 1;
  return command === 'check' && report.rejected.length ? 1 : 0;
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
