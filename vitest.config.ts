import { defineConfig } from 'vitest/config';

// Tests share two cores with other work: a test that spawns processes or starts workers may take several
// seconds under load. Generous default timeouts; a test that needs more says so itself.
export default defineConfig({
  test: {
    // Two test files at a time: vitest's default is one fewer than the cores, one file at a time on this 2-core
    // machine, while most of the suite waits on the processes, servers and timers it starts (shutdown graces,
    // sharded bots, the container recipe). Measured: 5 min 11 s one at a time, 3 min 10 s two at a time (two
    // full runs); three at a time was no faster and starved an embedded PostgreSQL query past its timeout once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A developer's own .env (tokens!) must never reach the code under test, nor the processes it spawns.
    env: { ENV_FILE: 'none' },
  },
});
