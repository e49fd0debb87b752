/**
 * The timeline as a picture: the events on a vertical time axis (time runs downwards, the way a phone
 * scrolls), each with its date and a short verbatim label, drawn as SVG and rendered to PNG with
 * @resvg/resvg-js. The fonts are the bundled DejaVu Sans files (`assets/fonts/`, loaded explicitly: a slim
 * container has no system fonts), so the picture looks the same everywhere.
 *
 * Sized for a phone: 640 units wide (rendered at 2× for sharp text), 24-unit labels, which a phone showing
 * the picture about 350 pixels wide still draws at about 13 pixels. The gap between two events grows with
 * the time between them (logarithmically, so that a gap of years does not push the next event off screen);
 * a new year is marked on the axis.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { SetupError } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { Lang, TimelineEntry } from '../types.js';
import { shortLabel } from './label.js';

/** The bundled font files. */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(packageRoot(), 'assets', 'fonts', f));

/** Options of {@link timelineSvg}. */
export interface PictureOptions {
  lang: Lang;
  /** Title line (the timeline's title, with its filter). */
  title: string;
  /** Second line under the title (how many events, range, page). */
  subtitle?: string;
  /** Width in SVG units (default 640). */
  width?: number;
}

const FONT = 'DejaVu Sans';
const LABEL_SIZE = 24;
const LABEL_LINE = 31;
const DATE_SIZE = 21;
const SOURCE_SIZE = 18;
const AXIS_X = 150;
const TEXT_X = 176;
const MARGIN = 28;
/** Average advance of DejaVu Sans, in em: generous, so that estimated lines never overflow. */
const EM_ADVANCE = 0.6;
const MAX_LABEL_LINES = 3;

const COLORS = { bg: '#ffffff', text: '#1a202c', muted: '#4a5568', axis: '#a0aec0', dot: '#2b6cb0', date: '#2b6cb0', year: '#1d3557' };

