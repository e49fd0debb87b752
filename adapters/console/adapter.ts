/**
 * The terminal adapter: a prompt, each line answered, until end of input or Ctrl-C. The person at the
 * terminal runs the bot, so they may use the moderator commands.
 */
import { PLAIN_CORPUS_STYLE, renderCorpusText } from '../corpus-text.js';
import readline from 'node:readline';
import type { Adapter, Bot, BotReply, BotRequest } from '../adapter.js';
import { messages, humanDate, type CommandSyntax } from '../../src/i18n.js';

/** The commands as typed in the terminal (see {@link lineToRequest}): a question is typed as it is. */
export const CONSOLE_COMMANDS: CommandSyntax = { ask: null, timeline: '/timeline', corpusManage: '/corpus add, /corpus remove, /corpus list', corpusRefresh: '/corpus refresh', corpusStatus: '/corpus status', corpusReport: '/corpus report' };
import { ANSI, PLAIN, renderAnswerText, renderTimelineText, type TextStyle } from './render.js';
import { reportText, storeMessages } from '../../src/store/messages.js';
import { quoteFileName } from '../../src/corpus/names.js';
import { parseTimelineText } from '../../src/timeline/text.js';
import { timelineMessages } from '../../src/timeline/messages.js';

/** Options of {@link ConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  bot: Bot;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Longest question accepted (quoted in the refusal). */
  maxQuestionLength?: number;
  /**
   * Called when input ends (end of file or Ctrl-C), and when the reader of the output goes away (EPIPE:
   * `npm start | head -1`): then the remaining input is not read.
   */
  onEnd?: () => void;
  /** Called once when writing the output fails for another reason than EPIPE (default: ignored). */
  onOutputError?: (err: Error) => void;
}

