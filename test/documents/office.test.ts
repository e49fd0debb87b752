/**
 * Word (.docx, built with the `docx` package) and OpenDocument text (.odt, made by LibreOffice: see
 * test/fixtures/documents/README.md): paragraphs (headings, paragraphs, list items; tables, pictures, note
 * markers, comments and tracked deletions never quoted), title, language, no date; detection from content
 * and name; hostile archives built here with fflate (bombs, too many entries, damaged, encrypted, macros,
 * DTDs, deep nesting, no text) refused with a DocumentError in bounded time and memory.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/corpus/load.js';
import { docxReader } from '../../src/documents/docx.js';
import { detectFormat, formatOfMediaType, formatOfName } from '../../src/documents/formats.js';
import { MAX_DOCX_ELEMENTS, MAX_OFFICE_TEXT, MAX_XML_ELEMENTS } from '../../src/documents/office.js';
import { odtReader } from '../../src/documents/odt.js';
import { MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES } from '../../src/documents/zip.js';
import { DocumentError } from '../../src/errors.js';
import { makeDocx } from '../helpers/office.js';
import { makePdf } from '../helpers/pdf.js';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const paras = (r: { body: string; paragraphs: { start: number; end: number }[] }) => r.paragraphs.map((p) => r.body.slice(p.start, p.end));
const PIER = {
  title: 'The pier report',
  language: 'en-GB',
  heading: 'North pier',
  paragraphs: ['The Ostrander shipyard will rebuild the north pier from 4 February 2026.', 'Works last nine months.'],
  items: ['Ferries will use the south quay.', 'The promenade stays open on Sundays.'],
  furniture: true,
};

/** Rebuilds an archive with some entries replaced (or removed with `null`). */
function rezip(bytes: Uint8Array, change: Record<string, Uint8Array | string | null>): Uint8Array {
  const files: Zippable = unzipSync(bytes);
  for (const [name, v] of Object.entries(change)) {
    if (v === null) delete files[name];
    else files[name] = typeof v === 'string' ? strToU8(v) : v;
  }
  return zipSync(files);
}

/** The error a read refuses with (fails the test when it does not refuse with a DocumentError). */
async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DocumentError);
  return (e as DocumentError).reason;
}

/** Sets the "encrypted" flag of every entry of an archive. */
function markEncrypted(zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint16(i + 6, view.getUint16(i + 6, true) | 1, true);
    else if (sig === 0x02014b50) view.setUint16(i + 8, view.getUint16(i + 8, true) | 1, true);
  }
  return out;
}

describe('Word reader', () => {
  it('makes headings, paragraphs and list items paragraphs; never quotes tables, pictures, note markers, comments or deletions', async () => {
    const r = await docxReader.read(await makeDocx(PIER));
    expect(paras(r)).toEqual([
      'North pier',
      'The Ostrander shipyard will rebuild the north pier from 4 February 2026.',
      'Works last nine months.',
      'Ferries will use the south quay.',
      'The promenade stays open on Sundays.',
      // The footnote marker, the comment and the deleted words are gone; the tracked insertion is text.
      'A footnoted sentence and a commented phrase with an inserted clause.',
      // The note's own text follows the body.
      'The footnote text.',
    ]);
    expect(r.body).not.toContain('NEVERQUOTED');
    expect(r.found.title).toEqual({ value: 'The pier report', from: 'the document properties (dc:title)' });
    expect(r.found.language).toEqual({ value: 'en', from: 'the default style (w:lang)' });
    expect(r.found.published).toBeUndefined();
  });

  it('titles from the first heading, else the first line; the language from the words when none is declared', async () => {
    const headed = await docxReader.read(await makeDocx({ heading: 'Le port', paragraphs: ['Le chantier naval reconstruira la jetée nord dès le 4 février 2026.'] }));
    expect(headed.found.title).toEqual({ value: 'Le port', from: 'first heading' });
    expect(headed.found.language).toEqual({ value: 'fr', from: 'detected from the text' });
    const plain = await docxReader.read(await makeDocx({ paragraphs: ['Pier works begin', 'The shipyard starts on Monday.'] }));
    expect(plain.found.title).toEqual({ value: 'Pier works begin', from: 'first line' });
    // A default style that the words plainly contradict (a French text written with an English Word) is not taken.
    const fr = await docxReader.read(await makeDocx({ language: 'en-US', paragraphs: ['Le chantier naval reconstruira la jetée nord dès le 4 février 2026, a annoncé le port.'] }));
    expect(fr.found.language).toEqual({ value: 'fr', from: 'detected from the text (the default style (w:lang) says en)' });
  });

  it('leaves the date out: created and modified are not publication dates; absolute dates of the text are kept', async () => {
    const r = await readDocumentFile('pier.docx', await makeDocx(PIER));
    expect('doc' in r && r.doc).toMatchObject({ id: 'pier', title: 'The pier report', language: 'en' });
    expect('doc' in r && r.doc.published).toBeUndefined();
    expect('doc' in r && r.inferred.map((i) => i.field)).not.toContain('published');
  });
});

