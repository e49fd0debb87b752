/**
 * `npm run report [-- --json] [--days N] [--lang fr]`: what people asked that the corpus does not answer
 * (grouped by the engine's own reading), the most down-voted answers, the documents cited most and never,
 * answer and decline rates per week — from the store (`DATABASE_PATH` or `DATABASE_URL`).
 */
import { buildReport, reportJson } from '../store/report.js';
import { reportText } from '../store/messages.js';
import { Store } from '../store/store.js';
import { ConfigError } from '../errors.js';
import { fail, openCli } from './common.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const daysAt = argv.indexOf('--days');
  const langAt = argv.indexOf('--lang');
  const lang = langAt >= 0 && argv[langAt + 1] === 'fr' ? 'fr' : 'en';
  const { engine, config, logger } = await openCli(argv.filter((_, i) => i !== daysAt + 1 || daysAt < 0), 'warn');
  const days = daysAt >= 0 ? Number(argv[daysAt + 1]) : config.store.retentionDays;
  if (!Number.isFinite(days) || days <= 0) fail(new ConfigError(`--days: a positive number of days (got ${argv[daysAt + 1] ?? 'nothing'})`));
  let store: Store;
  try {
    store = await Store.open(config.store, logger);
  } catch (e) {
    fail(e); // a StoreError naming DATABASE_PATH or DATABASE_URL
  }
  try {
    const data = await store.reportData(Date.now() - days * 86_400_000);
    const report = await buildReport(data, engine.documents(), (qs) => engine.analyzeMany(qs), config.store.questionLog);
    process.stdout.write(json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : `${reportText(report, lang)}\n`);
  } finally {
    await store.close();
    await engine.close();
  }
}

await main();
