/**
 * Money amounts, percentages and quantities with a number, as spans of a text: what a "how much"
 * question is answered with (« 200 millions de dollars », "$1.5 billion", « six mois », « 30 % »).
 */
import type { Lang } from '../types.js';
import { LB, RB } from './boundaries.js';

/** A space, including the non-breaking ones French typography puts before % and in numbers. */
const SP = '[ \\u00a0\\u202f]';

const DIGITS = `\\d{1,3}(?:(?:${SP}|[.,'’])\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?`;

const FR_WORDS =
  'deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cents?|mille|quelques|plusieurs|dizaines?|centaines?|milliers?|vingtaine|trentaine|quinzaine|douzaine';
const EN_WORDS =
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|several|a few';
/** Words for one: only an amount before a scale (« un milliard », "a billion"), never before a unit. */
const ONE = { fr: 'un|une', en: 'one|a|an' };

const SCALE_FR = 'millions?|milliards?|billions?|mille|milliers|k|M|Mds?|Mrds?';
const SCALE_EN = 'millions?|billions?|trillions?|thousands?|hundreds?|k|K|M|bn|mn|B';
const CURRENCY_AFTER =
  '€|\\$|£|¥|USD|EUR|GBP|CHF|dollars?(?:\\s+(?:am[ée]ricains|US|canadiens))?|euros?|livres(?:\\s+sterling)?|pounds?(?:\\s+sterling)?|francs?(?:\\s+suisses)?|yens?|yuans?|roubles?|rupees?|roupies?';
const CURRENCY_BEFORE = '(?:US|C|A|HK|NZ)?\\$|€|£|¥|USD|EUR|GBP|CHF';
const PERCENT = '%|pour\\s?cent|percent|per\\s?cent|points?\\s+de\\s+pourcentage|percentage\\s+points?';
const UNITS_FR =
  "ans|ann[ée]es|mois|semaines?|jours?|heures?|minutes?|secondes?|d[ée]cennies|si[èe]cles?|personnes|employ[ée]s|salari[ée]s|travailleurs|habitants|morts|victimes|bless[ée]s|soldats|militaires|utilisateurs|clients|membres|entreprises|soci[ée]t[ée]s|pays|[ée]tats|agences|contrats|km|kilom[èe]tres?|m[èe]tres?|tonnes?|kg|kilos?|litres?|hectares?|[MGkT]W|[MGT]Wh|Go|To|Mo|degr[ée]s|°C|fois|points?|voix|si[èe]ges|exemplaires|mod[èe]les|lignes";
const UNITS_EN =
  'years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|people|persons|employees|workers|staff|residents|deaths|victims|soldiers|troops|users|customers|members|companies|firms|countries|states|agencies|contracts|km|kilometers?|kilometres?|miles?|meters?|metres?|tons?|tonnes?|kg|pounds|lbs|liters?|litres?|hectares?|acres?|[MGkT]W|[MGT]Wh|GB|TB|MB|degrees?|°[CF]|times|points?|votes|seats|copies|models|lines';

/** Compiled amount pattern per language. */
const AMOUNT_RE: Record<Lang, RegExp> = {
  fr: build(FR_WORDS, ONE.fr, SCALE_FR, UNITS_FR, "(?:de\\s+|d['’]\\s*)"),
  en: build(EN_WORDS, ONE.en, SCALE_EN, UNITS_EN, '(?:of\\s+)?'),
};

function build(words: string, one: string, scale: string, units: string, currencyLink: string): RegExp {
  const num = `(?:${DIGITS}|(?:${words})(?:[-\\s](?:et[-\\s])?(?:${words}))*)`;
  const oneNum = `(?:${one})`;
  const withScale = `(?:${num}|${oneNum})${SP}?(?<scale>${scale})${RB}`;
  const re =
    `(?<cur>(?:${CURRENCY_BEFORE})${SP}?)?` +
    `(?:${withScale}|(?<num>${num}))` +
    `(?:${SP}?(?<pct>${PERCENT})(?![\\p{L}])` +
    `|${SP}*(?:${currencyLink})?(?<money>${CURRENCY_AFTER})(?![\\p{L}])` +
    `|${SP}+(?<unit>${units})${RB})?`;
  return new RegExp(`${LB}${re}`, 'giu');
}

/** Money amounts, percentages, and quantities with a number ("200 millions de dollars", "$1.5 billion", "six mois", "30 %"). */
export function findAmounts(text: string, lang: Lang): { start: number; end: number; text: string }[] {
  if (typeof text !== 'string') throw new TypeError(`Amounts: findAmounts() needs a string, got ${typeof text}`);
  if (lang !== 'fr' && lang !== 'en') throw new TypeError(`Amounts: lang must be 'fr' or 'en', got ${JSON.stringify(lang)}`);
  const re = AMOUNT_RE[lang];
  const out: { start: number; end: number; text: string }[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const g = m.groups ?? {};
    // A bare number (a year, a day, « les 2 lignes » without a unit we know) is not an amount.
    if (!g.cur && !g.scale && !g.pct && !g.money && !g.unit) continue;
    // Single-letter scales (k, M, B) only count next to a currency: « 5 M » alone is ambiguous.
    if (g.scale && /^[kKMB]$/.test(g.scale) && !g.cur && !g.money) continue;
    const start = m.index;
    const end = m.index + m[0].trimEnd().length;
    out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}
