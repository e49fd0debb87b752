/**
 * The container recipe, performed without a container runtime (none runs here): scripts/container-recipe.ts
 * reads the Dockerfile and carries out its stages in a clean directory — production install
 * (`npm ci --omit=dev`, for real), build (`npm run build` on the copied sources), then the image's CMD with
 * plain node as an unprivileged user, with its environment, answered by its own HEALTHCHECK. The bot runs
 * Slack in HTTP mode against the fake Slack and answers a signed `/ask`.
 *
 * To keep `npm test` fast: the build stage's full `npm ci` (development dependencies, only used to compile)
 * is linked from this checkout, and the production install is `npm prune --omit=dev` on a hard-linked copy
 * of this checkout's node_modules (the same lock file's production tree, no download), or an earlier real
 * install kept in node_modules/.cache (see scripts/container-recipe.ts). `CONTAINER_RECIPE_FULL=1` performs
 * every step for real (the production install took 16 s on a quiet machine, 8 minutes at load 27).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerignore, execForm, execInImage, parseDockerfile, parseEnvPairs, removeTree, runRecipe, startImage, type Image, type Running } from '../../scripts/container-recipe.js';
import { ROOT } from '../cli/run.js';
import { freePort } from '../helpers/port.js';
import { FakeSlack, postSigned, slashCommandBody } from '../slack/fake-slack.js';
import { FakeDiscord } from '../discord/fake-discord.js';

const FULL = process.env.CONTAINER_RECIPE_FULL === '1';
const SECRET = 'recipe-signing-secret';

describe('the Dockerfile', () => {
  const recipe = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const final = recipe.stages[recipe.stages.length - 1]!;
  const ops = (op: string) => final.steps.filter((s) => s.op === op);

  it('is multi-stage: compiled in one stage, production dependencies installed in another, neither built in the image', () => {
    expect(recipe.stages.length).toBeGreaterThanOrEqual(2);
    const runs = recipe.stages.flatMap((s) => s.steps.filter((x) => x.op === 'RUN').map((x) => `${s.name}: ${x.args}`));
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /npm run build/.test(r))).toBe(true);
    expect(ops('RUN').every((r) => !/npm (ci|install)|npm run build|tsc/.test(r.args))).toBe(true);
    expect(ops('COPY').some((c) => /--from=\S+ \S*node_modules/.test(c.args))).toBe(true);
    expect(ops('COPY').some((c) => /--from=\S+ \S*dist/.test(c.args))).toBe(true);
  });

  it('runs as a non-root user, with volumes for the corpus, the cache and the database, and the endpoint on 0.0.0.0', () => {
    const user = ops('USER').pop()?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const env = Object.assign({}, ...ops('ENV').map((e) => parseEnvPairs(e.args))) as Record<string, string>;
    expect(env.METRICS_HOST).toBe('0.0.0.0');
    expect(Number(env.METRICS_PORT)).toBeGreaterThan(0);
    const volumes = ops('VOLUME').flatMap((v) => execForm(v.args));
    expect(volumes).toContain(env.CORPUS_DIR);
    expect(volumes).toContain(env.CACHE_DIR);
    expect(volumes.some((v) => /db|database/.test(v))).toBe(true);
    expect(ops('HEALTHCHECK')[0]?.args).toMatch(/\/healthz/);
    expect(execForm(ops('CMD').pop()!.args)).toEqual(['node', 'dist/adapters/main.js']);
  });

  it('sends no secrets, dependencies or build output to the build (.dockerignore)', () => {
    const ignored = dockerignore(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
    for (const p of ['.env', '.env.production', 'node_modules', 'node_modules/x/y.js', 'dist/src/bot.js', '.cache/snapshot.json', '.git/HEAD']) expect(ignored(p), p).toBe(true);
    for (const p of ['.env.example', 'src/bot.ts', 'corpus/glossary.yml', 'package.json']) expect(ignored(p), p).toBe(false);
  });

  it('compose.yaml runs that image with the same volumes, the health check and an optional PostgreSQL', () => {
    const compose = fs.readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/build:/);
    for (const v of ['/data/corpus', '/data/cache', '/data/db']) expect(compose).toContain(v);
    expect(compose).toMatch(/DATABASE_URL/);
    expect(compose).toMatch(/profiles:\s*\[\s*"?postgres"?\s*\]/);
  });
});

describe('the recipe performed in a clean copy', () => {
  let fake: FakeSlack;
  let image: Image;
  let running: Running | undefined;
  const buildMs: number[] = [];
  let workDir: string | undefined;

  beforeAll(async () => {
    fake = await FakeSlack.start({ users: { U1: { locale: 'en-US' } } });
    const t0 = performance.now();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-'));
    const installCache = path.join(ROOT, 'node_modules/.cache/quotebot-recipe');
    image = await runRecipe({ context: ROOT, workDir: path.join(workDir, 'work'), full: FULL, installCache, pruneInstead: true });
    buildMs.push(performance.now() - t0);
  }, 600_000);

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    if (workDir) removeTree(workDir);
    // A full run leaves two real installs (development and production) to delete: minutes on a loaded disk.
  }, FULL ? 300_000 : 60_000);

  it('installs production dependencies only, and compiles', () => {
    expect(fs.existsSync(image.hostPath('dist/adapters/main.js'))).toBe(true);
    expect(fs.existsSync(image.hostPath('node_modules/discord.js/package.json'))).toBe(true);
    for (const dev of ['tsx', 'typescript', 'vitest', 'vite', 'esbuild']) expect(fs.existsSync(image.hostPath(`node_modules/${dev}`)), dev).toBe(false);
    expect(fs.existsSync(image.hostPath('src'))).toBe(false);
    expect(fs.existsSync(image.hostPath('/data/corpus/glossary.yml'))).toBe(true);
    if (!FULL) expect(image.liberties.join('\n')).toMatch(/npm ci.*replaced by a link/);
    if (!FULL) expect(image.liberties.join('\n')).toMatch(/npm ci --omit=dev.*(replaced by `npm prune --omit=dev`|reused from)/);
    else expect(image.liberties.filter((l) => /npm ci/.test(l))).toEqual([]);
  });

  it('starts with plain node as an unprivileged user, answers its HEALTHCHECK and a Slack /ask', { timeout: 120_000 }, async () => {
    const metricsPort = await freePort();
    const slackPort = await freePort();
    running = startImage(image, {
      METRICS_PORT: String(metricsPort),
      SLACK_PORT: String(slackPort),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    let code = 1;
    const deadline = Date.now() + 90_000;
    while (code !== 0 && Date.now() < deadline && running.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 300));
      code = await running.healthcheck();
    }
    expect(code, running.output()).toBe(0);
    const health = (await (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).json()) as { status: string; adapters: { name: string; connected: boolean }[] };
    expect(health).toMatchObject({ status: 'ok', adapters: [{ name: 'slack', connected: true }] });

    const body = slashCommandBody({ command: '/ask', text: 'when was the ultimatum?', user_id: 'U1', response_url: fake.responseUrl('r1') });
    const res = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, body, 'application/x-www-form-urlencoded', SECRET);
    expect(res.status).toBe(200);
    const answer = await fake.waitForCall((c) => c.method === 'response_url' && c.responseId === 'r1', 30_000);
    expect(JSON.stringify(answer.body)).toContain('24 février 2026');

    // The snapshot went to the cache volume, and nothing was written into the application's directory.
    expect(fs.readdirSync(image.hostPath('/data/cache')).some((f) => f.startsWith('snapshot-'))).toBe(true);
    // The store's SQLite database went to the database volume.
    expect(fs.existsSync(image.hostPath('/data/db/quotebot.db'))).toBe(true);
    expect(await running.stop()).toBe(0);
    running = undefined;
  });

  it('runs the sharded Discord bot compiled too (start:sharded:prod), answered by the same HEALTHCHECK', { timeout: 120_000 }, async () => {
    const discord = await new FakeDiscord({ shards: 1, heartbeatInterval: 1000 }).listen();
    const metricsPort = await freePort();
    const sharded = startImage(
      image,
      { METRICS_PORT: String(metricsPort), DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl },
      ['node', 'dist/adapters/discord/sharded.js'],
    );
    try {
      let code = 1;
      const deadline = Date.now() + 90_000;
      while (code !== 0 && Date.now() < deadline && sharded.child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 300));
        code = await sharded.healthcheck();
      }
      expect(code, sharded.output()).toBe(0);
      expect(await sharded.stop(20_000)).toBe(0);
    } finally {
      await sharded.stop(1000);
      await discord.close();
    }
  });

  it('draws the timeline picture with the fonts it ships (no system font is loaded)', { timeout: 60_000 }, () => {
    const out = image.hostPath('/data/cache/t.png');
    const r = execInImage(image, ['node', 'dist/src/cli/timeline.js', '--image', out]);
    expect(r.status, r.stderr).toBe(0);
    const png = fs.readFileSync(out);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000); // text drawn: an empty axis would be a few kB
  });
});
