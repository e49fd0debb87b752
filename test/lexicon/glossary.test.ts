import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGlossary, parseGlossary } from '../../src/lexicon/glossary.js';

function tmpFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const GOOD = `# test glossary
- en: [Department of Defense, Pentagon, DoD]
  fr: [Département de la Défense, Pentagone, DoD]
  note: US defence ministry
- en: [supply chain risk]
  fr: [risque pour la chaîne d’approvisionnement]
- en: [CEO]
  fr: [PDG, directeur général]
`;

describe('loadGlossary', () => {
  it('loads a good file: both directions, folded, phrases found in text', () => {
    const { glossary, rejected } = loadGlossary(tmpFile('glossary.yml', GOOD));
    expect(rejected).toEqual([]);
    expect(glossary.entries).toHaveLength(3);
    expect(glossary.entries[0]!.note).toBe('US defence ministry');
    expect(glossary.translate('Pentagon', 'en')).toEqual(['departement de la defense', 'pentagone', 'dod']);
    expect(glossary.translate('pentagone', 'fr')).toContain('pentagon');
    expect(glossary.translate('Département de la défense', 'fr')[0]).toBe('department of defense');
    expect(glossary.translate('ceo', 'en')).toEqual(['pdg', 'directeur general']);
    expect(glossary.translate('PDG', 'fr')).toEqual(['ceo']);
    expect(glossary.translate('unknown', 'en')).toEqual([]);
    expect(glossary.size).toEqual({ en: 5, fr: 6 });
    expect(glossary.phrases('fr').has("risque pour la chaine d'approvisionnement")).toBe(true);

    const q = "Pourquoi le Pentagone parle-t-il de risque pour la chaîne d'approvisionnement ?";
    const [m] = glossary.matchPhrases(q, 'fr');
    expect(m && q.slice(m.start, m.end)).toBe("risque pour la chaîne d'approvisionnement");
    expect(m?.translations).toEqual(['supply chain risk']);
  });

  it('reports a malformed entry by file, field and reason, and keeps the others', () => {
    const file = tmpFile(
      'glossary.yml',
      `- en: [war]
  fr: [guerre]
- en: [peace]
  fr: []
- en: [ok]
  fr: [bien, ""]
- en: [too long]
  fr: ["${'x'.repeat(101)}"]
- fr: [sans anglais]
- en: [x]
  fr: [y]
  colour: red
- just a string
- en: [contract]
  fr: contrat
- en: [lab]
  fr: [laboratoire]
`,
    );
    const { glossary, rejected } = loadGlossary(file);
    expect(glossary.entries.map((e) => e.en[0])).toEqual(['war', 'lab']);
    expect(glossary.translate('laboratoire', 'fr')).toEqual(['lab']);
    expect(glossary.translate('peace', 'en')).toEqual([]);
    const byField = Object.fromEntries(rejected.map((r) => [r.field, r]));
    expect(rejected.every((r) => r.file === 'glossary.yml')).toBe(true);
    expect(Object.keys(byField)).toEqual(['[1].fr', '[2].fr[1]', '[3].fr[0]', '[4].en', '[5].colour', '[6]', '[7].fr']);
    expect(byField['[1].fr']!.reason).toMatch(/at least one/);
    expect(byField['[2].fr[1]']!.reason).toMatch(/empty/);
    expect(byField['[3].fr[0]']!.reason).toMatch(/at most 100/);
    expect(byField['[4].en']!.reason).toMatch(/required/);
    expect(byField['[5].colour']!.reason).toMatch(/unknown field/);
    expect(byField['[6]']!.reason).toMatch(/mapping/);
    expect(byField['[7].fr']!.reason).toMatch(/list/);
  });

  it('reports a YAML syntax error as one rejection naming the file and the line', () => {
    const file = tmpFile('glossary.yml', '- en: [war]\n  fr: [guerre]\n- en: [peace\n  fr: [paix]\n');
    const { glossary, rejected } = loadGlossary(file);
    expect(glossary.size).toEqual({ en: 0, fr: 0 });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.file).toBe('glossary.yml');
    expect(rejected[0]!.field).toMatch(/^line \d+$/);
    expect(Number(rejected[0]!.field.slice(5))).toBeGreaterThanOrEqual(3);
    expect(rejected[0]!.reason).toMatch(/YAML syntax error/);
  });

  it('rejects a top-level value that is not a list', () => {
    const { rejected } = parseGlossary('en: [war]\nfr: [guerre]\n', 'glossary.yml');
    expect(rejected).toEqual([{ file: 'glossary.yml', field: '(root)', reason: 'must be a list of entries' }]);
  });

  it('treats a missing or empty file as an empty glossary; an unreadable path is one rejection', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
    const missing = loadGlossary(join(dir, 'glossary.yml'));
    expect(missing.rejected).toEqual([]);
    expect(missing.glossary.size).toEqual({ en: 0, fr: 0 });
    expect(missing.glossary.translate('war', 'en')).toEqual([]);
    expect(missing.glossary.matchPhrases('supply chain risk', 'en')).toEqual([]);

    expect(loadGlossary(tmpFile('glossary.yml', '# only a comment\n')).rejected).toEqual([]);
    expect(loadGlossary(join(dir, 'x.yml'), '').glossary.size).toEqual({ en: 0, fr: 0 });

    const asDir = join(dir, 'dir.yml');
    mkdirSync(asDir);
    const unreadable = loadGlossary(asDir);
    expect(unreadable.rejected).toHaveLength(1);
    expect(unreadable.rejected[0]!.reason).toMatch(/cannot read: EISDIR/);
  });

  it('uses given text instead of reading the file', () => {
    const { glossary } = loadGlossary('/nonexistent/glossary.yml', GOOD);
    expect(glossary.translate('dod', 'en')).toContain('pentagone');
  });

  it('the seed corpus glossary is valid and maps the seed article names', () => {
    const file = fileURLToPath(new URL('../../corpus/glossary.yml', import.meta.url));
    const { glossary, rejected } = loadGlossary(file);
    expect(rejected).toEqual([]);
    expect(glossary.entries.length).toBeGreaterThanOrEqual(5);
    expect(glossary.translate('Pentagon', 'en')).toContain('pentagone');
    expect(glossary.translate('Department of Defense', 'en')).toContain('departement de la defense');
    expect(glossary.translate('supply chain risk', 'en')).toContain("risque pour la chaine d'approvisionnement");
    expect(glossary.translate('CEO', 'en')).toContain('pdg');
    expect(glossary.translate('Truth Social', 'fr')).toEqual(['truth social']);
  });
});
