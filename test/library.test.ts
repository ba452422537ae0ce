// The library entry: what `import ... from 'segplan'` gets (package.json "exports", built from src/index.ts).
// A name leaving this list is a breaking change for library users; a name joining it is a promise to keep it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { ROOT } from './cli/run.js';

describe('the library entry', () => {
  it('is the only module a user can import, built from src/index.ts; the CLI stays the bin', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: unknown; bin: unknown; files: string[] };
    expect(pkg.exports).toEqual({ '.': { types: './dist/src/index.d.ts', default: './dist/src/index.js' }, './package.json': './package.json' });
    expect(pkg.bin).toEqual({ segplan: 'dist/cli/main.js' });
    expect(pkg.files).toContain('dist');
  });

  it('exports the plan, the catalogs, model loading and import, the graph and its counts, and the errors; no internal helper', () => {
    expect(Object.keys(library).sort()).toEqual([
      'EnvironmentError',
      'RequestError',
      'SpecError',
      'UserError',
      'buildGraph',
      'catalogNames',
      'catalogSpec',
      'countParams',
      'gpuById',
      'gpuIds',
      'importHfConfig',
      'isEnvironmentError',
      'isHfConfig',
      'isUserError',
      'loadGpuFile',
      'loadModel',
      'makeCluster',
      'newPlanCache',
      'nodeTypeById',
      'nodeTypeIds',
      'plan',
      'stepFlops',
      'supportedArchitectures',
    ]);
  });

  /** LLaMA-2-7B with FSDP on 8 x A100-80GB, every field through the library's own names */
  const request = (): library.PlanRequest => ({
    model: library.loadModel('llama-2-7b').spec,
    gpu: library.gpuById('a100-80gb'),
    gpus: 8,
    seqLen: 2048,
    microBatch: 'auto',
    strategy: 'fsdp',
    checkpointing: 'full',
    attention: 'flash',
    precision: 'bf16-mixed',
    optimizer: 'adamw',
    runtime: 'pytorch',
  });

  it('plans a catalog model on a catalog GPU with nothing but its exports', () => {
    const result = library.plan(request());
    // the parameter count of meta-llama/Llama-2-7b-hf (as in test/model/params-published.test.ts)
    expect(result.model.params.total).toBe(6_738_415_616);
    expect(library.countParams(library.buildGraph(library.catalogSpec('llama-2-7b')!, { seqLen: 2048 })).total).toBe(6_738_415_616);
    expect(result.fits).toBe(true);
    expect(result.maxMicroBatch).toBeGreaterThan(0);
  });

  it('names the request field a caller got wrong, and shows an object it passed as JSON', () => {
    expect(() => library.plan({ ...request(), seqLen: 0.5 })).toThrow(new library.RequestError('seqLen', 0.5, 'must be a positive integer'));
    expect(() => library.plan({ ...request(), seqLen: { tokens: 2048 } as unknown as number })).toThrow(
      /^seqLen \{"tokens":2048\}: must be a positive integer$/,
    );
  });
});
