/**
 * French and English analysis: folding, apostrophes, elisions, hyphenated forms, stopwords, stemming,
 * numbers, times, amounts and language detection, through the real analyzer.
 */
import { describe, expect, it } from 'vitest';
import { analysisCacheEntries, clearAnalysisCaches, detectLanguage, fold, lower, terms, tokenize, TOKEN_CACHE_ENTRIES } from '../../src/text/analyze.js';

describe('fold', () => {
  it('folds case and accents, and expands œ and æ', () => {
    expect(fold('Élysée')).toBe('elysee');
    expect(fold('ÇA Où Île')).toBe('ca ou ile');
    expect(fold('Œuvre cœur')).toBe('oeuvre coeur');
    expect(fold('ÆTHER ex æquo')).toBe('aether ex aequo');
  });

  it('turns typographic apostrophes into the ASCII one', () => {
    expect(fold('l’État')).toBe("l'etat");
    expect(fold('l‘État')).toBe("l'etat");
  });

  it('folds every ASCII character as the full path does (lowercase, the backtick an apostrophe)', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      const want = ch === '`' ? "'" : ch.toLowerCase();
      expect([fold(ch), fold(`ab${ch}cd`), lower(ch), lower(`ab${ch}cd`)]).toEqual([want, `ab${want}cd`, want, `ab${want}cd`]);
    }
    expect(fold('already folded, 100% ascii (x-y)')).toBe('already folded, 100% ascii (x-y)');
    expect([fold('Ecole'), fold('école'), fold('cœur\u00ADs'), lower('É‐t')]).toEqual(['ecole', 'ecole', 'coeurs', 'é-t']);
  });
});

