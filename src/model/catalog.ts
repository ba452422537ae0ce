// The built-in model catalog: one spec file per model in models/ at the package root.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';
import type { ModelSpec } from './types.js';

export function catalogDir(): string {
  return join(packageRoot(), 'models');
}

/** Names of the catalog models (file names without .json), sorted. */
export function catalogNames(): string[] {
  return readdirSync(catalogDir(), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => e.name.slice(0, -'.json'.length))
    .sort();
}

/** The spec file of a catalog model (any letter case), or undefined when there is no such model. */
export function catalogPath(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  const file = join(catalogDir(), `${name}.json`);
  if (existsSync(file)) return file;
  // names are case-insensitive: Llama-2-7B is llama-2-7b
  const lower = name.toLowerCase();
  const match = catalogNames().find((n) => n.toLowerCase() === lower);
  return match === undefined ? undefined : join(catalogDir(), `${match}.json`);
}

/**
 * A catalog model's spec, read without the schema check: every catalog file is validated by
 * test/model/catalog.test.ts, and checking it again at run time would load ajv on `segplan plan`'s start-up.
 */
export function catalogSpec(name: string): ModelSpec | undefined {
  const file = catalogPath(name);
  if (file === undefined) return undefined;
  let spec = loaded.get(file);
  if (!spec) {
    const { $schema: _schema, ...read } = JSON.parse(readFileSync(file, 'utf8')) as ModelSpec & { $schema?: string };
    loaded.set(file, (spec = deepFreeze(read)));
  }
  return spec;
}

// a sweep asks for the same catalog model at every point: read each file once, and hand out one frozen object
// (one object also lets plans find their graphs by identity)
const loaded = new Map<string, ModelSpec>();

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
