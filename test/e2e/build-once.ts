// vitest globalSetup of the system tests: builds dist/ once, before any of them starts, when it is missing or
// older than a source file, so that `npx vitest run` works on a fresh clone after `npm ci`. It emits without
// type-checking (--noCheck): `npm test` type-checks once, with tsconfig.test.json. The unit tests run the CLI
// in process and need no build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../root.js';
import { BIN } from './binary.js';

/** the folders and files tsc -p tsconfig.json reads */
const SOURCES = ['src', 'cli', 'bench', 'tsconfig.json', 'package.json'];

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function setup(): void {
  const built = existsSync(BIN) ? statSync(BIN).mtimeMs : -Infinity;
  const sources = Math.max(
    ...SOURCES.map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (sources <= built) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noCheck'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const out = e as { stdout?: string; stderr?: string };
    throw new Error(`the system tests need dist/, and tsc -p tsconfig.json --noCheck failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
}
