import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanTerm, decodeDictNumber, mergeDirections, parseDictd, toTsv } from '../../scripts/build-lexicon.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function encode(n: number): string {
  let s = '';
  do {
    s = B64[n % 64]! + s;
    n = Math.floor(n / 64);
  } while (n > 0);
  return s;
}

/** Writes a small dictd database (index + gzip data) the way dictfmt does. */
function dictd(dir: string, name: string, articles: [string, string][]): void {
  let data = Buffer.alloc(0);
  const index: string[] = ['00databaseinfo\tA\tB'];
  data = Buffer.concat([data, Buffer.from('x\n')]);
  for (const [hw, body] of articles) {
    const bytes = Buffer.from(body, 'utf8');
    index.push(`${hw}\t${encode(data.length)}\t${encode(bytes.length)}`);
    data = Buffer.concat([data, bytes]);
  }
  writeFileSync(join(dir, `${name}.index`), index.join('\n') + '\n');
  writeFileSync(join(dir, `${name}.dict.dz`), gzipSync(data));
}

describe('build-lexicon', () => {
  it('decodes dictd base64 numbers', () => {
    expect(decodeDictNumber('A')).toBe(0);
    expect(decodeDictNumber('BA')).toBe(64);
    expect(decodeDictNumber('LOB')).toBe(11 * 4096 + 14 * 64 + 1);
    expect(() => decodeDictNumber('*')).toThrow(/bad dictd base64/);
  });

  it('cleans terms: notes, tags, infinitives and junk', () => {
    expect(cleanTerm('(female) duck')).toBe('duck');
    expect(cleanTerm('[cul] Giblets')).toBe('giblets');
    expect(cleanTerm('to run')).toBe('run');
    expect(cleanTerm('repasser]')).toBe('repasser');
    expect(cleanTerm('Anglo‐Saxon')).toBe('anglo-saxon');
    expect(cleanTerm('either ... or')).toBeUndefined();
    expect(cleanTerm('-able')).toBeUndefined();
    expect(cleanTerm('one two three four')).toBeUndefined();
    expect(cleanTerm("à l'")).toBeUndefined();
    expect(cleanTerm('route 66')).toBeUndefined();
  });

  it('parses articles, inverts fra-eng, merges, and the CLI writes sorted TSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dictd-'));
    dictd(dir, 'freedict-eng-fra', [
      ['war', 'war /wɔː/\nguerre\n'],
      ['airyfairy', 'airy‐fairy /x/\nmalin\n'],
      ['contract', 'contract /k/\n1. contrat\n2. [med] contracter, (se) rétrécir\n'],
    ]);
    dictd(dir, 'freedict-fra-eng', [
      ['contrat', 'contrat /kɔ̃tʀa/ <n, masc>\ncontract, deal (business)\n'],
      ['falloir', 'falloir /f/ <v>\n1.\n      "Il faut"\n You have to\n\n2. must, need\n'],
      ['guerre', 'guerre /g/ <n, fem>\nwar\n'],
    ]);
    const fraEng = parseDictd(
      readFileSync(join(dir, 'freedict-fra-eng.index'), 'utf8'),
      gunzipSync(readFileSync(join(dir, 'freedict-fra-eng.dict.dz'))),
    );
    expect(fraEng).toEqual([
      { headword: 'contrat', translations: ['contract', 'deal'] },
      { headword: 'falloir', translations: ['must', 'need'] },
      { headword: 'guerre', translations: ['war'] },
    ]);
    const merged = mergeDirections([{ headword: 'contract', translations: ['contracter', 'contrat'] }], fraEng);
    expect(merged.get('contract')).toEqual(['contrat', 'contracter']); // found both ways ranks first
    expect(merged.get('need')).toEqual(['falloir']);
    expect(toTsv(merged).split('\n')[0]).toBe('contract\tcontrat|contracter');

    const out = join(dir, 'en-fr.tsv');
    const script = fileURLToPath(new URL('../../scripts/build-lexicon.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [tsx, script, dir, out], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'airy-fairy\tmalin\ncontract\tcontrat|contracter|rétrécir\ndeal\tcontrat\nmust\tfalloir\nneed\tfalloir\nwar\tguerre\n',
    );

    const bad = spawnSync(process.execPath, [tsx, script, join(dir, 'nope'), out], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng/);
  });
});
