/**
 * The pure Discord renderer: every reply kind stays inside Discord's limits (checked with the same
 * validator the fake Discord uses), highlights are bold, corpus text cannot inject formatting.
 */
import { unwrapQuote } from '../../src/text/chunk.js';
import { describe, expect, it } from 'vitest';
import type { BotReply } from '../../src/bot.js';
import type { Answer, AnswerPassage } from '../../src/types.js';
import { DISCORD_LIMITS, embedLength, enforceEmbedLimits, escapeDiscord, renderQuote, renderReply, safeUrl } from '../../adapters/discord/render.js';
import { validateMessage } from './fake-discord.js';
import { commandDefinitions } from '../../adapters/discord/commands.js';

const doc = { id: 'd1', title: 'Anthropic, le Pentagone et OpenAI', published: '2026-03-09', source: 'https://example.org/a(1)' };

function passage(text: string, extra: Partial<AnswerPassage> = {}): AnswerPassage {
  const p = { text, document: doc, paragraph: 4, dates: [], score: 1, highlights: [], ...extra };
  // The engine's display form (src/retrieval/answer.ts).
  const display = unwrapQuote(p.text, p.highlights);
  return { ...p, display: extra.display ?? { text: display.text, highlights: display.spans } };
}

function answer(passages: AnswerPassage[], extra: Partial<Answer> = {}): Answer {
  return { question: 'quand ?', language: 'fr', type: 'when', answered: passages.length > 0, passages, ...extra };
}

describe('escapeDiscord', () => {
  it('neutralizes emphasis, links, code, spoilers, mentions and line-leading markup', () => {
    const out = escapeDiscord('**gras** _it_ `code` ||spoil|| [lien](http://x) <@123> ~~barré~~\n# Titre\n- item\n> cite\n1. un\n-# petit');
    expect(out).toBe(
      '\\*\\*gras\\*\\* \\_it\\_ \\`code\\` \\|\\|spoil\\|\\| \\[lien\\]\\(http://x\\) \\<@123\\> \\~\\~barré\\~\\~\n\\# Titre\n\\- item\n\\> cite\n1\\. un\n\\-# petit',
    );
  });
});

