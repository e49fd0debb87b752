/**
 * /timeline in Discord: pages with earlier/later buttons whose custom ids carry the state (a fresh adapter
 * pages a message it never sent), a date range, the picture attached, private answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { decodeTimelineState, encodeTimelineState } from '../../src/timeline/state.js';
import { OptionType, type FakeMessage } from './fake-discord.js';
import { makeCacheDir, makeCorpus, removeTempDirs, startHarness, type Harness } from './harness.js';
import { CHRONICLE, TOTAL_EVENTS } from '../timeline/fixture.js';

const EPHEMERAL = 64;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let h: Harness;

beforeAll(async () => {
  const engine = await Engine.open({ corpusDir: makeCorpus(CHRONICLE), cacheDir: makeCacheDir(), logger: createLogger('silent') });
  h = await startHarness({ engine, rateLimit: { max: 1000, windowMs: 1000 } });
}, 20_000);

afterAll(async () => {
  await h?.close();
  removeTempDirs();
});

const str = (name: string, value: string) => ({ name, type: OptionType.String, value });
const bool = (name: string, value: boolean) => ({ name, type: OptionType.Boolean, value });
const buttons = (m: FakeMessage) => (m.components ?? []).flatMap((r: { components: { custom_id: string; disabled?: boolean; label: string }[] }) => r.components);
/** The dates (ISO, in backticks) of the events an embed lists. */
const isoDates = (m: FakeMessage): string[] => [...String(m.embeds[0].description).matchAll(/\(`([0-9T:-]+)`\)/g)].map((x) => x[1]!);

describe('/timeline pages', () => {
  it('shows the first 8 events, the page in the footer, and the buttons', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline' }));
    expect(isoDates(m)).toHaveLength(8);
    expect(isoDates(m)[0]).toBe('2024-01-08');
    expect(m.embeds[0].footer.text).toBe(`Events 1–8 of ${TOTAL_EVENTS} · page 1/3`);
    const [earlier, later] = buttons(m);
    expect(earlier!.disabled).toBe(true);
    expect(later!.disabled).toBe(false);
    expect(decodeTimelineState(later!.custom_id)).toEqual({ page: 1 });
    for (const b of buttons(m)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('pages forward and back by replacing the message, through every event, in calendar order', async () => {
    let m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline' }));
    const seen = [...isoDates(m)];
    for (let page = 2; page <= 3; page++) {
      const later = buttons(m)[1]!;
      m = await h.fake.answerFor(h.fake.buttonClick({ customId: later.custom_id, message: m }));
      expect(m.callbackType).toBe(7);
      expect(m.embeds[0].footer.text).toContain(`page ${page}/3`);
      seen.push(...isoDates(m));
    }
    expect(seen).toHaveLength(TOTAL_EVENTS);
    expect([...seen].sort()).toEqual(seen);
    expect(buttons(m)[1]!.disabled).toBe(true);
    const back = await h.fake.answerFor(h.fake.buttonClick({ customId: buttons(m)[0]!.custom_id, message: m }));
    expect(back.embeds[0].footer.text).toContain('page 2/3');
  });

  it('draws a page from the custom id alone (no memory of the message): filter and range included', async () => {
    const fakeMessage: FakeMessage = { id: '1', via: 'callback', target: '0', embeds: [], flags: 0, at: Date.now() };
    const customId = encodeTimelineState({ page: 1, from: '2024', to: '2025-06' });
    const m = await h.fake.answerFor(h.fake.buttonClick({ customId, message: fakeMessage }));
    expect(m.callbackType).toBe(7);
    // 15 events from January 2024 to June 2025: the second page holds the last 7.
    expect(m.embeds[0].footer.text).toBe('Events 9–15 of 15 · page 2/2 · from 2024 to 2025-06');
    expect(isoDates(m)).toEqual(['2024-09-16', '2024-10-03', '2024-11-19', '2024-12-02', '2025-01-20', '2025-03-11', '2025-06-04']);
    const filtered = await h.fake.answerFor(h.fake.buttonClick({ customId: encodeTimelineState({ page: 0, query: 'tramway line' }), message: fakeMessage }));
    expect(filtered.embeds[0].title).toBe('Timeline — tramway line');
    expect(isoDates(filtered)).toContain('2024-01-08');
    expect(isoDates(filtered).length).toBeLessThan(TOTAL_EVENTS);
  });
});

describe('/timeline options', () => {
  it('keeps only the events in from … to (inclusive, at any precision)', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', options: [str('from', '2024-11'), str('to', '2025-01')] }));
    expect(isoDates(m)).toEqual(['2024-11-19', '2024-12-02', '2025-01-20']);
    expect(m.embeds[0].footer.text).toBe('Events 1–3 of 3 · page 1/1 · from 2024-11 to 2025-01');
    expect(m.components ?? []).toEqual([]);
  });

  it('refuses a bound that is not a date, privately, in the language of the user', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', options: [str('from', 'hier')], locale: 'fr' }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toContain('« hier » n’est pas une date');
    const order = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', options: [str('from', '2025'), str('to', '2024-02-30')] }));
    expect(order.content).toMatch(/"2024-02-30" is not a date/);
  });

  it('attaches the picture of the page (a PNG shown in the embed), and again on the next page', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', options: [bool('image', true)] }), 15_000);
    expect(m.files).toHaveLength(1);
    expect(m.files![0]!.filename).toBe('timeline.png');
    expect(m.files![0]!.data.subarray(0, 8)).toEqual(PNG);
    expect(m.embeds[0].image.url).toBe('attachment://timeline.png');
    const next = await h.fake.answerFor(h.fake.buttonClick({ customId: buttons(m)[1]!.custom_id, message: m }), 15_000);
    expect(next.files?.[0]?.data.subarray(0, 8)).toEqual(PNG);
    expect(Buffer.compare(next.files![0]!.data, m.files![0]!.data)).not.toBe(0);
  });

  it('answers privately with private:true, and pages privately', async () => {
    const m = await h.fake.answerFor(h.fake.slashCommand({ name: 'timeline', options: [bool('private', true)] }));
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(decodeTimelineState(buttons(m)[1]!.custom_id)).toEqual({ page: 1, private: true });
  });
});
