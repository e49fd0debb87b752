/**
 * Pure rendering of a {@link BotReply} into a Discord message payload (content and embeds), always within
 * Discord's limits. No discord.js object is created here: the payload is plain JSON that the adapter sends
 * with `reply()`, `editReply()` or `message.reply()`.
 *
 * Corpus text and user text are escaped so that they cannot inject Discord formatting (bold, links,
 * headings, code, spoilers, mentions); the only markup in a quote is ours: the answering span in bold.
 */
import { renderCorpusText, type CorpusTextStyle } from '../corpus-text.js';
import { CORPUS_LIST_BUTTON } from './commands.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { BotReply } from '../../src/bot.js';
import { declineText, humanDate, messages, precisionOf, type CommandSyntax } from '../../src/i18n.js';
import { COMMAND, commandDefinitions } from './commands.js';
import type { AnswerPassage, Answer, Lang, TimelineEntry } from '../../src/types.js';
import { renderHighlights, truncateQuote, truncateWords } from '../render.js';
import { quoteFileName } from '../../src/corpus/names.js';
import { renderTimelineMessage } from './timeline.js';

/** Discord's documented message and embed limits (characters). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name of all embeds. */
  embedTotal: 6000,
  embeds: 10,
} as const;

/** One embed field. */
export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** A Discord embed, as sent to the API (the subset we use). */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
  /** A picture shown in the embed (`attachment://name` for an attached file). */
  image?: { url: string };
}

/** A message payload for Discord, ready to send; `allowedMentions` is always empty. */
export interface DiscordPayload {
  content?: string;
  embeds: DiscordEmbed[];
  /** Whether the reply should be visible to the asker only (interactions only). */
  ephemeral: boolean;
  /** Always `{ parse: [], repliedUser: false }`: nobody is ever pinged. */
  allowedMentions: { parse: []; repliedUser: false };
  /** Message components (the answer's buttons, see components.ts; the page buttons of `/corpus list`). */
  components?: { type: 1; components: unknown[] }[];
  /** Files to attach. */
  files?: { name: string; data: Buffer; description?: string }[];
}

/** A row of buttons, as Discord's JSON (type 1 row, type 2 buttons). */
export interface DiscordActionRow {
  type: 1;
  components: { type: 2; style: number; label: string; custom_id: string; disabled?: boolean }[];
}

/** The markup of Discord for the corpus replies. */
const DISCORD_CORPUS_STYLE: CorpusTextStyle = {
  bold: (s) => `**${s}**`,
  code: (s) => `\`${s.replace(/`/g, 'ˋ')}\``,
  esc: (s) => escapeDiscord(s),
  link: (url, label) => {
    const safe = safeUrl(url);
    return safe ? `[${escapeDiscord(label).replace(/[[\]]/g, '')}](${safe})` : escapeDiscord(label);
  },
};

/** The page buttons of a corpus list reply. */
export function corpusListButtons(lang: Lang, page: number, pages: number): DiscordActionRow[] {
  if (pages <= 1) return [];
  const m = messages(lang).corpus;
  return [
    {
      type: 1,
      components: [
        { type: 2, style: 2, label: `◀ ${m.previous}`, custom_id: `${CORPUS_LIST_BUTTON}${page - 1}`, disabled: page <= 1 },
        { type: 2, style: 2, label: `${m.next} ▶`, custom_id: `${CORPUS_LIST_BUTTON}${page + 1}`, disabled: page >= pages },
      ],
    },
  ];
}

/** Options of {@link renderReply}. */
export interface RenderOptions {
  /** Whether the asker asked for a private answer (`/ask private:true`). */
  private?: boolean;
  /** Maximum question length, quoted in the "too long" reply. */
  maxQuestionLength?: number;
  /** The registered commands' ids by name: the help then names them as clickable mentions (see {@link discordCommands}). */
  commandIds?: Partial<Record<string, string>>;
  /** Timeline: attach the picture of the first page (`/timeline image:true`). */
  timelineImage?: boolean;
}

