/**
 * Our own date grammar: regular-expression rules that find date expressions chrono-node misses or
 * misreads (month + year, bare years, weekday + bare day number, French times, ranges), and the
 * parts (year, month, day, weekday, time) each expression states explicitly.
 *
 * Nothing here resolves anything: a {@link Candidate} only says what is written. `resolver.ts`
 * turns candidates into calendar dates using the document's context.
 */
import type { Lang } from '../types.js';
import {
  EN_MONTH_ABBR,
  EN_MONTH_FULL,
  EN_WEEKDAY_ABBR,
  EN_WEEKDAY_FULL,
  FR_MONTH_ABBR,
  FR_MONTH_FULL,
  FR_WEEKDAY,
  LB,
  RB,
  YEAR,
  monthNumber,
  weekdayNumber,
} from './words.js';
import { findIntroducedYears, findYearRanges } from './ranges.js';
import { SpanOccupancy, firstStartingAtOrAfter, maxEnd } from './spans.js';

/** What one date expression states explicitly, with its span in the text. */
export interface Candidate {
  /** Start offset in the text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** Year as written (four digits), if written. */
  year?: number;
  /** Month 1-12, if written. */
  month?: number;
  /** Day of the month, if written. */
  day?: number;
  /** Weekday 0 (Sunday) … 6, if written. */
  weekday?: number;
  /** Hour 0-23, if a time is attached. */
  hour?: number;
  /** Minute 0-59, if a time is attached. */
  minute?: number;
  /**
   * Already resolved (relative expressions such as « hier » or "two weeks ago", resolved by
   * chrono-node against the reference date): the parts given are the whole answer.
   */
  fixed?: { year: number; month?: number; day?: number };
  /** A year relative to the reference date (« l'an dernier » = -1, "this year" = 0). */
  yearOffset?: number;
  /** Days after the last full date met (« le lendemain » = 1, "the day before" = -1). */
  contextDayOffset?: number;
  /** « le 3 mars dernier / prochain »: the occurrence before (-1) or after (+1) the reference date. */
  direction?: -1 | 1;
  /** Tie-break between rules of equal length: higher wins. */
  priority: number;
}

/** A time of day found in the text (only ever used attached to a date). */
interface TimeSpan {
  start: number;
  end: number;
  hour: number;
  minute: number;
}

/** Options of {@link findRuleCandidates}. */
export interface RuleOptions {
  /** Accept lower-case English month and weekday names on their own (chat questions). */
  loose?: boolean;
}

type Groups = Record<string, string | undefined>;
type GroupIdx = Record<string, [number, number] | undefined>;

/** Runs a global regex with indices and calls `fn` for each match. */
function each(re: RegExp, text: string, fn: (g: Groups, gi: GroupIdx, m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const g = (m.groups ?? {}) as Groups;
    const gi = ((m as RegExpExecArray & { indices?: { groups?: GroupIdx } }).indices?.groups ?? {}) as GroupIdx;
    fn(g, gi, m);
    if (m[0].length === 0) re.lastIndex++;
  }
}

function dayValue(s: string): number {
  const f = s.toLowerCase();
  if (f === '1er' || f === 'premier') return 1;
  return parseInt(f, 10);
}

const DAY_FR = '(?<day>1er|premier|[0-3]?\\d)';
const DAY_EN = '(?<day>[0-3]?\\d)(?:st|nd|rd|th)?';
/** A day number must not be part of a decimal or a larger number. */
const NOT_AFTER_NUM = '(?<![\\d][.,])';
/** What may not follow a day number or a year (so that numbers inside amounts are left alone). */
const NUM_END = '(?![.,]\\d|\\s*%)';
const MOD_FR = '(?<mod>d[ée]but|fin|mi|courant|milieu)(?:\\s*-\\s*|\\s+)(?:d[e\'’]\\s*)?';
const MOD_EN = '(?<mod>early|late|mid)(?:-|\\s+)';
const MONTH_FR = `(?<month>${FR_MONTH_FULL}|${FR_MONTH_ABBR})`;
const MONTH_EN = `(?<month>${EN_MONTH_FULL}|${EN_MONTH_ABBR})`;

