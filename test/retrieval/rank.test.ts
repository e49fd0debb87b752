/**
 * Ranking mechanisms on a small built index: typo tolerance for words the index does not hold, head words,
 * the prefix evidence (a question word the passage holds in another form), the off-title share, and the choice
 * of the passage quoted first within the best paragraph.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { DEFAULT_RANK } from '../../src/retrieval/options.js';
import { choosePassage, rank } from '../../src/retrieval/rank.js';

const doc = (id: string, body: string) => ({
  id,
  title: id,
  published: '2026-01-01',
  language: 'fr' as const,
  body,
  file: `${id}.md`,
  hash: id,
});

const index = PassageIndex.build([
  doc('a', "Le fils aîné garde un esprit amer envers son frère.\nLa ville de Stutthof fut libérée le 9 mai 1945."),
  doc('b', "Le frère cadet revient après avoir dilapidé sa fortune.\nLa ville de Gdańsk est un grand port."),
]);
const top = (q: string, options = {}) => {
  const r = rank(index, parseQuestion(q, NO_TRANSLATION), options);
  return r[0] ? index.text(r[0].passage) : undefined;
};

describe('misspelt words', () => {
  it('finds the index forms one or two edits away, nearest first', () => {
    const similar = index.similarTerms('espirt', 2).map((s) => s.term);
    expect(similar[0]).toBe('esprit');
    expect(index.similarTerms('strutthof', 1)).toEqual([{ term: 'stutthof', distance: 1 }]);
  });

  it('answers a question with a misspelt word through the word it stands for', () => {
    expect(top("Quel est l'état d'espirt du frère ?")).toMatch(/esprit amer/);
    expect(top('Quand fut libérée la ville de Strutthof ?')).toMatch(/Stutthof/);
  });

  it('counts a misspelt match below the word itself', () => {
    const exact = rank(index, parseQuestion('Quand Stutthof fut libérée ?', NO_TRANSLATION))[0]!;
    const typo = rank(index, parseQuestion('Quand Strutthof fut libérée ?', NO_TRANSLATION))[0]!;
    expect(typo.passage).toEqual(exact.passage);
    expect(typo.coverage).toBeLessThan(exact.coverage);
  });

  it('can be turned off', () => {
    const r = rank(index, parseQuestion('Strutthof ?', NO_TRANSLATION), { fuzzyWeight: 0 });
    expect(r).toEqual([]);
    expect(top('Strutthof ?')).toMatch(/Stutthof/);
  });
});

describe('head words', () => {
  it('finds the noun naming the kind of answer asked for', async () => {
    const { headWords } = await import('../../src/retrieval/question.js');
    expect([...headWords('Quelle est la profession de Carlo Gesualdo ?', 'fr')]).toEqual(['profession']);
    expect([...headWords('Dans quelle ville est-il né ?', 'fr')]).toEqual(['ville']);
    expect([...headWords('Combien de personnes ont été blessées ?', 'fr')]).toEqual(['personnes']);
    expect([...headWords('Which company did he found?', 'en')]).toEqual(['company']);
    expect([...headWords('How many people live there?', 'en')]).toEqual(['people']);
    expect([...headWords('Qui a fondé Anthropic ?', 'fr')]).toEqual([]);
  });

  it('counts a head word below the words that say what the answer is about', () => {
    const heads = PassageIndex.build([
      doc('c', "La profession de sa mère était boulangère.\nCarlo Gesualdo fut un compositeur célèbre."),
    ]);
    const q = parseQuestion('Quelle est la profession de Carlo Gesualdo ?', NO_TRANSLATION);
    expect(q.concepts.find((c) => c.word === 'profession')?.head).toBe(true);
    const composer = (o = {}) => rank(heads, q, o).find((c) => /compositeur/.test(heads.text(c.passage)))!;
    expect(heads.text(rank(heads, q)[0]!.passage)).toMatch(/compositeur/);
    // The passage without the head word covers more of what matters than it would if all words counted alike.
    expect(composer().coverage).toBeGreaterThan(composer({ headWeight: 1, headSearch: 1 }).coverage);
  });
});

describe('answer kinds', () => {
  it('reads the kind of answer from the head word', () => {
    expect(parseQuestion('Quel pays a signé le traité ?', NO_TRANSLATION).answerKind).toBe('place');
    expect(parseQuestion('Quelle équipe a gagné la coupe ?', NO_TRANSLATION).answerKind).toBe('organization');
    expect(parseQuestion('Which king signed the treaty?', NO_TRANSLATION).answerKind).toBe('person');
    expect(parseQuestion('Quelle est la population de la ville ?', NO_TRANSLATION).answerKind).toBe('number');
    expect(parseQuestion('Quel traité fut signé ?', NO_TRANSLATION).answerKind).toBeUndefined();
  });

  it('prefers the passage holding a name when a place is asked for', () => {
    const kinds = PassageIndex.build([
      doc('d', "Le traité fut signé par un pays voisin, après de longues discussions.\nLe traité fut signé par la Norvège."),
    ]);
    const r = rank(kinds, parseQuestion('Quel pays a signé le traité ?', NO_TRANSLATION));
    const norway = r.find((c) => /Norvège/.test(kinds.text(c.passage)) && c.passage.sentences === 1)!;
    const other = r.find((c) => /voisin/.test(kinds.text(c.passage)) && c.passage.sentences === 1)!;
    expect(norway.typeEvidence).toBe(1);
    expect(other.typeEvidence).toBe(0);
  });
});

describe('the title', () => {
  const titled = PassageIndex.build([
    { ...doc('herrmann', "En 1968, il gagne les 12 Heures de Sebring avec Jo Siffert.\nIl court aussi en Formule 2."), title: 'Hans Herrmann' },
    { ...doc('autre', "Le pilote Stirling Moss termine les 12 Heures de Sebring en 1957."), title: 'Stirling Moss' },
  ]);

  it('counts what the title names when the passage only refers to it', () => {
    const q = parseQuestion('Avec qui Hans Herrmann gagne-t-il les 12 Heures de Sebring ?', NO_TRANSLATION);
    const r = rank(titled, q);
    expect(titled.text(r[0]!.passage)).toMatch(/Siffert/);
    const off = rank(titled, q, { titleCoverage: 0 }).find((c) => /Siffert/.test(titled.text(c.passage)))!;
    const on = r.find((c) => /Siffert/.test(titled.text(c.passage)))!;
    expect(on.coverage).toBeGreaterThan(off.coverage);
  });

  it('keeps a title match below a match in the passage', () => {
    const both = PassageIndex.build([
      { ...doc('t', 'Il court en Formule 2.'), title: 'Hans Herrmann' },
      { ...doc('p', 'Herrmann court en Formule 2.'), title: 'Course automobile' },
    ]);
    const r = rank(both, parseQuestion('Où Herrmann court-il ?', NO_TRANSLATION)).filter((c) => c.passage.sentences === 1);
    const inText = r.find((c) => c.passage.doc === 1)!;
    const inTitle = r.find((c) => c.passage.doc === 0)!;
    expect(inText.coverage).toBeCloseTo(1);
    expect(inTitle.coverage).toBeGreaterThan(0.5);
    expect(inTitle.coverage).toBeLessThan(inText.coverage);
    expect(r[0]).toBe(inText);
  });
});

describe('a word only titles hold', () => {
  it('is searched in titles, and the passages of that document count it through the title', () => {
    const titled = PassageIndex.build([
      { ...doc('h', 'Il est né en 1928 à Stuttgart.'), title: 'Hans Herrmann' },
      { ...doc('m', 'Le pilote est né en 1929 à Londres.'), title: 'Stirling Moss' },
    ]);
    const r = rank(titled, parseQuestion('Quand Herrmann est-il né ?', NO_TRANSLATION));
    expect(titled.text(r[0]!.passage)).toMatch(/1928/);
    expect(rank(titled, parseQuestion('Herrmann ?', NO_TRANSLATION)).length).toBeGreaterThan(0);
  });
});

describe('prefix: a question word the passage holds only as a word sharing a long prefix', () => {
  // « peint » and « peindre » have different stems (peint, peindr) and no table joins them.
  const studio = PassageIndex.build([doc('c', "L'artiste expose ses toiles à Paris.\nL'artiste cesse alors de peindre à Paris.")]);
  const ranked = (options = {}) => rank(studio, parseQuestion("Où l'artiste peint-il ?", NO_TRANSLATION), options);
  const sentence = (r: ReturnType<typeof ranked>, re: RegExp) => r.find((c) => c.passage.sentences === 1 && re.test(studio.text(c.passage)))!;

  it('is read for the passage holding another form of the question word, and ranks it first', () => {
    const r = ranked();
    expect(sentence(r, /peindre/).prefix).toBeGreaterThan(0.3);
    expect(sentence(r, /expose/).prefix).toBe(0);
    expect(studio.text(r[0]!.passage)).toMatch(/peindre/);
  });

  it('is 0 when its weights (in the score and in the choice of the passage) are 0, and the other passage is not worse then', () => {
    const r = ranked({ wPrefix: 0, choice: { prefix: 0 } });
    expect(sentence(r, /peindre/).prefix).toBe(0);
    expect(sentence(r, /expose/).score).toBeGreaterThanOrEqual(sentence(r, /peindre/).score);
    expect(studio.text(r[0]!.passage)).toMatch(/expose/);
  });
});

describe('off-title evidence: the question words the article title does not name', () => {
  const article = PassageIndex.build([
    { ...doc('reims', 'La cathédrale de Reims accueille le sacre des rois.\nLa cathédrale de Reims est bombardée en 1914 et sa charpente brûle.'), title: 'Cathédrale de Reims' },
    doc('paris', 'La charpente de Notre-Dame brûle en 2019.'),
  ]);
  const ranked = (options = {}) => rank(article, parseQuestion('Quand la charpente de la cathédrale de Reims brûle-t-elle ?', NO_TRANSLATION), options);
  const find = (r: ReturnType<typeof ranked>, re: RegExp) => r.find((c) => c.passage.sentences === 1 && re.test(article.text(c.passage)))!;

  it('counts only the words the title does not name: the paragraph holding them gets it whole, its sibling none', () => {
    const r = ranked({ wOffTitle: 1 });
    expect(find(r, /charpente brûle/).offTitle).toBeCloseTo(1);
    expect(find(r, /sacre/).offTitle).toBe(0);
    // Another article's title names none of the question words: its share is over all of them.
    const other = find(r, /Notre-Dame/);
    expect(other.offTitle).toBeGreaterThan(0);
    expect(other.offTitle).toBeLessThan(1);
    expect(article.text(r[0]!.passage)).toMatch(/1914/);
  });

  it('is 0 for every passage when its weights (in the score and in the choice of the passage) are 0', () => {
    expect(ranked({ wOffTitle: 0, choice: { offTitle: 0 } }).every((c) => c.offTitle === 0)).toBe(true);
    expect(ranked({ wOffTitle: 0 }).some((c) => c.offTitle > 0)).toBe(true);
  });
});

describe('the choice of the passage quoted first within the best paragraph', () => {
  const city = PassageIndex.build([
    doc('d', 'Le conseil municipal vote le budget annuel. La séance se tient le 3 mars 2024 à la mairie.\nLe conseil régional vote un autre budget.'),
  ]);
  const off = Object.fromEntries(Object.keys(DEFAULT_RANK.choice).map((k) => [k, 0])) as unknown as typeof DEFAULT_RANK.choice;
  const ranked = (choice = off) => rank(city, parseQuestion('Quand le conseil municipal vote-t-il le budget annuel ?', NO_TRANSLATION), { choice });
  const paragraph = (c: { id: number }) => city.paragraphOf(c.id);

  it('keeps the ranking by score when every choice weight is 0', () => {
    const r = ranked();
    expect(r.length).toBeGreaterThan(2);
    for (let i = 1; i < r.length; i++) expect(r[i]!.score).toBeLessThanOrEqual(r[i - 1]!.score);
  });

  it("moves the first paragraph's best candidate under the choice weights to the front, the others in score order", () => {
    const base = ranked();
    // A weight against what the best-scoring candidate is (a window or a single sentence).
    const r = ranked({ ...off, window: base[0]!.window ? -1 : 1 });
    expect(r[0]!.window).not.toBe(base[0]!.window);
    expect(city.text(r[0]!.passage)).toMatch(base[0]!.window ? /^(Le conseil municipal|La séance)/ : /vote le budget annuel\. La séance/);
    expect(paragraph(r[0]!)).toBe(paragraph(base[0]!));
    expect(r[0]!.id).not.toBe(base[0]!.id);
    expect(r.slice(1).map((c) => c.id)).toEqual(base.filter((c) => c.id !== r[0]!.id).map((c) => c.id));
  });

  it("never quotes first a passage of another paragraph, however the choice scores it", () => {
    const base = ranked();
    const other = base.findIndex((c) => paragraph(c) !== paragraph(base[0]!));
    expect(other).toBeGreaterThan(0);
    const tampered = base.map((c, i) => (i === other ? { ...c, dateMatch: 100 } : c));
    const r = choosePassage(city, tampered, { ...off, dateMatch: 1 });
    expect(paragraph(r[0]!)).toBe(paragraph(base[0]!));
    expect(r.map((c) => c.id).sort()).toEqual(base.map((c) => c.id).sort());
  });

  it('prefers the shorter of two candidates the choice scores alike', () => {
    const base = ranked();
    const r = choosePassage(city, [...base], { ...off, coverage: 1e-15 });
    const same = base.filter((c) => paragraph(c) === paragraph(base[0]!));
    const shortest = Math.min(...same.filter((c) => Math.abs(c.coverage - r[0]!.coverage) < 1e-9).map((c) => c.passage.end - c.passage.start));
    expect(r[0]!.passage.end - r[0]!.passage.start).toBe(shortest);
  });
});
