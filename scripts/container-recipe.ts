/**
 * Performs the container recipe (`Dockerfile`) without a container runtime, in a clean directory, so that
 * a test can check that the image would build and run: `npx tsx scripts/container-recipe.ts [--full]`.
 *
 * It reads the Dockerfile itself, so the recipe and its check cannot drift apart: every stage gets a
 * directory of its own standing for its file system root; `WORKDIR`, `COPY` (from the build context, with
 * `.dockerignore` applied, or `--from` another stage), `ENV`, `ARG`, `RUN`, `USER`, `VOLUME`, `HEALTHCHECK`
 * and `CMD` are carried out there, in order. Absolute paths of the image (`/app`, `/data`) are mapped into the
 * stage's directory, as a chroot would; `RUN` lines run with `sh -c` in the stage's working directory, with
 * the stage's environment. The base image itself (`FROM node:…`) is this machine's Node.
 *
 * Liberties, each stated in what {@link runRecipe} returns (none with `full`):
 * - The build stage's `npm ci` (all dependencies, only used to compile) is replaced by a link to this
 *   checkout's `node_modules`: the compile step (`npm run build`) still runs on the copied sources.
 * - The production `npm ci --omit=dev` runs for real the first time; its result is kept (hard links) in
 *   `installCache`, keyed by the command, package.json, package-lock.json, Node's version and the platform,
 *   and reused while none of them changes. A fresh `npm ci` of the checkout empties that cache (it lives
 *   under node_modules/.cache), so a fresh clone always performs the real install.
 * - With `pruneInstead` (what `npm test` uses: a real install took minutes on a loaded machine), the
 *   production `npm ci --omit=dev` is replaced by `npm prune --omit=dev` run by npm on a hard-linked copy of
 *   this checkout's node_modules: the same lock file's production tree, with no download.
 * - `COPY --from` another stage hard-links the files instead of copying them (same content).
 * - `USER node` runs as `node` when this machine has that user; otherwise as the unprivileged `nobody`
 *   (uid 65534), and `chown` to `node` gives the files to that uid. As root only: otherwise as the caller.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One instruction of the Dockerfile. */
export interface Instruction {
  /** Upper-case keyword (`RUN`, `COPY`…). */
  op: string;
  /** The rest of the instruction, continuation lines joined. */
  args: string;
  /** 1-based line where it starts. */
  line: number;
}

/** One stage (`FROM … AS name`). */
export interface Stage {
  /** `AS` name, or its index as a string. */
  name: string;
  /** The image it starts from (after ARG substitution). */
  from: string;
  steps: Instruction[];
}

/** A parsed Dockerfile. */
export interface Recipe {
  /** `ARG`s declared before the first `FROM`, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/**
 * Parses a Dockerfile: comments, line continuations (`\`), global `ARG`s substituted into `FROM`.
 * @throws on an instruction before the first FROM other than ARG
 */
export function parseDockerfile(text: string): Recipe {
  const recipe: Recipe = { globalArgs: {}, stages: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let l = lines[i]!;
    if (/^\s*(#|$)/.test(l)) continue;
    while (/\\\s*$/.test(l) && i + 1 < lines.length) {
      l = l.replace(/\\\s*$/, ' ');
      i++;
      if (/^\s*#/.test(lines[i]!)) continue;
      l += lines[i]!.trim();
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(l);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot parse ${JSON.stringify(l)}`);
    const ins: Instruction = { op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start + 1 };
    if (ins.op === 'FROM') {
      const [image = '', as, name] = substitute(ins.args, recipe.globalArgs).split(/\s+/);
      recipe.stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(recipe.stages.length), from: image, steps: [] });
    } else if (!recipe.stages.length) {
      if (ins.op !== 'ARG') throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before FROM`);
      const [k, v = ''] = ins.args.split('=');
      recipe.globalArgs[k!] = v;
    } else {
      recipe.stages[recipe.stages.length - 1]!.steps.push(ins);
    }
  }
  return recipe;
}

/** `${NAME}` and `$NAME` substitution, as Docker does in FROM, ENV, WORKDIR, COPY. */
function substitute(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a?: string, def?: string, b?: string) => vars[(a ?? b)!] ?? def ?? '');
}

/** `KEY=value KEY2="quoted value"` pairs of ENV (the modern form only). */
export function parseEnvPairs(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out[m[1]!] = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
  return out;
}

/** A JSON array form (`["a", "b"]`) or a shell form (wrapped in `sh -c`). */
export function execForm(args: string): string[] {
  const t = args.trim();
  if (t.startsWith('[')) return JSON.parse(t) as string[];
  return ['sh', '-c', t];
}

/** `.dockerignore` patterns as a predicate on context-relative paths (`*`, `**`, `!` exceptions). */
export function dockerignore(text: string): (rel: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pat = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      const re = pat
        .split('/')
        .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/');
      return { negate, re: new RegExp(`^${re}(/.*)?$`) };
    });
  return (rel) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(rel)) ignored = !r.negate;
    return ignored;
  };
}

