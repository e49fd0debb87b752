/**
 * `npm run ask -- "question"`: a readable answer; `--json`: one JSON object per question (from the
 * argument, or one question per line of stdin).
 */
import readline from 'node:readline';
import { ANSI, PLAIN, renderAnswerText } from '../../adapters/console/render.js';
import type { Answer } from '../types.js';
import { openCli, positional } from './common.js';

/** The JSON contract of `ask --json` (see README). */
export function answerJson(a: Answer): object {
  return {
    question: a.question,
    language: a.language,
    answered: a.answered,
    ...(a.confidence ? { confidence: a.confidence } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    passages: a.passages.map((p) => ({
      text: p.text,
      document: p.document,
      paragraph: p.paragraph,
      dates: p.dates,
      score: p.score,
      highlights: p.highlights,
    })),
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const { engine, config } = await openCli(argv, 'warn');
  const args = positional(argv);
  const question = args.join(' ');
  const style = process.stdout.isTTY ? ANSI : PLAIN;
  const print = (a: Answer) =>
    process.stdout.write(json ? `${JSON.stringify(answerJson(a))}\n` : `${renderAnswerText(a, style, config.maxQuestionLength)}\n`);
  // An argument, even an empty one (`--json ""`), is the question; stdin only when there is none.
  if (args.length || !json) {
    print(engine.ask(question));
    return;
  }
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) print(engine.ask(line));
}

await main();
