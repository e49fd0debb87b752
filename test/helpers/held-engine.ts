/**
 * An answer engine held on a gate: every question reaches the real engine only once the test opens the gate,
 * so a test can check what the adapters did while answers were still being worked on (acknowledgements,
 * deferrals) without any timing threshold. `onAsk` runs when a question is handed to it, before it waits.
 */
import type { QuestionEngine } from '../../src/bot.js';
import type { RankedAnswer } from '../../src/retrieval/answer.js';
import type { Answer } from '../../src/types.js';

/** The held engine and its controls. */
export interface HeldEngine {
  engine: QuestionEngine;
  /** Questions handed over so far, in order. */
  asked: string[];
  /** Lets every question (held or to come) through to the real engine. */
  open(): void;
}

/**
 * Wraps `real`: answers come from it, after the gate opens. `offThread` as the answer pool's (questions are
 * handed over at once) unless `onThread`, as the engine answering on the main thread.
 */
export function heldEngine(real: QuestionEngine, onAsk: (question: string) => void = () => {}, onThread = false): HeldEngine {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const asked: string[] = [];
  const engine: QuestionEngine = {
    offThread: !onThread,
    async ask(question: string): Promise<Answer> {
      asked.push(question);
      onAsk(question);
      await gate;
      return real.ask(question);
    },
    async askRanked(question: string, more?: number): Promise<RankedAnswer> {
      asked.push(question);
      onAsk(question);
      await gate;
      return real.askRanked ? real.askRanked(question, more) : { answer: await real.ask(question), more: [] };
    },
    timeline: (query?: string) => real.timeline(query),
    refresh: () => real.refresh(),
    status: () => real.status(),
  };
  return { engine, asked, open: () => release() };
}
