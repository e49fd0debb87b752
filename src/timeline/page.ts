/**
 * Pages of the timeline: chat messages show a few events at a time, with earlier/later buttons.
 */

/** Events per page in Discord and Slack messages (each line quotes up to ~240 characters). */
export const TIMELINE_PAGE_SIZE = 8;

/** One page of a list. */
export interface Page<T> {
  /** The page's items. */
  items: T[];
  /** 0-based page number, clamped to the pages there are. */
  page: number;
  /** Number of pages (at least 1). */
  pages: number;
  /** Number of items in the whole list. */
  total: number;
  /** Index in the whole list of the page's first item. */
  offset: number;
}

/** The `page`-th page (0-based; clamped) of `items`, `size` per page. */
export function pageOf<T>(items: readonly T[], page: number, size = TIMELINE_PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, Number.isFinite(page) ? Math.trunc(page) : 0), pages - 1);
  const offset = p * size;
  return { items: items.slice(offset, offset + size), page: p, pages, total: items.length, offset };
}
