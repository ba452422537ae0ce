// One module per op kind: planning never loads an op's TensorFlow.js implementation, and every kind either
// has one or says why the validation executor does not run it.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OpKind } from '../../src/graph/types.js';
import type { KindExecutor } from '../../src/ops/execute.js';
import type { OpKindModule } from '../../src/ops/kind.js';
import { EXECUTORS, implFor } from '../../src/ops/kinds/executors.js';
import { KINDS } from '../../src/ops/kinds/index.js';
import type { MemoryByRuntime } from '../../src/ops/memory.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Modules a TypeScript file loads: value imports and re-exports (not `import type`), and with `lazy` also the
 * modules it may load later with `import()`.
 */
function imports(file: string, lazy: boolean): string[] {
  const source = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;]*?\sfrom\s+)?'([^']+)'/gms)) specs.push(m[1]!);
  if (lazy) for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) specs.push(m[1]!);
  return specs;
}

/** Every file (or bare package) loaded, transitively, by loading `entry` (`lazy`: or by anything it may load later). */
function loadedBy(entry: string, lazy = false): Set<string> {
  const seen = new Set<string>();
  const queue = [join(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of imports(file, lazy)) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec).replace(/\.js$/, '');
      const found = ['.ts', '.tsx'].map((ext) => base + ext).find(existsSync);
      if (!found) throw new Error(`${relative(ROOT, file)}: cannot resolve ${spec}`);
      queue.push(found);
    }
  }
  return new Set([...seen].map((f) => (f.startsWith(ROOT) ? relative(ROOT, f) : f)));
}

describe('op kinds', () => {
  it('the planner loads every kind without any executor or TensorFlow.js', () => {
    const entries: [string, boolean][] = [
      ['src/index.ts', false],
      ['src/ops/kinds/index.ts', false],
      ['src/runtime/profiles.ts', false],
      // everything `segplan plan` and `segplan sweep` may ever load, lazily loaded modules included
      ['cli/commands/plan.ts', true],
      ['cli/commands/sweep.ts', true],
    ];
    for (const [entry, lazy] of entries) {
      const loaded = [...loadedBy(entry, lazy)];
      expect(loaded).toContain('src/ops/kinds/attention/index.ts');
      expect(loaded.filter((f) => /execute\.ts$|executors\.ts$|^@tensorflow\//.test(f))).toEqual([]);
    }
  });

  it('the import walk sees what the executor loads (the check above can fail)', () => {
    const loaded = loadedBy('src/validate/executor.ts');
    expect(loaded).toContain('src/ops/kinds/attention/execute.ts');
    expect(loaded).toContain('src/ops/kinds/norm-execute.ts');
  });

  it('every kind has an executor or a stated reason, and the executor refuses a kind it does not run', () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual(Object.keys(KINDS).sort());
    for (const [kind, executor] of Object.entries(EXECUTORS)) {
      if ('notExecuted' in executor) {
        expect(executor.notExecuted.length).toBeGreaterThan(10);
        expect(() => implFor(kind as keyof typeof EXECUTORS)).toThrow(executor.notExecuted);
      } else {
        expect(typeof executor.forward).toBe('function');
      }
    }
  });

  // `npm test` type-checks the tests (tsconfig.test.json): each @ts-expect-error fails the build if the
  // incomplete value below compiled
  it('an incomplete kind table, memory or executor does not compile', () => {
    const { linear: _left, ...withoutLinear } = KINDS;
    // @ts-expect-error a kind left out of the table
    const table: { readonly [K in OpKind]: OpKindModule<K> } = withoutLinear;
    // @ts-expect-error a kind without its memory under tfjs
    const memory: MemoryByRuntime<'add'> = { pytorch: { saved: () => [] } };
    // @ts-expect-error a kind with neither an implementation nor a reason
    const executor: KindExecutor<'add'> = {};
    expect([Object.keys(table).includes('linear'), 'tfjs' in memory, 'forward' in executor]).toEqual([false, false, false]);
  });
});
