/**
 * The span scorer of highlight.ts on small passages: question groups, candidate spans (dates, amounts,
 * numbers, names, noun phrases; never the question's own words), features, the softmax against "no span",
 * and the per-group threshold.
 */
import { describe, expect, it } from 'vitest';
import { PassageIndex } from '../../src/index/passage-index.js';
import { NO_TRANSLATION } from '../../src/lexicon/translator.js';
import { tokenize } from '../../src/text/analyze.js';
import {
  bestByContainedMass,
  chooseHighlight,
  clauseCandidates,
  finiteVerb,
  HIGHLIGHT_FEATURES,
  HIGHLIGHT_GROUPS,
  highlightGroup,
  interrogativeOffsets,
  lastWordOf,
  scoreSpans,
  spanCandidates,
  spanFeatures,
  spanProbabilities,
  thresholdOf,
  type SpanKind,
} from '../../src/retrieval/highlight.js';
import { DEFAULT_HIGHLIGHT, mergeOptions, type HighlightOptions } from '../../src/retrieval/options.js';
import { parseQuestion } from '../../src/retrieval/question.js';
import { rank } from '../../src/retrieval/rank.js';
import type { Lang } from '../../src/types.js';

/** The first passage of a one-document corpus for a question, with its text. */
function firstPassage(body: string, question: string, language: Lang = 'fr') {
  const index = PassageIndex.build([{ id: 'd', title: 'Article', published: '2020-01-01', language, body, file: 'd.md', hash: 'd' }]);
  const q = parseQuestion(question, NO_TRANSLATION);
  const c = rank(index, q)[0]!;
  return { q, c, text: index.readText(c.passage) };
}
const spans = (text: string, list: { start: number; end: number }[]) => list.map((s) => text.slice(s.start, s.end));
const feature = (f: number[], name: (typeof HIGHLIGHT_FEATURES)[number]) => f[HIGHLIGHT_FEATURES.indexOf(name)]!;

describe('highlightGroup', () => {
  const g = (text: string) => highlightGroup(parseQuestion(text, NO_TRANSLATION));
  it('maps question types to groups, "which" + noun apart, and leaves why / yes-no questions out', () => {
    expect(g('Qui a construit la tour ?')).toBe('who');
    expect(g('When was the bridge built?')).toBe('when');
    expect(g('Combien de visiteurs montent au sommet ?')).toBe('howmuch');
    expect(g('Which engineer built the bridge?')).toBe('which');
    expect(g('Quelle ville accueille la tour ?')).toBe('which');
    expect(g('What is the bridge made of?')).toBe('what');
    expect(g('Why was the bridge closed?')).toBeUndefined();
  });

  it('reads the group from the first interrogative when a what/which opens the question', () => {
    expect(g("What sea bordered Genghis Khan's empire when he died?")).toBe('which');
    expect(g('What is it called when a government falls?')).toBe('what');
    expect(g('Quelle relation a-t-il avec les personnes chez qui il vit ?')).toBe('which');
    // The type's own words first, or at the same place: the type stays.
    expect(g('What year did Tesla die?')).toBe('when');
    expect(g('In what year did the bridge open?')).toBe('when');
    expect(g('Quelle est la durée du mandat ?')).toBe('howmuch');
    expect(g('Dans quel pays le collège a-t-il été créé ?')).toBe('where');
    expect(g('Quand le pont a-t-il ouvert ?')).toBe('when');
  });
});