/** Compiled rules for one language. */
interface RuleSet {
  dayMonth: RegExp;
  monthDay?: RegExp;
  weekdayDay: RegExp;
  monthYear: RegExp;
  bareMonth: RegExp;
  bareYear: RegExp;
  weekday: RegExp;
  weekdayLoose?: RegExp;
  rangeStart: RegExp;
  rangeEnd?: RegExp;
  numeric: RegExp;
  times: RegExp[];
}

const ISO_RE = new RegExp(
  `${LB}(?<year>${YEAR})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])(?:[T ](?<hour>[01]\\d|2[0-3]):(?<minute>[0-5]\\d)(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d)`,
  'dgu',
);

const COLON_TIME = `${LB}(?<hour>[01]?\\d|2[0-3]):(?<minute>[0-5]\\d)(?![\\d:])`;
const AMPM_TIME = `${LB}(?<hour>1[0-2]|0?\\d)(?::(?<minute>[0-5]\\d))?\\s?(?<ampm>[ap]\\.\\s?m\\.?|[ap]m)(?![\\p{L}\\p{N}])`;

const FR: RuleSet = {
  dayMonth: new RegExp(
    `${LB}(?:(?<wd>${FR_WEEKDAY})\\s+)?${NOT_AFTER_NUM}${DAY_FR}\\s+${MONTH_FR}(?:${RB}|(?<=\\.))(?:\\s+(?<year>${YEAR})${RB}${NUM_END}|\\s+(?<rel>dernier|prochain)${RB})?`,
    'dgiu',
  ),
  weekdayDay: new RegExp(
    `${LB}(?<wd>${FR_WEEKDAY})\\s+(?<day>1er|[0-3]?\\d)${RB}(?!\\s?h(?:${RB}|\\s?\\d)|\\s+heures?${RB}|\\s*:\\d|[.,]\\d|\\s*%)`,
    'dgiu',
  ),
  monthYear: new RegExp(`${LB}(?:${MOD_FR})?${MONTH_FR}(?:${RB}|(?<=\\.))\\s+(?<year>${YEAR})${RB}${NUM_END}`, 'dgiu'),
  bareMonth: new RegExp(
    `${LB}(?:(?<pre>en|depuis|d[èe]s|jusqu['’]en|d['’]ici|(?:au|le|du) mois d[e'’])\\s*|${MOD_FR})(?<month>${FR_MONTH_FULL})${RB}`,
    'dgiu',
  ),
  bareYear: new RegExp(
    `${LB}(?:${MOD_FR}|(?<pre>en|depuis|d[èe]s|jusqu['’]en|d['’]ici|avant|apr[èe]s|entre|vers|(?:l['’])?ann[ée]e|(?:l['’])?an|(?:l['’])?[ée]t[ée]|(?:l['’])?hiver|(?:le\\s+)?printemps|(?:l['’])?automne)\\s+)?(?<year>${YEAR})${RB}${NUM_END}`,
    'dgiu',
  ),
  weekday: new RegExp(`${LB}(?<wd>${FR_WEEKDAY})${RB}`, 'dgiu'),
  rangeStart: new RegExp(
    `${LB}${NOT_AFTER_NUM}(?<d1>1er|[0-3]?\\d)\\s*(?:au|et|ou|-|–|à)\\s*(?:le\\s+)?(?:1er|[0-3]?\\d)\\s+${MONTH_FR}(?:${RB}|(?<=\\.))(?:\\s+(?<year>${YEAR})${RB}${NUM_END})?`,
    'dgiu',
  ),
  numeric: new RegExp(
    `${LB}${NOT_AFTER_NUM}(?<a>[0-3]?\\d)(?<sep>[/.])(?<b>[01]?\\d)\\k<sep>(?<year>${YEAR})${RB}${NUM_END}`,
    'dgu',
  ),
  times: [
    new RegExp(`${LB}(?<hour>[01]?\\d|2[0-3])\\s?h\\s?(?<minute>[0-5]\\d)?${RB}`, 'dgiu'),
    new RegExp(`${LB}(?<=(?:à|a|vers|dès|avant|après)\\s+)(?<hour>[01]?\\d|2[0-3])\\s+heures?(?:\\s+(?<minute>[0-5]\\d))?${RB}`, 'dgiu'),
    new RegExp(COLON_TIME, 'dgu'),
    new RegExp(`${LB}(?<noon>midi|minuit)${RB}`, 'dgiu'),
  ],
};

