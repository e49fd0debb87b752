/**
 * Rough lemmatization of question words before lexicon look-up: dictionaries list base forms ("give",
 * « occuper »), questions use inflected ones ("given", « occupé »). Candidates are tried in order; wrong
 * guesses simply find nothing in the lexicon.
 */
import type { Lang } from '../types.js';

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

/** Candidate base forms of a folded word, the word itself first. */
export function lemmaCandidates(word: string, lang: Lang): string[] {
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
    if (word.length > 4 && word.endsWith('ed')) {
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
  } else {
    // Participles and conjugated forms → infinitive; plurals and feminines → masculine singular.
    if (/ees?$|es$/.test(word) && word.length > 4) add(word.replace(/e(e?)s?$/, '$1').replace(/e$/, 'er'));
    if (/e$/.test(word) && word.length > 3) {
      add(`${word}r`);
      add(word.slice(0, -1));
    }
    if (/ee?s?$/.test(word) && word.length > 3) add(word.replace(/ee?s?$/, 'er'));
    if (/ent$/.test(word) && word.length > 5) add(word.replace(/ent$/, 'er'));
    if (/(ait|aient|a|as|ons|ez)$/.test(word) && word.length > 4) add(word.replace(/(ait|aient|a|as|ons|ez)$/, 'er'));
    if (/it$/.test(word) && word.length > 3) add(word.replace(/it$/, 'ir'));
    if (/is$/.test(word) && word.length > 3) add(word.replace(/is$/, 'ir'));
    if (/aux$/.test(word) && word.length > 4) add(word.replace(/aux$/, 'al'));
    if (/s$|x$/.test(word) && word.length > 3) add(word.slice(0, -1));
    if (/euse$/.test(word)) add(word.replace(/euse$/, 'eur'));
    if (/rice$/.test(word)) add(word.replace(/rice$/, 'eur'));
    if (/ive$/.test(word)) add(word.replace(/ive$/, 'if'));
    if (/elle$/.test(word)) add(word.replace(/elle$/, 'el'));
    if (/enne$/.test(word)) add(word.replace(/enne$/, 'en'));
  }
  return out;
}
