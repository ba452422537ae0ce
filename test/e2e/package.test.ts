// What a global install gets: `npm pack` must carry every file segplan reads at run time from its package root
// (catalogs, schemas, the built-in scenario) and the built CLI, or `npm install -g` gives a command that fails.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../root.js';

describe('npm pack', () => {
  it('carries the built CLI, the catalogs, the schemas and the built-in scenario', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const files = new Set((JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    for (const path of [
      'dist/cli/main.js',
      'dist/cli/run-cli.js',
      'models/llama-2-70b.json',
      'models/schema/model.schema.json',
      'models/hardware/gpus.json',
      'models/hardware/clusters.json',
      'docs/scenario.schema.json',
      'reports/scenarios/paper-llama-70b.json',
    ])
      expect(files.has(path), `${path} is not in the package`).toBe(true);
    // and nothing of the tests or their fixtures
    expect([...files].filter((f) => f.startsWith('test/'))).toEqual([]);
  });
});
