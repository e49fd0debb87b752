/**
 * Corpus loading: good files load, each bad file is rejected with its file, field and reason while the
 * others still load, and a corpus with no valid document stops the engine with CorpusEmptyError.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus, parseDocument } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine.js';
import { CorpusEmptyError, ErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { cleanupTemps, tempDir } from '../helpers/temp.js';

afterAll(cleanupTemps);

const GOOD_FM = 'id: good-doc\ntitle: "Un bon document"\npublished: 2026-03-09\nlanguage: fr\nsource: https://example.org/a\nauthor: Une Autrice';
const fm = (yaml: string, body = 'Le 2 mars 2026, la panne.\n') => `---\n${yaml}\n---\n${body}`;
const meta = (over: Record<string, string | null>) => {
  const base: Record<string, string | null> = { id: 'x', title: 'Titre', published: '2026-02-03', language: 'fr' };
  return Object.entries({ ...base, ...over })
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
};

/** Bad files: name → [content, field, reason pattern]. */
const BAD: Record<string, [string, string, RegExp]> = {
  'c-published-not-a-date.md': [fm(meta({ id: 'c', published: 'hier' })), 'published', /YYYY-MM-DD/],
  'd-published-feb-30.md': [fm(meta({ id: 'd', published: '2026-02-30' })), 'published', /not a real calendar date/],
  'e-bad-language.md': [fm(meta({ id: 'e', language: 'de' })), 'language', /"fr" or "en"/],
  'f-no-title.md': [fm(meta({ id: 'f', title: null }), '```\ncode only\n```\n'), 'body', /empty/],
  'g-duplicate-id.md': [fm(meta({ id: 'good-doc' })), 'id', /duplicate id "good-doc".*a-good\.md/],
  'h-empty-body.md': [fm(meta({ id: 'h' }), '\n   \n\n'), 'body', /empty/],
  'i-yaml-error.md': [fm(meta({ id: 'i', title: '"guillemet jamais fermé' })), 'front matter', /invalid YAML/],
};

describe('loadCorpus', () => {
  it('loads the good file and rejects each bad one with file, field and reason', async () => {
    const dir = tempDir('corpus-load-');
    writeFileSync(join(dir, 'a-good.md'), fm(GOOD_FM, 'Premier paragraphe.\n\nSecond paragraphe.\n'));
    for (const [name, [content]] of Object.entries(BAD)) writeFileSync(join(dir, name), content);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'z-nested.md'), fm(meta({ id: 'nested', language: 'en' }), 'Nested text.\n'));
    writeFileSync(join(dir, 'README.md'), 'Not a document.\n');
    writeFileSync(join(dir, 'notes.txt'), 'Plain notes.\n');
    writeFileSync(join(dir, 'b-no-front-matter.md'), 'Juste du texte, sans en-tête.\n');
    writeFileSync(join(dir, 'image.png.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));

    const { documents, rejected, inferred } = await loadCorpus(dir);

    expect(documents.map((d) => d.id)).toEqual(['good-doc', 'b-no-front-matter', 'notes', 'nested']);
    const good = documents[0]!;
    expect(good).toMatchObject({
      id: 'good-doc',
      title: 'Un bon document',
      published: '2026-03-09',
      language: 'fr',
      source: 'https://example.org/a',
      author: 'Une Autrice',
      file: 'a-good.md',
    });
    expect(good.body).toBe('Premier paragraphe.\n\nSecond paragraphe.');
    expect(documents[3]!.file).toBe('sub/z-nested.md');
    // Front matter is optional: the id comes from the file name, the title from the first line, the
    // language from the text, and no date is guessed.
    const plain = documents[1]!;
    expect(plain).toMatchObject({ id: 'b-no-front-matter', title: 'Juste du texte, sans en-tête.', language: 'fr' });
    expect(plain.published).toBeUndefined();
    expect(inferred.get('b-no-front-matter.md')).toEqual(
      expect.arrayContaining([
        { field: 'id', value: 'b-no-front-matter', from: 'the file name' },
        { field: 'title', value: 'Juste du texte, sans en-tête.', from: 'first line' },
        { field: 'language', value: 'fr', from: 'detected from the text' },
      ]),
    );
    expect(inferred.get('a-good.md')!.find((i) => i.field === 'title')).toEqual({ field: 'title', value: 'Un bon document', from: 'front matter' });
    expect(documents[2]).toMatchObject({ id: 'notes', title: 'Plain notes.', file: 'notes.txt' });

    // A binary file named like a document is refused from its content.
    expect(rejected.find((r) => r.file === 'image.png.md')).toMatchObject({ field: 'file', reason: expect.stringMatching(/image\/png/) });
    expect(rejected.map((r) => r.file).sort()).toEqual([...Object.keys(BAD), 'image.png.md'].sort());
    for (const [name, [, field, reason]] of Object.entries(BAD)) {
      const r = rejected.find((x) => x.file === name)!;
      expect(r.field, name).toBe(field);
      expect(r.reason, name).toMatch(reason);
    }
  });

  it('throws for a directory that does not exist', async () => {
    await expect(loadCorpus(join(tempDir('corpus-none-'), 'nope'))).rejects.toThrow(/nope/);
  });
});