const EN: RuleSet = {
  dayMonth: new RegExp(
    `${LB}(?:(?<wd>${EN_WEEKDAY_FULL}|${EN_WEEKDAY_ABBR}),?\\s+)?(?:the\\s+)?${NOT_AFTER_NUM}${DAY_EN}\\s+(?:of\\s+)?${MONTH_EN}(?:${RB}|(?<=\\.))(?:,?\\s+(?<year>${YEAR})${RB}${NUM_END})?`,
    'dgiu',
  ),
  monthDay: new RegExp(
    `${LB}(?:(?<wd>${EN_WEEKDAY_FULL}|${EN_WEEKDAY_ABBR}),?\\s+)?${MONTH_EN}\\s*${DAY_EN}${RB}${NUM_END}(?!:\\d)(?:,?\\s+(?<year>${YEAR})${RB}${NUM_END})?`,
    'dgiu',
  ),
  weekdayDay: new RegExp(`${LB}(?<wd>${EN_WEEKDAY_FULL}),?\\s+(?:the\\s+)?(?<day>[0-3]?\\d)(?:st|nd|rd|th)${RB}`, 'dgiu'),
  monthYear: new RegExp(`${LB}(?:${MOD_EN})?${MONTH_EN},?\\s+(?<year>${YEAR})${RB}${NUM_END}`, 'dgiu'),
  bareMonth: new RegExp(
    `${LB}(?:(?<pre>in|since|until|till|by|during|through|from)\\s+(?:the\\s+)?(?:(?<mod2>early|late|mid)(?:-|\\s+))?|${MOD_EN})(?<month>${EN_MONTH_FULL})${RB}`,
    'dgiu',
  ),
  bareYear: new RegExp(
    `${LB}(?:${MOD_EN}|(?<pre>in|since|until|till|by|during|through|from|before|after|between|around|circa|(?:the\\s+)?year|(?:the\\s+)?summer\\s+of|(?:the\\s+)?(?:spring|fall|autumn|winter)\\s+of)\\s+(?:(?<mod2>early|late|mid)(?:-|\\s+))?)?(?<year>${YEAR})${RB}${NUM_END}`,
    'dgiu',
  ),
  weekday: new RegExp(`${LB}(?<wd>${EN_WEEKDAY_FULL})${RB}`, 'dgu'),
  weekdayLoose: new RegExp(`${LB}(?<wd>${EN_WEEKDAY_FULL})${RB}`, 'dgiu'),
  rangeStart: new RegExp(
    `${LB}${NOT_AFTER_NUM}(?<d1>[0-3]?\\d)(?:st|nd|rd|th)?\\s*(?:-|–|to|and|or|through)\\s*(?:the\\s+)?[0-3]?\\d(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_EN}(?:${RB}|(?<=\\.))(?:,?\\s+(?<year>${YEAR})${RB}${NUM_END})?`,
    'dgiu',
  ),
  rangeEnd: new RegExp(
    `${LB}${MONTH_EN}\\s*(?<d1>[0-3]?\\d)(?:st|nd|rd|th)?\\s*(?:-|–|to|and|or|through)\\s*(?<d2>[0-3]?\\d)(?:st|nd|rd|th)?${RB}${NUM_END}(?:,?\\s+(?<year>${YEAR})${RB}${NUM_END})?`,
    'dgiu',
  ),
  numeric: new RegExp(`${LB}${NOT_AFTER_NUM}(?<a>[0-3]?\\d)(?<sep>/)(?<b>[0-3]?\\d)/(?<year>${YEAR})${RB}${NUM_END}`, 'dgu'),
  times: [new RegExp(AMPM_TIME, 'dgiu'), new RegExp(COLON_TIME, 'dgu'), new RegExp(`${LB}(?<noon>noon|midnight)${RB}`, 'dgiu')],
};

