/**
 * DateResolver: the seed article read paragraph by paragraph, then general French and English
 * cases, context and weekday rules, false positives and bad input.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateResolver } from '../../src/dates/index.js';
import type { DateMention, Lang } from '../../src/types.js';

const SEED = fileURLToPath(new URL('../../corpus/anthropic-pentagone-panne.md', import.meta.url));

/** Body paragraphs of the bundled copy of the seed article (front matter removed). */
function seedParagraphs(): string[] {
  const raw = readFileSync(SEED, 'utf8');
  const body = raw.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split('\n').filter((l) => l.trim());
}

/** Dates of one text in a fresh document. */
function dates(text: string, lang: Lang, published = '2026-03-09'): [string, string][] {
  return new DateResolver({ published, lang }).extract(text).map((m) => [m.text, m.iso]);
}

function checkOffsets(text: string, ms: DateMention[]): void {
  for (const m of ms) {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(m.iso.length).toBe({ year: 4, month: 7, day: 10, minute: 16 }[m.precision]);
  }
}

describe('the seed article (published 2026-03-09)', () => {
  it('finds and resolves every date in reading order, and nothing else', () => {
    const r = new DateResolver({ published: '2026-03-09', lang: 'fr' });
    const found: [string, string, string][] = [];
    for (const p of seedParagraphs()) {
      const ms = r.extract(p);
      checkOffsets(p, ms);
      for (const m of ms) found.push([m.text, m.iso, m.precision]);
    }
    expect(found).toEqual([
      ['2 mars 2026', '2026-03-02', 'day'],
      ['juillet 2025', '2025-07', 'month'],
      ['janvier 2026', '2026-01', 'month'],
      ['24 février 2026', '2026-02-24', 'day'],
      ['17h01 le vendredi 27 février', '2026-02-27T17:01', 'minute'],
      ['jeudi 26', '2026-02-26', 'day'],
      ['vendredi 27 février', '2026-02-27', 'day'],
    ]);
  });

  it('reads the seed file with its metadata line the same way', () => {
    // The raw seed starts with " date 2026-03-09 " (metadata): that ISO date is a date too, the rest is identical.
    const line = " date 2026-03-09 Pour comprendre la panne du 2 mars 2026 et ses conséquences, il faut remonter au fil des événements qui l'ont précédée.";
    expect(dates(line, 'fr')).toEqual([
      ['2026-03-09', '2026-03-09'],
      ['2 mars 2026', '2026-03-02'],
    ]);
  });

  it('does not take « six mois » (a duration) for a date', () => {
    const p = seedParagraphs().find((l) => l.includes('six mois'))!;
    expect(p).toBeDefined();
    const ms = new DateResolver({ published: '2026-03-09', lang: 'fr' }).extract(p);
    expect(ms.some((m) => m.text.includes('mois'))).toBe(false);
    expect(ms.map((m) => m.text)).toEqual(['jeudi 26', 'vendredi 27 février']);
  });
});

describe('English', () => {
  const cases: [string, [string, string][]][] = [
    ['The deal was signed on March 2, 2026.', [['March 2, 2026', '2026-03-02']]],
    ['It was signed 2 March 2026.', [['2 March 2026', '2026-03-02']]],
    ['They met last Friday.', [['last Friday', '2026-03-06']]],
    ['Talks began in July 2025.', [['July 2025', '2025-07']]],
    ['The deadline was at 5:01 p.m. on Friday, February 27.', [['5:01 p.m. on Friday, February 27', '2026-02-27T17:01']]],
    ['Sales rose in 2024.', [['2024', '2024']]],
    ['2024 was a hard year.', [['2024', '2024']]],
    ['The memo is dated 2026-02-24.', [['2026-02-24', '2026-02-24']]],
    ['Yesterday, the CEO resigned.', [['Yesterday', '2026-03-08']]],
    ['It happened three days ago.', [['three days ago', '2026-03-06']]],
    ['Since mid-February, talks stalled.', [['mid-February', '2026-02']]],
    ['Growth returned in early 2025.', [['early 2025', '2025']]],
    ['On 02/27/2026 it ended.', [['02/27/2026', '2026-02-27']]],
    ['The deadline is 17:01 on February 27.', [['17:01 on February 27', '2026-02-27T17:01']]],
    ['Due Friday, Feb. 27 at 5:01 pm ET.', [['Friday, Feb. 27 at 5:01 pm', '2026-02-27T17:01']]],
    ['Mon., Feb. 23, 2026', [['Mon., Feb. 23, 2026', '2026-02-23']]],
    ['Meetings on March 2-5, 2026 were tense.', [['March 2', '2026-03-02'], ['5, 2026', '2026-03-05']]],
    ['He joined in May 2019, then on the 3rd of June.', [['May 2019', '2019-05'], ['3rd of June', '2019-06-03']]],
    ['Last year was calm; this year is not.', [['Last year', '2025'], ['this year', '2026']]],
  ];
  for (const [text, expected] of cases) {
    it(`${text}`, () => {
      expect(dates(text, 'en')).toEqual(expected);
    });
  }

  it('leaves verbs, durations and counts alone', () => {
    expect(dates('It may happen again.', 'en')).toEqual([]);
    expect(dates('He may 5 times try.', 'en')).toEqual([]);
    expect(dates('Two weeks of talks, then 30 days of silence.', 'en')).toEqual([]);
    expect(dates('The deal closed two weeks later.', 'en')).toEqual([]);
    expect(dates('The firm has 2024 employees and 17 offices.', 'en')).toEqual([]);
    expect(dates('Sam Altman said it would take 6 months.', 'en')).toEqual([]);
  });
});