/** Renders any reply of the core as terminal text. */
export function renderReplyText(reply: BotReply, style: TextStyle, maxQuestionLength = 500): string {
  switch (reply.kind) {
    case 'answer':
      return renderAnswerText(reply.answer, style, maxQuestionLength);
    case 'timeline':
      if (reply.invalid) return timelineMessages(reply.lang).badRange(reply.invalid).replace(/`/g, '');
      return renderTimelineText(reply.entries, reply.lang, style);
    case 'help':
      return messages(reply.lang).help(CONSOLE_COMMANDS);
    case 'rate_limited':
      return messages(reply.lang).rateLimited(reply.retryAfterSeconds);
    case 'forbidden':
      return messages(reply.lang).forbidden;
    case 'error':
      return messages(reply.lang).error;
    case 'report':
      return reportText(reply.report, reply.lang);
    case 'unavailable': {
      const m = storeMessages(reply.lang);
      return reply.reason === 'expired' ? m.expired : reply.reason === 'not_private' ? m.notPrivate : m.storeOff;
    }
    case 'vote':
      return storeMessages(reply.lang).voted(reply.value, reply.previous);
    case 'more': {
      const p = reply.page;
      if (!p.passages.length) return storeMessages(reply.lang).noMore;
      const head = storeMessages(reply.lang).morePassages(p.offset + 1, p.offset + p.passages.length);
      return `${head}\n${renderAnswerText({ question: '', language: reply.lang, type: 'other', answered: true, passages: p.passages }, style, maxQuestionLength)}`;
    }
    case 'share':
      return renderAnswerText(reply.answer, style, maxQuestionLength);
    case 'status': {
      const s = reply.status;
      return `${messages(reply.lang).status}: ${s.documents} documents, ${s.passages} passages, version ${s.version}, ${humanDate(s.loadedAt.slice(0, 16), 'minute', reply.lang)}`;
    }
    case 'corpus_add':
    case 'corpus_remove':
    case 'corpus_list':
      return renderCorpusText(reply, PLAIN_CORPUS_STYLE);
    case 'refresh': {
      const r = reply.report;
      const m = messages(reply.lang);
      const head = r.ok ? m.refreshOk : `${m.refreshRefused}: ${r.error ?? ''}`;
      const lines = [
        `${head} (${r.ms} ms, version ${r.version})`,
        `  + ${r.added.join(', ') || '-'}  ~ ${r.changed.join(', ') || '-'}  - ${r.removed.join(', ') || '-'}`,
        `  ${r.documents} documents, ${r.passages} passages`,
        ...r.rejected.map((x) => `  ! ${quoteFileName(x.file)}: ${x.field}: ${x.reason}`),
      ];
      return lines.join('\n');
    }
  }
}

/**
 * Maps a typed line to a request: `/timeline [q]`, `/help`, `/corpus refresh|status`, `/corpus add URL`,
 * `/corpus remove ID`, `/corpus list [PAGE]` (files: `npm run corpus -- add FILE`), or a question.
 */
export function lineToRequest(line: string): BotRequest {
  const from = { platform: 'console' as const, userId: 'terminal', isModerator: true };
  const m = /^\/(\w+)\s*(.*)$/s.exec(line.trim());
  if (m) {
    const [, cmd, rest] = m;
    if (cmd === 'help') return { kind: 'help', from };
    if (cmd === 'timeline') return { kind: 'timeline', ...parseTimelineText(rest ?? ''), from };
    if (cmd === 'corpus' && rest === 'refresh') return { kind: 'refresh', from };
    if (cmd === 'corpus' && rest === 'status') return { kind: 'status', from };
    if (cmd === 'corpus' && rest === 'report') return { kind: 'report', from };
    const c = cmd === 'corpus' ? /^(add|remove|list)(?:\s+(\S+))?\s*$/.exec(rest ?? '') : null;
    if (c?.[1] === 'add' && c[2]) return { kind: 'corpus_add', url: c[2], from };
    if (c?.[1] === 'remove' && c[2]) return { kind: 'corpus_remove', id: c[2], from };
    if (c?.[1] === 'list') return { kind: 'corpus_list', page: Number(c[2] ?? 1) || 1, from };
    if (cmd === 'ask') return { kind: 'ask', text: rest ?? '', from };
  }
  return { kind: 'ask', text: line, from };
}

/** The terminal {@link Adapter}. */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  private rl: readline.Interface | null = null;
  private connected = false;
  private readonly style: TextStyle;

  constructor(private readonly opts: ConsoleAdapterOptions) {
    const out = opts.output ?? process.stdout;
    this.style = (out as NodeJS.WriteStream).isTTY ? ANSI : PLAIN;
  }

  /** Starts the prompt. Resolves at once; input is processed one line at a time, in order. */
  async start(): Promise<void> {
    const input = this.opts.input ?? process.stdin;
    const output = this.opts.output ?? process.stdout;
    const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
    const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    this.rl = rl;
    this.connected = true;
    // A reader that goes away (EPIPE) ends the session like the end of input; the answers still queued are
    // not written. Without this listener the stream's error would kill the process with a stack trace.
    let outputOpen = true;
    output.on('error', (e: NodeJS.ErrnoException) => {
      if (!outputOpen) return;
      outputOpen = false;
      if (e.code !== 'EPIPE') this.opts.onOutputError?.(e);
      rl.close();
    });
    const write = (s: string) => {
      if (outputOpen) output.write(s);
    };
    if (interactive) write('Ask a question about the corpus (French or English). /help for commands, Ctrl-D to quit.\n');
    const prompt = () => interactive && rl.prompt();
    rl.setPrompt('? ');
    prompt();
    let queue = Promise.resolve();
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        if (!outputOpen) return;
        if (!line.trim()) {
          prompt();
          return;
        }
        const reply = await this.opts.bot.processEvent(lineToRequest(line));
        write(`${renderReplyText(reply, this.style, this.opts.maxQuestionLength)}\n\n`);
        prompt();
      });
    });
    rl.on('close', () => {
      void queue.then(() => {
        this.connected = false;
        this.opts.onEnd?.();
      });
    });
  }

  /** Closes the prompt. */
  async stop(): Promise<void> {
    this.connected = false;
    this.rl?.close();
    this.rl = null;
  }

  /** True while the prompt is open. */
  isConnected(): boolean {
    return this.connected;
  }
}
