import { defineConfig } from 'vitest/config';

// Tests share two cores with other work: a test that spawns processes or starts workers may take several
// seconds under load. Generous default timeouts; a test that needs more says so itself.
export default defineConfig({
  test: {
    // Three test files at a time on two cores: many tests spend most of their time waiting on processes,
    // servers and timers they start (shutdown graces, sharded bots, the container recipe), so a third file
    // uses the idle core time: the suite took 5 min 11 s with two (the default here) and 3 min 15–3 min 34 s
    // with three, in three full runs on this 2-core machine. Tests that measure CPU or time hold under it.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A developer's own .env (tokens!) must never reach the code under test, nor the processes it spawns.
    env: { ENV_FILE: 'none' },
  },
});
