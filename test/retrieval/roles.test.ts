/**
 * The part a who-question asks for (doer, one acted upon, name a preposition introduces), its verb, and how
 * the names of a sentence are scored against it.
 */
import { DEFAULT_ROLES } from '../../src/retrieval/options.js';
import { describe, expect, it } from 'vitest';
import { askedRole, prepositionBefore, roleScores, type AskedRole } from '../../src/retrieval/roles.js';
import type { Highlight, Lang } from '../../src/types.js';

const role = (q: string, lang: Lang) => {
  const r = askedRole(q, lang);
  return r && `${r.kind}${r.prep ? `:${r.prep}` : ''} ${r.verb?.word ?? '-'}${r.converse ? ' converse' : ''}`;
};

describe('askedRole', () => {
  it('asks for the doer of an active question and finds its verb', () => {
    expect(role("Qui a fixé l'ultimatum ?", 'fr')).toBe('agent fixe');
    expect(role('Qui fixe les règles ?', 'fr')).toBe('agent fixe');
    expect(role("Qui est-ce qui a fixé l'ultimatum ?", 'fr')).toBe('agent fixe');
    expect(role('Quelle entreprise a signé un contrat ?', 'fr')).toBe('agent signe');
    expect(role("Qui s'est engouffré dans la brèche ?", 'fr')).toBe('agent engouffre');
    expect(role('Qui annonce que la société sera qualifiée de risque ?', 'fr')).toBe('agent annonce');
    expect(role('Who set the ultimatum?', 'en')).toBe('agent set');
    expect(role('Who has signed the contract?', 'en')).toBe('agent signed');
    expect(role('Which company signed a contract?', 'en')).toBe('agent signed');
    expect(role('Who is leading the company?', 'en')).toBe('agent leading');
  });

  it('asks for the doer after « par » / "by", wherever the verb stands', () => {
    expect(role("Par qui l'ultimatum a-t-il été fixé ?", 'fr')).toBe('agent fixe');
    expect(role('By whom was the bridge built?', 'en')).toBe('agent built');
  });

  it('asks for the one acted upon in a passive or object question', () => {
    expect(role('Qui a été qualifié de menteur ?', 'fr')).toBe('patient qualifie');
    expect(role('Qui est accusé de mensonge ?', 'fr')).toBe('patient accuse');
    expect(role('Qui Hegseth a-t-il menacé ?', 'fr')).toBe('patient menace');
    expect(role('Who was called a liar?', 'en')).toBe('patient called');
    expect(role('Who has been fired?', 'en')).toBe('patient fired');
    expect(role('Whom did Emil Michael call a liar?', 'en')).toBe('patient call');
    expect(role('Who did Hegseth threaten?', 'en')).toBe('patient threaten');
  });

  it('asks for the name a preposition introduces, opening or stranded', () => {
    expect(role('À qui Hegseth a-t-il fixé un ultimatum ?', 'fr')).toBe('prep:a fixe');
    expect(role('A qui le conseil a vendu la maison ?', 'fr')).toBe('prep:a vendu');
    expect(role('Avec qui Anthropic a-t-il signé un contrat ?', 'fr')).toBe('prep:avec signe');
    expect(role('To whom did the county council sell the house?', 'en')).toBe('prep:a sell');
    expect(role('Who did Anthropic sign a contract with?', 'en')).toBe('prep:avec sign');
  });

  it('knows the verbs of receiving', () => {
    expect(role("Qui a reçu l'ultimatum ?", 'fr')).toBe('agent recu converse');
    expect(role('Who received the ultimatum?', 'en')).toBe('agent received converse');
  });

  it('asks for no role in a question about who someone is, or that is no who-question', () => {
    expect(askedRole("Qui est le PDG d'OpenAI ?", 'fr')).toBeUndefined();
    expect(askedRole('Qui est responsable de la panne ?', 'fr')).toBeUndefined();
    expect(askedRole('Who is the CEO of OpenAI?', 'en')).toBeUndefined();
    expect(askedRole('Who was Amodei?', 'en')).toBeUndefined();
    expect(askedRole('Who was responsible for the outage?', 'en')).toBeUndefined();
    expect(askedRole('When was the ultimatum?', 'en')).toBeUndefined();
    expect(askedRole('What is the name of the first Doctor Who serial?', 'en')).toBeUndefined();
  });
});

