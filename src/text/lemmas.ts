/**
 * Lemmatization of question words before lexicon look-up: dictionaries list base forms ("give",
 * « occuper »), questions use inflected ones ("given", « occupé », « prit »). Candidates are tried in order;
 * wrong guesses simply find nothing in the lexicon. French verbs go through {@link frenchLemmas} (a table of
 * the irregular verbs and the regular paradigms); English irregular forms through a table below.
 */
import { fold } from './analyze.js';
import type { Lang } from '../types.js';
import { frenchForms, frenchLemmas, irregularLemmas } from './french-verbs.js';
import { memoized } from './memo.js';

/** Common English irregular verb forms → base form. */
const EN_IRREGULAR: Record<string, string> = Object.fromEntries(
  (
    'arose:arise,arisen:arise,awoke:awake,was:be,were:be,been:be,bore:bear,born:bear,borne:bear,beat:beat,beaten:beat,' +
    'became:become,began:begin,begun:begin,bent:bend,bet:bet,bound:bind,bit:bite,bitten:bite,bled:bleed,blew:blow,' +
    'blown:blow,broke:break,broken:break,bred:breed,brought:bring,built:build,burnt:burn,burst:burst,bought:buy,' +
    'caught:catch,chose:choose,chosen:choose,came:come,cost:cost,crept:creep,cut:cut,dealt:deal,dug:dig,did:do,done:do,' +
    'drew:draw,drawn:draw,dreamt:dream,drank:drink,drunk:drink,drove:drive,driven:drive,ate:eat,eaten:eat,fell:fall,' +
    'fallen:fall,fed:feed,felt:feel,fought:fight,found:find,fled:flee,flew:fly,flown:fly,forbade:forbid,forbidden:forbid,' +
    'forgot:forget,forgotten:forget,forgave:forgive,forgiven:forgive,froze:freeze,frozen:freeze,got:get,gotten:get,' +
    'gave:give,given:give,went:go,gone:go,grew:grow,grown:grow,hung:hang,had:have,heard:hear,hid:hide,hidden:hide,' +
    'hit:hit,held:hold,hurt:hurt,kept:keep,knew:know,known:know,laid:lay,led:lead,left:leave,lent:lend,let:let,lay:lie,' +
    'lain:lie,lit:light,lost:lose,made:make,meant:mean,met:meet,paid:pay,put:put,quit:quit,read:read,rode:ride,' +
    'ridden:ride,rang:ring,rung:ring,rose:rise,risen:rise,ran:run,said:say,saw:see,seen:see,sought:seek,sold:sell,' +
    'sent:send,set:set,shook:shake,shaken:shake,shone:shine,shot:shoot,showed:show,shown:show,shut:shut,sang:sing,' +
    'sung:sing,sank:sink,sunk:sink,sat:sit,slept:sleep,slid:slide,spoke:speak,spoken:speak,spent:spend,spun:spin,' +
    'split:split,spread:spread,sprang:spring,stood:stand,stole:steal,stolen:steal,stuck:stick,stung:sting,struck:strike,' +
    'swore:swear,sworn:swear,swept:sweep,swam:swim,swum:swim,swung:swing,took:take,taken:take,taught:teach,tore:tear,' +
    'torn:tear,told:tell,thought:think,threw:throw,thrown:throw,understood:understand,undertook:undertake,woke:wake,' +
    'woken:wake,wore:wear,worn:wear,won:win,withdrew:withdraw,withdrawn:withdraw,wrote:write,written:write,' +
    'children:child,men:man,women:woman,people:person,mice:mouse,feet:foot,teeth:tooth,geese:goose,lives:life,' +
    'wives:wife,knives:knife,leaves:leaf,halves:half,criteria:criterion,phenomena:phenomenon,data:datum'
  )
    .split(',')
    .map((pair) => pair.split(':') as [string, string]),
);

/** English base form → its irregular forms ("take" → took, taken), the inverse of {@link EN_IRREGULAR}. */
const EN_FORMS = new Map<string, string[]>();
for (const [form, base] of Object.entries(EN_IRREGULAR)) {
  const list = EN_FORMS.get(base);
  if (list) list.push(form);
  else EN_FORMS.set(base, [form]);
}

/** French verbs whose forms are not worth adding to a question: the auxiliaries (stopwords or homographs). */
const AUXILIARIES = new Set(['etre', 'avoir']);

/**
 * Forms of a base word (folded) that the stemmer does not bring back to it, so that a passage using one of
 * them still matches: the irregular English forms ("take" → took, taken), the principal forms of a French
 * verb outside the first two groups (prendre → prend, prit, pris, prennent…). Empty for anything else.
 */
export function irregularForms(lemma: string, lang: Lang): readonly string[] {
  if (lang === 'en') return EN_FORMS.get(lemma) ?? [];
  if (AUXILIARIES.has(lemma)) return [];
  return cached(formsCache, lemma, () => frenchForms(lemma, { regular: false, set: 'principal' }));
}

const formsCache = new Map<string, string[]>();
const commonCache: Record<Lang, Map<string, string[]>> = { fr: new Map(), en: new Map() };
const candidatesCache: Record<Lang, Map<string, string[]>> = { fr: new Map(), en: new Map() };