const COLOR_ANSWER = 0x2b6cb0;
const COLOR_DECLINED = 0x718096;
/** A low-confidence answer (the closest passage): amber, so it never looks like a sure one. */
const COLOR_CLOSEST = 0xd69e2e;
const COLOR_OK = 0x2f855a;
const COLOR_FAIL = 0xc53030;
/** Budget of one short "more passages" quote. */
const SHORT_QUOTE = 300;
const NO_MENTIONS = { parse: [] as [], repliedUser: false as const };

/**
 * Escapes Discord markdown in text that is not ours (corpus quotes, titles, user queries): emphasis, code,
 * spoilers, strike-through, masked links, and line-leading headings, lists and block quotes. Angle brackets
 * are escaped too, so `<@id>`, `<#id>`, `<t:…>` and custom emoji show as text.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|[\]()<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(-#|#{1,3}|[-+])(?=\s|$)/gm, (_m, sp: string, mark: string) => `${sp}\\${mark}`)
    .replace(/^(\s*)(\d+)\.(?=\s|$)/gm, (_m, sp: string, n: string) => `${sp}${n}\\.`);
}

/**
 * Renders `text` (escaped) with `highlights` in bold, cut at a word boundary so that the rendered result
 * (escapes and markup included) has at most `max` characters.
 */
export function renderQuote(text: string, highlights: AnswerPassage['highlights'], max: number): string {
  let budget = max;
  for (let i = 0; i < 12 && budget > 0; i++) {
    const cut = truncateQuote(text, highlights, budget);
    const out = renderHighlights(cut.text, cut.highlights, '**', '**', escapeDiscord);
    if (out.length <= max) return out;
    budget = Math.min(budget - 1, Math.floor((budget * max) / out.length) - 1);
  }
  return truncateWords(escapeDiscord(text), max).slice(0, max);
}

/** Prefixes every line with `> ` (a Discord block quote), within `max` characters. */
function blockQuote(rendered: string, max: number): string {
  const out = rendered
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return out.length <= max ? out : fitLines(out, max);
}

/** Cuts a rendered (already escaped) multi-line string to `max` characters, at a line or word boundary. */
function fitLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  let out = '';
  for (const line of lines) {
    const next = out ? `${out}\n${line}` : line;
    if (next.length > max - 2) break;
    out = next;
  }
  if (!out) return cutRendered(text, max);
  return `${out}\n…`.length <= max ? `${out}\n…` : out;
}

/**
 * Cuts already-rendered markdown to `max` characters without leaving a dangling escape or an unclosed
 * bold: used only as the last resort.
 */
function cutRendered(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncateWords(text, max);
  // Drop a trailing lone backslash (it would escape our "…").
  cut = cut.replace(/\\+…$/u, (m) => ((m.length - 1) % 2 === 0 ? m : m.slice(1)));
  // Balance "**" markers: if odd, remove the last one.
  const bolds = cut.match(/(?<!\\)\*\*/g)?.length ?? 0;
  if (bolds % 2 === 1) {
    const at = cut.lastIndexOf('**');
    cut = cut.slice(0, at) + cut.slice(at + 2);
  }
  return cut.slice(0, max);
}

/** An http(s) URL safe to put in a masked link or an embed `url`, or undefined. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const s = u.toString().replace(/\)/g, '%29').replace(/\(/g, '%28');
    return s.length <= 2000 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** A short, escaped title (documents and embeds). */
function plainTitle(text: string, max: number): string {
  return cutRendered(escapeDiscord(truncateWords(text.replace(/\s+/g, ' ').trim(), max)), max);
}

/** A date in its human form in `lang` plus its ISO form. */
function dateLine(iso: string, lang: Lang): string {
  const safeIso = /^[0-9T:-]+$/.test(iso) ? iso : escapeDiscord(iso);
  return `${humanDate(iso, precisionOf(iso), lang)} (\`${safeIso}\`)`;
}

