/**
 * The timeline's own modules: date ranges, pages, the button state codec, short labels and the picture.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { shortLabel } from '../../src/timeline/label.js';
import { pageOf } from '../../src/timeline/page.js';
import { FONT_FILES, timelinePng, timelineSvg, wrapText } from '../../src/timeline/picture.js';
import { checkRange, inRange, parseTimelineDate } from '../../src/timeline/range.js';
import { decodeTimelineState, encodeTimelineState } from '../../src/timeline/state.js';
import type { TimelineEntry } from '../../src/types.js';

const doc = { id: 'd', title: 'Anthropic, le Pentagone et OpenAI', published: '2026-03-09' };
const entry = (iso: string, text: string, dateText: string): TimelineEntry => ({
  iso,
  precision: iso.includes('T') ? 'minute' : iso.length === 4 ? 'year' : iso.length === 7 ? 'month' : 'day',
  dateText,
  text,
  displayText: text,
  document: doc,
  paragraph: 1,
});

describe('date ranges', () => {
  it('reads years, months and days, and refuses what is not a calendar date', () => {
    expect(parseTimelineDate('2026')).toBe('2026');
    expect(parseTimelineDate('2026-2')).toBe('2026-02');
    expect(parseTimelineDate('2026/02/24')).toBe('2026-02-24');
    for (const bad of ['2026-13', '2026-02-30', 'hier', '26-02-2026', '2026-02-24T10:00']) expect(parseTimelineDate(bad), bad).toBeNull();
    expect(checkRange({ from: '2026-03', to: '2026-02' })).toEqual({ ok: false, problem: { field: 'to', value: '2026-02', reason: 'order' } });
    expect(checkRange({ from: ' ', to: undefined })).toEqual({ ok: true, range: {} });
  });

  it('keeps an event whose period overlaps the range, bounds included', () => {
    const r = { from: '2026-02', to: '2026-02-27' };
    for (const iso of ['2026-02-01', '2026-02-27T17:01', '2026', '2026-02']) expect(inRange(iso, r), iso).toBe(true);
    for (const iso of ['2026-01-31', '2026-02-28', '2025', '2026-03']) expect(inRange(iso, r), iso).toBe(false);
    expect(inRange('1999', {})).toBe(true);
  });
});

describe('pages', () => {
  it('cuts a list into pages and clamps the page asked', () => {
    const items = Array.from({ length: 19 }, (_, i) => i);
    expect(pageOf(items, 0, 8)).toMatchObject({ items: [0, 1, 2, 3, 4, 5, 6, 7], page: 0, pages: 3, total: 19, offset: 0 });
    expect(pageOf(items, 2, 8).items).toEqual([16, 17, 18]);
    expect(pageOf(items, 99, 8).page).toBe(2);
    expect(pageOf(items, -3, 8).page).toBe(0);
    expect(pageOf([], 0, 8)).toMatchObject({ items: [], page: 0, pages: 1, total: 0 });
  });
});

describe('button state', () => {
  it('round-trips and fits Discord’s 100 characters, cutting a long filter at a word', () => {
    const s = { page: 12, query: 'ultimatum Pentagone', from: '2026-02-01', to: '2026-03-31', private: true, image: true };
    const id = encodeTimelineState(s);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeTimelineState(id)).toEqual(s);
    const long = encodeTimelineState({ page: 0, query: 'mot '.repeat(60).trim(), from: '2026-02-01', to: '2026-03-31' });
    expect(long.length).toBeLessThanOrEqual(100);
    expect(decodeTimelineState(long)!.query).toMatch(/^(mot )+mot$/);
    expect(decodeTimelineState(encodeTimelineState({ page: 3, query: 'a|b' }))).toEqual({ page: 3, query: 'a b' });
    for (const other of ['qbrate|up', 'qbtl|x|||', '', 'more:123']) expect(decodeTimelineState(other), other).toBeNull();
  });
});

describe('short labels', () => {
  const s = "Le 24 février 2026, lors d'une réunion tendue au Pentagone, Hegseth fixe un ultimatum à Dario Amodei : se soumettre avant 17h01 le vendredi 27 février et autoriser l'utilisation.";
  it('drops a leading date, starts at the clause of a later one, and stays verbatim', () => {
    expect(shortLabel(entry('2026-02-24', s, '24 février 2026'), 200)).toBe("…lors d'une réunion tendue au Pentagone, Hegseth fixe un ultimatum à Dario Amodei : se soumettre avant 17h01 le vendredi 27 février et autoriser l'utilisation.");
    const second = shortLabel(entry('2026-02-27T17:01', s, '17h01 le vendredi 27 février'), 60);
    expect(second.startsWith('…se soumettre avant 17h01 le vendredi 27 février')).toBe(true);
    expect(second.length).toBeLessThanOrEqual(60);
    for (const piece of second.replace(/^…|…$/g, '').split('…')) expect(s).toContain(piece);
    expect(shortLabel(entry('2025-07', 'Tout commence en juillet 2025.', 'juillet 2025'))).toBe('Tout commence en juillet 2025.');
  });
});

describe('the picture', () => {
  const entries = [
    entry('2025-07', 'Tout commence en juillet 2025.', 'juillet 2025'),
    entry('2026-02-24', "Le 24 février 2026, lors d'une réunion tendue au Pentagone, Hegseth fixe un ultimatum.", '24 février 2026'),
    entry('2026-02-27T17:01', "Il faut se soumettre avant 17h01 le vendredi 27 février <&> « à toutes fins légales ».", '17h01 le vendredi 27 février'),
  ];

  it('is SVG with every event, the years on the axis, and the text escaped', () => {
    const svg = timelineSvg(entries, { lang: 'fr', title: 'Chronologie — <Pentagone>', subtitle: '3 événements' });
    expect(svg).toContain('>2025</text>');
    expect(svg).toContain('>2026</text>');
    expect(svg).toContain('24 févr.');
    expect(svg).toContain('17:01');
    expect(svg).toContain('Chronologie — &lt;Pentagone&gt;');
    expect(svg).toContain('&lt;&amp;&gt;');
    expect(svg).not.toMatch(/<(?!\/?(svg|title|rect|text|line|circle)\b)/);
  });

  it('wraps labels to the width, on at most three lines', () => {
    const lines = wrapText('un deux trois quatre cinq six sept huit neuf dix onze douze treize', 12, 3);
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(12);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });

  it('renders a PNG whose text is drawn with the bundled fonts, and none from the system', () => {
    const png = timelinePng(entries, { lang: 'fr', title: 'Chronologie' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // 640 units at 2×
    // The same picture with no font at all has no text: far smaller.
    const svg = timelineSvg(entries, { lang: 'fr', title: 'Chronologie' });
    const noText = new Resvg(svg, { font: { fontFiles: [], loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
    expect(png.length).toBeGreaterThan(noText.length * 2);
    expect(FONT_FILES.every((f) => f.includes('assets/fonts/'))).toBe(true);
  });
});

describe('the timeline in the terminal', () => {
  it('reads words and from:/to: bounds, and explains a bad bound', async () => {
    const { lineToRequest, renderReplyText } = await import('../../adapters/console/adapter.js');
    const { PLAIN } = await import('../../adapters/console/render.js');
    expect(lineToRequest('/timeline ultimatum from:2026 au:2026-03')).toMatchObject({ kind: 'timeline', query: 'ultimatum', range: { from: '2026', to: '2026-03' } });
    expect(lineToRequest('/timeline')).toMatchObject({ kind: 'timeline', range: {} });
    const text = renderReplyText({ kind: 'timeline', requestId: 'r', lang: 'en', entries: [], invalid: { field: 'from', value: 'soon', reason: 'format' } }, PLAIN);
    expect(text).toBe('from: "soon" is not a date. Write a year, a month or a day: 2026, 2026-02 or 2026-02-24.');
  });
});
