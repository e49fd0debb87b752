/**
 * Ranges of years read as two dates (life spans, periods), years the general rules leave out (« à partir de
 * 1014 », « en 761 »), and quantities that only look like them.
 */
import { describe, expect, it } from 'vitest';
import { DateResolver } from '../../src/dates/index.js';
import { findIntroducedYears, findYearRanges } from '../../src/dates/ranges.js';
import type { Lang } from '../../src/types.js';

const dates = (text: string, lang: Lang) => new DateResolver({ published: '2020-01-01', lang }).extract(text).map((d) => [d.text, d.iso]);

describe('ranges of years', () => {
  it('reads a life span in parentheses as its two ends', () => {
    expect(dates('Le Caravage (1571-1610) est un peintre italien.', 'fr')).toEqual([['1571', '1571'], ['1610', '1610']]);
    expect(dates('Michelangelo Merisi da Caravaggio (1571–1610) was an Italian painter.', 'en')).toEqual([['1571', '1571'], ['1610', '1610']]);
  });

  it('reads ranges joined by words, in French and in English', () => {
    expect(dates('Il régna de 1321 à 1323, puis fut assassiné.', 'fr')).toEqual([['1321', '1321'], ['1323', '1323']]);
    expect(dates('Entre 1656 et 1703, ils restructurent l’Empire.', 'fr')).toEqual([['1656', '1656'], ['1703', '1703']]);
    expect(dates('He ruled from 1321 to 1323.', 'en')).toEqual([['1321', '1321'], ['1323', '1323']]);
    expect(dates('The war (1939 – 1945) changed the city.', 'en')).toEqual([['1939', '1939'], ['1945', '1945']]);
  });

  it('leaves quantities, reversed or too long spans, and longer numbers alone', () => {
    expect(findYearRanges('Les pentes vont de 1200 à 1500 mètres selon les versants.', 'fr')).toEqual([]);
    expect(findYearRanges('Between 1200 and 1500 people attended.', 'en')).toEqual([]);
    expect(findYearRanges('Les codes 1999-1200 et 1200-1900 du catalogue.', 'fr')).toEqual([]);
    expect(findYearRanges('Le numéro 3-1571-1610-2 est attribué.', 'fr')).toEqual([]);
    expect(findYearRanges('Le Caravage (1571-1610)', 'fr').map((c) => c.year)).toEqual([1571, 1610]);
  });
});

describe('years the general rules leave out', () => {
  it('reads years after « à partir de » and « les années », and three-digit years after a preposition of time', () => {
    expect(dates('À partir de 1014, les Hammadides reconnaissent les califes.', 'fr')).toEqual([['1014', '1014']]);
    expect(dates('Le mot existe au moins depuis les années 1100, dit-on.', 'fr')).toEqual([['1100', '1100']]);
    expect(dates('Ibn Rustom fonde en 761 un royaume ibadite.', 'fr')).toEqual([['761', '0761']]);
    expect(dates('In 711, the Umayyads crossed the strait.', 'en')).toEqual([['711', '0711']]);
  });

  it('leaves quantities alone', () => {
    expect(findIntroducedYears('Le livre compte en 300 pages environ.', 'fr')).toEqual([]);
    expect(findIntroducedYears('Il parcourt 500 km en 761 heures.', 'fr')).toEqual([]);
    expect(findIntroducedYears('La route monte à partir de 1200 mètres.', 'fr')).toEqual([]);
    expect(findIntroducedYears('He scored in 300 games.', 'en')).toEqual([]);
  });
});
