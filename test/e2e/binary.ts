// The built binary (dist/cli/main.js) as a user runs it, for the few tests that need a real process: its
// streams, its exit status, the package's bin entry, a terminal. The vitest project that holds these tests
// builds dist/ first when it is missing or older than the sources (test/e2e/build-once.ts).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../cli/run.js';
import { ROOT } from '../root.js';

export const BIN = join(ROOT, 'dist', 'cli', 'main.js');

/** BIN, or an error that says how to build it (outside the project that builds it first). */
export function builtBin(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (the system tests build it themselves)`);
  return BIN;
}

/** `node dist/cli/main.js ARGS` in a child process, without colour (NO_COLOR=1, as in a pipe). */
export function segplanBinary(args: string[], options: Pick<SpawnSyncOptions, 'stdio' | 'cwd'> = {}): Run {
  const r = spawnSync(process.execPath, [builtBin(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
    ...options,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