describe('spanCandidates', () => {
  const body = 'La tour de fer fut construite en 1889 par Gustave Eiffel ; elle mesure 330 mètres et reçoit sept millions de visiteurs.';

  it('proposes dates, amounts, numbers and names, and noun phrases only to what/which questions', () => {
    const { q, c, text } = firstPassage(body, 'Qui a construit la tour de fer ?');
    const who = spanCandidates(c, q, text, {}, 'who');
    expect(spans(text, who.filter((k) => k.kind === 'date'))).toEqual(['1889']);
    expect(spans(text, who.filter((k) => k.kind === 'amount'))).toContain('330 mètres');
    expect(spans(text, who.filter((k) => k.kind === 'name'))).toContain('Gustave Eiffel');
    expect(spans(text, spanCandidates(c, q, text, {}, 'when').filter((k) => k.kind === 'phrase'))).toEqual([]);
    expect(spans(text, spanCandidates(c, q, text, {}, 'what').filter((k) => k.kind === 'phrase'))).toContain('visiteurs');
  });

  it('keeps one name where a shorter one lies inside a longer one', () => {
    const { q, c, text } = firstPassage('Rollo attaque l’île Saint-Jean en 1758 avec les troupes des États-Unis.', 'Quel territoire est attaqué par Rollo ?');
    const names = spans(text, spanCandidates(c, q, text, {}, 'which').filter((k) => k.kind === 'name'));
    expect(names).toContain('Saint-Jean');
    expect(names).not.toContain('Saint');
    expect(names).not.toContain('États');
  });

  it('keeps no connector left alone once the question\'s words are cut off a name, but keeps an acronym', () => {
    const names = (body: string, question: string) => {
      const { q, c, text } = firstPassage(body, question, 'en');
      return spans(text, spanCandidates(c, q, text, {}).filter((k) => k.kind === 'name'));
    };
    const rhine = names('The Middle Rhine flows between Bingen and Bonn through a deep gorge.', 'What flows between Bingen and Bonn?');
    expect(rhine).toContain('Middle Rhine');
    expect(rhine).not.toContain('and');
    expect(names('The LA Galaxy is the lone MLS team of the city.', 'What is the lone MLS team?')).toContain('LA');
  });

  it('cuts noun phrases at finite verbs, at « et », at the question\'s words, and a long run at « de »', () => {
    const whatOf = (body: string, question: string, lang: Lang = 'fr') => {
      const { q, c, text } = firstPassage(body, question, lang);
      return spans(text, spanCandidates(c, q, text, {}, 'what').filter((k) => k.kind === 'phrase'));
    };
    // An irregular verb form ends the phrase (« doit »): never a clause.
    expect(whatOf('Une grande quantité de carbone doit être séquestrée au fond.', "Qu'est-ce qui doit être séquestré ?")).toContain('grande quantité de carbone');
    // « et » joins two answers, not one.
    const both = whatOf('Le récit oral prend les deux formes principales de l’épopée et du conte populaire.', 'Quelles formes prend le récit oral ?');
    expect(both).toContain('épopée');
    expect(both).toContain('conte populaire');
    expect(both.some((p) => p.includes('épopée') && p.includes('conte'))).toBe(false);
    // The question's words are never the answer: what is left beside them is.
    expect(whatOf('Tite-Live propose comme synonyme circamoerium, autour du mur.', 'Que propose Tite-Live comme synonyme ?')).toContain('circamoerium');
    // A run too long for one answer gives its pieces between « de ».
    const long = whatOf('L’institut est classé dans la catégorie nouvellement créée des grands établissements publics.', 'Dans quoi est classé l’institut ?');
    expect(long).toContain('grands établissements publics');
    expect(long.every((p) => p.split(/\s+/).length <= 5)).toBe(true);
  });

  it('reads finite verbs apart from participles, infinitives and nouns the dictionary knows', () => {
    const verbs = (text: string, lang: Lang) => tokenize(text, lang).filter((t) => finiteVerb(t, lang, NO_TRANSLATION)).map((t) => t.low);
    expect(verbs('la masse doit descendre et ils font la drave', 'fr')).toEqual(['doit', 'font']);
    // A participle stays in its noun phrase; an infinitive is no finite verb.
    expect(verbs('la catégorie créée pour construire', 'fr')).toEqual([]);
    // With a dictionary: a word it knows as itself is a noun (« la mise »), one it knows only by its infinitive
    // is a verb (« contrôlent » → contrôler).
    const dict = { ...NO_TRANSLATION, translate: (w: string) => (['mise', 'controler', 'mettre'].includes(w) ? ['x'] : []) };
    expect(tokenize('la mise en scène', 'fr').filter((t) => finiteVerb(t, 'fr', dict))).toEqual([]);
    expect(tokenize('les anglophones contrôlent', 'fr').filter((t) => finiteVerb(t, 'fr', dict)).map((t) => t.low)).toEqual(['contrôlent']);
  });

  it('never keeps a span made only of the question\'s words', () => {
    const { q, c, text } = firstPassage(body, 'Qui a construit la tour de fer ?');
    const { candidates } = spanFeatures(c, q, text, {}, 'what');
    expect(spans(text, candidates)).not.toContain('tour de fer');
    expect(spans(text, candidates)).not.toContain('construite');
  });
});