/** The source line of a passage: title (linked when possible), published date, paragraph. */
function sourceLine(p: Pick<AnswerPassage, 'document' | 'paragraph' | 'page'>, lang: Lang, titleMax = 200): string {
  const m = messages(lang);
  const title = plainTitle(p.document.title, titleMax);
  const url = safeUrl(p.document.source);
  const linked = url ? `[${title}](${url})` : `*${title}*`;
  const date = p.document.published;
  const published = !date
    ? ''
    : /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? `${m.published} ${humanDate(date, 'day', lang)} (\`${date}\`)`
      : `${m.published} ${escapeDiscord(date)}`;
  const where = `${p.page ? `${m.page} ${p.page}, ` : ''}${m.paragraph} ${p.paragraph}`;
  return [linked, published, where].filter(Boolean).join(' · ');
}

/** Renders an answered {@link Answer} as one embed. */
export function renderAnswerEmbed(answer: Answer): DiscordEmbed {
  const lang = answer.language;
  const m = messages(lang);
  const [best, ...rest] = answer.passages;
  if (!best) return { description: m.declined, color: COLOR_DECLINED };
  const low = answer.confidence === 'low';
  const framing = low ? `*${escapeDiscord(m.closest)}*\n` : '';
  const embed: DiscordEmbed = {
    title: plainTitle(answer.question, 200),
    description: framing + blockQuote(renderQuote(best.display.text, best.display.highlights, 3000), DISCORD_LIMITS.embedDescription - framing.length),
    color: low ? COLOR_CLOSEST : COLOR_ANSWER,
    fields: [],
  };
  const url = safeUrl(best.document.source);
  if (url) embed.url = url;
  if (best.dates.length > 0) {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const d of best.dates) {
      if (seen.has(d.iso)) continue;
      seen.add(d.iso);
      lines.push(`• ${dateLine(d.iso, lang)} — « ${escapeDiscord(truncateWords(d.text, 80))} »`);
    }
    embed.fields!.push({ name: m.dates, value: fitLines(lines.join('\n'), DISCORD_LIMITS.fieldValue) });
  }
  embed.fields!.push({ name: m.source, value: cutRendered(sourceLine(best, lang), DISCORD_LIMITS.fieldValue) });
  const more = rest.slice(0, 2).map((p) => {
    const src = `— ${plainTitle(p.document.title, 80)}, ${m.paragraph} ${p.paragraph}`;
    const room = Math.floor((DISCORD_LIMITS.fieldValue - 8) / 2) - src.length - 4;
    const quote = renderQuote(p.display.text, p.display.highlights, Math.max(40, Math.min(SHORT_QUOTE, room)));
    return `> ${quote.replace(/\n/g, ' ')}\n${src}`;
  });
  if (more.length > 0) embed.fields!.push({ name: m.more, value: fitLines(more.join('\n'), DISCORD_LIMITS.fieldValue) });
  return enforceEmbedLimits([embed])[0]!;
}

/** The short, polite reply to a declined question, in the question's language (src/i18n.ts). */
export { declineText };