describe('OpenDocument text reader', () => {
  it('reads a LibreOffice file made from a web page: title from meta.xml, list items, no table', async () => {
    const r = await odtReader.read(fixture('pont-de-lerval.odt'));
    expect(paras(r)).toEqual([
      'Le pont de Lerval rouvre à la circulation',
      'Après quatorze mois de travaux, le pont suspendu de Lerval a rouvert aux voitures le 9 février 2026, a annoncé la préfecture.',
      'Les ingénieurs ont remplacé les quarante-deux câbles porteurs et renforcé les deux piles de granit.',
      'Ce qui change',
      'La vitesse est limitée à 30 km/h sur le tablier.',
      'Les camions de plus de 12 tonnes restent interdits.',
      'Le chantier a coûté 4,2 millions d’euros, financés pour moitié par la région.',
    ]);
    expect(r.found.title).toEqual({ value: 'Le pont de Lerval rouvre à la circulation', from: 'the document properties (dc:title)' });
    // LibreOffice wrote its own locale (en) as the default style: the French words win.
    expect(r.found.language?.value).toBe('fr');
    expect(r.found.published).toBeUndefined();
  });

  it('never quotes tracked deletions, comments, note citations, tables or frames; the note text follows', async () => {
    const r = await odtReader.read(fixture('jetee-nord.odt'));
    expect(paras(r)).toEqual([
      'La jetée nord sera reconstruite',
      'Le chantier naval Ostrander reconstruira la jetée nord à partir du 4 février 2026.',
      'Les travaux dureront neuf mois, selon le port.',
      'Les ferries seront déviés vers le quai sud.',
      'La promenade restera ouverte le dimanche.',
      'A footnoted sentence and a commented phrase with an inserted clause.',
      'The footnote text.',
    ]);
    expect(r.body).not.toContain('NEVERQUOTED');
    expect(r.found.title).toEqual({ value: 'La jetée nord sera reconstruite', from: 'first line' });
    expect(r.found.language).toEqual({ value: 'fr', from: 'the default style (fo:language)' });
  });

  it('takes dc:language over the default style, and text:h as the first heading', async () => {
    const base = fixture('jetee-nord.odt');
    const meta = new TextDecoder().decode(unzipSync(base)['meta.xml']!).replace('<office:meta>', '<office:meta><dc:language>en-GB</dc:language>');
    const content = new TextDecoder()
      .decode(unzipSync(base)['content.xml']!)
      .replace('<text:p text:style-name="Standard">Les travaux', '<text:h text:outline-level="2">Un titre de section</text:h><text:p text:style-name="Standard">Les travaux');
    const r = await odtReader.read(rezip(base, { 'meta.xml': meta, 'content.xml': content }));
    expect(r.found.language).toEqual({ value: 'en', from: 'the document properties (dc:language)' });
    expect(r.found.title).toEqual({ value: 'Un titre de section', from: 'first heading' });
    expect(paras(r)).toContain('Un titre de section');
  });
});