/** Escapes text for SVG. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits text into at most `maxLines` lines of at most `chars` characters, at word boundaries ("…" when cut). */
export function wrapText(text: string, chars: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    if (w.length > chars) w = `${w.slice(0, chars - 1)}…`;
    const next = line ? `${line} ${w}` : w;
    if (next.length <= chars) {
      line = next;
      continue;
    }
    lines.push(line);
    line = w;
    if (lines.length === maxLines) {
      line = '';
      const last = lines[maxLines - 1]!;
      lines[maxLines - 1] = last.length + 1 <= chars ? `${last}…` : `${last.slice(0, chars - 1).replace(/\s+\S*$/, '')}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Days between two ISO dates (their starts), at least 0. */
function daysBetween(a: string, b: string): number {
  const t = (iso: string) => {
    const [d = ''] = iso.split('T');
    const [y, m = '1', day = '1'] = d.split('-');
    return Date.UTC(Number(y), Number(m) - 1, Number(day));
  };
  return Math.max(0, (t(b) - t(a)) / 86_400_000);
}

/** The date shown beside an event: day and month (the year is on the axis), and the time if any. */
function dateLines(e: TimelineEntry, lang: Lang): string[] {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
  const [d = '', time] = e.iso.split('T');
  const [y, m, day] = d.split('-');
  if (!m) return [y!];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(day ?? 1)));
  if (Number.isNaN(date.getTime())) return [e.iso];
  if (!day) return [new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long' }).format(date)];
  const dm = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(date);
  return time ? [dm, time] : [dm];
}

/**
 * The SVG of the events (in the order given: calendar order). With no event, a picture that says so.
 */
export function timelineSvg(entries: readonly TimelineEntry[], opts: PictureOptions): string {
  const W = opts.width ?? 640;
  const chars = Math.floor((W - TEXT_X - MARGIN) / (LABEL_SIZE * EM_ADVANCE));
  const docs = new Set(entries.map((e) => e.document.id));
  const showSource = docs.size > 1;
  const parts: string[] = [];
  let y = MARGIN + 30;
  parts.push(`<text x="${MARGIN}" y="${y}" font-size="30" font-weight="bold" fill="${COLORS.text}">${xml(wrapText(opts.title, Math.floor((W - 2 * MARGIN) / (30 * EM_ADVANCE)), 1)[0] ?? '')}</text>`);
  if (opts.subtitle) {
    y += 32;
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="${SOURCE_SIZE + 2}" fill="${COLORS.muted}">${xml(wrapText(opts.subtitle, Math.floor((W - 2 * MARGIN) / ((SOURCE_SIZE + 2) * EM_ADVANCE)), 1)[0] ?? '')}</text>`);
  }
  y += 28;
  const axisTop = y;
  let prev: TimelineEntry | undefined;
  let prevYear = '';
  const dots: string[] = [];
  const rows: string[] = [];
  for (const e of entries) {
    if (prev) {
      // The time between two events, on a log scale: a day ≈ 6 units, a month ≈ 30, a year ≈ 53.
      y += Math.min(60, 9 * Math.log2(1 + daysBetween(prev.iso, e.iso)));
    }
    const year = e.iso.slice(0, 4);
    if (year !== prevYear) {
      y += prev ? 14 : 0;
      rows.push(
        `<rect x="${AXIS_X - 44}" y="${y}" width="88" height="34" rx="17" fill="${COLORS.year}"/>` +
          `<text x="${AXIS_X}" y="${y + 25}" font-size="22" font-weight="bold" fill="#ffffff" text-anchor="middle">${year}</text>`,
      );
      y += 34 + 22;
      prevYear = year;
    }
    const label = wrapText(shortLabel(e, chars * MAX_LABEL_LINES), chars, MAX_LABEL_LINES);
    const dl = e.precision === 'year' ? [] : dateLines(e, opts.lang);
    const top = y;
    dots.push(`<circle cx="${AXIS_X}" cy="${top + 8}" r="8" fill="${COLORS.dot}" stroke="#ffffff" stroke-width="3"/>`);
    dl.forEach((line, i) =>
      rows.push(`<text x="${AXIS_X - 20}" y="${top + 16 + i * 26}" font-size="${DATE_SIZE}" font-weight="bold" fill="${COLORS.date}" text-anchor="end">${xml(line)}</text>`),
    );
    label.forEach((line, i) => rows.push(`<text x="${TEXT_X}" y="${top + 17 + i * LABEL_LINE}" font-size="${LABEL_SIZE}" fill="${COLORS.text}">${xml(line)}</text>`));
    let h = Math.max(label.length * LABEL_LINE, dl.length * 26);
    if (showSource) {
      const src = wrapText(e.document.title, Math.floor((W - TEXT_X - MARGIN) / (SOURCE_SIZE * EM_ADVANCE)), 1)[0] ?? '';
      rows.push(`<text x="${TEXT_X}" y="${top + h + 14}" font-size="${SOURCE_SIZE}" fill="${COLORS.muted}">${xml(src)}</text>`);
      h += 24;
    }
    y = top + h + 18;
    prev = e;
  }
  if (!entries.length) {
    parts.push(`<text x="${MARGIN}" y="${y + 20}" font-size="${LABEL_SIZE}" fill="${COLORS.muted}">—</text>`);
    y += 40;
  } else {
    parts.push(`<line x1="${AXIS_X}" y1="${axisTop}" x2="${AXIS_X}" y2="${y - 10}" stroke="${COLORS.axis}" stroke-width="4" stroke-linecap="round"/>`);
  }
  const H = Math.ceil(y + MARGIN - 10);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">` +
    `<title>${xml(opts.title)}</title><rect width="${W}" height="${H}" fill="${COLORS.bg}"/>` +
    parts.join('') +
    rows.join('') +
    dots.join('') +
    '</svg>'
  );
}

let fontsChecked = false;

/**
 * Renders the picture to PNG, at `scale` times the SVG size (default 2), with the bundled fonts only.
 * @throws when a bundled font file is missing (the picture would have no text)
 */
export function timelinePng(entries: readonly TimelineEntry[], opts: PictureOptions & { scale?: number }): Buffer {
  if (!fontsChecked) {
    for (const f of FONT_FILES) if (!fs.existsSync(f)) throw new SetupError(`timeline picture: font file missing: ${f}`);
    fontsChecked = true;
  }
  const svg = timelineSvg(entries, opts);
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
  });
  return resvg.render().asPng();
}
