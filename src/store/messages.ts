/**
 * The bot's framing for the store's features (buttons, their replies, the report), in English and French.
 */
import type { Lang } from '../types.js';
import type { CorpusReport } from './report.js';

/** Framing strings of the store's features for one language. */
export interface StoreMessages {
  up: string;
  down: string;
  moreButton: string;
  shareButton: string;
  voted: (value: 1 | -1, previous: number) => string;
  morePassages: (from: number, to: number) => string;
  noMore: string;
  storeOff: string;
  expired: string;
  notPrivate: string;
  sharedBy: (who: string) => string;
  reportTitle: string;
  reportSince: (since: string) => string;
  reportTotals: (questions: number, answered: number) => string;
  reportDeclined: string;
  reportDownvoted: string;
  reportCited: string;
  reportNever: string;
  reportWeeks: string;
  reportNothing: string;
  reportChanges: string;
  change: (action: 'add' | 'update' | 'remove', outcome: 'done' | 'refused' | 'failed') => string;
  /** Who made a change by hand in the corpus directory (there is no person to hash). */
  byHand: string;
  questionNotKept: string;
  times: (n: number) => string;
  lastAsked: string;
}

const en: StoreMessages = {
  up: 'Helpful',
  down: 'Not helpful',
  moreButton: 'More passages',
  shareButton: 'Share in channel',
  voted: (v, prev) => (prev && prev !== v ? `Your vote is now ${v > 0 ? '👍' : '👎'}.` : v > 0 ? 'Thanks for the 👍.' : 'Thanks: noted 👎, the moderators will see it.'),
  morePassages: (from, to) => `More passages (${from}–${to})`,
  noMore: 'No more passages for this question.',
  storeOff: 'The buttons are unavailable right now (the bot’s store is off); the answer still stands.',
  expired: 'This answer is no longer kept (older than the retention period): ask again.',
  notPrivate: 'Only a private answer can be shared, by the person who asked.',
  sharedBy: (who) => `Shared by ${who}`,
  reportTitle: 'Corpus report',
  reportSince: (since) => `since ${since}`,
  reportTotals: (q, a) => `${q} questions, ${a} answered (${pct(a, q)}), ${q - a} declined (${pct(q - a, q)})`,
  reportDeclined: 'Asked but not covered',
  reportDownvoted: 'Most down-voted answers',
  reportCited: 'Documents cited most',
  reportNever: 'Never cited',
  reportWeeks: 'Per week (questions, answered, declined)',
  reportNothing: 'none',
  reportChanges: 'Corpus changes',
  byHand: 'edited by hand in the corpus directory',
  change: (a, o) => `${{ add: 'added', update: 'updated', remove: 'removed' }[a]}${o === 'done' ? '' : o === 'refused' ? ' (refused)' : ' (failed)'}`,
  questionNotKept: '(question not kept: QUESTION_LOG)',
  times: (n) => `${n}×`,
  lastAsked: 'last asked',
};

const fr: StoreMessages = {
  up: 'Utile',
  down: 'Pas utile',
  moreButton: 'Autres passages',
  shareButton: 'Partager dans le salon',
  voted: (v, prev) => (prev && prev !== v ? `Votre vote est maintenant ${v > 0 ? '👍' : '👎'}.` : v > 0 ? 'Merci pour le 👍.' : 'Merci : 👎 noté, les modérateurs le verront.'),
  morePassages: (from, to) => `Autres passages (${from}–${to})`,
  noMore: 'Plus d’autre passage pour cette question.',
  storeOff: 'Les boutons sont indisponibles pour l’instant (la base du bot est hors service) ; la réponse reste valable.',
  expired: 'Cette réponse n’est plus conservée (plus ancienne que la durée de conservation) : reposez la question.',
  notPrivate: 'Seule une réponse privée peut être partagée, par la personne qui l’a demandée.',
  sharedBy: (who) => `Partagé par ${who}`,
  reportTitle: 'Rapport sur le corpus',
  reportSince: (since) => `depuis le ${since}`,
  reportTotals: (q, a) => `${q} questions, ${a} avec réponse (${pct(a, q)}), ${q - a} sans réponse (${pct(q - a, q)})`,
  reportDeclined: 'Questions que le corpus ne couvre pas',
  reportDownvoted: 'Réponses les plus mal notées',
  reportCited: 'Documents les plus cités',
  reportNever: 'Jamais cités',
  reportWeeks: 'Par semaine (questions, avec réponse, sans réponse)',
  reportNothing: 'aucun',
  reportChanges: 'Modifications du corpus',
  byHand: 'modifié à la main dans le répertoire du corpus',
  change: (a, o) => `${{ add: 'ajout', update: 'mise à jour', remove: 'retrait' }[a]}${o === 'done' ? '' : o === 'refused' ? ' (refusé)' : ' (échec)'}`,
  questionNotKept: '(question non conservée : QUESTION_LOG)',
  times: (n) => `${n}×`,
  lastAsked: 'dernière fois',
};

