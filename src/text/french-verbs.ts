/**
 * French verb morphology for question analysis: which infinitives an inflected form may belong to
 * (« prit » → prendre, « naquit » → naître, « fixées » → fixer) and which forms an infinitive takes
 * (prendre → prend, prennent, prit, pris…), so that a question and a passage using different forms of one
 * verb, or a translation given as an infinitive, still meet.
 *
 * Two sources, both written for this project (MIT):
 * - a compact table of the common irregular verbs, each given by its principal parts, with the prefixes
 *   that form compounds conjugated the same way (mettre → permettre, promettre, soumettre…);
 * - paradigms of the regular conjugations (-er, -ir of the second group, -dre) and of the regular
 *   families of the third group (-indre, -uire, -aître, -crire, -ompre), given the same way with the
 *   infinitive ending in place of the verb.
 *
 * Forms are produced with their accents (what the stemmer takes); look-ups take folded words.
 */
import { fold } from './analyze.js';

/**
 * The principal parts of a conjugation, from which every simple form is derived. For a paradigm, each
 * part is an ending that replaces the infinitive ending.
 */
export interface PrincipalParts {
  /** The infinitive (or infinitive ending). */
  infinitive: string;
  /** Present, first and third person singular (« prends », « prend »). */
  present1: string;
  present3: string;
  /** Stem of the present plural, imperfect and present participle (« pren »: prenons, prenait, prenant); '' allowed. */
  plural: string | null;
  /** Stem of the third person plural and subjunctive (« prenn »: prennent, prenne); null when irregular. */
  plural3: string | null;
  /** Passé simple, third person singular (« prit », « fut », « vint », « alla »); null when unused. */
  past: string | null;
  /** Stem of the future and conditional (« prendr »). */
  future: string;
  /** Past participle, masculine singular (« pris »). */
  participle: string;
  /** The participle does not agree (« été », « pu »). */
  invariable: boolean;
  /** Further forms the rules do not produce (« font », « sommes », « puisse »). */
  extra: string[];
}

/**
 * The common irregular verbs: `infinitive: present1 present3 | plural stem | plural-3 stem | passé simple |
 * future stem | participle[!] | extra forms ; prefixes`. `-` marks a part without a regular form, `!` an
 * invariable participle, a leading `-` a base that only occurs with a prefix (« -cevoir »: recevoir…).
 */