describe('detection of Word and OpenDocument files', () => {
  it('from the content, with or without a name or media type', async () => {
    const docx = await makeDocx(PIER);
    const odt = fixture('pont-de-lerval.odt');
    expect(await detectFormat(docx, { name: 'pier.docx' })).toBe('docx');
    expect(await detectFormat(docx)).toBe('docx');
    expect(await detectFormat(docx, { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('docx');
    expect(await detectFormat(odt, { name: 'pont.ODT' })).toBe('odt');
    expect(await detectFormat(odt, { mediaType: 'application/octet-stream' })).toBe('odt');
    expect(formatOfMediaType('application/vnd.oasis.opendocument.text')).toBe('odt');
    expect(formatOfName('a.docx')).toBe('docx');
  });

  it('refuses a file that is not what its name says, in either direction', async () => {
    const docx = await makeDocx(PIER);
    const odt = fixture('pont-de-lerval.odt');
    const pdf = makePdf([['Some text']]);
    expect(await refusal(detectFormat(odt, { name: 'a.docx' }))).toBe('"a.docx" is an OpenDocument text (.odt), not a Word document (.docx)');
    expect(await refusal(detectFormat(docx, { name: 'a.odt' }))).toBe('"a.odt" is a Word document (.docx), not an OpenDocument text (.odt)');
    expect(await refusal(detectFormat(pdf, { name: 'a.docx' }))).toBe('"a.docx" is a PDF, not a Word document (.docx)');
    expect(await refusal(detectFormat(docx, { name: 'a.pdf' }))).toBe('"a.pdf" is a Word document (.docx), not a PDF');
    expect(await refusal(detectFormat(docx, { name: 'a.md' }))).toBe('"a.md" is a Word document (.docx), not Markdown text');
    expect(await refusal(detectFormat(new TextEncoder().encode('plain words'), { name: 'a.odt' }))).toBe('"a.odt" is named or announced as an OpenDocument text (.odt) but is not one');
    expect(await refusal(detectFormat(zipSync({ 'a.txt': strToU8('x') }), { name: 'a.docx' }))).toBe('"a.docx" is a ZIP archive, not a document the corpus reads');
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>') });
    expect(await refusal(detectFormat(xlsx, { name: 'a.docx' }))).toMatch(/is an Excel workbook \(\.xlsx\)/);
    expect(await refusal(detectFormat(new TextEncoder().encode('x'), { name: 'old.doc' }))).toMatch(/unsupported type \(.*Word \.docx or OpenDocument text \.odt\)/);
  });

  it('refuses a password-protected file (a compound file) and a macro-enabled document', async () => {
    // An encrypted Word file is an OLE compound file: its signature, then the encrypted package.
    const cfb = new Uint8Array(4096);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await refusal(detectFormat(cfb, { name: 'secret.docx' }))).toMatch(/is password-protected \(encrypted\).*\.doc/);
    expect(await refusal(detectFormat(await makeDocx(PIER), { name: 'macros.docm' }))).toMatch(/macro-enabled document \(\.docm\): macros are refused/);
    const docm = rezip(await makeDocx(PIER), { 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) });
    expect(await refusal(detectFormat(docm, { name: 'renamed.docx' }))).toMatch(/macro-enabled document \(\.docm\): macros are refused/);
    expect(await refusal(docxReader.read(docm))).toMatch(/macros are refused/);
    const odtMacros = rezip(fixture('pont-de-lerval.odt'), { 'Basic/Standard/Module1.xml': '<module/>' });
    expect(await refusal(odtReader.read(odtMacros))).toMatch(/holds macros/);
    const manifest = new TextDecoder().decode(unzipSync(fixture('pont-de-lerval.odt'))['META-INF/manifest.xml']!).replace('</manifest:manifest>', '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>');
    expect(manifest).toContain('encryption-data');
    expect(await refusal(odtReader.read(rezip(fixture('pont-de-lerval.odt'), { 'META-INF/manifest.xml': manifest })))).toMatch(/password-protected/);
    expect(await refusal(docxReader.read(markEncrypted(await makeDocx(PIER))))).toBe('is encrypted (password-protected): save it without a password');
  });
});

describe('hostile archives', () => {
  it('refuses a zip bomb in bounded time and memory, whether it declares its size or lies about it', async () => {
    const huge = zlib.deflateRawSync(Buffer.alloc(120 * 1024 * 1024, 0x20), { level: 9 });
    // An archive with one deflated entry of 120 MB of spaces, written by hand around zlib's stream, since
    // building it through a zip library would mean holding the 120 MB twice.
    const bomb = (declared: number) => {
      const base = zipSync({ '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'), 'word/document.xml': [strToU8('x'), { level: 0 }] });
      return withEntryData(base, 'word/document.xml', huge, declared);
    };
    const honest = bomb(120 * 1024 * 1024);
    const lying = bomb(1000);
    expect(honest.length).toBeLessThan(1024 * 1024);
    for (const [file, expected] of [[honest, /declares more than 50 MB uncompressed/], [lying, /larger than it declares/]] as const) {
      const rss = process.memoryUsage().rss;
      const t0 = performance.now();
      expect(await refusal(docxReader.read(file))).toMatch(expected);
      const r = await readDocumentFile('bomb.docx', file);
      expect('rejected' in r && r.rejected.reason).toMatch(expected);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(MAX_UNZIPPED_BYTES * 3);
    }
  });

  it('refuses too many entries, a damaged archive, a DTD, deep nesting and a document with no text', async () => {
    const many: Zippable = {};
    for (let i = 0; i <= MAX_ZIP_ENTRIES; i++) many[`f${i}.xml`] = strToU8('<a/>');
    const t0 = performance.now();
    expect(await refusal(docxReader.read(zipSync(many)))).toMatch(new RegExp(`archive of ${MAX_ZIP_ENTRIES + 1} entries`));
    expect(performance.now() - t0).toBeLessThan(2000);
    const docx = await makeDocx(PIER);
    const types = new TextDecoder().decode(unzipSync(docx)['[Content_Types].xml']!).replace('</Types>', `<!--${' '.repeat(1024 * 1024)}--></Types>`);
    expect(await refusal(docxReader.read(rezip(docx, { '[Content_Types].xml': types })))).toBe('has a part ([Content_Types].xml) larger than the 1 MB accepted');
    expect(await refusal(docxReader.read(docx.subarray(0, docx.length - 300)))).toMatch(/damaged archive/);
    expect(await refusal(docxReader.read(rezip(docx, { 'word/document.xml': null })))).toMatch(/^is not a readable Word document \(/);
    expect(await refusal(odtReader.read(fixture('jetee-nord.odt').subarray(0, 5000)))).toMatch(/damaged archive/);
    const document = new TextDecoder().decode(unzipSync(docx)['word/document.xml']!);
    const laughs = document.replace('<w:document', '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document').replace('North pier', '&b;');
    expect(await refusal(docxReader.read(rezip(docx, { 'word/document.xml': laughs })))).toMatch(/declares a DTD/);
    const deep = document.replace('<w:body>', `<w:body>${'<w:sdt><w:sdtContent>'.repeat(300)}${'</w:sdtContent></w:sdt>'.repeat(300)}`);
    expect(await refusal(docxReader.read(rezip(docx, { 'word/document.xml': deep })))).toMatch(/nests elements more than 200 deep/);
    expect(await refusal(docxReader.read(rezip(docx, { 'word/document.xml': document.replace(/<w:body>[\s\S]*<\/w:body>/, '<w:body><w:p/></w:body>') })))).toBe('is a Word document with no text');
    const odt = fixture('pont-de-lerval.odt');
    const content = new TextDecoder().decode(unzipSync(odt)['content.xml']!).replace(/<office:text>[\s\S]*<\/office:text>/, '<office:text><table:table><table:table-row><table:table-cell><text:p>cell</text:p></table:table-cell></table:table-row></table:table></office:text>');
    expect(await refusal(odtReader.read(rezip(odt, { 'content.xml': content })))).toBe('is an OpenDocument text with no text');
    expect(await refusal(odtReader.read(rezip(odt, { 'content.xml': '<office:document-content><office:text><text:p>unclosed</office:text>' })))).toMatch(/content\.xml\) that is not well-formed XML/);
  });

  it('refuses a document too large to read in bounded time: XML elements (all Word parts together), text', async () => {
    const docx = await makeDocx(PIER);
    const document = new TextDecoder().decode(unzipSync(docx)['word/document.xml']!);
    // Spread over two parts, each under the limit alone: the budget is the document's.
    const half = '<w:p/>'.repeat(MAX_DOCX_ELEMENTS / 2 + 10);
    const footnotes = new TextDecoder().decode(unzipSync(docx)['word/footnotes.xml']!).replace('</w:footnotes>', `<w:footnote w:id="9">${half}</w:footnote></w:footnotes>`);
    let t0 = performance.now();
    const wide = rezip(docx, { 'word/document.xml': document.replace('<w:body>', `<w:body>${half}`), 'word/footnotes.xml': footnotes });
    expect(await refusal(docxReader.read(wide))).toMatch(new RegExp(`has more than ${MAX_DOCX_ELEMENTS} XML elements`));
    expect(performance.now() - t0).toBeLessThan(3000);
    const odt = fixture('pont-de-lerval.odt');
    const content = new TextDecoder().decode(unzipSync(odt)['content.xml']!);
    t0 = performance.now();
    const many = content.replace('<office:text>', `<office:text><text:p>${'<text:s/>'.repeat(MAX_XML_ELEMENTS)}</text:p>`);
    expect(await refusal(odtReader.read(rezip(odt, { 'content.xml': many })))).toBe(`has more than ${MAX_XML_ELEMENTS} elements in content.xml`);
    const long = content.replace('<office:text>', `<office:text><text:p>${'Long text. '.repeat(MAX_OFFICE_TEXT / 10)}</text:p>`);
    expect(await refusal(odtReader.read(rezip(odt, { 'content.xml': long })))).toBe(`holds more than ${MAX_OFFICE_TEXT} characters of text (split it)`);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a hostile file in the corpus directory is a rejection with its reason, never a crash', async () => {
    const docx = await makeDocx(PIER);
    const r = await readDocumentFile('broken.docx', docx.subarray(0, 2000));
    expect(r).toMatchObject({ rejected: { file: 'broken.docx', field: 'file' } });
    expect('rejected' in r && r.rejected.reason).toMatch(/damaged archive/);
  });
});

