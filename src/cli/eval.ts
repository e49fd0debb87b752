/**
 * `npm run eval`: the seed-article question set (top-1, dates, abstention);
 * `npm run eval -- --squad FILE [--json]`: the public SQuAD-format benchmark;
 * `npm run eval -- --squad FILE --unanswerable [--questions FILE]… [--json]`: the half-corpus benchmark.
 */
import fs from 'node:fs';
import { dataPath } from '../paths.js';
import { evaluate, type EvalQuestion } from '../eval/seed.js';
import { HIGHLIGHT_CATEGORIES } from '../eval/highlight.js';
import { readSquad, runSquad } from '../eval/squad.js';
import { formatUnanswerable, readExtraQuestions, runUnanswerable } from '../eval/unanswerable.js';
import { openCli } from './common.js';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const squadAt = argv.indexOf('--squad');

if (squadAt >= 0) {
  const file = argv[squadAt + 1];
  if (!file) {
    process.stderr.write('error: --squad needs a file\n');
    process.exit(1);
  }
  const started = performance.now();
  if (argv.includes('--unanswerable')) {
    // Every other article indexed; `--questions FILE` (repeatable) adds a question set of data/eval/.
    const extra = argv.flatMap((a, i) => (a === '--questions' && argv[i + 1] ? [readExtraQuestions(argv[i + 1]!)] : []));
    const r = runUnanswerable(readSquad(file), extra);
    process.stdout.write(json ? `${JSON.stringify(r)}\n` : `${formatUnanswerable(r, file)}time: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    process.exit(0);
  }
  const report = runSquad(readSquad(file));
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    process.stdout.write(
      [
        `| ${file} | |`,
        '|---|---|',
        `| questions | ${report.questions} |`,
        `| recall@1 | ${pct(report.recallAt1)} |`,
        `| recall@5 | ${pct(report.recallAt5)} |`,
        `| MRR | ${report.mrr.toFixed(3)} |`,
        `| answer in top-1 passage | ${pct(report.answerInTop1)} |`,
        `| answered (not declined) | ${pct(report.answeredShare)} |`,
        `| time | ${((performance.now() - started) / 1000).toFixed(1)} s |`,
        '',
        '| highlights (right first passages) | passages | shown | precision | strict precision | recall |',
        '|---|---|---|---|---|---|',
        ...[['all', { ...report, passages: report.highlightPassages }] as const, ...HIGHLIGHT_CATEGORIES.map((c) => [c, report.highlightByCategory[c]] as const)].map(
          ([name, f]) =>
            `| ${name} | ${f.passages} | ${pct(f.highlightShown)} | ${pct(f.highlightPrecision)} | ${pct(f.highlightStrictPrecision)} | ${pct(f.highlightRecall)} |`,
        ),
      ].join('\n') + '\n',
    );
  }
} else {
  const setAt = argv.indexOf('--set');
  const setFile = setAt >= 0 ? argv[setAt + 1]! : dataPath('eval', 'seed-questions.json');
  const { questions } = JSON.parse(fs.readFileSync(setFile, 'utf8')) as { questions: EvalQuestion[] };
  const { engine } = await openCli(argv, 'warn');
  const r = evaluate(engine, questions);
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const o of r.outcomes) {
      const mark = o.covered ? (o.top1 ? 'ok  ' : o.answered ? 'MISS' : 'DECL') : o.answered ? 'ANSW' : 'ok  ';
      process.stdout.write(`${mark} ${o.id.padEnd(9)} ${o.question}${o.top1 || (!o.covered && !o.answered) ? '' : `\n      → ${o.first ?? '(declined)'}`}\n`);
    }
    process.stdout.write(
      [
        '',
        `questions: ${r.questions}`,
        `top-1 French: ${pct(r.top1.fr)}   English: ${pct(r.top1.en)}   all: ${pct(r.top1.all)}`,
        `dates right: ${pct(r.dates)}`,
        `out-of-scope declined: ${pct(r.abstention)}   covered answered: ${pct(r.answeredCovered)} (${r.coveredDeclined} declined), as sure: ${pct(r.sureCovered)}`,
      ].join('\n') + '\n',
    );
  }
}