const IRREGULAR = `
être: suis est | ét | - | fut | ser | été! | es sommes êtes sont sois soit soient soyons soyez étant
avoir: ai a | av | - | eut | aur | eu | as ont aie aies ait aient ayons ayez ayant
aller: vais va | all | - | alla | ir | allé | vas vont aille ailles aillent
faire: fais fait | fais | - | fit | fer | fait | faites font fasse fasses fassent fassions fassiez ; dé re satis contre
dire: dis dit | dis | dis | dit | dir | dit | dites ; re contre inter pré dé
pouvoir: peux peut | pouv | peuv | put | pourr | pu! | puis puisse puisses puissent puissions puissiez
vouloir: veux veut | voul | veul | voulut | voudr | voulu | veuille veuilles veuillent veuillez
savoir: sais sait | sav | - | sut | saur | su | sache saches sachent sachions sachiez sachant
devoir: dois doit | dev | doiv | dut | devr | dû | due dus dues
falloir: faut faut | fall | - | fallut | faudr | fallu! | faille
valoir: vaux vaut | val | val | valut | vaudr | valu | vaille vaillent ; pré équi re
voir: vois voit | voy | voi | vit | verr | vu ; re entre
prévoir: prévois prévoit | prévoy | prévoi | prévit | prévoir | prévu
pourvoir: pourvois pourvoit | pourvoy | pourvoi | pourvut | pourvoir | pourvu
-cevoir: çois çoit | cev | çoiv | çut | cevr | çu ; re aper con dé per
mouvoir: meus meut | mouv | meuv | mut | mouvr | mû ; é pro
pleuvoir: pleus pleut | pleuv | pleuv | plut | pleuvr | plu!
asseoir: assieds assied | assey | assey | assit | assiér | assis | assois assoit assoient ; r
prendre: prends prend | pren | prenn | prit | prendr | pris ; ap com entre re sur dé mé désap
mettre: mets met | mett | mett | mit | mettr | mis ; ad com compro dé é o per pro re sou trans
battre: bats bat | batt | batt | battit | battr | battu ; a com dé re
venir: viens vient | ven | vienn | vint | viendr | venu ; ad con de inter par pré pro re sou sur sub circon contre
tenir: tiens tient | ten | tienn | tint | tiendr | tenu ; abs appar con dé entre main ob re sou
naître: nais naît | naiss | naiss | naquit | naîtr | né ; re
mourir: meurs meurt | mour | meur | mourut | mourr | mort
courir: cours court | cour | cour | courut | courr | couru ; ac con dis en par re se
ouvrir: ouvre ouvre | ouvr | ouvr | ouvrit | ouvrir | ouvert ; entr r
couvrir: couvre couvre | couvr | couvr | couvrit | couvrir | couvert ; dé re
offrir: offre offre | offr | offr | offrit | offrir | offert
souffrir: souffre souffre | souffr | souffr | souffrit | souffrir | souffert
cueillir: cueille cueille | cueill | cueill | cueillit | cueiller | cueilli ; ac re
partir: pars part | part | part | partit | partir | parti ; re
sortir: sors sort | sort | sort | sortit | sortir | sorti ; res
dormir: dors dort | dorm | dorm | dormit | dormir | dormi ; en
servir: sers sert | serv | serv | servit | servir | servi ; des re
sentir: sens sent | sent | sent | sentit | sentir | senti ; con pres res
mentir: mens ment | ment | ment | mentit | mentir | menti ; dé
fuir: fuis fuit | fuy | fui | fuit | fuir | fui ; en
-quérir: quiers quiert | quér | quièr | quit | querr | quis ; ac con re
haïr: hais hait | haïss | haïss | haït | haïr | haï
bouillir: bous bout | bouill | bouill | bouillit | bouillir | bouilli
vêtir: vêts vêt | vêt | vêt | vêtit | vêtir | vêtu ; re dé
suivre: suis suit | suiv | suiv | suivit | suivr | suivi ; pour
vivre: vis vit | viv | viv | vécut | vivr | vécu ; re sur
écrire: écris écrit | écriv | écriv | écrivit | écrir | écrit ; d ré
lire: lis lit | lis | lis | lut | lir | lu ; é re
nuire: nuis nuit | nuis | nuis | nuisit | nuir | nui!
plaire: plais plaît | plais | plais | plut | plair | plu! ; dé com
taire: tais tait | tais | tais | tut | tair | tu
croire: crois croit | croy | croi | crut | croir | cru
croître: crois croît | croiss | croiss | crût | croîtr | crû ; ac dé
boire: bois boit | buv | boiv | but | boir | bu
résoudre: résous résout | résolv | résolv | résolut | résoudr | résolu
dissoudre: dissous dissout | dissolv | dissolv | - | dissoudr | dissous
vaincre: vaincs vainc | vainqu | vainqu | vainquit | vaincr | vaincu ; con
-clure: clus clut | clu | clu | clut | clur | clu | clus ; con ex in
rire: ris rit | ri | ri | rit | rir | ri! ; sou
suffire: suffis suffit | suffis | suffis | suffit | suffir | suffi!
coudre: couds coud | cous | cous | cousit | coudr | cousu ; dé re
-traire: trais trait | tray | trai | - | trair | trait ; dis ex sous re
envoyer: envoie envoie | envoy | envoi | envoya | enverr | envoyé ; r
`;

