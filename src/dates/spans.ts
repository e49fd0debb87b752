/**
 * Linear-time bookkeeping of the text spans already taken by date expressions, so that finding the dates
 * of a paragraph stays linear in its length however many dates it holds (a hostile paragraph of 16,000
 * dates took 42 s with a list scanned for every candidate).
 */

/** A half-open span `[start, end)` of a text. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * The positions of a text covered by disjoint spans. {@link SpanOccupancy.overlaps} costs the length of the
 * span asked about and {@link SpanOccupancy.take} the length of the span taken, so checking and taking the
 * candidates of a text costs the sum of their lengths, whatever their number.
 */
export class SpanOccupancy {
  private taken: Uint8Array;

  /** @param length - the length of the text (positions at or past it grow the map on demand). */
  constructor(length = 0) {
    this.taken = new Uint8Array(Math.max(0, length));
  }

  /** True when some position of `[start, end)` is covered. */
  overlaps(start: number, end: number): boolean {
    const stop = Math.min(end, this.taken.length);
    for (let i = Math.max(0, start); i < stop; i++) if (this.taken[i]) return true;
    return false;
  }

  /** Marks `[start, end)` as covered. */
  take(start: number, end: number): void {
    if (end > this.taken.length) {
      const grown = new Uint8Array(Math.max(end, this.taken.length * 2));
      grown.set(this.taken);
      this.taken = grown;
    }
    this.taken.fill(1, Math.max(0, start), end);
  }

  /** Marks `[start, end)` as covered unless some of it already is; true when it was taken. */
  tryTake(start: number, end: number): boolean {
    if (this.overlaps(start, end)) return false;
    this.take(start, end);
    return true;
  }
}

/** The largest end of a list of spans (0 for none). */
export function maxEnd(spans: readonly TextSpan[]): number {
  let m = 0;
  for (const s of spans) if (s.end > m) m = s.end;
  return m;
}

/**
 * Index of the first span of `sorted` (disjoint, in text order) that starts at or after `at`
 * (`sorted.length` when none), by binary search.
 */
export function firstStartingAtOrAfter(sorted: readonly TextSpan[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
