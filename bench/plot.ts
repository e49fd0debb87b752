/**
 * A hand-written SVG chart of the benchmark: answer latency (p50 and p99) and RSS after loading, against
 * corpus size, for the engine and both baselines. Log scales on both axes; no dependency.
 */

/** The figures the chart needs from one corpus row of `results.json`. */
export interface PlotRow {
  name: string;
  passages: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  baseline: { p50Ms: number; p99Ms: number; rssMb: number };
  baselineStopwords: { p50Ms: number; p99Ms: number; rssMb: number };
}

interface Series {
  label: string;
  color: string;
  dash: boolean;
  points: [number, number][];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(title: string, yLabel: string, series: Series[], x0: number, w: number, h: number): string {
  const pad = { l: 60, r: 10, t: 30, b: 45 };
  const all = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (!all.length) return '';
  const lx = all.map(([x]) => Math.log10(x));
  const ly = all.map(([, y]) => Math.log10(y));
  const [xmin, xmax] = [Math.floor(Math.min(...lx)), Math.ceil(Math.max(...lx))];
  const [ymin, ymax] = [Math.floor(Math.min(...ly)), Math.ceil(Math.max(...ly))];
  const sx = (x: number) => x0 + pad.l + ((Math.log10(x) - xmin) / Math.max(1e-9, xmax - xmin)) * (w - pad.l - pad.r);
  const sy = (y: number) => pad.t + (1 - (Math.log10(y) - ymin) / Math.max(1e-9, ymax - ymin)) * (h - pad.t - pad.b);
  const out: string[] = [];
  out.push(`<text x="${x0 + w / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  for (let e = xmin; e <= xmax; e++) {
    const x = sx(10 ** e);
    out.push(`<line x1="${x}" y1="${pad.t}" x2="${x}" y2="${h - pad.b}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${h - pad.b + 15}" text-anchor="middle">${(10 ** e).toLocaleString('en')}</text>`);
  }
  for (let e = ymin; e <= ymax; e++) {
    const y = sy(10 ** e);
    out.push(`<line x1="${x0 + pad.l}" y1="${y}" x2="${x0 + w - pad.r}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${x0 + pad.l - 5}" y="${y + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`);
  }
  out.push(`<text x="${x0 + w / 2}" y="${h - 8}" text-anchor="middle">passages</text>`);
  out.push(`<text transform="translate(${x0 + 14},${h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => x > 0 && y > 0).sort((a, b) => a[0] - b[0]);
    const d = pts.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="5,4"' : ''}/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const ly2 = pad.t + 8 + i * 15;
    out.push(`<line x1="${x0 + pad.l + 8}" y1="${ly2}" x2="${x0 + pad.l + 28}" y2="${ly2}" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="5,4"' : ''}/>`);
    out.push(`<text x="${x0 + pad.l + 32}" y="${ly2 + 4}">${esc(s.label)}</text>`);
  });
  return out.join('\n');
}

/** The SVG document for the corpus rows of a benchmark run. */
export function renderSvg(rows: PlotRow[]): string {
  const systems = [
    { label: 'ours', color: '#1f77b4', get: (r: PlotRow) => r },
    { label: 'minisearch+stopwords', color: '#2ca02c', get: (r: PlotRow) => r.baselineStopwords },
    { label: 'minisearch defaults', color: '#d62728', get: (r: PlotRow) => r.baseline },
  ];
  const latency: Series[] = systems.flatMap((s) => [
    { label: `${s.label} p50`, color: s.color, dash: false, points: rows.map((r) => [r.passages, s.get(r).p50Ms] as [number, number]) },
    { label: `${s.label} p99`, color: s.color, dash: true, points: rows.map((r) => [r.passages, s.get(r).p99Ms] as [number, number]) },
  ]);
  const memory: Series[] = systems.map((s) => ({ label: `${s.label} RSS`, color: s.color, dash: false, points: rows.map((r) => [r.passages, s.get(r).rssMb] as [number, number]) }));
  const w = 520;
  const h = 380;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * w}" height="${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel('Answer latency (ms, log)', 'ms', latency, 0, w, h),
    panel('RSS after loading (MB, log)', 'MB', memory, w, w, h),
    '</svg>',
    '',
  ].join('\n');
}