/** A stage being carried out. */
interface StageState {
  root: string;
  workdir: string;
  env: Record<string, string>;
  args: Record<string, string>;
  user?: string;
}

/** The image the recipe produced (the final stage), ready to run. */
export interface Image {
  /** The final stage's root directory. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  /** `USER`, as written. */
  user?: string;
  /** `VOLUME` paths, as written. */
  volumes: string[];
  /** `EXPOSE`d ports. */
  exposed: number[];
  /** `HEALTHCHECK CMD`, exec form. */
  healthcheck?: string[];
  /** `CMD`, exec form. */
  cmd: string[];
  /** Maps an absolute image path to this machine. */
  hostPath(p: string): string;
  /** What was done differently from a container build (see the module's comment). */
  liberties: string[];
  /** Every instruction carried out, `stage:line OP args`. */
  log: string[];
}

/** Options of {@link runRecipe}. */
export interface RecipeOptions {
  /** The build context (the checkout). */
  context: string;
  /** An empty directory to work in. */
  workDir: string;
  /** Run the build stage's full `npm ci` too (slow); default: link this checkout's node_modules instead. */
  full?: boolean;
  /** Progress lines. */
  log?: (s: string) => void;
  /** Where production installs are kept for reuse (see the module's comment); default none. */
  installCache?: string;
  /**
   * Without `full` and without a kept install: derive the production tree from this checkout's
   * node_modules with `npm prune --omit=dev` instead of installing (no download; see the module's comment).
   */
  pruneInstead?: boolean;
}

const UNPRIVILEGED = 65534;

/** The uid/gid the image's USER runs as here (null: as the caller, when not root). */
function mapUser(user: string | undefined): { uid: number; gid: number; name: string } | null {
  if (!user || process.getuid?.() !== 0) return null;
  const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  if (r.status === 0) {
    const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
    return { uid: Number(r.stdout.trim()), gid, name: user };
  }
  return { uid: UNPRIVILEGED, gid: UNPRIVILEGED, name: 'nobody' };
}

/**
 * Carries out every stage of the Dockerfile in `workDir` and returns the final image, not started.
 * @throws naming the Dockerfile line of the first step that fails
 */