describe('French', () => {
  const cases: [string, [string, string][]][] = [
    ['Le 1er mars, tout a changé.', [['1er mars', '2026-03-01']]],
    ['Depuis la mi-février, rien ne va.', [['mi-février', '2026-02']]],
    ['Début 2025, la startup lève des fonds.', [['Début 2025', '2025']]],
    ['Rendez-vous lundi 2 mars à 9 h.', [['lundi 2 mars à 9 h', '2026-03-02T09:00']]],
    ['Le 2 mars, la panne.', [['2 mars', '2026-03-02']]],
    ['En 2025, la croissance.', [['2025', '2025']]],
    ['Hier, le PDG a démissionné.', [['Hier', '2026-03-08']]],
    ['Vendredi dernier, Trump a parlé.', [['Vendredi dernier', '2026-03-06']]],
    ['Il y a trois jours, la panne.', [['Il y a trois jours', '2026-03-06']]],
    ["L'an dernier, rien de tel.", [["L'an dernier", '2025']]],
    ['Le 27/02/2026 à 17 h 01, fin du délai.', [['27/02/2026 à 17 h 01', '2026-02-27T17:01']]],
    ['Avant 17 h 01 le vendredi 27 février.', [['17 h 01 le vendredi 27 février', '2026-02-27T17:01']]],
    ['Le vendredi 27 février à 17 heures.', [['vendredi 27 février à 17 heures', '2026-02-27T17:00']]],
    ['Fin février 2026, la rupture.', [['Fin février 2026', '2026-02']]],
    ['Du 2 au 5 mars 2026, la panne dure.', [['2', '2026-03-02'], ['5 mars 2026', '2026-03-05']]],
    ['Le 24 février 2026, une réunion.', [['24 février 2026', '2026-02-24']]],
  ];
  for (const [text, expected] of cases) {
    it(`${text}`, () => {
      expect(dates(text, 'fr')).toEqual(expected);
    });
  }

  it('leaves amounts, counts, durations and names alone', () => {
    expect(dates('Un contrat de 200 millions de dollars.', 'fr')).toEqual([]);
    expect(dates('Les 2 lignes rouges, 17 agences.', 'fr')).toEqual([]);
    expect(dates('Il a 17 ans.', 'fr')).toEqual([]);
    expect(dates('Six mois de transition, 30 jours de préavis.', 'fr')).toEqual([]);
    expect(dates('Sam Altman annonce un accord.', 'fr')).toEqual([]);
    expect(dates('Il a gagné 2000 euros, décret n° 2024.', 'fr')).toEqual([]);
    expect(dates('Le 31 février.', 'fr')).toEqual([]);
  });

  it('takes « Mars » with a capital for a name, « en mars » for a month', () => {
    expect(dates('La sonde vers Mars. En mars, le lancement.', 'fr')).toEqual([['mars', '2026-03']]);
  });
});

