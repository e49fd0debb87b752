/**
 * A minimal PDF writer for tests: text lines in Helvetica on letter pages, an empty string leaving a blank
 * line (a gap between text blocks), an optional /Title in the information dictionary. Offsets in the
 * cross-reference table are computed, so the file is a valid PDF that pdf.js reads without repair.
 */

/** Escapes a PDF literal string. */
const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF with one page per entry of `pages`, each a list of lines (latin-1 text). */
export function makePdf(pages: string[][], info: { title?: string } = {}): Buffer {
  const objs: string[] = [];
  const n = pages.length;
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ')}] /Count ${n} >>`);
  const fontId = 3 + n * 2;
  pages.forEach((lines, i) => {
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${4 + i * 2} 0 R >>`);
    let y = 740;
    const ops: string[] = [];
    for (const l of lines) {
      if (l === '') {
        y -= 14;
        continue;
      }
      ops.push(`BT /F1 12 Tf 72 ${y} Td (${esc(l)}) Tj ET`);
      y -= 15;
    }
    const stream = ops.join('\n');
    objs.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  });
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const infoId = info.title ? objs.push(`<< /Title (${esc(info.title)}) >>`) : 0;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R${infoId ? ` /Info ${infoId} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