export async function runRecipe(opts: RecipeOptions): Promise<Image> {
  const log = opts.log ?? (() => {});
  const recipe = parseDockerfile(fs.readFileSync(path.join(opts.context, 'Dockerfile'), 'utf8'));
  const ignoreFile = path.join(opts.context, '.dockerignore');
  const ignored = dockerignore(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '');
  fs.mkdirSync(opts.workDir, { recursive: true });
  const stages = new Map<string, StageState>();
  const liberties: string[] = [];
  const done: string[] = [];
  const finalStage = recipe.stages[recipe.stages.length - 1]!;
  const finalUser = mapUser(finalStage.steps.filter((s) => s.op === 'USER').pop()?.args);
  const image: Partial<Image> = { volumes: [], exposed: [], cmd: [] };
  if (finalUser) {
    // The unprivileged user must be able to reach the image's files, as in an image: let it through the
    // directories above the work directory that are ours (temporary directories are private).
    for (let d = path.resolve(opts.workDir); d !== path.dirname(d); d = path.dirname(d)) {
      const s = fs.statSync(d);
      if (s.uid === process.getuid?.() && !(s.mode & 0o001)) fs.chmodSync(d, (s.mode & 0o7777) | 0o055);
    }
  }
  // `chown` to the image's user, who may not exist here: give the files to the uid that will run them.
  const shims = path.join(opts.workDir, 'shims');
  fs.mkdirSync(shims, { recursive: true });
  const realChown = spawnSync('sh', ['-c', 'command -v chown'], { encoding: 'utf8' }).stdout.trim() || '/bin/chown';
  fs.writeFileSync(
    path.join(shims, 'chown'),
    `#!/bin/sh\n# chown for the recipe check: the image's user is ${finalUser?.name ?? 'the caller'} here\n` +
      (finalUser ? `args=""\nfor a in "$@"; do case "$a" in *:*|node) a="${finalUser.uid}:${finalUser.gid}";; esac; args="$args '$a'"; done\neval exec ${realChown} $args\n` : 'exit 0\n'),
    { mode: 0o755 },
  );

  for (const [index, stage] of recipe.stages.entries()) {
    const root = path.join(opts.workDir, `stage-${stage.name}`);
    fs.mkdirSync(root, { recursive: true });
    fs.chmodSync(root, 0o755);
    const st: StageState = { root, workdir: '/', env: {}, args: { ...recipe.globalArgs }, user: undefined };
    stages.set(stage.name, st);
    stages.set(String(index), st);
    if (!/^node:/.test(stage.from)) throw new Error(`stage ${stage.name}: only node base images can be stood in for (FROM ${stage.from})`);
    const host = (p: string) => path.join(root, path.posix.resolve(st.workdir, p));
    for (const ins of stage.steps) {
      const where = `Dockerfile line ${ins.line} (${stage.name})`;
      const args = substitute(ins.args, { ...st.args, ...st.env });
      done.push(`${stage.name}:${ins.line} ${ins.op} ${args}`);
      log(`${stage.name}: ${ins.op} ${args}`);
      switch (ins.op) {
        case 'ARG': {
          const [k, v] = ins.args.split('=');
          st.args[k!] = v ?? st.args[k!] ?? '';
          break;
        }
        case 'ENV':
          Object.assign(st.env, parseEnvPairs(args));
          break;
        case 'WORKDIR':
          st.workdir = path.posix.resolve(st.workdir, args);
          fs.mkdirSync(host('.'), { recursive: true });
          break;
        case 'COPY': {
          const parts = args.split(/\s+/);
          const flags = parts.filter((p) => p.startsWith('--'));
          const paths = parts.filter((p) => !p.startsWith('--'));
          const dest = paths.pop()!;
          const fromFlag = flags.find((f) => f.startsWith('--from='))?.slice(7);
          const src = fromFlag ? stages.get(fromFlag) : undefined;
          if (fromFlag && !src) throw new Error(`${where}: no stage ${fromFlag}`);
          const destHost = host(dest);
          const intoDir = dest.endsWith('/') || paths.length > 1;
          for (const p of paths) {
            const from = src ? path.join(src.root, path.posix.resolve(src.workdir, p)) : path.join(opts.context, p);
            if (!fs.existsSync(from)) throw new Error(`${where}: COPY ${p}: not found`);
            const target = intoDir && !fs.statSync(from).isDirectory() ? path.join(destHost, path.basename(from)) : destHost;
            fs.mkdirSync(path.dirname(target), { recursive: true });
            if (src && !fs.existsSync(target)) {
              linkTree(from, target);
              continue;
            }
            fs.cpSync(from, target, {
              recursive: true,
              verbatimSymlinks: true,
              filter: (f) => src !== undefined || !ignored(path.relative(opts.context, f).split(path.sep).join('/')),
            });
          }
          const chown = flags.find((f) => f.startsWith('--chown='));
          if (chown && finalUser) spawnSync(realChown, ['-R', `${finalUser.uid}:${finalUser.gid}`, destHost]);
          break;
        }
        case 'RUN': {
          const command = mapAbsolute(args, root);
          const npmCi = /^npm ci\b/.test(args.trim());
          if (!opts.full && npmCi && !/--omit=dev/.test(args)) {
            liberties.push(`${where}: "${args}" replaced by a link to ${path.join(opts.context, 'node_modules')} (set full for the real install)`);
            fs.symlinkSync(path.join(opts.context, 'node_modules'), host('node_modules'), 'dir');
            break;
          }
          let cached: string | undefined;
          if (!opts.full && npmCi && opts.installCache) {
            const h = createHash('sha256').update(`${args}\n${process.version}\n${process.platform}-${process.arch}\n`);
            for (const f of ['package.json', 'package-lock.json']) h.update(fs.existsSync(host(f)) ? fs.readFileSync(host(f)) : '');
            cached = path.join(opts.installCache, h.digest('hex').slice(0, 16));
            if (fs.existsSync(path.join(cached, 'node_modules'))) {
              liberties.push(`${where}: "${args}" reused from ${cached} (an earlier real run of it, same lock file and Node)`);
              linkTree(path.join(cached, 'node_modules'), host('node_modules'));
              break;
            }
          }
          if (!opts.full && npmCi && opts.pruneInstead) {
            // The same lock file's production tree, without a download: a hard-linked copy of this
            // checkout's node_modules, pruned of the development dependencies by npm itself.
            const t1 = performance.now();
            linkTree(path.join(opts.context, 'node_modules'), host('node_modules'));
            for (const own of ['.package-lock.json']) {
              const f = host(`node_modules/${own}`);
              if (fs.existsSync(f)) fs.copyFileSync(path.join(opts.context, 'node_modules', own), `${f}.copy`), fs.renameSync(`${f}.copy`, f);
            }
            fs.rmSync(host('node_modules/.cache'), { recursive: true, force: true });
            const env = { ...baseEnv(), ...st.env };
            const r = spawnSync('npm', ['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: host('.'), env, encoding: 'utf8' });
            if (r.status !== 0) throw new Error(`${where}: npm prune --omit=dev failed (exit ${r.status})\n${r.stderr.slice(-2000)}`);
            liberties.push(`${where}: "${args}" replaced by \`npm prune --omit=dev\` on a hard-linked copy of ${path.join(opts.context, 'node_modules')} (same lock file, no download; set full for the real install)`);
            log(`${stage.name}: … ${Math.round(performance.now() - t1)} ms (pruned copy)`);
            break;
          }
          const t0 = performance.now();
          const env = { ...baseEnv(), ...st.env, PATH: `${shims}:${process.env.PATH ?? ''}` };
          const r = spawnSync('sh', ['-c', command], { cwd: host('.'), env, encoding: 'utf8', maxBuffer: 64 << 20 });
          if (r.status !== 0) throw new Error(`${where}: RUN ${args} failed (exit ${r.status})\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
          log(`${stage.name}: … ${Math.round(performance.now() - t0)} ms`);
          if (cached) {
            fs.rmSync(cached, { recursive: true, force: true });
            fs.mkdirSync(cached, { recursive: true });
            linkTree(host('node_modules'), path.join(cached, 'node_modules'));
          }
          break;
        }
        case 'USER':
          st.user = args;
          break;
        case 'VOLUME':
          image.volumes!.push(...execForm(args).filter((x) => x !== 'sh' && x !== '-c'));
          break;
        case 'EXPOSE':
          image.exposed!.push(...args.split(/\s+/).map((p) => Number.parseInt(p, 10)));
          break;
        case 'HEALTHCHECK': {
          const m = /\bCMD\s+(.*)$/.exec(args);
          if (!m) throw new Error(`${where}: HEALTHCHECK without CMD`);
          image.healthcheck = execForm(m[1]!);
          break;
        }
        case 'CMD':
          image.cmd = execForm(args);
          break;
        case 'LABEL':
        case 'ENTRYPOINT':
        case 'STOPSIGNAL':
          if (ins.op === 'ENTRYPOINT') throw new Error(`${where}: ENTRYPOINT is not supported by this check`);
          break;
        default:
          throw new Error(`${where}: ${ins.op} is not supported by this check`);
      }
    }
    if (stage === finalStage) {
      Object.assign(image, { root, workdir: st.workdir, env: st.env, user: st.user });
    }
  }
  if (finalUser && finalUser.name !== image.user) liberties.push(`USER ${image.user}: no such user here, run as ${finalUser.name} (uid ${finalUser.uid})`);
  const root = image.root!;
  return {
    ...(image as Image),
    hostPath: (p: string) => path.join(root, path.posix.resolve(image.workdir!, p)),
    liberties,
    log: done,
  };
}

/** Copies a tree as hard links (`cp -al`: same content, no copy); a plain copy where links fail. */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const r = spawnSync('cp', ['-al', from, to]);
  if (r.status !== 0) fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** Removes a directory tree (`rm -rf`, far faster than fs.rmSync on large trees). */
export function removeTree(dir: string): void {
  const r = spawnSync('rm', ['-rf', dir]);
  if (r.status !== 0) fs.rmSync(dir, { recursive: true, force: true });
}

/** The environment of a step: this machine's basics (PATH, HOME, npm's cache), nothing of the caller's config. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'npm_config_cache', 'NPM_CONFIG_CACHE', 'npm_config_registry', 'NPM_CONFIG_REGISTRY'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
}

/** Rewrites the image's absolute paths (`/app`, `/data`…) in a shell command into the stage's directory. */
function mapAbsolute(command: string, root: string): string {
  return command.replace(/(^|[\s=:"'])(\/(?!(?:usr|bin|sbin|lib|etc|dev|proc|sys|tmp)\b)[A-Za-z0-9_.-][^\s"';&|]*)/g, (_m, pre: string, p: string) => `${pre}${root}${p}`);
}

/** A started image. */
export interface Running {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Runs the image's HEALTHCHECK command; resolves with its exit code. */
  healthcheck(): Promise<number>;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts the image's CMD (or `command`, like `docker run IMAGE command…`) in its working directory with its
 * environment (plus `env`, like `docker run -e`), as its user. stdin stays open (like `docker run -i`).
 */
export function startImage(image: Image, env: Record<string, string> = {}, command: string[] = image.cmd): Running {
  const runEnv = { ...baseEnv(), ...mapEnv(image), ...env };
  const user = mapUser(image.user);
  const [cmd, ...args] = command;
  // The base image's node is this machine's.
  const child = spawn(cmd === 'node' ? process.execPath : cmd!, args, {
    cwd: image.hostPath('.'),
    env: runEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    healthcheck: () =>
      new Promise((resolve, reject) => {
        const [hc, ...hargs] = image.healthcheck ?? [];
        if (!hc) return reject(new Error('the image has no HEALTHCHECK'));
        const p = spawn(hc === 'node' ? process.execPath : hc, hargs, { cwd: image.hostPath('.'), env: runEnv, stdio: 'ignore', ...(user ? { uid: user.uid, gid: user.gid } : {}) });
        p.on('error', reject);
        p.on('exit', (code) => resolve(code ?? 1));
      }),
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Runs a command in the image (like `docker run --rm IMAGE node …`), as its user, and waits for it.
 * @returns its exit code and output
 */
export function execInImage(image: Image, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const user = mapUser(image.user);
  const r = spawnSync(args[0] === 'node' ? process.execPath : args[0]!, args.slice(1), {
    cwd: image.hostPath('.'),
    env: { ...baseEnv(), ...mapEnv(image), ...env },
    encoding: 'utf8',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The image's environment, its absolute directories mapped into the image's root. */
function mapEnv(image: Image): Record<string, string> {
  return Object.fromEntries(Object.entries(image.env).map(([k, v]) => [k, /^\/(?!usr|bin)\w/.test(v) ? path.join(image.root, v) : v]));
}

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const context = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-recipe-'));
  const t0 = performance.now();
  const installCache = path.join(context, 'node_modules/.cache/quotebot-recipe');
  const image = await runRecipe({ context, workDir, full, installCache, log: (s) => process.stderr.write(`[recipe] ${s}\n`) });
  process.stderr.write(`[recipe] built in ${Math.round(performance.now() - t0)} ms in ${workDir}\n`);
  for (const l of image.liberties) process.stderr.write(`[recipe] liberty: ${l}\n`);
  const running = startImage(image, { METRICS_PORT: process.env.METRICS_PORT ?? '9464' });
  let code = 1;
  for (let i = 0; i < 60 && code !== 0; i++) {
    await new Promise((r) => setTimeout(r, 500));
    code = await running.healthcheck();
  }
  process.stderr.write(`[recipe] HEALTHCHECK exit ${code}\n${running.output()}\n`);
  await running.stop();
  removeTree(workDir);
  process.exit(code);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) void main();