/** Words after a standalone number that make it a quantity, not a year. */
const QUANTITY_AFTER =
  /^\s*(?:%|€|\$|£|pour\s*cent|percent|per\s+cent|euros?|dollars?|livres|pounds?|francs?|yens?|yuans?|personnes|people|persons|employ|salari|habitants|inhabitants|residents|morts|deaths|dead|victimes|victims|bless|injur|voix|votes|mots|words|pages|exemplaires|copies|unit|points|km|kilom|miles|m²|m2|m[eè]tres|meters|metres|tonnes|tons|kg|kilos|litres|liters|[mgkt]w|emplois|jobs|postes|[ée]l[eè]ves|students|[ée]tudiants|fois|times|membres|members|users|utilisateurs|clients|customers|entreprises|companies|soci[ée]t[ée]s|voitures|cars|vehicles|v[ée]hicules|ha|hectares|[x×]|soldats|soldiers|troops|agents|officers|policiers|lits|beds|heures|hours|jours|days|ann[ée]es|years|mois|months|semaines|weeks|minutes|secondes|seconds)/iu;
/** Words before a standalone number that make it a reference number, a price or a quantity. */
const QUANTITY_BEFORE =
  /(?:[$€£]|\bn°|\bno\.?|\bnº|\bnum[ée]ro|\bnumber|#|\bpage|\bp\.|\bart\.?|\barticle|\bchapitre|\bchapter|\bloi|\blaw|\broute|\brue|\bstreet|\bavenue|\bboulevard|\bcode|\bref\.?|\bréf\.?|\bversion|\bv\.?|\bmodèle|\bmodel|\bles|\bdes|\bces|\bplus de|\bmoins de|\bmore than|\bless than|\bover|\bunder|\benviron|\babout|\bsome|\bd['’]environ)\s*$/iu;

/**
 * True when the weekday name at `start`-`end` is part of a name, not a day: "Black Friday",
 * "Super Tuesday", « Mardi gras », « Vendredi saint ».
 */
export function isNamedDay(text: string, start: number, end: number, lang: Lang): boolean {
  if (lang === 'en') {
    const prev = /(?<![.!?:;]\s*)\b(\p{Lu}\p{L}+)\s+$/u.exec(text.slice(Math.max(0, start - 20), start))?.[1];
    return !!prev && !/^(?:On|In|By|Since|Until|Till|Before|After|From|Through|And|But|Or|Then|Late|Early|Last|Next|This|Every|As|At|Of)$/.test(prev);
  }
  return /^\s+(?:gras|saint)\b/iu.test(text.slice(end, end + 8));
}

/** Finds times of day in the text (used only when attached to a date). */
function findTimes(text: string, rules: RuleSet): TimeSpan[] {
  const out: TimeSpan[] = [];
  const taken = new SpanOccupancy(text.length);
  for (const re of rules.times) {
    each(re, text, (g, _gi, m) => {
      let hour: number;
      let minute = g.minute ? parseInt(g.minute, 10) : 0;
      if (g.noon) {
        hour = /^(midi|noon)$/i.test(g.noon) ? 12 : 0;
        minute = 0;
      } else {
        hour = parseInt(g.hour ?? '0', 10);
        if (g.ampm) {
          const pm = g.ampm.toLowerCase().startsWith('p');
          if (hour === 12) hour = pm ? 12 : 0;
          else if (pm) hour += 12;
        }
      }
      const start = m.index;
      const end = m.index + m[0].length;
      if (taken.tryTake(start, end)) out.push({ start, end, hour, minute });
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Text allowed between a time and the date after it: « 17h01 le vendredi 27 février », "5 p.m. on Friday". */
const TIME_THEN_DATE = /^\s*,?\s*(?:(?:le|ce|du|on|this)\s+)?$/iu;
/** Text allowed between a date and the time after it: « lundi 2 mars à 9 h », "February 27, at 5:01 p.m.". */
const DATE_THEN_TIME =
  /^\s*,?\s*(?:(?:à|a|vers|dès|des|avant|après|jusqu['’]à|at|around|about|by|before|after|until|from|de|à partir de)\s+)?(?:environ\s+)?$/iu;

/** True when the candidate names one calendar day (so a time may be attached to it). */
function isDayLevel(c: Candidate): boolean {
  return c.day !== undefined || (c.weekday !== undefined && c.month === undefined && c.year === undefined) || c.fixed?.day !== undefined;
}

/**
 * Attaches times to the day-level candidates they stand next to, widening their spans.
 * A time that stands alone is not a date and is dropped.
 */
export function attachTimes(text: string, lang: Lang, picked: Candidate[]): void {
  if (!picked.length) return;
  const times = findTimes(text, lang === 'fr' ? FR : EN);
  for (const t of times) {
    // `picked` is disjoint and in text order (widening keeps it so): only the candidates just before and
    // just after the time can overlap it or stand next to it, since the text between a time and its date
    // holds at most a preposition, never another date.
    const next = firstStartingAtOrAfter(picked, t.end);
    const before = picked[next - 1];
    const after = picked[next];
    if (before && before.end > t.start) continue;
    const free = (c: Candidate | undefined): c is Candidate => !!c && isDayLevel(c) && c.hour === undefined;
    let best: Candidate | undefined;
    if (free(before) && DATE_THEN_TIME.test(text.slice(before.end, t.start))) best = before;
    else if (free(after) && TIME_THEN_DATE.test(text.slice(t.end, after.start))) best = after;
    if (!best) continue;
    best.hour = t.hour;
    best.minute = t.minute;
    best.start = Math.min(best.start, t.start);
    best.end = Math.max(best.end, t.end);
  }
}

/** What the rule groups below share: the text, its language and rules, and where candidates go. */
interface RuleContext {
  text: string;
  lang: Lang;
  opts: RuleOptions;
  rules: RuleSet;
  push: (c: Candidate) => void;
}

const spanOf = (m: RegExpExecArray) => ({ start: m.index, end: m.index + m[0].length });

/** The start of the first of the named groups that matched. */
function startOf(gi: GroupIdx, ...names: string[]): number | undefined {
  for (const n of names) {
    const r = gi[n];
    if (r) return r[0];
  }
  return undefined;
}

/**
 * Finds every date expression our own rules recognise, possibly overlapping; the caller keeps
 * the longest of overlapping ones ({@link pickNonOverlapping}).
 */
export function findRuleCandidates(text: string, lang: Lang, opts: RuleOptions = {}): Candidate[] {
  const out: Candidate[] = [];
  const push = (c: Candidate) => {
    if (c.month !== undefined && (c.month < 1 || c.month > 12)) return;
    if (c.day !== undefined && (c.day < 1 || c.day > 31)) return;
    out.push(c);
  };
  const ctx: RuleContext = { text, lang, opts, rules: lang === 'fr' ? FR : EN, push };
  out.push(...findRelativeYears(text, lang), ...findContextDays(text, lang), ...findYearRanges(text, lang), ...findIntroducedYears(text, lang));
  // Every rule but bare months and weekdays needs a digit; most passages have some, many have none.
  const digits = /\d/.test(text);
  if (digits) findNumberedDates(ctx);
  findBareMonths(ctx);
  if (digits) findBareYears(ctx);
  findWeekdays(ctx);
  if (digits) findDayRanges(ctx);
  return out;
}

/** ISO dates, numeric dates, day + month (+ year), weekday + day, month + year. */
function findNumberedDates({ text, lang, opts, rules, push }: RuleContext): void {
  each(ISO_RE, text, (g, _gi, m) => {
    const c: Candidate = { ...spanOf(m), year: +g.year!, month: +g.month!, day: +g.day!, priority: 3 };
    if (g.hour) {
      c.hour = +g.hour;
      c.minute = +g.minute!;
    }
    push(c);
  });

  each(rules.numeric, text, (g, _gi, m) => {
    const a = +g.a!;
    const b = +g.b!;
    // French writes day/month; English month/day, unless the first number cannot be a month.
    const [day, month] = lang === 'fr' || a > 12 ? [a, b] : [b, a];
    if (month < 1 || month > 12) return;
    push({ ...spanOf(m), year: +g.year!, month, day, priority: 2 });
  });

  const dayMonth = (g: Groups, gi: GroupIdx, m: RegExpExecArray) => {
    const month = monthNumber(g.month!);
    if (month === undefined) return;
    // In edited English text month names are capitalised: "it may 5 times" is no date.
    if (lang === 'en' && !opts.loose && g.month![0] === g.month![0]!.toLowerCase()) return;
    const start = startOf(gi, 'wd', 'month', 'day') ?? m.index;
    const c: Candidate = { start: Math.min(start, startOf(gi, 'day') ?? start), end: m.index + m[0].length, month, day: dayValue(g.day!), priority: 2 };
    if (g.wd) c.weekday = weekdayNumber(g.wd);
    if (g.year) c.year = +g.year;
    if (g.rel) c.direction = /^dernier$/iu.test(g.rel) ? -1 : 1;
    push(c);
  };
  each(rules.dayMonth, text, dayMonth);
  if (rules.monthDay) each(rules.monthDay, text, dayMonth);

  each(rules.weekdayDay, text, (g, _gi, m) => {
    push({ ...spanOf(m), weekday: weekdayNumber(g.wd!), day: dayValue(g.day!), priority: 1 });
  });

  each(rules.monthYear, text, (g, _gi, m) => {
    const month = monthNumber(g.month!);
    if (month !== undefined) push({ ...spanOf(m), month, year: +g.year!, priority: 2 });
  });
}

/** A month name alone (« en mars », "in March"), written as the language writes month names. */
function findBareMonths({ text, lang, opts, rules, push }: RuleContext): void {
  each(rules.bareMonth, text, (g, gi, m) => {
    const month = monthNumber(g.month!);
    if (month === undefined) return;
    const monthStart = gi.month![0];
    const word = g.month!;
    // French month names are written in lower case; a capital is a name (« Mars » the planet).
    if (lang === 'fr' && word[0] !== word[0]!.toLowerCase()) return;
    // English month names are capitalised; "may" and "march" in lower case are verbs.
    if (lang === 'en' && !opts.loose && word[0] !== word[0]!.toUpperCase()) return;
    push({ start: g.mod ? m.index : gi.mod2 ? gi.mod2[0] : monthStart, end: m.index + m[0].length, month, priority: 1 });
  });
}

/** A year alone; a standalone four-digit number only when nothing says it counts something. */
function findBareYears({ text, rules, push }: RuleContext): void {
  each(rules.bareYear, text, (g, gi, m) => {
    const yearStart = gi.year![0];
    const end = m.index + m[0].length;
    const year = +g.year!;
    if (!g.pre && !g.mod && !standaloneYear(text, yearStart, end, year)) return;
    push({ start: g.mod ? m.index : gi.mod2 ? gi.mod2[0] : yearStart, end, year, priority: 0 });
  });
}

/** Whether a standalone four-digit number is a year, not a quantity or a reference. */
function standaloneYear(text: string, yearStart: number, end: number, year: number): boolean {
  if (year < 1800) return false;
  if (QUANTITY_AFTER.test(text.slice(end, end + 30))) return false;
  if (QUANTITY_BEFORE.test(text.slice(Math.max(0, yearStart - 30), yearStart))) return false;
  if (/\d[\s\u00a0\u202f]$/u.test(text.slice(Math.max(0, yearStart - 2), yearStart))) return false;
  if (/^[\s\u00a0\u202f]\d{3}(?!\d)/u.test(text.slice(end, end + 5))) return false;
  if (/^\s?(?:h\d|:\d)/iu.test(text.slice(end, end + 3))) return false;
  return true;
}

/** A weekday alone, unless it is part of a name. */
function findWeekdays({ text, lang, opts, rules, push }: RuleContext): void {
  each(opts.loose && rules.weekdayLoose ? rules.weekdayLoose : rules.weekday, text, (g, _gi, m) => {
    if (isNamedDay(text, m.index, m.index + m[0].length, lang)) return;
    push({ ...spanOf(m), weekday: weekdayNumber(g.wd!), priority: 0 });
  });
}

/** Ranges of days: « du 2 au 5 mars », "March 2-5, 2026". */
function findDayRanges({ text, lang, opts, rules, push }: RuleContext): void {
  each(rules.rangeStart, text, (g, gi) => {
    const month = monthNumber(g.month!);
    const d1 = gi.d1!;
    if (month === undefined) return;
    const c: Candidate = { start: d1[0], end: d1[1], month, day: dayValue(g.d1!), priority: 4 };
    if (g.year) c.year = +g.year;
    push(c);
  });
  if (!rules.rangeEnd) return;
  each(rules.rangeEnd, text, (g, gi, m) => {
    const month = monthNumber(g.month!);
    const d1 = gi.d1!;
    const d2 = gi.d2!;
    if (month === undefined) return;
    if (lang === 'en' && !opts.loose && g.month![0] === g.month![0]!.toLowerCase()) return;
    const year = g.year ? +g.year : undefined;
    // "March 2-5, 2026": "March 2" (with the year written after the range) and "5, 2026".
    push({ start: m.index, end: d1[1], month, day: +g.d1!, ...(year ? { year } : {}), priority: 4 });
    push({ start: d2[0], end: m.index + m[0].length, month, day: +g.d2!, ...(year ? { year } : {}), priority: 4 });
  });
}

/** Years relative to the reference date: « l'an dernier », « cette année », "last year"… */
const RELATIVE_YEAR: Record<Lang, { re: RegExp; offset: (s: string) => number }> = {
  fr: {
    re: new RegExp(`${LB}(?:l['’]an(?:n[ée]e)?\\s+(?:derni[eè]re?|pass[ée]e?|prochaine?)|cette\\s+ann[ée]e)${RB}`, 'giu'),
    offset: (s) => (/derni|pass/iu.test(s) ? -1 : /prochain/iu.test(s) ? 1 : 0),
  },
  en: {
    re: new RegExp(`${LB}(?:last|this|next)\\s+year${RB}`, 'giu'),
    offset: (s) => (/^last/iu.test(s) ? -1 : /^next/iu.test(s) ? 1 : 0),
  },
};

/** Finds years written relative to the reference date. */
export function findRelativeYears(text: string, lang: Lang): Candidate[] {
  const { re, offset } = RELATIVE_YEAR[lang];
  const out: Candidate[] = [];
  each(re, text, (_g, _gi, m) => {
    out.push({ start: m.index, end: m.index + m[0].length, yearOffset: offset(m[0]), priority: 1 });
  });
  return out;
}

/** Days relative to the date just met: « le lendemain », « la veille », "the next day"… */
const CONTEXT_DAY: Record<Lang, { re: RegExp; offset: (s: string) => number }> = {
  fr: {
    re: new RegExp(`${LB}(?:l['’]avant-veille|la\\s+veille|le\\s+surlendemain|le\\s+lendemain)${RB}(?!\\s+(?:de|du|des|d['’]|au|technologique|strat[ée]gique))`, 'giu'),
    offset: (s) => (/avant-veille/iu.test(s) ? -2 : /veille/iu.test(s) ? -1 : /surlendemain/iu.test(s) ? 2 : 1),
  },
  en: {
    re: new RegExp(`${LB}the\\s+(?:next|following|previous)\\s+day|the\\s+day\\s+(?:before|after)${RB}(?!\\s+(?:the|a|an|its|his|her|their|our|that)${RB})`, 'giu'),
    offset: (s) => (/previous|before/iu.test(s) ? -1 : 1),
  },
};

/** Finds days written relative to the date just met. */
export function findContextDays(text: string, lang: Lang): Candidate[] {
  const { re, offset } = CONTEXT_DAY[lang];
  const out: Candidate[] = [];
  each(re, text, (_g, _gi, m) => {
    // The span leaves the article out, like every other date: « lendemain », "next day".
    const lead = /^(?:l['’]|la\s+|le\s+|the\s+)/iu.exec(m[0])?.[0].length ?? 0;
    out.push({ start: m.index + lead, end: m.index + m[0].length, contextDayOffset: offset(m[0]), priority: 1 });
  });
  return out;
}

/**
 * Keeps the longest of overlapping candidates (ties: higher priority, then earlier), in text order.
 */
export function pickNonOverlapping(cands: Candidate[], taken: SpanOccupancy = new SpanOccupancy(maxEnd(cands))): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  const picked: Candidate[] = [];
  for (const c of sorted) if (taken.tryTake(c.start, c.end)) picked.push(c);
  return picked.sort((a, b) => a.start - b.start);
}
