/**
 * Hostile corpus files and questions (issue 16, items 12, 13, 14): symbolic links are reported and not
 * followed (documents and glossary alike), file names are quoted in reports, control characters are reported,
 * and zero-width characters and soft hyphens inside words change nothing for analysis while quotes keep them.
 * Every hostile file is generated here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/corpus.js';
import { renderReplyText } from '../../adapters/console/adapter.js';
import { quoteFileName } from '../../src/corpus/names.js';
import { Engine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { tokenize } from '../../src/text/analyze.js';

const BUNDLED = path.resolve(import.meta.dirname, '../../corpus');
const logger = createLogger('silent');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary corpus: a copy of the bundled one plus `files`, and a cache directory beside it. */
function corpus(files: Record<string, string> = {}): { corpusDir: string; cacheDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-hostile-'));
  dirs.push(root);
  const corpusDir = path.join(root, 'corpus');
  fs.cpSync(BUNDLED, corpusDir, { recursive: true });
  for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(corpusDir, f), t);
  return { corpusDir, cacheDir: path.join(root, 'cache'), root };
}

const doc = (id: string, body: string) => `---\nid: ${id}\ntitle: ${id}\npublished: 2026-03-09\nlanguage: fr\n---\n${body}\n`;

describe('symbolic links', () => {
  it('a linked document, directory and glossary are reported and not followed', async () => {
    const c = corpus({ 'inside.md': doc('inside', 'Le quintaflor fut découvert le 3 mars 2026 sous le chêne.') });
    const outside = path.join(c.root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.md'), doc('secret', 'Le trésor est caché sous le chêne depuis 1999.'));
    fs.writeFileSync(path.join(outside, 'glossary.yml'), '- en: [zorbleflux]\n  fr: [quintaflor]\n');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(c.corpusDir, 'linked.md'));
    fs.symlinkSync(outside, path.join(c.corpusDir, 'linked-dir'));
    fs.rmSync(path.join(c.corpusDir, 'glossary.yml'), { force: true });
    fs.symlinkSync(path.join(outside, 'glossary.yml'), path.join(c.corpusDir, 'glossary.yml'));
    fs.symlinkSync(path.join(outside, 'nothing.txt'), path.join(c.corpusDir, 'notes.txt')); // never read: not reported

    const report = await Engine.checkCorpus({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger });
    expect(report.rejected.map((r) => r.file).sort()).toEqual(['glossary.yml', 'linked-dir', 'linked.md']);
    for (const r of report.rejected) expect(r.reason).toMatch(/^is a symbolic link: skipped/);
    expect(formatReport('check', report)).toContain('linked.md: file: is a symbolic link: skipped');

    const engine = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, watchMs: 0 });
    try {
      expect(engine.documentIds()).not.toContain('secret');
      expect(engine.documentIds()).toContain('inside');
      // The linked glossary was not read: "zorbleflux" is not translated to « quintaflor », so the question
      // is not answered as sure (at most the closest passage).
      const a = engine.ask('When was the zorbleflux discovered?');
      expect(a.answered && a.confidence === 'high').toBe(false);
    } finally {
      await engine.close();
    }
    // The same glossary as a real file is read (so the question above can be answered).
    fs.rmSync(path.join(c.corpusDir, 'glossary.yml'));
    fs.copyFileSync(path.join(outside, 'glossary.yml'), path.join(c.corpusDir, 'glossary.yml'));
    const again = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, watchMs: 0 });
    try {
      const a = again.ask('When was the zorbleflux discovered?');
      expect(a.answered).toBe(true);
      expect(a.passages[0]!.document.id).toBe('inside');
    } finally {
      await again.close();
    }
  });
});

describe('file names in reports', () => {
  it('a name with a line break prints as one quoted line, not a fake line of the report', async () => {
    const name = 'bad\n    evil.md: file: everything is fine\n.md';
    const c = corpus({ [name]: '---\ntitle: [never closed\n---\nA body.\n' }); // malformed front matter
    const report = await Engine.checkCorpus({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger });
    expect(report.rejected.map((r) => r.file)).toEqual([name]); // the JSON report keeps the real name
    const text = formatReport('check', report);
    const lines = text.split('\n');
    const rejectedLines = lines.slice(lines.indexOf('  rejected files:') + 1);
    expect(rejectedLines).toHaveLength(1);
    expect(rejectedLines[0]!.startsWith(`    ${JSON.stringify(name)}: front matter: invalid YAML`)).toBe(true);
    const terminal = renderReplyText({ kind: 'refresh', lang: 'en', report } as never, { bold: (s: string) => s } as never);
    expect(terminal.split('\n').filter((l) => l.includes('evil.md'))).toHaveLength(1);
  });

  it('quotes only names that need it', () => {
    expect(quoteFileName('articles/2026-03 panne (1).md')).toBe('articles/2026-03 panne (1).md');
    expect(quoteFileName('été.md')).toBe('été.md');
    expect(quoteFileName('a\u0007b.md')).toBe('"a\\u0007b.md"');
    expect(quoteFileName('a\u200Bb.md')).toBe('"a\\u200bb.md"');
    expect(quoteFileName(' lead.md')).toBe('" lead.md"');
    expect(quoteFileName('x"y.md')).toBe('"x\\"y.md"');
  });
});

describe('control characters', () => {
  it('a document holding one is rejected with the character, line and column', async () => {
    const c = corpus({ 'bell.md': doc('bell', 'Une ligne.\nUne autre \u0007 ici.') });
    const report = await Engine.checkCorpus({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger });
    expect(report.rejected).toEqual([{ file: 'bell.md', field: 'file', reason: 'holds the control character U+0007 (line 8, column 11): remove it' }]);
  });
});

describe('zero-width characters and soft hyphens', () => {
  it('analysis reads a word split by them as the word', () => {
    for (const w of ['ult\u200Bimatum', 'ulti\u00ADmatum', 'ulti\u200Dma\u2060tum', '\uFEFFultimatum']) {
      expect(tokenize(w, 'fr').map((t) => t.term)).toEqual(tokenize('ultimatum', 'fr').map((t) => t.term));
    }
  });

  it('a question holding them gets the same answer as without', async () => {
    const c = corpus();
    const engine = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, watchMs: 0 });
    try {
      const plain = engine.ask("Quand l'ultimatum a-t-il été fixé ?");
      expect(plain.answered).toBe(true);
      for (const q of ["Quand l'ult\u200Bimatum a-t-il été fixé ?", "Quand l'ulti\u00ADmatum a-t-il été fi\u00ADxé ?", "Qu\u200Band l'ultimatum a-t-il été fixé ?"]) {
        const a = engine.ask(q);
        expect(a.answered).toBe(true);
        expect(a.passages[0]!.text).toBe(plain.passages[0]!.text);
      }
    } finally {
      await engine.close();
    }
  });

  it('a document holding them is found by the plain word, and quoted verbatim with them', async () => {
    const body = 'Le proj\u00ADet Zorg\u200Bloub fut lancé le 3 mars 2026 par la mairie.';
    const c = corpus({ 'zw.md': doc('zw', body) });
    const engine = await Engine.open({ corpusDir: c.corpusDir, cacheDir: c.cacheDir, logger, watchMs: 0 });
    try {
      const a = engine.ask('Quand le projet Zorgloub fut-il lancé ?');
      expect(a.answered).toBe(true);
      expect(a.passages[0]!.document.id).toBe('zw');
      expect(a.passages[0]!.text).toBe(body);
      expect(a.passages[0]!.dates.map((d) => d.iso)).toContain('2026-03-03');
    } finally {
      await engine.close();
    }
  });
});
