/**
 * Where the project's own files are, whether the code runs from its TypeScript sources (`tsx`, vitest) or
 * from the compiled JavaScript in `dist/` (`npm run start:prod`): the package root is the nearest directory
 * above the running module that holds `package.json`, and the bundled data (`data/`) is found from there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from './errors.js';

let root: string | undefined;

/**
 * The package root: the nearest directory holding `package.json` above `from` (default: this module).
 * `src/paths.ts` → the checkout; `dist/src/paths.js` → the checkout too (`dist/` has no package.json).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  if (root && from === fileURLToPath(import.meta.url)) return root;
  let dir = path.dirname(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) break;
    const up = path.dirname(dir);
    if (up === dir) throw new SetupError(`no package.json above ${from}`);
    dir = up;
  }
  if (from === fileURLToPath(import.meta.url)) root = dir;
  return dir;
}

/** A file of the bundled data: `dataPath('lexicon', 'en-fr.tsv')` → `<package root>/data/lexicon/en-fr.tsv`. */
export function dataPath(...parts: string[]): string {
  return path.join(packageRoot(), 'data', ...parts);
}
