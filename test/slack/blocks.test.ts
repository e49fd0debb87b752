/**
 * The pure Block Kit rendering: escaping, bold highlights, Slack's limits, every reply kind.
 */
import { unwrapQuote } from '../../src/text/chunk.js';
import { describe, expect, it } from 'vitest';
import type { BotReply } from '../../src/bot.js';
import type { Answer, AnswerPassage, TimelineEntry } from '../../src/types.js';
import { escapeMrkdwn, link, renderAnswer, renderQuote, renderReply, SLACK_LIMITS, widenToWords } from '../../adapters/slack/blocks.js';
import { blockProblems } from './fake-slack.js';

const doc = { id: 'd1', title: 'A <b>title</b> & more', published: '2026-03-09', source: 'https://example.org/a?x=1&y=2' };

function passage(text: string, over: Partial<AnswerPassage> = {}): AnswerPassage {
  const p = { text, document: doc, paragraph: 3, dates: [], score: 1, highlights: [], ...over };
  // The engine's display form (src/retrieval/answer.ts).
  const display = unwrapQuote(p.text, p.highlights);
  return { ...p, display: over.display ?? { text: display.text, highlights: display.spans } };
}

function answer(passages: AnswerPassage[], over: Partial<Answer> = {}): Answer {
  return { question: 'When?', language: 'en', type: 'when', answered: passages.length > 0, passages, ...over };
}

const all = (m: { text: string; blocks: unknown[] }) => JSON.stringify(m);

describe('escaping', () => {
  it('escapes &, < and > so that no link, mention or broadcast can form', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <!here|here> a & b <https://x.y|z>')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;!here|here&gt; a &amp; b &lt;https://x.y|z&gt;',
    );
  });

  it('renders corpus text with mentions and broadcasts inert, highlights in bold', () => {
    const text = 'Ping <!everyone> and <@U999> on 24 February 2026 & later <#C1|general>.';
    const start = text.indexOf('24 February 2026');
    const msg = renderAnswer(answer([passage(text, { highlights: [{ start, end: start + 16 }], dates: [{ text: '24 February 2026', iso: '2026-02-24' }] })]));
    const s = all(msg);
    for (const raw of ['<!everyone>', '<@U999>', '<#C1|general>']) expect(s).not.toContain(raw);
    expect(s).toContain('&lt;!everyone&gt;');
    expect(s).toContain('*24 February 2026*');
    expect(s).toContain('&amp; later');
    expect(s).toContain('Tuesday, February 24, 2026 (`2026-02-24`)');
    // Only our own link markup: the source URL (its & escaped), labelled with the escaped title.
    expect(s).toContain('<https://example.org/a?x=1&amp;y=2|A &lt;b&gt;title&lt;/b&gt; &amp; more>');
    expect(blockProblems(msg.blocks)).toEqual([]);
  });

  it('links only plain http(s) sources', () => {
    expect(link('javascript:alert(1)', 'T')).toBe('T');
    expect(link('https://a.b/c>d', 'T')).toBe('T');
    expect(link(undefined, 'a|b')).toBe('a¦b');
    expect(link('http://a.b/c', 'a|b')).toBe('<http://a.b/c|a¦b>');
  });
});

describe('highlights', () => {
  it('widens spans to whole words so Slack renders the bold', () => {
    const text = 'avant 17h01 le vendredi';
    const start = text.indexOf('17h01');
    expect(widenToWords(text, [{ start: start + 1, end: start + 3 }])).toEqual([{ start, end: start + 5 }]);
    expect(renderQuote(text, [{ start: start + 1, end: start + 3 }], 3000)).toBe('>avant *17h01* le vendredi');
  });

  it('shows a soft line break of the source as a space, inside one quote line (the display text)', () => {
    // A passage never crosses a paragraph: a line break inside it is a wrapped line (and a block quote's ">").
    const msg = renderAnswer(answer([passage('avant\n> 17h01 le', { highlights: [{ start: 8, end: 13 }] })]));
    expect(JSON.stringify(msg.blocks)).toContain('>avant *17h01* le');
  });
});

