/**
 * `npm run timeline [-- [--from DATE] [--to DATE] [--json] [--image FILE] [words…]]`: every dated passage of
 * the corpus in calendar order, optionally only those matching the words and within the dates (`2026`,
 * `2026-02` or `2026-02-24`, both inclusive). `--image FILE` also writes the PNG picture the chat commands
 * attach (the events on a time axis), of every event selected.
 */
import fs from 'node:fs';
import { messages } from '../i18n.js';
import { detectLanguage } from '../text/analyze.js';
import { ANSI, PLAIN, renderTimelineText } from '../../adapters/console/render.js';
import { timelineMessages } from '../timeline/messages.js';
import { timelinePng } from '../timeline/picture.js';
import { checkRange, inRange } from '../timeline/range.js';
import { fail, openCli, positional } from './common.js';

const argv = process.argv.slice(2);
const valueOf = (flag: string) => {
  const at = argv.indexOf(flag);
  if (at < 0) return undefined;
  const v = argv[at + 1];
  if (!v || v.startsWith('--')) fail(new Error(`${flag} needs a value`));
  return v;
};
const withValue = ['--corpus', '--from', '--to', '--image'];
const query = positional(argv, withValue).join(' ');
const lang = query ? detectLanguage(query) : 'en';
const checked = checkRange({ from: valueOf('--from'), to: valueOf('--to') });
if (!checked.ok) fail(new Error(timelineMessages(lang).badRange(checked.problem).replace(/`/g, '')));
const image = valueOf('--image');
const { engine } = await openCli(argv, 'warn');
const range = checked.range;
const entries = engine.timeline(query || undefined).filter((e) => inRange(e.iso, range));
if (image) {
  const m = messages(lang);
  const t = timelineMessages(lang);
  const title = query ? `${m.timelineTitle} — ${query}` : m.timelineTitle;
  const subtitle = [t.events(entries.length), t.rangeLine(range)].filter(Boolean).join(' · ');
  fs.writeFileSync(image, timelinePng(entries, { lang, title, subtitle }));
  process.stderr.write(`wrote ${image} (${entries.length} events)\n`);
}
if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(entries)}\n`);
else if (!image) process.stdout.write(`${renderTimelineText(entries, lang, process.stdout.isTTY ? ANSI : PLAIN)}\n`);