describe('spanFeatures', () => {
  it('reads the kind asked, the nearness to the question words, a fronted date and a date the question names', () => {
    const body = 'Le 24 février 2026, lors d’une réunion, Hegseth fixe un ultimatum à Amodei avant le vendredi 27 février.';
    const { q, c, text } = firstPassage(body, "Quand l'ultimatum a-t-il été fixé ?");
    const { candidates, features } = spanFeatures(c, q, text, {}, 'when');
    const at = (s: string) => features[spans(text, candidates).indexOf(s)]!;
    expect(feature(at('24 février 2026'), 'kindDate')).toBe(1);
    expect(feature(at('24 février 2026'), 'typeFit')).toBe(1);
    expect(feature(at('24 février 2026'), 'fronted')).toBe(1);
    expect(feature(at('vendredi 27 février'), 'fronted')).toBe(0);
    // A bare name opening its sentence before a comma is its subject with an apposition, not a frame.
    const appos = firstPassage('Emil Michael, le secrétaire adjoint, qualifie Amodei de menteur. À Washington, Hegseth fixe un ultimatum.', 'Qui qualifie Amodei de menteur ?');
    const fa = spanFeatures(appos.c, appos.q, appos.text, {}, 'who');
    const atA = (s: string) => fa.features[spans(appos.text, fa.candidates).indexOf(s)]!;
    expect(feature(atA('Emil Michael'), 'fronted')).toBe(0);
    expect(feature(atA('Washington'), 'fronted')).toBe(1);
    expect(feature(at('Hegseth'), 'typeFit')).toBe(-1);
    // « Hegseth » stands right before « fixe », the date 27 February further away.
    expect(feature(at('Hegseth'), 'near')).toBeGreaterThan(feature(at('vendredi 27 février'), 'near'));
    const named = firstPassage(body, "Qu'a fait Hegseth le 24 février 2026 ?");
    const f = spanFeatures(named.c, named.q, named.text, {}, 'what');
    expect(feature(f.features[spans(named.text, f.candidates).indexOf('24 février 2026')]!, 'questionDate')).toBe(1);
  });

  it('scores the part played around the verb and drops names when none plays the part asked', () => {
    const { q, c, text } = firstPassage('Hegseth fixe un ultimatum à Amodei.', "Qui a fixé l'ultimatum ?");
    const { candidates, features } = spanFeatures(c, q, text, {}, 'who');
    const role = (s: string) => feature(features[spans(text, candidates).indexOf(s)]!, 'role');
    expect(role('Hegseth')).toBeGreaterThan(0);
    expect(role('Amodei')).toBeLessThan(0);
    const none = firstPassage('Des utilisateurs accusent OpenAI d’opportunisme, soulignant qu’Altman a cédé.', "Qui accuse OpenAI d'opportunisme ?");
    const kinds = spanFeatures(none.c, none.q, none.text, {}, 'who').candidates.map((k) => k.kind);
    expect(kinds).not.toContain('name');
  });
});

