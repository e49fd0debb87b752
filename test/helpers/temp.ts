/**
 * Temporary directories for tests: `tempDir()` makes one, `cleanupTemps()` (in an `afterAll`) removes all
 * those made by the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const temps: string[] = [];

/** A new temporary directory, removed by {@link cleanupTemps}. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Removes the temporary directories made so far. */
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}