describe('resolution rules', () => {
  it('gives a year-less date the year that keeps it not later than publication, without context', () => {
    expect(dates('Le 2 mars, la panne.', 'fr')).toEqual([['2 mars', '2026-03-02']]);
    expect(dates('Le 15 mars, la panne.', 'fr')).toEqual([['15 mars', '2025-03-15']]);
    expect(dates('vendredi 27 février', 'fr')).toEqual([['vendredi 27 février', '2026-02-27']]);
  });

  it('gives a year-less date the year of the last date met in the document', () => {
    const r = new DateResolver({ published: '2026-03-09', lang: 'fr' });
    expect(r.extract('En 2024, la société naît.').map((m) => m.iso)).toEqual(['2024']);
    expect(r.extract('Le 3 mars, elle lève des fonds.').map((m) => m.iso)).toEqual(['2024-03-03']);
    expect(r.extract('Le 15 mars, elle recrute.').map((m) => m.iso)).toEqual(['2024-03-15']);
  });

  it('gives a weekday and a bare day number the month of the last date met', () => {
    const r = new DateResolver({ published: '2026-03-09', lang: 'fr' });
    expect(r.extract('Le lundi 3 novembre 2025, une réunion.').map((m) => m.iso)).toEqual(['2025-11-03']);
    expect(r.extract('Le jeudi 13, une annonce.').map((m) => [m.text, m.iso])).toEqual([['jeudi 13', '2025-11-13']]);
    // 27 November 2025 is a Thursday, but « mardi 2 » can only be 2 December in that neighbourhood.
    expect(r.extract('Puis le mardi 2, la rupture.').map((m) => m.iso)).toEqual(['2025-12-02']);
  });

  it('prefers the year where the weekday matches', () => {
    // Published 2027-03-01 without context, 27 February would be 2027 (a Saturday); Friday 27 February is 2026.
    expect(dates('Le vendredi 27 février, la rupture.', 'fr', '2027-03-01')).toEqual([['vendredi 27 février', '2026-02-27']]);
    expect(dates('On Friday, February 27, it broke.', 'en', '2027-03-01')).toEqual([['Friday, February 27', '2026-02-27']]);
    // Without a weekday the default stands.
    expect(dates('Le 27 février, la rupture.', 'fr', '2027-03-01')).toEqual([['27 février', '2027-02-27']]);
  });

  it('resolves a bare weekday to the one after the last date met, else the last one before publication', () => {
    const r = new DateResolver({ published: '2026-03-09', lang: 'fr' });
    expect(r.extract('Jeudi, Anthropic a répondu.').map((m) => m.iso)).toEqual(['2026-03-05']);
    const s = new DateResolver({ published: '2026-03-09', lang: 'en' });
    expect(s.extract('On February 24, 2026, the meeting.').map((m) => m.iso)).toEqual(['2026-02-24']);
    expect(s.extract('On Thursday, the answer came.').map((m) => m.iso)).toEqual(['2026-02-26']);
  });

  it('keeps offsets exact on text with accents and non-breaking spaces', () => {
    const text = 'Le\u00a024\u00a0février 2026, puis « jeudi 26 » et début\u202f2025.';
    const ms = new DateResolver({ published: '2026-03-09', lang: 'fr' }).extract(text);
    checkOffsets(text, ms);
    expect(ms.map((m) => m.iso)).toEqual(['2026-02-24', '2026-02-26', '2025']);
  });
});

describe('bad input', () => {
  it('rejects a bad published date or language with a clear error', () => {
    expect(() => new DateResolver({ published: '09/03/2026', lang: 'fr' })).toThrow(/published must be a YYYY-MM-DD/);
    expect(() => new DateResolver({ published: '2026-02-30', lang: 'fr' })).toThrow(/not a calendar date/);
    expect(() => new DateResolver({ published: '2026-03-09', lang: 'de' as Lang })).toThrow(/lang must be 'fr' or 'en'/);
  });

  it('rejects a text that is not a string, and returns nothing for empty text', () => {
    const r = new DateResolver({ published: '2026-03-09', lang: 'en' });
    expect(() => r.extract(undefined as unknown as string)).toThrow(/needs a string/);
    expect(r.extract('')).toEqual([]);
    expect(r.extract('No date here at all.')).toEqual([]);
  });
});