function pct(n: number, total: number): string {
  return total ? `${Math.round((n / total) * 100)}%` : '–';
}

/** The store's framing strings in `lang`. */
export function storeMessages(lang: Lang): StoreMessages {
  return lang === 'fr' ? fr : en;
}

/** One report section for plain-text renderers: a heading and its lines. */
export interface ReportSection {
  title: string;
  lines: string[];
}

/**
 * The report as sections of plain lines (no markup), for every renderer: terminal, `npm run report`,
 * and (escaped) Discord and Slack. `max` caps the lines of each list.
 */
export function reportSections(r: CorpusReport, lang: Lang, max = 10): ReportSection[] {
  const m = storeMessages(lang);
  const nothing = [m.reportNothing];
  const declined = r.declined.slice(0, max).map((d) => `${m.times(d.count)} ${d.question} (${m.lastAsked} ${d.lastAsked.slice(0, 10)})`);
  const down = r.downvoted.slice(0, max).map((d) => {
    const where = d.document ? `${d.document} §${d.paragraph}` : '?';
    const passage = d.passage ? ` « ${oneLine(d.passage.text, 160)} »` : '';
    return `${m.times(d.count)} 👎 ${d.question ?? m.questionNotKept} → ${where}${passage}`;
  });
  const cited = r.documents.filter((d) => d.cited > 0).slice(0, max).map((d) => `${d.cited} — ${d.title} (${d.id})`);
  const never = r.documents.filter((d) => d.cited === 0);
  const neverLines = never.slice(0, max).map((d) => `${d.title} (${d.id})`);
  if (never.length > max) neverLines.push(`… +${never.length - max}`);
  const weeks = r.weeks.slice(-12).map((w) => `${w.week}: ${w.questions}, ${w.answered}, ${w.declined}`);
  const changes = r.changes.slice(0, max).map((c) => {
    const what = [c.document, c.title ? `“${oneLine(c.title, 80)}”` : null, !c.document && c.source ? oneLine(c.source, 80) : null].filter(Boolean).join(' ');
    const why = c.error ? `: ${oneLine(c.error, 120)}` : '';
    const who = c.platform === 'host' ? m.byHand : `${c.platform} ${c.by.slice(0, 8)}`;
    return `${c.at.slice(0, 16).replace('T', ' ')} ${m.change(c.action, c.outcome)} ${what || '?'} (${who})${why}`;
  });
  return [
    { title: `${m.reportTitle} — ${m.reportSince(r.since.slice(0, 10))}`, lines: [m.reportTotals(r.questions, r.answered)] },
    { title: m.reportDeclined, lines: declined.length ? declined : nothing },
    { title: m.reportDownvoted, lines: down.length ? down : nothing },
    { title: m.reportCited, lines: cited.length ? cited : nothing },
    { title: m.reportNever, lines: neverLines.length ? neverLines : nothing },
    { title: m.reportWeeks, lines: weeks.length ? weeks : nothing },
    { title: m.reportChanges, lines: changes.length ? changes : nothing },
  ];
}

/** The report as terminal text. */
export function reportText(r: CorpusReport, lang: Lang): string {
  return reportSections(r, lang, 20)
    .map((s) => [s.title, ...s.lines.map((l) => `  ${l}`)].join('\n'))
    .join('\n\n');
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