describe('renderQuote', () => {
  it('bolds the highlighted span and escapes the rest', () => {
    const text = 'Le *vendredi* 27 février à 17h01.';
    const start = text.indexOf('27');
    expect(renderQuote(text, [{ start, end: start + 11 }], 1000)).toBe('Le \\*vendredi\\* **27 février** à 17h01.');
  });

  it('stays within its budget even when escapes lengthen the text', () => {
    const text = '*_`|'.repeat(500);
    const out = renderQuote(text, [{ start: 0, end: 10 }], 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('safeUrl', () => {
  it('keeps http(s) links, encodes parentheses, drops other schemes', () => {
    expect(safeUrl('https://example.org/a(1)')).toBe('https://example.org/a%281%29');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});

describe('renderReply', () => {
  it('renders an answer as one embed with dates, source and more passages', () => {
    const text = 'Hegseth fixe un ultimatum : avant 17h01 le vendredi 27 février.';
    const s = text.indexOf('17h01');
    const p = renderReply({
      kind: 'answer',
      requestId: 'r',
      answer: answer([
        passage(text, { highlights: [{ start: s, end: s + 28 }], dates: [{ text: '17h01 le vendredi 27 février', iso: '2026-02-27T17:01' }] }),
        passage('Le 24 février 2026, réunion au Pentagone.', { paragraph: 3 }),
      ]),
    });
    expect(p.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(p.embeds).toHaveLength(1);
    const e = p.embeds[0]!;
    expect(e.description).toBe('> Hegseth fixe un ultimatum : avant **17h01 le vendredi 27 février**.');
    expect(e.url).toBe('https://example.org/a%281%29');
    expect(e.fields?.map((f) => f.name)).toEqual(['Dates', 'Source', 'Autres passages']);
    expect(e.fields?.[0]?.value).toContain('vendredi 27 février 2026, 17:01 (`2026-02-27T17:01`)');
    expect(e.fields?.[1]?.value).toContain('[Anthropic, le Pentagone et OpenAI](https://example.org/a%281%29)');
    expect(e.fields?.[1]?.value).toContain('paragraphe 4');
    expect(e.fields?.[2]?.value).toContain('paragraphe 3');
    expect(validateMessage(p)).toBeNull();
  });

  it('trims an answer far beyond every limit and still passes Discord validation', () => {
    const words = 'mot '.repeat(3000) + '*spécial* [x](y) ';
    const dates = Array.from({ length: 60 }, (_, i) => ({ text: `le ${i + 1} janvier 2026`, iso: `2026-01-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00` }));
    const long = answer(
      [passage(words, { dates, highlights: [{ start: 0, end: 9000 }] }), passage(words), passage(words)],
      { question: 'q '.repeat(400) },
    );
    const p = renderReply({ kind: 'answer', requestId: 'r', answer: { ...long, passages: long.passages.map((x) => ({ ...x, document: { ...x.document, title: 'T'.repeat(600) } })) } });
    const e = p.embeds[0]!;
    expect(validateMessage(p)).toBeNull();
    expect(e.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(e.description!.endsWith('…')).toBe(true);
    expect((e.description!.match(/(?<!\\)\*\*/g) ?? []).length % 2).toBe(0);
    expect(e.title!.length).toBeLessThanOrEqual(256);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
  });

  it('declines politely in the question language', () => {
    const fr = renderReply({ kind: 'answer', requestId: 'r', answer: answer([], { answered: false, reason: 'not_covered' }) });
    expect(fr.content).toMatch(/^Le corpus ne couvre pas/);
    const en = renderReply({ kind: 'answer', requestId: 'r', answer: answer([], { answered: false, reason: 'too_long', language: 'en' }) }, { maxQuestionLength: 300 });
    expect(en.content).toContain('300 characters');
    expect(en.embeds).toHaveLength(0);
  });

  it('makes refusals, rate limits, errors, help and reports ephemeral; all kinds validate', () => {
    const report = { ok: true, added: ['a'], changed: [], removed: [], documents: 2, passages: 30, rejected: [{ file: 'x.md', field: 'published', reason: 'not a date' }], ms: 12.3, version: 'abc' };
    const replies: BotReply[] = [
      { kind: 'rate_limited', requestId: 'r', lang: 'en', retryAfterSeconds: 12 },
      { kind: 'forbidden', requestId: 'r', lang: 'fr' },
      { kind: 'error', requestId: 'r', lang: 'en' },
      { kind: 'help', requestId: 'r', lang: 'fr' },
      { kind: 'refresh', requestId: 'r', lang: 'en', report },
      { kind: 'refresh', requestId: 'r', lang: 'en', report: { ...report, ok: false, error: 'corpus empty' } },
      { kind: 'status', requestId: 'r', lang: 'fr', status: { version: 'abc', documents: 2, passages: 30, loadedAt: '2026-03-10T00:00:00Z', rejected: [] } },
    ];
    for (const r of replies) {
      const p = renderReply(r);
      expect(p.ephemeral, r.kind).toBe(true);
      expect(validateMessage(p), r.kind).toBeNull();
    }
    expect(renderReply(replies[0]!).content).toContain('12 s');
  });

  it('renders the first page of a long timeline within the limits, with the page and the buttons to the others', () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({
      iso: '2026-02-27', precision: 'day' as const, dateText: '27 février', text: `Entrée ${i} `.repeat(40), displayText: `Entrée ${i} `.repeat(40), document: doc, paragraph: i + 1,
    }));
    const p = renderReply({ kind: 'timeline', requestId: 'r', lang: 'fr', query: 'ultimatum', entries });
    const e = p.embeds[0]!;
    expect(e.title).toBe('Chronologie — ultimatum');
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.description!.split('\n')).toHaveLength(8);
    expect(e.footer!.text).toBe('Événements 1 à 8 sur 200 · page 1/25');
    expect(p.components).toHaveLength(1);
    expect(validateMessage(p)).toBeNull();
    const empty = renderReply({ kind: 'timeline', requestId: 'r', lang: 'en', entries: [] });
    expect(empty.embeds[0]!.description).toBe('No dated passage matches.');
  });
});

describe('enforceEmbedLimits', () => {
  it('clamps raw embeds over every limit', () => {
    const big = 'x'.repeat(5000);
    const out = enforceEmbedLimits([{ title: big, description: big, fields: Array.from({ length: 40 }, () => ({ name: big, value: big })) }]);
    expect(validateMessage({ embeds: out })).toBeNull();
    expect(out[0]!.fields!.length).toBeLessThanOrEqual(25);
  });
});

describe('the closest passage (low confidence)', () => {
  it('is framed as such, amber rather than blue, with no span in bold', () => {
    const sure = renderReply({ kind: 'answer', requestId: 'r', answer: answer([passage('Le 24 février 2026, réunion au Pentagone.')], { confidence: 'high' }) });
    const low = renderReply({ kind: 'answer', requestId: 'r', answer: answer([passage('Le 24 février 2026, réunion au Pentagone.')], { confidence: 'low' }) });
    const e = low.embeds[0]!;
    expect(e.description).toBe('*Le corpus ne répond peut-être pas directement à cette question. Le passage le plus proche :*\n> Le 24 février 2026, réunion au Pentagone.');
    expect(e.color).not.toBe(sure.embeds[0]!.color);
    expect(sure.embeds[0]!.description).toBe('> Le 24 février 2026, réunion au Pentagone.');
    expect(validateMessage(low)).toBeNull();
  });
});

describe('help', () => {
  it('names the commands as a client in the reply language shows them, as mentions when their ids are known', () => {
    const fr = renderReply({ kind: 'help', requestId: 'r', lang: 'fr' }).content!;
    expect(fr).toContain('`/question`');
    expect(fr).toContain('`/chronologie`');
    expect(fr).toContain('`/corpus recharger`');
    expect(fr).not.toContain('/ask');
    expect(renderReply({ kind: 'help', requestId: 'r', lang: 'en' }).content).toContain('`/ask`');
    const mentions = renderReply({ kind: 'help', requestId: 'r', lang: 'fr' }, { commandIds: { ask: '11', timeline: '22', corpus: '33' } }).content!;
    expect(mentions).toContain('</ask:11>');
    expect(mentions).toContain('</timeline:22>');
    expect(mentions).toContain('</corpus refresh:33>');
    expect(mentions).toContain('</corpus status:33>');
  });

  it('says the limit a too-long refusal carries', () => {
    const a = answer([], { answered: false, reason: 'too_long', limit: 42 });
    expect(renderReply({ kind: 'answer', requestId: 'r', answer: a }, { maxQuestionLength: 500 }).content).toContain('42');
  });
});