/**
 * Regular conjugations and regular families of the third group, as endings replacing the infinitive
 * ending. Most specific (longest) endings first: an infinitive takes the first that fits.
 */
const PARADIGMS = `
indre: ins int | ign | ign | ignit | indr | int
aître: ais aît | aiss | aiss | ut | aîtr | u
crire: cris crit | criv | criv | crivit | crir | crit
ompre: omps ompt | omp | omp | ompit | ompr | ompu
uire: uis uit | uis | uis | uisit | uir | uit
dre: ds d | d | d | dit | dr | du
er: e e | | | a | er | é
ir: is it | iss | iss | it | ir | i
`;

/** Parses one table line (`name: parts ; prefixes`). */
function parseLine(line: string): { parts: PrincipalParts; prefixes: string[]; bound: boolean } {
  const colon = line.indexOf(':');
  let name = line.slice(0, colon).trim();
  const [body = '', pre = ''] = line.slice(colon + 1).split(';');
  const fields = body.split('|').map((f) => f.trim());
  const [present = '', plural = '', plural3 = '', past = '', future = '', participle = '', extra = ''] = fields;
  const [present1 = '', present3 = present1] = present.split(/\s+/);
  const bound = name.startsWith('-');
  if (bound) name = name.slice(1);
  const part = (s: string) => (s === '-' ? null : s);
  return {
    parts: {
      infinitive: name,
      present1,
      present3,
      plural: part(plural),
      plural3: part(plural3),
      past: part(past),
      future,
      participle: participle.replace(/!$/, ''),
      invariable: participle.endsWith('!'),
      extra: extra ? extra.split(/\s+/) : [],
    },
    prefixes: pre.trim() ? pre.trim().split(/\s+/) : [],
    bound,
  };
}

/** Puts a circumflex on the last vowel of a passé simple stem (« pri » → « prî », « vin » → « vîn »). */
function circumflex(stem: string): string {
  const m = /[aiu](?=[^aiu]*$)/.exec(stem);
  if (!m) return stem;
  const c = { a: 'â', i: 'î', u: 'û' }[m[0] as 'a' | 'i' | 'u'];
  return stem.slice(0, m.index) + c + stem.slice(m.index + 1);
}

/**
 * Which forms of a verb: `all` the simple forms; `principal` those a news text mostly uses (the infinitive,
 * the third persons of the present, imperfect, passé simple, future and conditional, the participles and
 * the extra forms); `common` the most frequent of them (the infinitive, the third persons of the present
 * and the participle).
 */
export type FormSet = 'all' | 'principal' | 'common';

/** The forms of a conjugation given by its principal parts (with accents, duplicates removed). */
export function conjugate(p: PrincipalParts, prefix = '', set: FormSet = 'all'): string[] {
  if (set !== 'all') return selectedForms(p, prefix, set);
  const out = new Set<string>([p.infinitive, p.present1, p.present3]);
  out.add(p.present1.endsWith('e') ? `${p.present1}s` : p.present1);
  if (p.plural !== null) {
    for (const e of ['ons', 'ez', 'ais', 'ait', 'ions', 'iez', 'aient', 'ant']) out.add(p.plural + e);
  }
  if (p.plural3 !== null) for (const e of ['ent', 'e', 'es']) out.add(p.plural3 + e);
  if (p.past !== null) {
    if (p.past.endsWith('a')) {
      const b = p.past.slice(0, -1);
      for (const e of ['ai', 'as', 'a', 'âmes', 'âtes', 'èrent', 'asse', 'assent', 'ât']) out.add(b + e);
    } else {
      const b = p.past.slice(0, -1);
      for (const e of ['s', 't', 'rent', 'sse', 'ssent']) out.add(b + e);
      for (const e of ['mes', 'tes', 't']) out.add(circumflex(b) + e);
    }
  }
  for (const e of ['ai', 'as', 'a', 'ons', 'ez', 'ont', 'ais', 'ait', 'ions', 'iez', 'aient']) out.add(p.future + e);
  out.add(p.participle);
  if (!p.invariable) {
    const base = p.participle.replace(/û$/, 'u');
    out.add(`${base}e`);
    out.add(/[sx]$/.test(base) ? base : `${base}s`);
    out.add(`${base}es`);
  }
  for (const e of p.extra) out.add(e);
  out.delete('');
  return prefix ? [...out].map((f) => prefix + f) : [...out];
}