describe('speed', () => {
  it('extracts from 3,000 passages quickly', () => {
    const paras = seedParagraphs();
    const r = new DateResolver({ published: '2026-03-09', lang: 'fr' });
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 3000; i++) n += r.extract(paras[i % paras.length]!).length;
    const ms = performance.now() - t0;
    expect(n).toBeGreaterThan(1000);
    // Measured about 0.1 ms per passage; the bound leaves room for a busy shared machine.
    expect(ms).toBeLessThan(6000);
  });
});

describe('names that contain a weekday', () => {
  it('does not take "Black Friday" or « Mardi gras » for days', () => {
    expect(dates('Black Friday sales and Super Tuesday.', 'en')).toEqual([]);
    expect(dates('On Friday Trump said no.', 'en')).toEqual([['Friday', '2026-03-06']]);
    expect(dates('Le Mardi gras et le Vendredi saint.', 'fr')).toEqual([]);
    expect(dates('Mardi, il a parlé.', 'fr')).toEqual([['Mardi', '2026-03-03']]);
  });
});

describe('robustness', () => {
  it('never crashes and keeps offsets, ISO forms and order valid on scrambled input', () => {
    const parts = ['le ', '24 ', 'février ', '2026', ' ', '17h01', ' vendredi', 'jeudi 26', ', ', 'March ', '2,', ' at ', '5:01 p.m.', 'May', 'mai',
      '$', '200 ', 'millions', '%', '\u00a0', '2025-02-30', '31/02/2026', '99:99', '🙂', 'é', "l'an dernier", 'il y a', 'hier', 'last', 'Friday',
      '0', '1er', '-', '–', 'mi-', 'début ', '\n', '12/13/2024', '9999', 'fin ', 'à ', 'midi'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let mentions = 0;
    for (let i = 0; i < 1500; i++) {
      let s = '';
      for (let j = 0, n = 1 + Math.floor(rnd() * 12); j < n; j++) s += parts[Math.floor(rnd() * parts.length)];
      for (const lang of ['fr', 'en'] as const) {
        const ms = new DateResolver({ published: '2026-03-09', lang }).extract(s);
        mentions += ms.length;
        ms.forEach((m, k) => {
          expect(s.slice(m.start, m.end)).toBe(m.text);
          expect(m.iso).toMatch(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?)?)?$/);
          if (k > 0) expect(m.start).toBeGreaterThanOrEqual(ms[k - 1]!.end);
        });
      }
    }
    expect(mentions).toBeGreaterThan(500);
  });
});

describe('days relative to the context or the publication', () => {
  it('resolves « le lendemain », « l’avant-veille », "the next day" from the last date met', () => {
    expect(dates("Le 24 février 2026, réunion. Le lendemain, rupture. La veille du vote, rien. L'avant-veille, tout.", 'fr')).toEqual([
      ['24 février 2026', '2026-02-24'],
      ['lendemain', '2026-02-25'],
      ['avant-veille', '2026-02-23'],
    ]);
    expect(dates('On February 24, 2026, a meeting. The next day, a break. The day before the vote, nothing.', 'en')).toEqual([
      ['February 24, 2026', '2026-02-24'],
      ['next day', '2026-02-25'],
    ]);
    // Without a date before it, « le lendemain » says nothing.
    expect(dates('Le lendemain, rupture.', 'fr')).toEqual([]);
    expect(dates('La veille technologique.', 'fr')).toEqual([]);
  });

  it('resolves « le 3 mars dernier / prochain » around the publication date', () => {
    expect(dates('le 3 mars dernier', 'fr')).toEqual([['3 mars dernier', '2026-03-03']]);
    expect(dates('le 3 mars prochain', 'fr')).toEqual([['3 mars prochain', '2027-03-03']]);
    expect(dates('le 10 mars dernier', 'fr')).toEqual([['10 mars dernier', '2025-03-10']]);
  });

  it('reads a weekday with a time of day as a past weekday', () => {
    expect(dates('mercredi soir, la réunion', 'fr')).toEqual([['mercredi', '2026-03-04']]);
    expect(dates('Tuesday night, the vote', 'en')).toEqual([['Tuesday', '2026-03-03']]);
  });

  it('reads both days of « 3 ou 4 mars » and "March 3 or 4"', () => {
    expect(dates('le 3 ou 4 mars', 'fr')).toEqual([['3', '2026-03-03'], ['4 mars', '2026-03-04']]);
    expect(dates('on March 3 or 4', 'en')).toEqual([['March 3', '2026-03-03'], ['4', '2026-03-04']]);
  });
});