describe('parseDocument', () => {
  it('keeps the body verbatim (CRLF, BOM-less, typos) after the front matter', async () => {
    const text = '---\r\nid: crlf\r\ntitle: T\r\npublished: 2026-01-05\r\nlanguage: en\r\n---\r\nSome  text , with typos.\r\n';
    const r = await parseDocument('crlf.md', text);
    expect('doc' in r && r.doc.body).toBe('Some  text , with typos.');
  });

  it('rejects a bad source URL and a malformed id', async () => {
    const bad = await parseDocument('s.md', fm(meta({ source: 'not a url' })));
    expect('rejected' in bad && bad.rejected).toMatchObject({ file: 's.md', field: 'source' });
    const id = await parseDocument('i.md', fm(meta({ id: '"../etc/passwd"' })));
    expect('rejected' in id && id.rejected).toMatchObject({ file: 'i.md', field: 'id' });
  });
});

describe('rejection reasons', () => {
  it('takes a missing id from the file name and says "must be a string" for a field of the wrong type', async () => {
    const missing = await parseDocument('Mon Article (v2).md', fm(meta({ id: null })));
    expect('doc' in missing && missing.doc.id).toBe('mon-article-v2');
    const number = await parseDocument('n.md', fm(meta({ id: '42' })));
    expect('rejected' in number && number.rejected).toMatchObject({ file: 'n.md', field: 'id', reason: expect.stringMatching(/string/) });
    expect('rejected' in number && number.rejected.reason).not.toMatch(/required/);
    const title = await parseDocument('t.md', fm(meta({ title: '[a, b]' })));
    expect('rejected' in title && title.rejected.reason).not.toMatch(/required/);
  });
});

describe('Engine.open on a corpus without a valid document', () => {
  const logger = createLogger('silent');

  it('throws CorpusEmptyError naming the rejections', async () => {
    const dir = tempDir('corpus-bad-');
    writeFileSync(join(dir, 'only-bad.md'), fm(meta({ published: '2026-02-30' })));
    const err = await Engine.open({ corpusDir: dir, cacheDir: null, logger, watchMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusEmptyError);
    expect((err as CorpusEmptyError).code).toBe(ErrorCode.CorpusEmpty);
    expect((err as Error).message).toMatch(/only-bad\.md: published: is not a real calendar date/);
  });

  it('throws CorpusEmptyError for an empty directory', async () => {
    const err = await Engine.open({ corpusDir: tempDir('corpus-empty-'), cacheDir: null, logger, watchMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusEmptyError);
    expect((err as Error).message).toMatch(/no valid document/);
  });
});
