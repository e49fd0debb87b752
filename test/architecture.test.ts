/**
 * The house rules of ARCHITECTURE.md, checked on the source itself: short functions, a small engine,
 * coded errors, no platform code in the engine, and imports that only go down the layers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();
}

const SRC = sourceFiles('src');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface FunctionSpan {
  file: string;
  name: string;
  line: number;
  lines: number;
}

/** Every function, method and arrow function of a file, with its length in lines (nested ones included). */
export function functionSpans(file: string, source: string): FunctionSpan[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript'] });
  const spans: FunctionSpan[] = [];
  const visit = (node: unknown, name: string): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, name);
      return;
    }
    if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return;
    const n = node as Record<string, unknown> & { type: string; loc?: { start: { line: number }; end: { line: number } } };
    const own = (n.id as { name?: string } | undefined)?.name ?? (n.key as { name?: string } | undefined)?.name ?? name;
    if (/Function|Method/.test(n.type) && n.loc) {
      spans.push({ file, name: own || '(anonymous)', line: n.loc.start.line, lines: n.loc.end.line - n.loc.start.line + 1 });
    }
    for (const [k, v] of Object.entries(n)) {
      if (k !== 'loc' && k !== 'start' && k !== 'end' && v && typeof v === 'object') visit(v, own);
    }
  };
  visit(ast.program, '');
  return spans;
}

/** The relative imports of a file, resolved to repository paths. */
function imports(file: string): string[] {
  const out: string[] = [];
  for (const m of read(file).matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    out.push(spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec);
  }
  return out;
}

/** The layer a file of `src/` belongs to: its folder, or `src` for the files at the top. */
const folderOf = (file: string) => {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.(ts|js)$/, '');
};

describe('house rules (ARCHITECTURE.md)', () => {
  it('finds the functions of a file with their length', () => {
    const spans = functionSpans('x.ts', 'function a() {\n  return 1;\n}\nconst b = () =>\n  2;\nclass C { m(): void {\n}\n}\n');
    expect(spans.map((s) => [s.name, s.lines])).toEqual([['a', 3], ['b', 2], ['m', 2]]);
  });

  it('has no function in src/ over 100 lines', () => {
    const long = SRC.flatMap((f) => functionSpans(f, read(f))).filter((s) => s.lines > 100);
    expect(long.map((s) => `${s.file}:${s.line} ${s.name} (${s.lines} lines)`)).toEqual([]);
  });

  it('keeps the engine small: src/engine.ts under 350 lines', () => {
    expect(read('src/engine.ts').split('\n').length).toBeLessThan(350);
  });

  it('throws no bare Error in src/ (coded errors; TypeError/RangeError only for wrong arguments)', () => {
    const bare = SRC.filter((f) => /throw new Error\(/.test(read(f)));
    expect(bare).toEqual([]);
  });

  it('has no platform code in src/: no platform library, nothing about Discord sharding', () => {
    const platform = SRC.filter((f) => imports(f).some((i) => /^(discord\.js|@discordjs\/|@slack\/)/.test(i)));
    expect(platform).toEqual([]);
    expect(SRC.filter((f) => /shard/i.test(f) || /\bShardingManager\b|\bshardId\b/.test(read(f)))).toEqual([]);
  });

  it('imports adapters from src/ only in the terminal front ends', () => {
    const FRONT_ENDS = ['src/cli/ask.ts', 'src/cli/timeline.ts'];
    const up = SRC.filter((f) => !FRONT_ENDS.includes(f) && imports(f).some((i) => i.startsWith('adapters/')));
    expect(up).toEqual([]);
  });

  it('has no import cycle between the folders of src/', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of SRC) {
      const from = folderOf(f);
      for (const i of imports(f).filter((x) => x.startsWith('src/'))) {
        const to = folderOf(i);
        if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) walk(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) walk(node, []);
    expect(edges.size).toBeGreaterThan(5);
    expect(cycles).toEqual([]);
  });
});
