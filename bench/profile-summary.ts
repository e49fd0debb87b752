/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench -- --profile`): the functions
 * with the most self time, the functions with the most inclusive time, and self time per source file.
 *
 * Usage: `npx tsx bench/profile-summary.ts <file.cpuprofile> [top] [function]`; with a function name, only
 * the samples with that function on the stack are counted (e.g. `ask`: the answer path alone).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The parts of a `.cpuprofile` used here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Time spent in one function or file, in ms and as a share of the profile. */
export interface Share {
  name: string;
  ms: number;
  share: number;
}

/** Self time per function, inclusive time per function and self time per file, largest first. */
export function summarizeProfile(
  p: CpuProfile,
  root = '',
  under?: string,
): { totalMs: number; self: Share[]; inclusive: Share[]; files: Share[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const onStack = (id: number, name: string) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === name) return true;
    return false;
  };
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => {
    if (under && !onStack(id, under)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const file = root && url.startsWith(root) ? path.relative(root, url) : url.split('/node_modules/').pop() || '(native)';
    return { fn: `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`, file };
  };
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { fn, file } = label(byId.get(id)!);
    self.set(fn, (self.get(fn) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { fn } = label(byId.get(cur)!);
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((us / totalUs) * 1000) / 10 }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(totalUs / 1000), self: list(self), inclusive: list(inclusive), files: list(files) };
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const under = process.argv[4];
  const root = fileURLToPath(new URL('..', import.meta.url));
  const s = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, root, under);
  const show = (title: string, rows: Share[]) => {
    process.stdout.write(`\n${title}\n`);
    for (const r of rows.slice(0, top)) process.stdout.write(`${String(r.share).padStart(5)}%  ${String(r.ms).padStart(9)} ms  ${r.name}\n`);
  };
  process.stdout.write(`total ${s.totalMs} ms${under ? ` with ${under} on the stack` : ''}\n`);
  show('self time by function', s.self);
  show('inclusive time by function', s.inclusive);
  show('self time by file', s.files);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
