import { defineConfig } from 'vitest/config';

// Tests share two cores with other work: a test that spawns processes or starts workers may take several
// seconds under load. Generous default timeouts; a test that needs more says so itself.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A developer's own .env (tokens!) must never reach the code under test, nor the processes it spawns.
    env: { ENV_FILE: 'none' },
  },
});