describe('prepositionBefore', () => {
  const at = (text: string, name: string, lang: Lang = 'fr') => prepositionBefore(text, text.indexOf(name), lang);

  it('finds the preposition right before a name, or before its determiner and title', () => {
    expect(at('Hegseth fixe un ultimatum à Dario Amodei', 'Dario')).toBe('a');
    expect(at('une réunion tendue au Pentagone', 'Pentagone')).toBe('a');
    expect(at('Anthropic signe avec le Département', 'Département')).toBe('avec');
    expect(at("le PDG d'OpenAI Sam Altman", 'OpenAI')).toBe('de');
    expect(at('la startup fondée par Dario et Daniela Amodei', 'Dario')).toBe('par');
    expect(at('was built in 1850 by the engineer Thomas Gray', 'Thomas', 'en')).toBe('par');
    expect(at('via Truth Social', 'Truth')).toBe('other');
  });

  it('finds none for a subject, after punctuation, or for the verb « a »', () => {
    expect(at('Le 24 février, lors de la réunion, Hegseth fixe', 'Hegseth')).toBeUndefined();
    expect(at("le PDG d'OpenAI Sam Altman", 'Sam')).toBeUndefined();
    expect(at('Trump a Truth Social', 'Truth')).toBeUndefined();
    expect(at('Hegseth fixe', 'Hegseth')).toBeUndefined();
  });
});

describe('roleScores', () => {
  const span = (text: string, s: string): Highlight => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const text = 'Le 24 février, lors de la réunion au Pentagone, Hegseth fixe un ultimatum à Dario Amodei.';
  const names = ['Pentagone', 'Hegseth', 'Dario Amodei'].map((n) => span(text, n));
  const input = { text, lang: 'fr' as Lang, names, verbAt: [span(text, 'fixe')], wordsAt: [span(text, 'ultimatum')], quoted: () => false };
  const scores = (r: AskedRole) => roleScores(r, input)!.scores;

  it('scores the subject highest for the doer, the object for the one acted upon, the asked preposition for a prep question', () => {
    const agent = scores({ kind: 'agent', converse: false });
    expect(agent[1]).toBeGreaterThan(Math.max(agent[0]!, agent[2]!));
    const patient = scores({ kind: 'patient', converse: false });
    expect(patient[2]).toBeGreaterThan(Math.max(patient[0]!, patient[1]!));
    const prep = scores({ kind: 'prep', prep: 'a', converse: false });
    expect(prep[2]).toBeGreaterThan(prep[1]!);
  });

  it('reads its scores from the role table it is given', () => {
    const table = { ...DEFAULT_ROLES, agent: { ...DEFAULT_ROLES.agent, subject: 7, otherPrep: -5 } };
    const agent = roleScores({ kind: 'agent', converse: false }, input, table)!.scores;
    expect(agent[1]).toBe(7);
    expect(agent[2]).toBe(-5);
    expect(scores({ kind: 'agent', converse: false })[1]).toBe(DEFAULT_ROLES.agent.subject);
  });

  it('turns the doer into the one acted upon for a verb of receiving the passage does not use', () => {
    const received = roleScores({ kind: 'agent', converse: true }, { ...input, verbAt: [] })!.scores;
    expect(received[2]).toBeGreaterThan(received[1]!);
  });

  it('reads a passive: its subject is acted upon, its « par » phrase acts', () => {
    const t = 'Anthropic est désignée comme un risque par Pete Hegseth.';
    const ns = [span(t, 'Anthropic'), span(t, 'Pete Hegseth')];
    const passive = { text: t, lang: 'fr' as Lang, names: ns, verbAt: [span(t, 'désignée')], wordsAt: [], quoted: () => false };
    const agent = roleScores({ kind: 'agent', converse: false }, passive)!.scores;
    expect(agent[1]).toBeGreaterThan(agent[0]!);
    const patient = roleScores({ kind: 'patient', converse: false }, passive)!.scores;
    expect(patient[0]).toBeGreaterThan(patient[1]!);
  });

  it('reads the verb found as a noun: its « de » phrase acts, and no subject is shown', () => {
    const t = 'De Mons choisit la baie, à la suggestion de Champlain.';
    const ns = [span(t, 'De Mons'), span(t, 'Champlain')];
    const r = roleScores({ kind: 'agent', converse: false }, { text: t, lang: 'fr', names: ns, verbAt: [span(t, 'suggestion')], wordsAt: [], quoted: () => false })!;
    expect(r.scores[1]).toBeGreaterThan(r.scores[0]!);
    expect(r.finite).toBe(false);
  });

  it('tells a finite verb with its subject shown from one whose subject is a pronoun or an infinitive', () => {
    const finite = (t: string, verb: string) =>
      roleScores({ kind: 'agent', converse: false }, { text: t, lang: 'fr', names: [span(t, 'OpenAI')], verbAt: [span(t, verb)], wordsAt: [], quoted: () => false })!.finite;
    expect(finite("Des utilisateurs accusent OpenAI d'opportunisme.", 'accusent')).toBe(true);
    expect(finite("Ce dernier accuse OpenAI d'opportunisme.", 'accuse')).toBe(false);
    expect(finite("Il n'hésite pas à accuser OpenAI.", 'accuser')).toBe(false);
  });

  it('gives up without an anchor to read the sentence from', () => {
    expect(roleScores({ kind: 'agent', converse: false }, { ...input, verbAt: [], wordsAt: [] })).toBeNull();
  });
});
