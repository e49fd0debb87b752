/**
 * What package.json promises: the Node versions (and CI's check of them), and a licence field that says what
 * is MIT and what is not, with the licence texts shipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli/run.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string; engines: { node: string } };

function checkEngines(version?: string): { status: number | null; out: string } {
  const env = { ...process.env, CHECK_ENGINES_NODE: version ?? '' };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-engines.mjs')], { env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('engines', () => {
  it('accepts the running Node, 20.12+ and 22+, and refuses older or odd-numbered lines', () => {
    expect(checkEngines().status).toBe(0);
    for (const v of ['20.12.0', '20.20.2', '22.0.0', '22.11.0', '24.1.0']) expect(checkEngines(v).status, v).toBe(0);
    for (const v of ['18.20.4', '20.11.1', '21.7.3']) {
      const r = checkEngines(v);
      expect(r.status, v).toBe(1);
      expect(r.out).toContain(`Node ${v} does not satisfy engines.node "${pkg.engines.node}"`);
    }
  });

  it('is checked by CI after the install, and stated in the README', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci.indexOf('check:engines')).toBeGreaterThan(ci.indexOf('npm ci'));
    expect(ci.indexOf('check:engines')).toBeLessThan(ci.indexOf('npm test'));
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(pkg.engines.node);
  });
});

describe('licence', () => {
  it('names MIT for the code and GPL-2.0-or-later for the FreeDict lexicon, with both texts shipped', () => {
    expect(pkg.license.split(' AND ')).toEqual(expect.arrayContaining(['MIT', 'GPL-2.0-or-later']));
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(fs.readFileSync(path.join(ROOT, 'data/lexicon/COPYING'), 'utf8')).toMatch(/GNU GENERAL PUBLIC LICENSE\s+Version 2, June 1991/);
    const notice = fs.readFileSync(path.join(ROOT, 'data/lexicon/README.md'), 'utf8');
    expect(notice).toMatch(/WITHOUT ANY WARRANTY/);
    expect(notice).toMatch(/either version 2 of the License, or\s+\(at your option\) any later version/);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toMatch(/GPL-2\.0-or-later/);
    if (pkg.license.includes('Bitstream-Vera')) expect(fs.existsSync(path.join(ROOT, 'assets/fonts/LICENSE'))).toBe(true);
  });
});
