// What a global install gets: `npm pack` must carry every file segplan reads at run time from its package root
// (catalogs, schemas, the built-in scenario) and the built CLI, or `npm install -g` gives a command that fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { ROOT } from './cli/run.js';

describe('npm pack', () => {
  it('carries the built CLI, the catalogs, the schemas and the built-in scenario', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const files = new Set((JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    for (const path of [
      'dist/cli/main.js', 'dist/cli/run-cli.js', 'models/llama-2-70b.json', 'models/schema/model.schema.json',
      'models/hardware/gpus.json', 'models/hardware/clusters.json', 'docs/scenario.schema.json', 'reports/scenarios/paper-llama-70b.json',
      'dist/src/index.js', 'dist/src/index.d.ts',
    ]) expect(files.has(path), `${path} is not in the package`).toBe(true);
    // and nothing of the tests or their fixtures
    expect([...files].filter((f) => f.startsWith('test/'))).toEqual([]);
  });
});

describe('the library entry', () => {
  it('is the only module a user can import, as built from src/index.ts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };
    expect(pkg.exports).toEqual({ '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' }, './package.json': './package.json' });
    expect(pkg.bin).toEqual({ segplan: 'dist/cli/main.js' });
  });

  it('exports the plan, the catalogs, model loading and import, the graph and its counts, and the errors; no internal helper', () => {
    expect(Object.keys(library).sort()).toEqual([
      'EnvironmentError', 'RequestError', 'SpecError', 'UserError', 'buildGraph', 'catalogNames', 'catalogSpec', 'countParams', 'gpuById', 'gpuIds',
      'importHfConfig', 'isEnvironmentError', 'isHfConfig', 'isUserError', 'loadGpuFile', 'loadModel', 'makeCluster', 'newPlanCache', 'nodeTypeById',
      'nodeTypeIds', 'plan', 'stepFlops', 'supportedArchitectures',
    ]);
  });
});