/**
 * An archive where one stored entry's data is replaced by a raw deflate stream, declaring `declared` bytes
 * uncompressed: rebuilt with the offsets, sizes and method fixed (the CRC is left wrong: the bomb is refused
 * before the end, where it would be checked).
 */
function withEntryData(zip: Uint8Array, name: string, data: Uint8Array, declared: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let cd = view.getUint32(eocd + 16, true);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const nameLen = view.getUint16(cd + 28, true);
    const extraLen = view.getUint16(cd + 30, true);
    const commentLen = view.getUint16(cd + 32, true);
    const entryName = new TextDecoder().decode(zip.subarray(cd + 46, cd + 46 + nameLen));
    const local = view.getUint32(cd + 42, true);
    const lNameLen = view.getUint16(local + 26, true);
    const lExtraLen = view.getUint16(local + 28, true);
    const header = new Uint8Array(zip.subarray(local, local + 30 + lNameLen + lExtraLen));
    const body = entryName === name ? data : zip.subarray(local + header.length, local + header.length + view.getUint32(cd + 20, true));
    const c = new Uint8Array(zip.subarray(cd, cd + 46 + nameLen + extraLen + commentLen));
    const hv = new DataView(header.buffer);
    const cv = new DataView(c.buffer);
    if (entryName === name) {
      for (const [v, at] of [[hv, 8], [cv, 10]] as const) v.setUint16(at, 8, true);
      for (const [v, at] of [[hv, 18], [cv, 20]] as const) v.setUint32(at, data.length, true);
      for (const [v, at] of [[hv, 22], [cv, 24]] as const) v.setUint32(at, declared, true);
    }
    cv.setUint32(42, offset, true);
    parts.push(header, body);
    central.push(c);
    offset += header.length + body.length;
    cd += c.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(zip.subarray(eocd, eocd + 22));
  const ev = new DataView(end.buffer);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}
