/**
 * Date ranges of the timeline (`from`, `to`): calendar dates at year, month or day precision, and whether a
 * dated event falls in a range. An event and a bound are both periods (`2026` is the whole year), and an
 * event is kept when its period overlaps the range: `from: 2026-02` keeps `2026-02-24` and `2026` (which
 * covers February) but not `2026-01-31`.
 */

/** A range of dates, each bound `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, both inclusive; either may be absent. */
export interface TimelineRange {
  from?: string;
  to?: string;
}

/** Why a range was refused. */
export interface RangeProblem {
  /** The bound at fault. */
  field: 'from' | 'to';
  /** The value given. */
  value: string;
  /** `format`: not a date; `order`: `to` is before `from`. */
  reason: 'format' | 'order';
}

const DATE = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;

/**
 * A bound as written by a person, to its ISO form: `2026`, `2026-2`, `2026-02-24` (also with `/` or `.`).
 * Null when it is not a real calendar date.
 */
export function parseTimelineDate(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  if (!mo) return y!;
  const month = Number(mo);
  if (month < 1 || month > 12) return null;
  const mm = String(month).padStart(2, '0');
  if (!d) return `${y}-${mm}`;
  const day = Number(d);
  const last = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day < 1 || day > last) return null;
  return `${y}-${mm}-${String(day).padStart(2, '0')}`;
}

/**
 * Checks and normalizes a range given as text (empty bounds are absent).
 * @returns the range, or the problem with its field
 */
export function checkRange(raw: { from?: string | null; to?: string | null }): { ok: true; range: TimelineRange } | { ok: false; problem: RangeProblem } {
  const range: TimelineRange = {};
  for (const field of ['from', 'to'] as const) {
    const value = raw[field]?.trim();
    if (!value) continue;
    const iso = parseTimelineDate(value);
    if (!iso) return { ok: false, problem: { field, value, reason: 'format' } };
    range[field] = iso;
  }
  if (range.from && range.to && compareStart(range.to, range.from) < 0) {
    return { ok: false, problem: { field: 'to', value: range.to, reason: 'order' } };
  }
  return { ok: true, range };
}

/** Compares the shared prefix of two ISO dates: negative when `a` is before `b` (overlapping periods compare equal). */
function compareStart(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const x = a.slice(0, n);
  const y = b.slice(0, n);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether an event's date (`YYYY` … `YYYY-MM-DDTHH:MM`) overlaps the range. */
export function inRange(iso: string, range: TimelineRange | undefined): boolean {
  if (!range) return true;
  if (range.from && compareStart(iso, range.from) < 0) return false;
  if (range.to && compareStart(iso, range.to) > 0) return false;
  return true;
}
