/** Helpers of the command-line corpus tests: the command run in process, the corpus files, a running engine's switch. */
import fs from 'node:fs';
import { runCorpusCommand } from '../../src/cli/corpus.js';
import type { Engine } from '../../src/engine.js';

/** Runs `npm run corpus -- ARGV` in this process: its exit code and what it printed. */
export async function runCorpus(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCorpusCommand(argv, (s) => (out += s));
  return { code, out };
}

/** Names of the files in a corpus directory, dot-files included (nothing may be left behind), but the journal. */
export const corpusFiles = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f !== '.journal.jsonl').sort();

/** Waits (60 s at most) until a running engine's answer to `q` satisfies `ok` (it polls the published snapshot). */
export async function eventually(engine: Pick<Engine, 'ask'>, q: string, ok: (answered: boolean, text: string) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const a = engine.ask(q);
    if (ok(a.answered, a.passages[0]?.text ?? '')) return;
    if (Date.now() > deadline) throw new Error(`no switch: ${JSON.stringify(a).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
