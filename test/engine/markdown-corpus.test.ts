/**
 * A hard-wrapped Markdown article through the real engine: a sentence that goes on across a wrapped line is
 * found whole, quoted verbatim (line break included), and rendered on one line, without headings, list
 * bullets or block-quote marks, in the terminal, on Discord and on Slack.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderQuote as discordQuote } from '../../adapters/discord/render.js';
import { renderQuote as slackQuote } from '../../adapters/slack/blocks.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { PLAIN, renderAnswerText, renderTimelineText } from '../../adapters/console/render.js';
import type { Answer } from '../../src/types.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

const BODY = `# The outage of March 2

On February 24, 2026, during a tense meeting at the Pentagon, Pete Hegseth
set an ultimatum for Dario Amodei to comply before Friday evening. Amodei
refused the next day.

## Red lines

- Anthropic would never allow the mass surveillance of American
  citizens with its models.
- No fully autonomous weapons.

> The company will not yield to threats, the statement
> said. It was published on Thursday.
`;

const FILE = `---
id: wrapped-en
title: "The outage of March 2"
published: 2026-03-09
language: en
---
${BODY}`;

let engine: Engine;

beforeAll(async () => {
  const dir = tempDir('md-corpus-');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'wrapped.md'), FILE);
  // Whether a span is shown is the highlight scorer's decision (test/retrieval/highlights.test.ts); here every
  // when-question shows its best span, so that its bold is seen across a soft line break.
  const retrieval = { highlight: { thresholds: { when: 0 } } };
  engine = await Engine.open({ corpusDir: dir, cacheDir: tempDir('md-cache-'), logger: createLogger('silent'), watchMs: 0, retrieval });
});
afterAll(async () => {
  await engine?.close();
  cleanupTemps();
});

/** The best passage of an answered question. */
function best(a: Answer) {
  expect(a.answered, JSON.stringify(a)).toBe(true);
  return a.passages[0]!;
}

/** The quote line of the plain-text rendering of the first passage. */
function renderedQuote(a: Answer): string {
  const first = renderAnswerText(a, PLAIN).split('\n\n')[0]!;
  return first.split('\n')[0]!;
}

describe('a hard-wrapped Markdown article', () => {
  it('finds the sentence that spans a wrapped line, whole and verbatim, and renders it on one line', () => {
    const a = engine.ask('When did Hegseth set the ultimatum for Amodei?');
    const p = best(a);
    // Verbatim: the text is the body's, line break included, and the sentence is not cut at the wrap.
    expect(BODY).toContain(p.text);
    // The sentence whole, alone or as the first of a two-sentence window of its paragraph.
    expect(p.text).toMatch(/^On February 24, 2026, .*Pete Hegseth\nset an ultimatum for Dario Amodei to comply before Friday evening\.(?: Amodei\nrefused the next day\.)?$/s);
    expect(p.paragraph).toBe(2); // the heading is paragraph 1
    // The highlight (one of the sentence's dates) is bold in the rendered line, its soft break a space.
    const marked = p.highlights.map((h) => p.text.slice(h.start, h.end).replace(/\s+/g, ' '));
    expect(marked).toHaveLength(1);
    expect(p.dates.map((d) => d.text)).toContain(marked[0]);
    const line = renderedQuote(a);
    expect(line).toContain('Pete Hegseth set an ultimatum for Dario Amodei');
    expect(line).toContain(`**${marked[0]}**`);
    expect(line).not.toContain('#');
    for (const out of [discordQuote(p.display.text, p.display.highlights, 1000), slackQuote(p.display.text, p.display.highlights, 3000)]) {
      expect(out).not.toContain('\n');
      expect(out).toContain('Hegseth set an ultimatum');
    }
    // The display form: the soft line break as one space, the highlights mapped onto it.
    expect(p.display.text).toBe(p.text.replace(/\n/g, ' '));
    expect(p.display.highlights.map((h) => p.display.text.slice(h.start, h.end))).toEqual(p.highlights.map((h) => p.text.slice(h.start, h.end).replace('\n', ' ')));
  });

  it('quotes a list item without its bullet, and a block quote without its marks', () => {
    const item = best(engine.ask('Would Anthropic allow the mass surveillance of American citizens?'));
    expect(item.text).toBe('Anthropic would never allow the mass surveillance of American\n  citizens with its models.');
    const quote = best(engine.ask('What did the statement say about threats?'));
    expect(quote.text).toMatch(/^The company will not yield to threats, the statement\n> said\./);
    for (const [p, plain] of [
      [item, 'Anthropic would never allow the mass surveillance of American citizens with its models.'],
      [quote, 'The company will not yield to threats, the statement said.'],
    ] as const) {
      // The marks of the list and the quote, not the bold span (whether one is shown is highlights.test.ts's).
      const plainPassage = { ...p, highlights: [], display: { ...p.display, highlights: [] } };
      const a: Answer = { question: 'q', language: 'en', type: 'other', answered: true, passages: [plainPassage] };
      expect(renderedQuote(a)).toContain(`« ${plain}`);
      expect(discordQuote(p.display.text, [], 1000)).not.toMatch(/\n|^\\?[-*>]|\\>/);
      // Slack: our own ">" opens the quote; the text's ">" would show escaped.
      expect(slackQuote(p.display.text, [], 3000)).toMatch(/^>[^>\n]+$/);
      expect(slackQuote(p.display.text, [], 3000)).not.toContain('&gt;');
    }
  });

  it('shows timeline quotes on one line too', () => {
    const entries = engine.timeline();
    const e = entries.find((x) => x.text.startsWith('On February 24'));
    expect(e?.iso).toBe('2026-02-24');
    const out = renderTimelineText(entries, 'en', PLAIN);
    expect(out).toContain('Pete Hegseth set an ultimatum');
    expect(out).not.toMatch(/Hegseth\n/);
  });
});
