/**
 * Word documents built with the `docx` package (what Word itself reads), for the reader and end-to-end tests,
 * and ZIP archives built with fflate for the hostile ones.
 */
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { strToU8, unzipSync, zipSync } from 'fflate';

/** A 1×1 PNG. */
export const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

/** What a test document says. */
export interface DocxContent {
  /** Core properties title (`dc:title`); none when absent. */
  title?: string;
  /** Default run language (`w:lang` of the document defaults), e.g. `fr-FR`. */
  language?: string;
  /** A heading first, when given. */
  heading?: string;
  /** Body paragraphs, in order. */
  paragraphs: string[];
  /** List items (bullets) after the paragraphs. */
  items?: string[];
  /** Add the furniture that must never be quoted: a table, a picture, a footnote marker, a comment, a deletion. */
  furniture?: boolean;
}

/** A .docx file. With `furniture`, its never-quoted parts all hold the word "NEVERQUOTED". */
export async function makeDocx(c: DocxContent): Promise<Uint8Array> {
  const date = '2026-01-05T10:00:00Z';
  const children: (Paragraph | Table)[] = [];
  if (c.heading) children.push(new Paragraph({ text: c.heading, heading: HeadingLevel.HEADING_1 }));
  for (const p of c.paragraphs) children.push(new Paragraph(p));
  for (const i of c.items ?? []) children.push(new Paragraph({ text: i, bullet: { level: 0 } }));
  if (c.furniture) {
    children.push(
      new Paragraph({
        children: [
          new TextRun('A footnoted sentence'),
          new FootnoteReferenceRun(1),
          new TextRun(' and a '),
          new CommentRangeStart(0),
          new TextRun('commented phrase'),
          new CommentRangeEnd(0),
          new TextRun({ children: [new CommentReference(0)] }),
          new TextRun(' with '),
          new InsertedTextRun({ text: 'an inserted clause', id: 1, author: 'Editor', date }),
          new DeletedTextRun({ text: ' NEVERQUOTED deleted words', id: 2, author: 'Editor', date }),
          new TextRun('.'),
        ],
      }),
      new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('NEVERQUOTED table cell')] }), new TableCell({ children: [new Paragraph('42')] })] })] }),
      new Paragraph({ children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 10, height: 10 }, altText: { name: 'NEVERQUOTED', description: 'NEVERQUOTED picture', title: 'NEVERQUOTED' } })] }),
    );
  }
  const doc = new Document({
    ...(c.title ? { title: c.title } : {}),
    creator: 'Newsroom',
    ...(c.language ? { styles: { default: { document: { run: { language: { value: c.language } } } } } } : {}),
    ...(c.furniture
      ? {
          comments: { children: [{ id: 0, author: 'Reviewer', date: new Date(date), children: [new Paragraph('NEVERQUOTED comment')] }] },
          footnotes: { 1: { children: [new Paragraph('The footnote text.')] } },
        }
      : {}),
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * A large Word document: `n` dated paragraphs (« Entry i of TITLE, dated 4 February 2026. ») after an opening
 * one, for the tests and measurements of reading time.
 */
export async function bigDocx(n: number, title = 'the harbour ledger'): Promise<Uint8Array> {
  const parts = unzipSync(await makeDocx({ title, language: 'en-GB', paragraphs: ['Opening.'] }));
  const body = Array.from({ length: n }, (_, i) => `<w:p><w:r><w:t>Entry ${i} of ${title}, dated 4 February 2026.</w:t></w:r></w:p>`).join('');
  parts['word/document.xml'] = strToU8(new TextDecoder().decode(parts['word/document.xml']!).replace('<w:body>', `<w:body>${body}`));
  return zipSync(parts);
}
