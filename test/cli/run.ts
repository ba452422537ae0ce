// Runs the built binary (dist/cli/main.js, built by `npm test`'s tsc step) as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'dist', 'cli', 'main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function segplan(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx tsc -p tsconfig.json\` (npm test does) first`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines a user error leaves on stderr (it must be exactly one). */
export function stderrLines(r: Run): string[] {
  return r.stderr.split('\n').filter((l) => l.length > 0);
}