/** The cached value of `key`, computed once (see memo.ts). */
const cached = <T>(cache: Map<string, T>, key: string, compute: () => T): T => memoized(cache, key, 50_000, compute);

/**
 * The most frequent forms of the word a rarer form belongs to, for a question using the rarer one: a
 * French passé simple, future or imperfect of an irregular verb → its infinitive, present and participle
 * (« vint » → venir, vient, viennent, venu); an irregular English past → its base ("took" → take). Empty
 * when the word is itself one of these frequent forms (a question asking « meurt » or « mort » is not
 * widened to the verb's rarer forms), or not a form the tables know. Auxiliaries are left out.
 */
export function commonForms(word: string, lang: Lang): readonly string[] {
  return cached(commonCache[lang], word, () => findCommonForms(word, lang));
}

function findCommonForms(word: string, lang: Lang): string[] {
  if (lang === 'en') {
    const base = EN_IRREGULAR[word];
    return base && base !== word ? [base] : [];
  }
  const out: string[] = [];
  for (const lemma of irregularLemmas(word)) {
    if (AUXILIARIES.has(fold(lemma))) continue;
    const common = frenchForms(lemma, { set: 'common' });
    if (common.some((f) => fold(f) === word)) return [];
    for (const f of common) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** Candidate base forms of a folded word, the word itself first. */
export function lemmaCandidates(word: string, lang: Lang): readonly string[] {
  return cached(candidatesCache[lang], word, () => findCandidates(word, lang));
}

function findCandidates(word: string, lang: Lang): string[] {
  const out = [word];
  const add = (w: string) => {
    if (w.length >= 2 && !out.includes(w)) out.push(w);
  };
  if (lang === 'en') {
    const irr = EN_IRREGULAR[word];
    if (irr) add(irr);
    if (word.length > 4 && word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
    if (word.length > 4 && word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
    if (word.length > 4 && /(?:ch|sh|ss|x|z|o)es$/.test(word)) add(word.slice(0, -2));
    if (word.length > 3 && /[^s]s$/.test(word)) add(word.slice(0, -1));
    // Four letters suffice for a past form (died → die, used → use).
    if (word.length > 3 && word.endsWith('ed')) {
      add(word.slice(0, -1));
      add(word.slice(0, -2));
      if (/(.)\1ed$/.test(word)) add(word.slice(0, -3));
    }
    if (word.length > 5 && word.endsWith('ing')) {
      add(word.slice(0, -3));
      add(`${word.slice(0, -3)}e`);
      if (/(.)\1ing$/.test(word)) add(word.slice(0, -4));
    }
    if (word.length > 4 && word.endsWith('ly')) add(word.slice(0, -2));
    // Dictionaries list some verbs in the passive ("be born" → « naître »).
    if (irr || /(?:ed|en|n)$/.test(word)) add(`be ${word}`);
  } else {
    // Verb forms → infinitives: the irregular verbs' own forms, else the regular paradigms' guesses.
    for (const lemma of frenchLemmas(word)) add(lemma);
    // Plurals and feminines → masculine singular.
    if (/e$/.test(word) && word.length > 3) add(word.slice(0, -1));
    if (/es$/.test(word) && word.length > 4) add(word.slice(0, -2));
    if (/aux$/.test(word) && word.length > 4) add(word.replace(/aux$/, 'al'));
    // Three letters suffice for a plural (« ans » → an).
    if (/s$|x$/.test(word) && word.length > 2) add(word.slice(0, -1));
    if (/euse$/.test(word)) add(word.replace(/euse$/, 'eur'));
    if (/rice$/.test(word)) add(word.replace(/rice$/, 'eur'));
    if (/ive$/.test(word)) add(word.replace(/ive$/, 'if'));
    if (/elle$/.test(word)) add(word.replace(/elle$/, 'el'));
    if (/enne$/.test(word)) add(word.replace(/enne$/, 'en'));
  }
  return out;
}

/**
 * The regular English inflections of a word's candidate base forms ("die" → dies, died, dying; "studied" →
 * study, studies, studying): the stemmer does not bring all of them to one stem ("died" → di, "die" → die),
 * so a question asking one form would miss a passage using another. Wrong base guesses give forms no passage
 * uses, which match nothing. Empty for French (its verbs go through the paradigms of french-verbs.ts).
 */
export function englishInflections(word: string): readonly string[] {
  return cached(inflectionCache, word, () => {
    const out = new Set<string>();
    for (const base of lemmaCandidates(word, 'en')) {
      if (base.includes(' ') || base.length < 2) continue;
      const e = base.endsWith('e');
      const stemE = e ? base.slice(0, -1) : base;
      const y = /[^aeiou]y$/.test(base) ? base.slice(0, -1) : null;
      out.add(base);
      out.add(y ? `${y}ies` : /(?:s|x|z|ch|sh|o)$/.test(base) ? `${base}es` : `${base}s`);
      out.add(y ? `${y}ied` : e ? `${base}d` : `${base}ed`);
      out.add(base.endsWith('ie') ? `${base.slice(0, -2)}ying` : e && !base.endsWith('ee') ? `${stemE}ing` : `${base}ing`);
    }
    out.delete(word);
    return [...out];
  });
}

const inflectionCache = new Map<string, string[]>();
