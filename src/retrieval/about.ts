/**
 * Questions about a document itself — its subject, what it explains, a summary ("What is this article
 * about?", « De quoi parle l'article ? », « Quel est le sujet du document sur la panne ? ») — are answered
 * from the document's title and opening: the first passage of its first paragraph, quoted as written.
 */
import type { PassageIndex } from '../index/passage-index.js';
import { fold } from '../text/analyze.js';
import type { Lang } from '../types.js';

/** Words that name the document rather than its content. */
const DOC_WORDS: Record<Lang, string> = {
  en: 'article|document|text|story|piece|report|paper|page|corpus',
  fr: 'article|document|texte|recit|papier|page|corpus|reportage|dossier',
};

/** Wordings of a question about a document itself (on the folded question). */
const ABOUT: Record<Lang, RegExp[]> = {
  en: [
    new RegExp(`\\b(?:what|which)\\b.*\\b(?:${DOC_WORDS.en})\\b.*\\b(?:about|explain|explains|cover|covers|describe|describes|deal with|deals with|tell|tells|say|says)\\b`),
    new RegExp(`\\b(?:subject|topic|theme|summary|gist|main point|main idea)s?\\b.*\\b(?:${DOC_WORDS.en})\\b`),
    new RegExp(`^(?:please\\s+)?(?:summari[sz]e|sum up)\\b.*\\b(?:${DOC_WORDS.en})\\b`),
  ],
  fr: [
    new RegExp(`\\bde quoi\\b.*\\b(?:parle|parlent|traite|traitent)\\b`),
    new RegExp(`\\b(?:sujet|theme|resume|objet|idee principale)s?\\b.*\\b(?:${DOC_WORDS.fr})\\b`),
    new RegExp(`\\b(?:que|qu'|quel(?:le)?s?)\\b.*\\b(?:raconte|explique|decrit|dit|relate|traite)\\b.*\\b(?:${DOC_WORDS.fr})\\b`),
    new RegExp(`\\b(?:${DOC_WORDS.fr})\\b.*\\b(?:raconte|explique|decrit|relate|traite)[- ]t?[- ]?(?:il|elle)\\b`),
    new RegExp(`^(?:resume|resumez|resumer)\\b`),
  ],
};

/** A word naming a document, in either language. */
const DOC_WORD = new RegExp(`\\b(?:${DOC_WORDS.en}|${DOC_WORDS.fr})\\b|^(?:resum|summ)`);

/** Whether a question asks about a document itself rather than about something in it. */
export function asksAboutDocument(question: string, lang: Lang): boolean {
  const f = fold(question.replace(/’/g, "'")).replace(/\s+/g, ' ').trim();
  return ABOUT[lang].some((re) => re.test(f)) && DOC_WORD.test(f);
}

/** Folded words that only make up the request in such a question; the others say which document is meant. */
const REQUEST_WORDS = new Set(
  `${DOC_WORDS.en}|${DOC_WORDS.fr}|about|explain|explains|cover|covers|describe|describes|deal|deals|tell|tells|say|says|subject|topic|theme|summary|gist|main|point|idea|summarize|summarise|sum|please|parle|parlent|traite|traitent|sujet|resume|resumez|resumer|objet|idee|principale|raconte|explique|decrit|dit|relate|quoi|event|evenement`.split('|'),
);

/** Whether a folded question word only makes up the request ("article", "about", « sujet »). */
export function isRequestWord(word: string): boolean {
  return REQUEST_WORDS.has(word) || REQUEST_WORDS.has(word.replace(/s$/, ''));
}

/**
 * The opening passage of a document: the first passage of its first paragraph (a two-sentence window when
 * the paragraph has one, else its first sentence). Undefined for an unknown document.
 */
export function openingPassage(index: PassageIndex, doc: number): number | undefined {
  let best: number | undefined;
  index.paragraphs.forEach((p, pid) => {
    if (best !== undefined || p.doc !== doc) return;
    const ids = (index.passagesOfParagraph[pid] ?? []).filter((id) => index.passages[id]!.first === 0);
    const first = ids.find((id) => index.passages[id]!.sentences === 2) ?? ids[0];
    // A heading (short, no closing punctuation) is not the opening: the paragraph after it is.
    if (first === undefined || isHeading(index.text(index.passages[first]!))) return;
    best = first;
  });
  return best;
}

function isHeading(text: string): boolean {
  return text.length < 100 && !/[.!?:»"”)]\s*$/.test(text.trim());
}

/**
 * The document a question about "the article" means when it names none: the most recently published (a
 * document without a date counts as the oldest).
 */
export function newestDocument(index: PassageIndex): number {
  let best = 0;
  index.documents.forEach((d, i) => {
    if ((d.published ?? '') > (index.documents[best]!.published ?? '')) best = i;
  });
  return best;
}