function selectedForms(p: PrincipalParts, prefix: string, set: Exclude<FormSet, 'all'>): string[] {
  const out = new Set<string>([p.infinitive, p.present3, p.participle]);
  if (p.plural3 !== null) out.add(`${p.plural3}ent`);
  if (set === 'principal') {
    out.add(`${p.future}a`);
    out.add(`${p.future}ait`);
    if (p.plural !== null) for (const e of ['ait', 'ant']) out.add(p.plural + e);
    for (const e of p.extra) out.add(e);
  }
  if (set === 'principal' && p.past !== null) {
    out.add(p.past);
    out.add(p.past.endsWith('a') ? `${p.past.slice(0, -1)}èrent` : `${p.past.slice(0, -1)}rent`);
  }
  if (!p.invariable) {
    const base = p.participle.replace(/û$/, 'u');
    out.add(`${base}e`);
    out.add(/[sx]$/.test(base) ? base : `${base}s`);
  }
  out.delete('');
  return prefix ? [...out].map((f) => prefix + f) : [...out];
}

interface Verb {
  infinitive: string;
  parts: PrincipalParts;
  prefix: string;
  forms: string[];
}

interface Paradigm {
  /** The infinitive ending (« dre »). */
  ending: string;
  /** Its folded form. */
  folded: string;
  /** Every form ending of the paradigm, with its folded form, longest first. */
  endings: { form: string; folded: string }[];
  parts: PrincipalParts;
}

interface Tables {
  verbs: Map<string, Verb>;
  byForm: Map<string, string[]>;
  paradigms: Paradigm[];
  /** Folded form ending → the paradigms having it (the reverse look-up of {@link frenchLemmas}). */
  endings: Map<string, Paradigm[]>;
  /** Length of the longest folded form ending. */
  longest: number;
}

let tables: Tables | undefined;

/** Builds the verb tables once: irregular verbs by folded infinitive and by folded form, and the paradigms. */
function load(): Tables {
  if (tables) return tables;
  const verbs = new Map<string, Verb>();
  const byForm = new Map<string, string[]>();
  const addVerb = (parts: PrincipalParts, prefix: string) => {
    const infinitive = prefix + parts.infinitive;
    const key = fold(infinitive);
    if (verbs.has(key)) return;
    const forms = conjugate(parts, prefix);
    verbs.set(key, { infinitive, parts, prefix, forms });
    for (const f of forms) {
      const k = fold(f);
      const list = byForm.get(k);
      if (!list) byForm.set(k, [infinitive]);
      else if (!list.includes(infinitive)) list.push(infinitive);
    }
  };
  for (const line of IRREGULAR.split('\n')) {
    if (!line.trim()) continue;
    const { parts, prefixes, bound } = parseLine(line);
    if (!bound) addVerb(parts, '');
    for (const pre of prefixes) addVerb(parts, pre);
  }
  const paradigms: Paradigm[] = [];
  for (const line of PARADIGMS.split('\n')) {
    if (!line.trim()) continue;
    const { parts } = parseLine(line);
    const forms = conjugate(parts);
    paradigms.push({
      ending: parts.infinitive,
      folded: fold(parts.infinitive),
      parts,
      endings: [...new Set(forms)].map((form) => ({ form, folded: fold(form) })).sort((a, b) => b.folded.length - a.folded.length),
    });
  }
  const endings = new Map<string, Paradigm[]>();
  let longest = 0;
  for (const p of paradigms) {
    for (const e of p.endings) {
      const list = endings.get(e.folded);
      if (!list) endings.set(e.folded, [p]);
      else if (!list.includes(p)) list.push(p);
      longest = Math.max(longest, e.folded.length);
    }
  }
  tables = { verbs, byForm, paradigms, endings, longest };
  return tables;
}

