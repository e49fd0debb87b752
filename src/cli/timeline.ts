/**
 * `npm run timeline [-- query]`: every dated passage of the corpus in calendar order.
 */
import { detectLanguage } from '../text/analyze.js';
import { ANSI, PLAIN, renderTimelineText } from '../../adapters/console/render.js';
import { openCli, positional } from './common.js';

const argv = process.argv.slice(2);
const { engine } = await openCli(argv);
const query = positional(argv).join(' ');
const entries = engine.timeline(query || undefined);
if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(entries)}\n`);
else process.stdout.write(`${renderTimelineText(entries, query ? detectLanguage(query) : 'en', process.stdout.isTTY ? ANSI : PLAIN)}\n`);