describe('terms', () => {
  it('gives the same terms whatever the case, accents, œ/æ spelling', () => {
    expect(terms('CŒUR', 'fr')).toEqual(terms('coeur', 'fr'));
    expect(terms('Cœur', 'fr')).toEqual(['coeur']);
    expect(terms('Déclaration', 'fr')).toEqual(terms('déclaration', 'fr'));
    expect(terms('ÉTATS', 'fr')).toEqual(terms('états', 'fr'));
  });

  it('treats both apostrophes alike', () => {
    expect(terms("l'ultimatum", 'fr')).toEqual(['ultimatum']);
    expect(terms('l’ultimatum', 'fr')).toEqual(['ultimatum']);
    expect(terms("d'approvisionnement", 'fr')).toEqual(terms('d’approvisionnement', 'fr'));
  });

  it.each(["l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", 'L’', 'Qu’', "JUSQU'"])(
    'strips the elision %s and points the token at the word',
    (el) => {
      const text = `${el}Anthropic`;
      const toks = tokenize(text, 'fr');
      expect(toks).toHaveLength(1);
      expect(toks[0]!.term).toBe('anthropic');
      expect(text.slice(toks[0]!.start, toks[0]!.end)).toBe('Anthropic');
    },
  );

  it('keeps a name after an elision marked as capitalized', () => {
    for (const text of ["d'Anthropic", 'l’Amérique', "qu'Amodei"]) {
      const toks = tokenize(text, 'fr');
      expect(toks[0]!.capitalized, text).toBe(true);
    }
    expect(tokenize("l'ultimatum", 'fr')[0]!.capitalized).toBe(false);
  });

  it('splits hyphenated forms: a-t-il / a-t-elle leave no term, c’est-à-dire leaves no stray letters', () => {
    expect(terms('a-t-il', 'fr')).toEqual([]);
    expect(terms('Quand Anthropic a-t-elle publié sa déclaration ?', 'fr')).toEqual(
      terms('Anthropic publié déclaration', 'fr'),
    );
    const t = terms("c'est-à-dire sans supervision humaine", 'fr');
    expect(t).toEqual(expect.arrayContaining(terms('supervision humaine', 'fr')));
    for (const stray of ['c', 'est', 'a', 'cestadire', 'c-est-a-dire']) expect(t).not.toContain(stray);
    // The parts of a content compound are searchable on their own.
    expect(terms('garde-fous', 'fr')).toEqual(expect.arrayContaining(terms('garde', 'fr')));
  });

  it('removes stopwords in both languages', () => {
    expect(terms('le la les des du de et dans pour avec une qui que', 'fr')).toEqual([]);
    expect(terms('the of and is was what when who', 'en')).toEqual([]);
    expect(terms('le contrat', 'fr')).toEqual(['contrat']);
    expect(terms('the contract', 'en')).toEqual(['contract']);
  });

  it('stems with Snowball: « fondée » and « fondé » are one term', () => {
    const [fondee] = terms('fondée', 'fr');
    expect(fondee).toBeTruthy();
    expect(terms('fondé', 'fr')).toEqual([fondee]);
    expect(terms('fondés fondées', 'fr')).toEqual([fondee, fondee]);
    expect(terms('contrats', 'fr')).toEqual(terms('contrat', 'fr'));
    expect(terms('contracts', 'en')).toEqual(terms('contract', 'en'));
    expect(terms('signed', 'en')).toEqual(terms('signing', 'en'));
    expect(terms('fondée', 'fr')).not.toEqual(terms('fonction', 'fr'));
  });

  it('keeps « 100 000 » as one number term, whatever the thousands separator', () => {
    expect(terms('100000', 'fr')).toEqual(['100000']);
    for (const sep of [' ', '\u00a0', '\u202f']) {
      expect(terms(`100${sep}000`, 'fr'), JSON.stringify(sep)).toEqual(['100000']);
      expect(terms(`1${sep}000${sep}000 dollars`, 'fr'), JSON.stringify(sep)).toEqual(['1000000', 'dollar']);
    }
    expect(terms('10,000 dollars', 'en')).toEqual(['10000', 'dollar']);
  });

  it('gives 17h01, 17 h 01, 17H01 and 17:01 the same single term', () => {
    const [t] = terms('17h01', 'fr');
    expect(t).toBeTruthy();
    for (const s of ['17 h 01', '17H01', '17:01', '17\u00a0h\u00a001']) expect(terms(s, 'fr'), s).toEqual([t]);
    expect(terms('5:01', 'en')).toEqual(terms('05h01', 'fr'));
    expect(terms('17h02', 'fr')).not.toEqual([t]);
  });

  it('keeps amounts searchable', () => {
    const fr = terms('un contrat de 200 millions de dollars', 'fr');
    expect(fr).toEqual(expect.arrayContaining(['200', ...terms('million', 'fr'), ...terms('dollar', 'fr')]));
    expect(terms('1,5 million', 'fr')).toEqual(terms('1.5 million', 'en'));
    expect(terms('$200 million', 'en')).toEqual(expect.arrayContaining(['200', ...terms('million', 'en')]));
  });

  it('gives offsets that point at the words in the text', () => {
    const text = 'Le 24 février 2026, Hegseth fixe un ultimatum.';
    for (const t of tokenize(text, 'fr')) {
      expect(fold(text.slice(t.start, t.end)).replace(/\s/g, '')).toContain(t.word.replace(/\./g, ''));
    }
  });
});

describe('ordinals', () => {
  it('makes one term of figures, Roman numerals and words, in both languages', () => {
    expect(terms('au XVIIIe siècle', 'fr')).toEqual(['18e', 'siecl']);
    expect(terms('le 18e siècle', 'fr')).toEqual(['18e', 'siecl']);
    expect(terms('le dix-huitième siècle', 'fr')).toEqual(['18e', 'siecl']);
    expect(terms('le 18ème siècle', 'fr')).toEqual(['18e', 'siecl']);
    expect(terms('the eighteenth century', 'en')).toEqual(['18e', 'centuri']);
    expect(terms('the 18th century', 'en')).toEqual(['18e', 'centuri']);
    expect(terms('la Ve République, le 1er mai, la 2de guerre', 'fr')).toEqual(['5e', 'republ', '1e', 'mai', '2e', 'guerr']);
  });

  it('leaves words that only look like Roman numerals alone', () => {
    expect(terms('Vie et mort de Louis XIV', 'fr')).toEqual(['vi', 'mort', 'lou', 'xiv']);
    expect(terms('Le MIXe', 'fr')).toEqual(['mix']);
  });

  it('keeps times and plain numbers as they were', () => {
    expect(terms('à 17h01, 3 h, 1 000 euros, 2,5', 'fr')).toEqual(['17h01', '3h00', '1000', 'euros', '2.5']);
  });
});