/** Renders timeline entries as one embed: one line per entry (date, then a short quote), within limits. */
export function renderTimelineEmbed(entries: TimelineEntry[], lang: Lang, query?: string): DiscordEmbed {
  const m = messages(lang);
  const title = query ? `${m.timelineTitle} — ${plainTitle(query, 150)}` : m.timelineTitle;
  if (entries.length === 0) return { title, description: m.timelineEmpty, color: COLOR_DECLINED };
  const max = DISCORD_LIMITS.embedDescription;
  const lines: string[] = [];
  let used = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const head = `**${humanDate(e.iso, e.precision, lang)}** (\`${/^[0-9T:-]+$/.test(e.iso) ? e.iso : '?'}\`)`;
    const quote = renderQuote(e.displayText.replace(/\s+/g, ' '), [], 220);
    const line = `${head} — ${quote} _(${plainTitle(e.document.title, 60)}, ${m.paragraph} ${e.paragraph})_`;
    const remaining = entries.length - i - 1;
    const reserve = remaining > 0 ? 16 : 0;
    if (used + line.length + 1 + reserve > max) {
      lines.push(`… +${entries.length - i}`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { title, description: lines.join('\n'), color: COLOR_ANSWER };
}

/**
 * Renders any {@link BotReply} as a Discord payload. Answers, timelines and reports are embeds; refusals,
 * rate limits and errors are short ephemeral texts. The result always fits Discord's limits.
 */
export function renderReply(reply: BotReply, opts: RenderOptions = {}): DiscordPayload {
  const priv = opts.private ?? false;
  const base = { allowedMentions: NO_MENTIONS };
  switch (reply.kind) {
    case 'answer': {
      const a = reply.answer;
      if (!a.answered || a.passages.length === 0) {
        return { ...base, content: declineText(a, opts.maxQuestionLength), embeds: [], ephemeral: priv };
      }
      return { ...base, embeds: [renderAnswerEmbed(a)], ephemeral: priv };
    }
    case 'vote':
    case 'more':
    case 'share':
    case 'report':
    case 'unavailable':
      // Rendered by components.ts (`renderWithComponents`), which adds the answers' buttons too.
      return { ...base, content: messages(reply.kind === 'share' ? reply.answer.language : reply.lang).error, embeds: [], ephemeral: true };
    case 'timeline':
      // The first page, with its buttons (adapters/discord/timeline.ts).
      return renderTimelineMessage(reply, { page: 0, private: priv, image: opts.timelineImage === true });
    case 'help':
      return { ...base, content: fitContent(messages(reply.lang).help(discordCommands(reply.lang, opts.commandIds))), embeds: [], ephemeral: true };
    case 'refresh': {
      const m = messages(reply.lang);
      const r = reply.report;
      const list = (ids: string[]) => (ids.length ? fitLines(ids.map((x) => `• ${escapeDiscord(x)}`).join('\n'), 1000) : '—');
      const fields: EmbedField[] = [
        { name: 'Documents', value: String(r.documents), inline: true },
        { name: 'Passages', value: String(r.passages), inline: true },
        { name: 'ms', value: String(Math.round(r.ms)), inline: true },
        { name: '+', value: list(r.added), inline: true },
        { name: '~', value: list(r.changed), inline: true },
        { name: '−', value: list(r.removed), inline: true },
      ];
      if (r.rejected.length > 0) {
        const lines = r.rejected.map((x) => `• ${escapeDiscord(quoteFileName(x.file))}: ${escapeDiscord(x.field)}: ${escapeDiscord(x.reason)}`);
        fields.push({ name: '⚠', value: fitLines(lines.join('\n'), DISCORD_LIMITS.fieldValue) });
      }
      const embed: DiscordEmbed = {
        title: r.ok ? m.refreshOk : m.refreshRefused,
        description: r.ok ? `\`${escapeDiscord(r.version)}\`` : escapeDiscord(r.error ?? ''),
        color: r.ok ? COLOR_OK : COLOR_FAIL,
        fields,
      };
      return { ...base, embeds: enforceEmbedLimits([embed]), ephemeral: true };
    }
    case 'status': {
      const m = messages(reply.lang);
      const s = reply.status;
      const fields: EmbedField[] = [
        { name: 'Documents', value: String(s.documents), inline: true },
        { name: 'Passages', value: String(s.passages), inline: true },
        { name: 'Version', value: `\`${escapeDiscord(s.version)}\``, inline: true },
        { name: 'Loaded', value: escapeDiscord(s.loadedAt), inline: true },
      ];
      if (s.rejected.length > 0) {
        const lines = s.rejected.map((x) => `• ${escapeDiscord(quoteFileName(x.file))}: ${escapeDiscord(x.field)}: ${escapeDiscord(x.reason)}`);
        fields.push({ name: '⚠', value: fitLines(lines.join('\n'), DISCORD_LIMITS.fieldValue) });
      }
      return { ...base, embeds: enforceEmbedLimits([{ title: m.status, color: COLOR_OK, fields }]), ephemeral: true };
    }
    case 'rate_limited':
      return { ...base, content: messages(reply.lang).rateLimited(reply.retryAfterSeconds), embeds: [], ephemeral: true };
    case 'forbidden':
      return { ...base, content: messages(reply.lang).forbidden, embeds: [], ephemeral: true };
    case 'error':
      return { ...base, content: messages(reply.lang).error, embeds: [], ephemeral: true };
    case 'corpus_add':
    case 'corpus_remove':
      return { ...base, content: fitContent(renderCorpusText(reply, DISCORD_CORPUS_STYLE)), embeds: [], ephemeral: true };
    case 'corpus_list':
      return {
        ...base,
        content: fitContent(renderCorpusText(reply, DISCORD_CORPUS_STYLE)),
        embeds: [],
        ephemeral: true,
        components: corpusListButtons(reply.lang, reply.page, reply.pages),
      };
  }
}

/** Message content cut to Discord's 2,000 characters. */
export function fitContent(text: string): string {
  return cutRendered(text, DISCORD_LIMITS.content);
}

/** Total characters Discord counts for the 6,000-character embed limit. */
export function embedLength(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Last guard before sending: clamps every part of every embed to Discord's limits (title, description,
 * fields, total). Rendering already stays inside them; this makes a send never fail for length.
 */
export function enforceEmbedLimits(embeds: DiscordEmbed[]): DiscordEmbed[] {
  const L = DISCORD_LIMITS;
  let total = 0;
  const out: DiscordEmbed[] = [];
  for (const src of embeds.slice(0, L.embeds)) {
    const e: DiscordEmbed = { ...src };
    if (e.title !== undefined) e.title = cutRendered(e.title, L.embedTitle) || '…';
    if (e.description !== undefined) e.description = cutRendered(e.description, L.embedDescription) || '…';
    if (e.footer) e.footer = { text: cutRendered(e.footer.text, L.footerText) || '…' };
    if (e.fields) {
      e.fields = e.fields.slice(0, L.fields).map((f) => ({
        ...f,
        name: cutRendered(f.name, L.fieldName) || '…',
        value: cutRendered(f.value, L.fieldValue) || '…',
      }));
    }
    // Total: drop trailing fields, then shorten the description.
    let room = L.embedTotal - total;
    while (embedLength(e) > room && e.fields && e.fields.length > 0) e.fields.pop();
    if (embedLength(e) > room && e.description) {
      const over = embedLength(e) - room;
      e.description = cutRendered(e.description, Math.max(1, e.description.length - over));
    }
    if (embedLength(e) > room) break;
    total += embedLength(e);
    out.push(e);
    room = L.embedTotal - total;
  }
  return out;
}

/**
 * The commands as Discord shows them: with their ids, command mentions (`</ask:ID>`, which a client shows
 * in its own language and makes clickable); without, their names in `lang` as a client in that language
 * shows them (`/question`, `/chronologie`, `/corpus recharger`).
 */
export function discordCommands(lang: Lang, ids: Partial<Record<string, string>> = {}): CommandSyntax {
  const defs = commandDefinitions();
  const name = (n: string) => {
    const d = defs.find((x) => x.name === n);
    return (lang === 'fr' ? d?.name_localizations?.fr : undefined) ?? n;
  };
  const sub = (n: string, s: string) => {
    const d = defs.find((x) => x.name === n);
    const o = (d?.options ?? []).find((x) => x.name === s) as { name_localizations?: Partial<Record<string, string | null>> } | undefined;
    return (lang === 'fr' ? o?.name_localizations?.fr : undefined) ?? s;
  };
  const cmd = (n: string, s?: string) => {
    const id = ids[n];
    const full = s ? `${n} ${s}` : n;
    if (id) return `</${full}:${id}>`;
    return `\`/${name(n)}${s ? ` ${sub(n, s)}` : ''}\``;
  };
  return {
    ask: cmd(COMMAND.ask),
    timeline: cmd(COMMAND.timeline),
    corpusManage: [COMMAND.add, COMMAND.remove, COMMAND.list].map((s) => cmd(COMMAND.corpus, s)).join(', '),
    corpusRefresh: cmd(COMMAND.corpus, COMMAND.refresh),
    corpusStatus: cmd(COMMAND.corpus, COMMAND.status),
    corpusReport: cmd(COMMAND.corpus, COMMAND.report),
  };
}