/** The irregular verbs (with their compounds) whose forms include this folded word, as infinitives. */
export function irregularLemmas(word: string): string[] {
  return [...(load().byForm.get(word) ?? [])];
}

/**
 * Folded infinitives a folded French word may be a form of: the irregular verbs that have this form, else
 * guesses from the regular paradigms (longest matching ending first). Guesses are not checked: a wrong one
 * simply names no verb a dictionary knows.
 */
export function frenchLemmas(word: string): string[] {
  const irregular = irregularLemmas(word);
  if (irregular.length) return irregular.map(fold);
  const t = load();
  const out: string[] = [];
  // Longest ending first; the stem keeps at least two letters, one of them a vowel.
  for (let n = Math.min(t.longest, word.length - 2); n >= 1; n--) {
    const paradigms = t.endings.get(word.slice(word.length - n));
    if (!paradigms) continue;
    const stem = word.slice(0, word.length - n);
    if (!/[aeiouy]/.test(stem)) continue;
    for (const p of paradigms) {
      for (const s of respell(stem, p.folded, word.slice(word.length - n))) {
        const lemma = s + p.folded;
        if (lemma !== word && !out.includes(lemma)) out.push(lemma);
      }
    }
  }
  return out;
}

/**
 * Stems of the infinitive behind a regular -er form, undoing its spelling changes: « mangeons » (mange-),
 * « appelle » (appell-), « emploie » (emploi-), « paie » (pai-).
 */
function respell(stem: string, inf: string, ending: string): string[] {
  const out = [stem];
  if (inf !== 'er') return out;
  if (/ge$/.test(stem) && /^[ao]/.test(ending)) out.push(stem.slice(0, -1));
  if (/([lt])\1$/.test(stem)) out.push(stem.slice(0, -1));
  if (/[oua]i$/.test(stem)) out.push(`${stem.slice(0, -1)}y`);
  return out;
}

/** Options of {@link frenchForms}. */
export interface FormsOptions {
  /** Include the -er and second-group -ir verbs, whose forms the stemmer already brings together (default true). */
  regular?: boolean;
  /** Which forms (see {@link FormSet}); default 'all'. */
  set?: FormSet;
}

/**
 * The simple forms of a French verb given by its infinitive (folded or not), with their accents: from the
 * irregular table, else from the paradigm its ending belongs to. Empty for a word no paradigm fits.
 */
export function frenchForms(infinitive: string, { regular = true, set = 'all' }: FormsOptions = {}): string[] {
  const key = fold(infinitive);
  const t = load();
  const verb = t.verbs.get(key);
  if (verb) return set === 'all' ? [...verb.forms] : conjugate(verb.parts, verb.prefix, set);
  for (const p of t.paradigms) {
    const firstGroups = p.ending === 'er' || p.ending === 'ir';
    // A stem of at least three letters for the third group (« ordre », « cadre » are nouns).
    if (!key.endsWith(p.folded) || key.length < p.folded.length + (firstGroups ? 2 : 3)) continue;
    if (!regular && firstGroups) return [];
    // The stem as written when the infinitive came with its accents (« céd|er »), else folded.
    const stem = key === infinitive ? key.slice(0, -p.folded.length) : infinitive.slice(0, -p.ending.length);
    return conjugate(p.parts, stem, set);
  }
  return [];
}

/** Whether a folded word is the infinitive of a verb of the irregular table. */
export function isIrregularInfinitive(word: string): boolean {
  return load().verbs.has(word);
}
