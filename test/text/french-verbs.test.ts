/**
 * French verb morphology: inflected forms back to their infinitives (the irregular table first, the
 * regular paradigms otherwise), and infinitives forward to their forms.
 */
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/text/analyze.js';
import { conjugate, frenchForms, frenchLemmas, irregularLemmas } from '../../src/text/french-verbs.js';

describe('frenchLemmas', () => {
  it('finds the infinitive of the common irregular forms (folded words)', () => {
    const cases: Record<string, string> = {
      fit: 'faire',
      prit: 'prendre',
      mis: 'mettre',
      naquit: 'naitre',
      dit: 'dire',
      vint: 'venir',
      voulait: 'vouloir',
      pu: 'pouvoir',
      su: 'savoir',
      eu: 'avoir',
      dut: 'devoir',
      mourut: 'mourir',
      fut: 'etre',
      ecrivit: 'ecrire',
      recut: 'recevoir',
      vecut: 'vivre',
      font: 'faire',
      iront: 'aller',
      sachant: 'savoir',
      ouvert: 'ouvrir',
      offert: 'offrir',
      assis: 'asseoir',
    };
    for (const [form, lemma] of Object.entries(cases)) expect(frenchLemmas(form), form).toContain(lemma);
  });

  it('knows the compounds of an irregular verb through their prefixes', () => {
    expect(frenchLemmas('promit')).toEqual(['promettre']);
    expect(frenchLemmas('soumis')).toEqual(['soumettre']);
    expect(frenchLemmas('obtint')).toEqual(['obtenir']);
    expect(frenchLemmas('devint')).toEqual(['devenir']);
    expect(frenchLemmas('apercut')).toEqual(['apercevoir']);
    expect(frenchLemmas('decrit')).toEqual(['decrire']);
    expect(frenchLemmas('comprennent')).toEqual(['comprendre']);
  });

  it('keeps every verb an ambiguous form may belong to', () => {
    expect(frenchLemmas('vit').sort()).toEqual(['vivre', 'voir']);
    expect(frenchLemmas('suis').sort()).toEqual(['etre', 'suivre']);
  });

  it('guesses regular verbs from the paradigms, the longest ending first', () => {
    expect(frenchLemmas('fixees')[0]).toBe('fixer');
    expect(frenchLemmas('finissait')[0]).toBe('finir');
    expect(frenchLemmas('rendu')[0]).toBe('rendre');
    expect(frenchLemmas('craint')).toContain('craindre');
    expect(frenchLemmas('construisit')).toContain('construire');
    expect(frenchLemmas('connut')).toContain('connaitre');
    expect(frenchLemmas('interrompit')).toContain('interrompre');
  });

  it('undoes the spelling changes of -er verbs', () => {
    expect(frenchLemmas('mangeons')).toContain('manger');
    expect(frenchLemmas('commenca')).toContain('commencer');
    expect(frenchLemmas('appelle')).toContain('appeler');
    expect(frenchLemmas('jettent')).toContain('jeter');
    expect(frenchLemmas('emploie')).toContain('employer');
    expect(frenchLemmas('paie')).toContain('payer');
  });

  it('guesses nothing from a stem without a vowel or too short', () => {
    expect(frenchLemmas('xyz')).toEqual([]);
    expect(frenchLemmas('le')).toEqual([]);
  });
});

describe('frenchForms', () => {
  it('conjugates an irregular verb from its principal parts, with accents', () => {
    const forms = frenchForms('naître');
    for (const f of ['naît', 'naissent', 'naissait', 'naquit', 'naquirent', 'naîtra', 'né', 'née', 'nées']) expect(forms, f).toContain(f);
    expect(frenchForms('naitre')).toEqual(forms);
  });

  it('conjugates the compounds of an irregular verb like the verb', () => {
    const forms = frenchForms('promettre');
    for (const f of ['promet', 'promettent', 'promit', 'promis', 'promise', 'promettra']) expect(forms, f).toContain(f);
  });

  it('conjugates regular verbs from their paradigm, and a noun that looks like an infinitive not at all', () => {
    expect(frenchForms('rendre')).toEqual(expect.arrayContaining(['rend', 'rendent', 'rendit', 'rendu', 'rendra']));
    expect(frenchForms('craindre')).toEqual(expect.arrayContaining(['craint', 'craignent', 'craignit', 'craindra']));
    expect(frenchForms('finir')).toEqual(expect.arrayContaining(['finit', 'finissent', 'finissait', 'fini']));
    expect(frenchForms('ordre')).toEqual([]);
    expect(frenchForms('table')).toEqual([]);
  });

  it('leaves out the first two groups on request, and narrows to the principal or common forms', () => {
    expect(frenchForms('publier', { regular: false })).toEqual([]);
    expect(frenchForms('rendre', { regular: false })).toContain('rendit');
    const principal = frenchForms('prendre', { set: 'principal' });
    expect(principal).toEqual(expect.arrayContaining(['prendre', 'prend', 'prennent', 'prenait', 'prit', 'prirent', 'prendra', 'pris', 'prise']));
    expect(principal).not.toContain('prîmes');
    expect(frenchForms('venir', { set: 'common' }).sort()).toEqual(['venir', 'venu', 'venue', 'venus', 'viennent', 'vient'].sort());
  });

  it('gives every form it produces back to its infinitive', () => {
    for (const inf of ['prendre', 'mettre', 'venir', 'faire', 'dire', 'pouvoir', 'savoir', 'naître', 'mourir', 'recevoir', 'vivre']) {
      for (const f of frenchForms(inf)) expect(irregularLemmas(fold(f)), `${f} ← ${inf}`).toContain(inf);
    }
  });
});

describe('conjugate', () => {
  it('derives the tenses from the principal parts', () => {
    const parts = {
      infinitive: 'vouloir',
      present1: 'veux',
      present3: 'veut',
      plural: 'voul',
      plural3: 'veul',
      past: 'voulut',
      future: 'voudr',
      participle: 'voulu',
      invariable: false,
      extra: [],
    };
    const forms = conjugate(parts);
    for (const f of ['voulons', 'voulez', 'veulent', 'voulait', 'voulaient', 'voulant', 'voulus', 'voulûmes', 'voulurent', 'voudra', 'voudrait', 'voulue']) {
      expect(forms, f).toContain(f);
    }
    expect(conjugate(parts, 're')).toContain('revoulut');
    expect(conjugate({ ...parts, participle: 'pu', invariable: true })).not.toContain('pue');
  });
});
