#!/usr/bin/env node
/**
 * Fails (exit 1) when the running Node does not satisfy package.json's `engines.node`, with a message that
 * says which versions are supported. Run by CI (.ci/run) after `npm ci`: `npm run check:engines`.
 * `CHECK_ENGINES_NODE=18.20.0` checks another version instead of the running one (for tests).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const range = pkg.engines?.node;
const version = process.env.CHECK_ENGINES_NODE || process.versions.node;
if (!range) {
  process.stderr.write('check-engines: package.json has no engines.node\n');
  process.exit(1);
}
if (!semver.validRange(range)) {
  process.stderr.write(`check-engines: engines.node ${JSON.stringify(range)} is not a valid range\n`);
  process.exit(1);
}
if (!semver.satisfies(version, range)) {
  process.stderr.write(`check-engines: Node ${version} does not satisfy engines.node "${range}"\n`);
  process.exit(1);
}
process.stdout.write(`check-engines: Node ${version} satisfies engines.node "${range}"\n`);
