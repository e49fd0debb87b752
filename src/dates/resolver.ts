/**
 * Date extraction and resolution across one document.
 *
 * Two sources of candidates: our own rules (`rules.ts`) and chrono-node. Our rules win where the
 * two overlap (they know what is written and what is inferred); chrono-node contributes what our
 * rules do not cover, mostly relative expressions (« hier », "last Friday", « il y a trois jours »),
 * which it resolves against the publication date. Year-less dates are then resolved in reading
 * order against the document's context (the last year and month met), as news articles are read.
 */
import * as chrono from 'chrono-node';
import type { DateMention, DatePrecision, Lang } from '../types.js';
import { type Candidate, attachTimes, findRuleCandidates, isNamedDay, pickNonOverlapping } from './rules.js';
import { SpanOccupancy } from './spans.js';
import { boundedPieces } from '../text/pieces.js';
import {
  EN_MONTH_ABBR,
  EN_MONTH_FULL,
  EN_WEEKDAY_ABBR,
  EN_WEEKDAY_FULL,
  FR_MONTH_ABBR,
  FR_MONTH_FULL,
  FR_WEEKDAY,
} from './words.js';

/** chrono-node parsers (its casual configurations, built once by chrono-node itself). */
const PARSERS: Record<Lang, chrono.Chrono> = { fr: chrono.fr.casual, en: chrono.en.casual };

/** Words that can start a relative date expression. */
const RELATIVE_WORDS = {
  fr: "hier|avant-hier|demain|apr[èe]s-demain|aujourd['’]hui|derni[eè]re?s?|prochaine?s?|pass[ée]e?s?|il y a|ce matin|ce soir|cette semaine|ce mois|cette ann[ée]e",
  en: 'yesterday|today|tomorrow|tonight|ago|last|next|past|this (?:week|month|year|morning|afternoon|evening)',
};

/** Date words of each language: month and weekday names, relative-date keywords. */
const DATE_WORDS: Record<Lang, string> = {
  fr: `${FR_MONTH_FULL}|${FR_MONTH_ABBR}|${FR_WEEKDAY}|${RELATIVE_WORDS.fr}`,
  en: `${EN_MONTH_FULL}|${EN_MONTH_ABBR}|${EN_WEEKDAY_FULL}|${EN_WEEKDAY_ABBR}|${RELATIVE_WORDS.en}`,
};

/**
 * Cheap pre-check: a passage with no digit and no date word cannot hold a date, so neither our
 * rules nor chrono-node run on it.
 */
const MAY_HOLD_DATE: Record<Lang, RegExp> = {
  fr: new RegExp(`\\d|(?<![\\p{L}])(?:${DATE_WORDS.fr})(?![\\p{L}])`, 'iu'),
  en: new RegExp(`\\d|(?<![\\p{L}])(?:${DATE_WORDS.en})(?![\\p{L}])`, 'iu'),
};

/**
 * chrono-node only adds to our rules where a date word is written (relative expressions, dates
 * with a month name): passages with digits alone (amounts, ISO or numeric dates, years) are
 * left to our rules.
 */
const CHRONO_HINT: Record<Lang, RegExp> = {
  fr: new RegExp(`(?<![\\p{L}])(?:${DATE_WORDS.fr})(?![\\p{L}])`, 'iu'),
  en: new RegExp(`(?<![\\p{L}])(?:${DATE_WORDS.en})(?![\\p{L}])`, 'iu'),
};