describe('noun-phrase and alignment features', () => {
  it('measures each question word\'s distance to the interrogative', () => {
    const o = interrogativeOffsets('Who founded the bridge company?', 'en');
    expect(o.get('founded')).toBe(1);
    expect(o.get('bridge')).toBe(3);
    const fr = interrogativeOffsets("Le pont a été construit par quel ingénieur ?", 'fr');
    expect(fr.get('pont')).toBeLessThan(0);
    expect(fr.get('ingenieur')).toBe(1);
    expect(interrogativeOffsets('The bridge, built in 1850.', 'en').size).toBe(0);
  });

  it('prefers the candidate on the side of the question words where the interrogative stands', () => {
    // "Which engineer founded X?": the answer stands before « founded »; the name after the object does not.
    const body = 'Thomas Gray founded the bridge company with Ellen Price in 1850.';
    const { q, c, text } = firstPassage(body, 'Which engineer founded the bridge company?', 'en');
    const { candidates, features } = spanFeatures(c, q, text, {}, 'which');
    const at = (s: string) => features[spans(text, candidates).indexOf(s)]!;
    expect(feature(at('Thomas Gray'), 'sideAgree')).toBe(1);
    expect(feature(at('Ellen Price'), 'sideAgree')).toBe(0);
    expect(feature(at('Thomas Gray'), 'alignNear')).toBeGreaterThan(feature(at('Ellen Price'), 'alignNear'));
    // « founded » stood nearest the interrogative among the question's words found here: the answer is by it.
    expect(feature(at('Thomas Gray'), 'whNear')).toBe(0.5);
    expect(feature(at('Thomas Gray'), 'whNear')).toBeGreaterThan(feature(at('Ellen Price'), 'whNear'));
    // A who-question whose role is read leaves word order to the role features.
    const who = firstPassage(body, 'Who founded the bridge company?', 'en');
    const w = spanFeatures(who.c, who.q, who.text, {}, 'who');
    expect(w.features.every((x) => feature(x, 'sideAgree') === 0 && feature(x, 'alignNear') === 0)).toBe(true);
  });

  it('marks a definition « X est un Y », a determiner, a name given and the object of the question\'s verb', () => {
    const body = 'Le mridang est un tambour de l’Inde du Sud, appelé aussi mridangam ; les musiciens jouent le tambour avec les doigts.';
    const { q, c, text } = firstPassage(body, "Qu'est-ce que le mridang ?", 'fr');
    const { candidates, features } = spanFeatures(c, q, text, {}, 'what');
    const at = (s: string) => features[spans(text, candidates).indexOf(s)]!;
    expect(spans(text, candidates)).toContain('tambour');
    expect(feature(at('tambour'), 'copulaAsked')).toBe(1);
    expect(feature(at('tambour'), 'determiner')).toBe(1);
    expect(feature(at('mridangam'), 'namedAs')).toBe(1);
    expect(feature(at('mridangam'), 'copulaAsked')).toBe(0);
    expect(feature(at('doigts'), 'copulaAsked')).toBe(0);
    expect(feature(at('doigts'), 'determiner')).toBe(1);
    const play = firstPassage('The musicians play the drum with their fingers.', 'What do the musicians play?', 'en');
    const pf = spanFeatures(play.c, play.q, play.text, {}, 'what');
    const atp = (s: string) => pf.features[spans(play.text, pf.candidates).indexOf(s)]!;
    expect(feature(atp('drum'), 'afterVerb')).toBe(1);
    expect(feature(atp('fingers'), 'afterVerb')).toBe(0);
  });

  it('marks a candidate holding the question\'s head noun and a word of its own', () => {
    const body = 'Le quartier est en bordure de la route nationale 118, près de la gare.';
    const { q, c, text } = firstPassage(body, 'Au bord de quelle route se trouve le quartier ?', 'fr');
    const { candidates, features } = spanFeatures(c, q, text, {}, 'which');
    const got = spans(text, candidates);
    const i = got.findIndex((s) => s.includes('nationale'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(feature(features[i]!, 'headInside')).toBe(1);
    expect(feature(features[got.indexOf('gare')]!, 'headInside')).toBe(0);
  });
});

describe('spanProbabilities', () => {
  it('is a softmax over the candidates and "no span" (score 0)', () => {
    const x = [HIGHLIGHT_FEATURES.map(() => 1), HIGHLIGHT_FEATURES.map(() => 0)];
    // No weight: every candidate and "no span" equally likely.
    expect(spanProbabilities(x, {})).toEqual([1 / 3, 1 / 3]);
    const p = spanProbabilities(x, { bias: 2 });
    expect(p[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 2));
    expect(p[0]! + p[1]!).toBeLessThan(1);
    // Large scores stay finite.
    expect(spanProbabilities(x, { bias: 1000 })[0]).toBeCloseTo(1);
  });
});

describe('clauseCandidates', () => {
  /** The clause stretches of a text for question words, one sentence per line or period. */
  const stretches = (text: string, asked: string[], lang: Lang = 'en') => {
    const toks = tokenize(text, lang);
    const words = new Set(asked);
    const isAsked = (t: { word: string }) => words.has(t.word);
    const ends = [...text.matchAll(/[.!?](?=\s|$)/g)].map((m) => m.index! + 1);
    const sentOf = (at: number) => ends.filter((e) => e <= at).length;
    const coverage = Array.from({ length: ends.length + 1 }, (_, s) => new Set(toks.filter((t) => sentOf(t.start) === s && isAsked(t)).map((t) => t.word)).size / words.size);
    return clauseCandidates(toks, text, isAsked, sentOf, coverage).map((k) => `${k.side}:${text.slice(k.start, k.end)}`);
  };

  it('proposes what follows and precedes the question\'s words in a piece, and a whole piece without them', () => {
    const got = stretches('The Normans settled in coastal Normandy, a region in northern France, during the tenth century.', ['normans', 'settled']);
    expect(got).toContain('tail:coastal Normandy');
    expect(got).toContain('whole:region in northern France');
    expect(got).toContain('whole:tenth century');
    // Stopwords are trimmed at the edges (« in », "the"); nothing holds the question's words.
    expect(got.some((x) => /:(?:in|the|a)\s/.test(x))).toBe(false);
    expect(got.some((x) => /Normans|settled/.test(x))).toBe(false);
    expect(got).toHaveLength(3);
  });

  it('gives the words between two question words, and cuts at relative pronouns', () => {
    const got = stretches('The river flows past three old stone bridges into the sea which the city overlooks.', ['river', 'sea']);
    expect(got).toContain('gap:flows past three old stone bridges');
    expect(got.some((x) => x.includes('which') || x.includes('sea which'))).toBe(false);
    expect(got).toContain('whole:city overlooks');
  });

  it('keeps at most six words, the nearest to the question\'s words, and reads only the two best sentences', () => {
    const text = 'Paris is the capital of France. The capital hosts many museums along the river and very old churches. Nothing else is here at all today.';
    const tail = stretches(text, ['capital', 'hosts']).filter((x) => x.startsWith('tail:'));
    expect(tail).toEqual(['tail:museums along the river']);
    expect(stretches('The capital hosts seven large museums along the wide river and old churches.', ['capital', 'hosts'])).toContain('tail:seven large museums along the wide');
    const lead = stretches('Many small wooden fishing boats of the old harbour of the town were sold.', ['sold']).filter((x) => x.startsWith('lead:'));
    expect(lead[0]!.split(' ').length).toBeLessThanOrEqual(6);
    expect(lead[0]).toMatch(/town$/);
    // A sentence holding none of the question's words gives nothing.
    expect(stretches(text, ['capital', 'hosts']).some((x) => x.includes('Nothing'))).toBe(false);
  });
});

describe('lastWordOf', () => {
  it('reads the run of letters ending a text, before one apostrophe and spaces, as the pattern would', () => {
    const pattern = (x: string) => /(\p{L}+)['’]?\s*$/u.exec(x)?.[1] ?? '';
    for (const x of ["fondée par l'", 'la ville de ', 'au bord d’', 'en 1850 ', 'x, ', '', '   ', 'le 𝒜rbre ', "ab''", 'été\n'])
      expect(lastWordOf(x), JSON.stringify(x)).toBe(pattern(x));
    expect(lastWordOf("fondée par l'")).toBe('l');
    expect(lastWordOf('la ville de  ')).toBe('de');
    expect(lastWordOf('en 1850 ')).toBe('');
  });
});

describe('bestByContainedMass', () => {
  it('weighs each span by the probabilities of the candidates inside it, and prefers the shorter on a tie', () => {
    // A stretch [0, 30) holding a phrase [10, 20) and a name [22, 28); a date [40, 44) alone.
    const spans = [
      { start: 0, end: 30 },
      { start: 10, end: 20 },
      { start: 22, end: 28 },
      { start: 40, end: 44 },
    ];
    expect(bestByContainedMass(spans, [0.1, 0.25, 0.2, 0.4])).toEqual({ index: 0, mass: expect.closeTo(0.55, 9) });
    // The date alone outweighs the stretch with all it holds.
    expect(bestByContainedMass(spans, [0.05, 0.1, 0.1, 0.5]).index).toBe(3);
    // A stretch holding nothing else is worth its own probability; on a tie the shorter span wins.
    expect(bestByContainedMass([{ start: 0, end: 30 }, { start: 40, end: 44 }], [0.3, 0.3]).index).toBe(1);
    expect(bestByContainedMass([], [])).toEqual({ index: -1, mass: 0 });
  });
});

describe('chooseHighlight', () => {
  const body = 'The old stone bridge of Millbrook was built in 1850 by the engineer Thomas Gray.';
  it('shows the most probable span when it reaches its group threshold, and nothing otherwise', () => {
    const { q, c, text } = firstPassage(body, 'When was the bridge built?', 'en');
    const best = scoreSpans(c, q, text)[0]!;
    expect(text.slice(best.start, best.end)).toBe('1850');
    const at = (t: number): HighlightOptions => mergeOptions(DEFAULT_HIGHLIGHT, { thresholds: { when: t } });
    expect(spans(text, chooseHighlight(c, q, text, {}, at(best.probability)))).toEqual(['1850']);
    expect(chooseHighlight(c, q, text, {}, at(best.probability + 0.001))).toEqual([]);
  });

  it('reads a threshold per kind of span when the group has them, and never shows a kind left out', () => {
    const { q, c, text } = firstPassage(body, 'When was the bridge built?', 'en');
    const best = scoreSpans(c, q, text)[0]!;
    expect(best.kind).toBe('date');
    const byKind = (t: Partial<Record<SpanKind, number>>): HighlightOptions => ({ ...DEFAULT_HIGHLIGHT, thresholds: { ...DEFAULT_HIGHLIGHT.thresholds, when: t } });
    expect(spans(text, chooseHighlight(c, q, text, {}, byKind({ date: best.probability, name: 1.01 })))).toEqual(['1850']);
    expect(chooseHighlight(c, q, text, {}, byKind({ date: best.probability + 0.001 }))).toEqual([]);
    expect(chooseHighlight(c, q, text, {}, byKind({ name: 0, number: 0 }))).toEqual([]);
    expect(thresholdOf(byKind({ name: 0.5 }), 'when', 'date')).toBe(Infinity);
    expect(thresholdOf(byKind({ name: 0.5 }), 'when', 'name')).toBe(0.5);
  });

  it('ships a weight vector and a threshold for every group', () => {
    for (const g of HIGHLIGHT_GROUPS) {
      const t = DEFAULT_HIGHLIGHT.thresholds[g];
      for (const v of typeof t === 'number' ? [t] : Object.values(t)) expect(v).toBeGreaterThan(0);
      expect(Object.keys(DEFAULT_HIGHLIGHT.weights[g]).every((k) => (HIGHLIGHT_FEATURES as readonly string[]).includes(k))).toBe(true);
    }
    const { q, c, text } = firstPassage(body, 'Why was the bridge built?', 'en');
    expect(chooseHighlight(c, q, text)).toEqual([]);
  });
});