describe('detectLanguage', () => {
  it.each([
    "Qui a fixé l'ultimatum ?",
    'Quand Anthropic a-t-elle publié sa déclaration ?',
    'Combien valait le contrat signé en juillet 2025 ?',
    'Pourquoi Trump a-t-il ordonné de cesser le commerce avec Anthropic ?',
    'Où se tenait la réunion du 24 février ?',
    "Est-ce qu'Anthropic a cédé ?",
    'Quand a eu lieu la panne ?',
  ])('French: %s', (q) => {
    expect(detectLanguage(q)).toBe('fr');
    expect(detectLanguage(q, 'en')).toBe('fr');
  });

  it.each([
    'When was the ultimatum?',
    'Who called Amodei a liar?',
    'How much was the Pentagon contract worth?',
    'Why did Anthropic refuse?',
    'Where did the meeting take place?',
    'What happened on March 2, 2026?',
    "What's the company's position?",
  ])('English: %s', (q) => {
    expect(detectLanguage(q)).toBe('en');
    expect(detectLanguage(q, 'fr')).toBe('en');
  });

  it('falls back on a tie', () => {
    expect(detectLanguage('Anthropic Pentagone', 'fr')).toBe('fr');
    expect(detectLanguage('Anthropic Pentagone', 'en')).toBe('en');
  });
});

describe('tokenize, word by word', () => {
  // Words, elisions, compounds, names, numbers, amounts, times and ordinals, in both languages.
  const words = ["l'Anthropic", 'Pentagone', "aujourd'hui", 'porte-parole', 'États-Unis', 'ult\u200Bimatum', '17h01', '12 000', '3,5', 'XVIIIe',
    'dix-huitième', 'eighteenth', '18e', "d'Amodei", 'Cœur', 'né', 'le', "qu'il", 'Jean-Pierre', 'AI-driven', "don't", 'fondée'];

  it('gives a word the same tokens wherever it stands, offsets moved with it', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const w of words) {
        const alone = tokenize(w, lang);
        expect(alone.length).toBeGreaterThan(0);
        for (const before of ['', 'Voici ', '« ', 'Puis, en 1998, ']) {
          const shifted = tokenize(`${before}${w} !`, lang).filter((t) => t.start >= before.length);
          expect(shifted).toEqual(alone.map((t) => ({ ...t, start: t.start + before.length, end: t.end + before.length })));
        }
      }
    }
  });

  it('keeps at most TOKEN_CACHE_ENTRIES words per language, forgetting the first cached', () => {
    clearAnalysisCaches();
    expect(analysisCacheEntries()).toEqual({ tokens: 0, words: 0, stems: 0 });
    // Distinct made-up words: « mot » and the number in base 26, written with the letters a to z.
    const word = (i: number) => `mot${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;
    const first = tokenize(word(0), 'fr');
    for (let i = 1; i <= TOKEN_CACHE_ENTRIES; i++) tokenize(word(i), 'fr');
    // Full at the last word: the quarter first cached was forgotten, the word itself added.
    expect(analysisCacheEntries().tokens).toBe(TOKEN_CACHE_ENTRIES - TOKEN_CACHE_ENTRIES / 4 + 1);
    expect(tokenize(word(0), 'fr')).toEqual(first); // computed again, the same
    clearAnalysisCaches();
    expect(analysisCacheEntries().tokens).toBe(0);
  });

  it('answers a repeated text exactly as the first time, with fresh tokens', () => {
    const text = "Le 24 février 2026, l'ultimatum d'Hegseth à 17h01 : 200 000 dollars, la XVIIIe édition, les États-Unis.";
    const first = tokenize(text, 'fr');
    first[0]!.start = -1; // a caller changing its tokens changes nothing for the next call
    const again = tokenize(text, 'fr');
    expect(again[0]!.start).toBe(0);
    expect(again.slice(1)).toEqual(first.slice(1));
    expect(again.map((t) => t.term)).toEqual(['', '24', 'fevri', '2026', 'ultimatum', 'hegseth', '', '17h01', '200000', 'dollar', '', '18e', 'edit', '', 'etat', 'unis', 'etatsun']);
  });
});