/** Leading words chrono-node keeps in its spans and we leave out (« le », "on", "at"…). */
const LEADING_WORDS = /^(?:(?:at|on|in|the|le|la|les|à|en|du|au|dès|des|depuis|since|by)\s+|l['’]\s*)+/iu;
/** An English month name in lower case: in edited text, a verb ("may", "march"), not a month. */
const EN_LOWER_MONTH = /(?<![\p{L}])(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?![\p{L}])/u;
/** chrono-node expressions that measure a span of time rather than name a date. */
const DURATION_LIKE = /\b(?:later|plus tard|after|apr[èe]s|from now|within)\b|^(?:in|dans)\s/iu;
/** Days relative to another event (« la veille du vote », "the next day"): our rules resolve them from context. */
const EVENT_RELATIVE = /veille|lendemain|(?:next|following|previous)\s+day|day\s+(?:before|after)/iu;
/** chrono-node's "now": a present tense, not a date. */
const NOW_LIKE = /^(?:now|right now|maintenant|actuellement|d[ée]sormais)$/iu;
/** Words that make a weekday relative ("last Friday", « vendredi dernier »). */
const RELATIVE_WEEKDAY = /\b(?:last|next|this|past|coming|dernier|derni[eè]re|prochain|prochaine|ce|cette)\b/iu;

/** A calendar date as numbers. */
interface YMD {
  year: number;
  month: number;
  day: number;
}

/** Context carried through a document: the last year and the last month met. */
interface Context {
  /** Year of the most recent date met (any precision). */
  year?: number;
  /** Year and month of the most recent date met with at least a month. */
  month?: { year: number; month: number };
  /** The most recent full date met (for bare weekdays). */
  day?: YMD;
}

/** A resolved date before it becomes a {@link DateMention}. */
interface Resolved {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  /** True when the year was written (or fixed by a relative expression), not inferred. */
  yearKnown: boolean;
  /** True when this date may serve as context for the dates after it. */
  setsContext: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekdayOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const cmp = (a: YMD, b: YMD) => a.year - b.year || a.month - b.month || a.day - b.day;
const addDays = (d: YMD, n: number): YMD => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};
const shiftMonth = (y: number, m: number, n: number) => {
  const k = y * 12 + (m - 1) + n;
  return { year: Math.floor(k / 12), month: (k % 12) + 1 };
};

/** Parses and validates a `YYYY-MM-DD` string; throws a clear error otherwise. */
export function parseYMD(s: unknown, what: string): YMD {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    throw new TypeError(`Dates: ${what} must be a YYYY-MM-DD string, got ${JSON.stringify(s)}`);
  }
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Dates: ${what} is not a calendar date: ${s}`);
  }
  return { year, month, day };
}

/** Checks a language code; throws a clear error otherwise. */
export function checkLang(lang: unknown): Lang {
  if (lang !== 'fr' && lang !== 'en') throw new TypeError(`Dates: lang must be 'fr' or 'en', got ${JSON.stringify(lang)}`);
  return lang;
}

/** Converts chrono-node results into candidates, dropping what is not a date. */
function chronoCandidates(text: string, lang: Lang, ref: YMD, loose: boolean): Candidate[] {
  const refDate = new Date(ref.year, ref.month - 1, ref.day, 12, 0, 0);
  const out: Candidate[] = [];
  for (const r of PARSERS[lang].parse(text, refDate, { forwardDate: false })) {
    const lead = LEADING_WORDS.exec(r.text)?.[0].length ?? 0;
    const start = r.index + lead;
    const spanText = r.text.slice(lead).replace(/[\s,]+$/u, '');
    if (!spanText) continue;
    const end = start + spanText.length;
    if (EVENT_RELATIVE.test(r.text)) continue;
    const s = r.start;
    const tags = [...s.tags(), ...r.tags()];
    const casual = tags.some((t) => t.startsWith('casualReference/'));
    const weekdayOnly = s.isCertain('weekday') && !s.isCertain('day');
    if (weekdayOnly && !RELATIVE_WEEKDAY.test(r.text)) {
      // « mercredi soir », "Tuesday night": a plain weekday, resolved like ours (in the past).
      if (isNamedDay(text, start, end, lang)) continue;
      out.push({ start, end, weekday: s.get('weekday') ?? 0, priority: -1 });
      continue;
    }
    const relative = casual || tags.includes('result/relativeDate') || weekdayOnly;
    const y = s.get('year');
    const mo = s.get('month');
    const d = s.get('day');
    if (y === null || mo === null || d === null) continue;
    if (relative) {
      if (DURATION_LIKE.test(r.text.trim()) || NOW_LIKE.test(spanText)) continue;
      if (tags.includes('casualReference/now')) continue;
      const dayLevel = casual || s.isCertain('day') || s.isCertain('weekday');
      const monthLevel = dayLevel || s.isCertain('month');
      const fixed: Candidate['fixed'] = { year: y };
      if (monthLevel) fixed.month = mo;
      if (dayLevel) fixed.day = d;
      out.push({ start, end, fixed, priority: -1 });
      continue;
    }
    // Absolute: keep only what is written. A weekday, a month or a time alone is not ours to take
    // here (our rules decide those, with the context that tells a month from a verb or a name).
    if (!s.isCertain('month') || !s.isCertain('day')) continue;
    if (lang === 'en' && !loose && EN_LOWER_MONTH.test(spanText)) continue;
    const c: Candidate = { start, end, month: mo, priority: -1 };
    if (s.isCertain('year')) c.year = y;
    if (s.isCertain('day')) c.day = d;
    if (s.isCertain('weekday')) c.weekday = s.get('weekday') ?? undefined;
    if (s.isCertain('hour')) {
      c.hour = s.get('hour') ?? 0;
      c.minute = s.get('minute') ?? 0;
    }
    out.push(c);
  }
  return out;
}

/** Finds the date candidates of a text, non-overlapping, in text order, times attached. */
export function findCandidates(text: string, lang: Lang, ref: YMD, loose = false): Candidate[] {
  if (!MAY_HOLD_DATE[lang].test(text)) return [];
  // Relative expressions from chrono-node compete with our rules on length (so "last Friday"
  // beats our bare "Friday"); chrono-node's absolute dates only fill the gaps our rules leave.
  const fromChrono = CHRONO_HINT[lang].test(text) ? chronoCandidates(text, lang, ref, loose) : [];
  const taken = new SpanOccupancy(text.length);
  const picked = pickNonOverlapping([...findRuleCandidates(text, lang, { loose }), ...fromChrono.filter((c) => c.fixed)], taken);
  for (const c of fromChrono) {
    if (!c.fixed && taken.tryTake(c.start, c.end)) picked.push(c);
  }
  picked.sort((a, b) => a.start - b.start);
  attachTimes(text, lang, picked);
  return picked;
}

/** Picks, among candidate years (in order of preference), the first where the date exists and its weekday matches. */
function pickYear(years: number[], month: number, day: number | undefined, weekday: number | undefined): number | undefined {
  const valid = years.filter((y) => day === undefined || day <= daysInMonth(y, month));
  if (day !== undefined && weekday !== undefined) {
    const hit = valid.find((y) => weekdayOf(y, month, day) === weekday);
    if (hit !== undefined) return hit;
  }
  return valid[0];
}

/** Resolves one candidate against the context and the reference (publication) date. */
function resolve(c: Candidate, ctx: Context, ref: YMD): Resolved | undefined {
  const time = c.hour !== undefined ? { hour: c.hour, minute: c.minute ?? 0 } : {};
  if (c.yearOffset !== undefined) return { year: ref.year + c.yearOffset, yearKnown: true, setsContext: true };
  if (c.contextDayOffset !== undefined) {
    if (!ctx.day) return undefined;
    return { ...addDays(ctx.day, c.contextDayOffset), ...time, yearKnown: false, setsContext: true };
  }
  if (c.fixed) {
    return { ...c.fixed, ...(c.fixed.day !== undefined ? time : {}), yearKnown: true, setsContext: true };
  }
  // A weekday alone: the one after the last date met (a narrative moving on), if that is not
  // later than publication; otherwise the most recent one up to publication.
  if (c.weekday !== undefined && c.day === undefined && c.month === undefined && c.year === undefined) {
    let d: YMD | undefined;
    if (ctx.day && cmp(ctx.day, ref) < 0) {
      for (let i = 1; i <= 7; i++) {
        const cand = addDays(ctx.day, i);
        if (weekdayOf(cand.year, cand.month, cand.day) === c.weekday) {
          if (cmp(cand, ref) <= 0) d = cand;
          break;
        }
      }
    }
    if (!d) {
      for (let i = 0; i < 7; i++) {
        const cand = addDays(ref, -i);
        if (weekdayOf(cand.year, cand.month, cand.day) === c.weekday) {
          d = cand;
          break;
        }
      }
    }
    return d && { ...d, ...time, yearKnown: false, setsContext: false };
  }
  // A weekday and a bare day number (« le jeudi 26 »): month and year of the last month met.
  if (c.day !== undefined && c.month === undefined) {
    const base = ctx.month ?? { year: ref.year, month: ref.month };
    let options = [base, shiftMonth(base.year, base.month, 1), shiftMonth(base.year, base.month, -1)];
    const day = c.day;
    if (!ctx.month) {
      // No context: the publication month or the one before (news report the past).
      const notLater = (o: { year: number; month: number }) => cmp({ ...o, day }, ref) <= 0;
      options = [...options.filter(notLater), ...options.filter((o) => !notLater(o))];
    }
    const valid = options.filter((o) => day <= daysInMonth(o.year, o.month));
    const hit = (c.weekday !== undefined ? valid.find((o) => weekdayOf(o.year, o.month, day) === c.weekday) : undefined) ?? valid[0];
    return hit && { year: hit.year, month: hit.month, day: c.day, ...time, yearKnown: false, setsContext: true };
  }
  if (c.month !== undefined) {
    if (c.day !== undefined && c.year !== undefined && c.day > daysInMonth(c.year, c.month)) return undefined;
    let year = c.year;
    if (year === undefined) {
      let years: number[];
      if (c.direction !== undefined) {
        // « le 3 mars dernier / prochain »: the last one up to, or the first one after, publication.
        const notLater = c.month < ref.month || (c.month === ref.month && (c.day ?? 1) <= ref.day);
        const base = c.direction < 0 ? (notLater ? ref.year : ref.year - 1) : notLater ? ref.year + 1 : ref.year;
        years = [base];
      } else if (ctx.year !== undefined) {
        years = [ctx.year, ctx.year + 1, ctx.year - 1];
      } else {
        // No context: news report the past, so the year that keeps the date up to publication.
        const notLater = c.month < ref.month || (c.month === ref.month && (c.day ?? 1) <= ref.day);
        const base = notLater ? ref.year : ref.year - 1;
        years = [base, base - 1, base + 1];
      }
      year = pickYear(years, c.month, c.day, c.weekday);
      if (year === undefined) return undefined;
    }
    const r: Resolved = { year, month: c.month, yearKnown: c.year !== undefined, setsContext: true };
    if (c.day !== undefined) Object.assign(r, { day: c.day }, time);
    return r;
  }
  if (c.year !== undefined) return { year: c.year, yearKnown: true, setsContext: true };
  return undefined;
}

/** ISO string and precision of a resolved date. */
function toIso(r: Resolved): { iso: string; precision: DatePrecision } {
  const y = pad(r.year, 4);
  if (r.month === undefined) return { iso: y, precision: 'year' };
  if (r.day === undefined) return { iso: `${y}-${pad(r.month)}`, precision: 'month' };
  const date = `${y}-${pad(r.month)}-${pad(r.day)}`;
  if (r.hour === undefined) return { iso: date, precision: 'day' };
  return { iso: `${date}T${pad(r.hour)}:${pad(r.minute ?? 0)}`, precision: 'minute' };
}

/** Updates the context with a date just met. */
function remember(ctx: Context, r: Resolved): void {
  if (!r.setsContext) return;
  ctx.year = r.year;
  if (r.month !== undefined) ctx.month = { year: r.year, month: r.month };
  if (r.day !== undefined && r.month !== undefined) ctx.day = { year: r.year, month: r.month, day: r.day };
}

/** Extracts and resolves the dates of one text with a given context (mutated in place). */
export function extractWith(
  text: string,
  lang: Lang,
  ref: YMD,
  ctx: Context,
  loose = false,
): (DateMention & { yearKnown: boolean })[] {
  const out: (DateMention & { yearKnown: boolean })[] = [];
  for (const c of findCandidates(text, lang, ref, loose)) {
    const r = resolve(c, ctx, ref);
    if (!r) continue;
    remember(ctx, r);
    out.push({ text: text.slice(c.start, c.end), ...toIso(r), start: c.start, end: c.end, yearKnown: r.yearKnown });
  }
  return out;
}

/** Resolves dates across one document, in reading order, keeping context (last year/month seen). */
export class DateResolver {
  private readonly ref: YMD;
  private readonly lang: Lang;
  private readonly ctx: Context = {};

  /**
   * @param opts.published publication date of the document, `YYYY-MM-DD`: relative dates are
   *   resolved against it, and year-less dates before any context take the year that keeps them
   *   not later than it.
   * @param opts.lang language of the document.
   * @throws TypeError or RangeError when `published` is not a calendar date or `lang` is unknown.
   */
  constructor(opts: { published: string; lang: Lang }) {
    if (!opts || typeof opts !== 'object') throw new TypeError('Dates: DateResolver needs { published, lang }');
    this.ref = parseYMD(opts.published, 'published');
    this.lang = checkLang(opts.lang);
  }

  /**
   * Dates in `text` (a passage/paragraph of the document, called in document order), resolved
   * to ISO at their precision; offsets point into `text`.
   * @throws TypeError when `text` is not a string.
   */
  extract(text: string): DateMention[] {
    if (typeof text !== 'string') throw new TypeError(`Dates: extract() needs a string, got ${typeof text}`);
    const out: DateMention[] = [];
    // A very long paragraph is read in pieces of bounded length, cut between sentences (else between
    // words), in reading order with the same context: the work per call stays bounded.
    for (const piece of pieces(text, MAX_DATE_PIECE)) {
      for (const { yearKnown: _y, ...m } of extractWith(text.slice(piece.start, piece.end), this.lang, this.ref, this.ctx)) {
        out.push(piece.start ? { ...m, start: m.start + piece.start, end: m.end + piece.start } : m);
      }
    }
    return out;
  }
}

/** Longest text read for dates in one piece (a paragraph longer than this is read in pieces). */
export const MAX_DATE_PIECE = 8_000;

/** The pieces a long paragraph is read in for dates (see {@link boundedPieces}). */
export function pieces(text: string, max: number): { start: number; end: number }[] {
  return boundedPieces(text, max);
}