describe('limits', () => {
  it('keeps a huge passage within 3,000 characters per section, even when escaping expands it', () => {
    const text = '<&> '.repeat(5000);
    const msg = renderAnswer(answer([passage(text), passage(text), passage(text)]));
    for (const b of msg.blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blockProblems(msg.blocks)).toEqual([]);
    expect(msg.blocks.filter((b) => b.type === 'section').length).toBe(3);
  });

  it('shows at most two more passages, in short form', () => {
    const long = 'word '.repeat(400);
    const msg = renderAnswer(answer([passage(long), passage(long), passage(long), passage(long)]));
    const sections = msg.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBe(3);
    expect(sections[1]!.type === 'section' && sections[1]!.text.text.length).toBeLessThanOrEqual(302);
  });

  it('shows the first page of a long timeline within the limits, escaped, with a button to the next', () => {
    const entries: TimelineEntry[] = Array.from({ length: 2000 }, (_, i) => ({
      iso: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
      precision: 'day',
      dateText: 'x',
      text: `Entry ${i} <!channel> ${'long text '.repeat(30)}`,
      displayText: `Entry ${i} <!channel> ${'long text '.repeat(30)}`,
      document: doc,
      paragraph: i + 1,
    }));
    const msg = renderReply({ kind: 'timeline', requestId: 'r', lang: 'fr', query: 'ultimatum', entries });
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blockProblems(msg.blocks)).toEqual([]);
    expect(msg.blocks.filter((b) => b.type === 'section')).toHaveLength(8);
    expect(msg.blocks.at(-1)!.type).toBe('actions');
    expect(all(msg)).toContain('Événements 1 à 8 sur 2000 · page 1/250');
    expect(all(msg)).not.toContain('<!channel>');
    expect(all(msg)).toContain('Chronologie — ultimatum');
  });
});

describe('every reply kind', () => {
  const base = { requestId: 'r' };
  const status = { version: 'v1', documents: 1, passages: 12, loadedAt: '2026-03-10T08:30:00.000Z', rejected: [{ file: 'bad<.md', field: 'published', reason: 'not a date' }] };
  const report = { ok: false, error: 'corpus <empty>', added: [], changed: ['a'], removed: [], documents: 1, passages: 12, rejected: [], ms: 42, version: 'v1' };
  const replies: [BotReply, RegExp, boolean][] = [
    [{ ...base, kind: 'answer', answer: answer([], { answered: false, reason: 'not_covered', language: 'fr' }) }, /Le corpus ne couvre pas cette question/, true],
    [{ ...base, kind: 'answer', answer: answer([], { answered: false, reason: 'empty' }) }, /Ask a question/, true],
    [{ ...base, kind: 'answer', answer: answer([], { answered: false, reason: 'too_long' }) }, /too long \(500 characters at most\)/, true],
    [{ ...base, kind: 'timeline', lang: 'en', entries: [] }, /No dated passage matches/, true],
    [{ ...base, kind: 'help', lang: 'fr' }, /\/ask/, true],
    [{ ...base, kind: 'refresh', lang: 'en', report }, /Refresh refused.*corpus &lt;empty&gt;.*~1/s, true],
    [{ ...base, kind: 'status', lang: 'fr', status }, /État du corpus.*`v1`.*passages: 12.*bad&lt;\.md/s, true],
    [{ ...base, kind: 'rate_limited', lang: 'fr', retryAfterSeconds: 7 }, /dans 7 s/, true],
    [{ ...base, kind: 'forbidden', lang: 'en' }, /moderators only/, true],
    [{ ...base, kind: 'error', lang: 'en' }, /something went wrong/, true],
  ];
  for (const [reply, expected, ephemeral] of replies) {
    it(`renders ${reply.kind}${reply.kind === 'answer' ? ` (${reply.answer.reason})` : ''}`, () => {
      const msg = renderReply(reply);
      expect(all(msg)).toMatch(expected);
      expect(msg.ephemeral).toBe(ephemeral);
      expect(msg.text.length).toBeGreaterThan(0);
      expect(blockProblems(msg.blocks)).toEqual([]);
    });
  }

  it('uses the configured maximum in the too-long decline', () => {
    const msg = renderReply({ ...base, kind: 'answer', answer: answer([], { answered: false, reason: 'too_long', language: 'fr' }) }, { maxQuestionLength: 280 });
    expect(msg.text).toContain('280 caractères au plus');
  });

  it('makes answers and timelines private only when asked', () => {
    const a: BotReply = { ...base, kind: 'answer', answer: answer([passage('x')]) };
    expect(renderReply(a).ephemeral).toBe(false);
    expect(renderReply(a, { privateByDefault: true }).ephemeral).toBe(true);
  });
});

describe('the closest passage (low confidence)', () => {
  it('is framed as such before the quote, in the question language, and in the fallback text', () => {
    const low = renderAnswer(answer([passage('On 24 February 2026, a meeting.')], { confidence: 'low' }));
    const sure = renderAnswer(answer([passage('On 24 February 2026, a meeting.')], { confidence: 'high' }));
    expect(all(low)).toContain('_The corpus may not answer this directly. The closest passage:_');
    expect(all(sure)).not.toContain('closest passage');
    expect(low.text.startsWith('The corpus may not answer this directly.')).toBe(true);
    const fr = renderAnswer(answer([passage('Le 24 février 2026.')], { confidence: 'low', language: 'fr' }));
    expect(all(fr)).toContain('Le passage le plus proche :');
    expect(blockProblems(low.blocks)).toEqual([]);
  });
});
