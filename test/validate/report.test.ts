// writeReport keeps one section per backend: a run on one backend replaces that backend's rows only.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/validate/report.js';
import type { CaseResult } from '../../src/validate/run.js';

const totals = { forward: 1, inputGrad: 2, weightGrad: 3, recompute: 0, total: 6 };
function result(backend: 'cpu' | 'wasm', name: string, peak: number): CaseResult {
  const side = { flops: totals, elementwiseFlops: totals, peakBytes: peak, savedBytes: 1024, stepSeconds: 0.001 };
  return {
    name,
    backend,
    roles: ['train'],
    checkpoint: false,
    microBatch: 1,
    predicted: { ...side, peakEvent: 'backward layers.0' },
    measured: { ...side, handleBytes: peak, leakedTensors: 0, kernels: 1 },
    errors: { peakBytes: 0, savedBytes: 0, stepSeconds: 0, elementwiseFlops: 0, flopsExact: true },
  };
}

describe('validation report', () => {
  it('writes a section per backend, cpu first, and replaces only the backend that ran', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segplan-report-'));
    writeReport([result('wasm', 'a/wasm-1', 2048)], dir);
    writeReport([result('cpu', 'a/cpu-1', 4096)], dir);
    writeReport([result('cpu', 'a/cpu-2', 8192)], dir);
    const md = readFileSync(path.join(dir, 'validation.md'), 'utf8');
    expect(md.indexOf('## Backend cpu')).toBeGreaterThan(0);
    expect(md.indexOf('## Backend wasm')).toBeGreaterThan(md.indexOf('## Backend cpu'));
    expect(md).toContain('a/wasm-1');
    expect(md).toContain('a/cpu-2');
    expect(md).not.toContain('a/cpu-1');
    const json = JSON.parse(readFileSync(path.join(dir, 'validation.json'), 'utf8')) as { results: CaseResult[] };
    expect(json.results.map((r) => `${r.backend}:${r.name}`)).toEqual(['cpu:a/cpu-2', 'wasm:a/wasm-1']);
  });
});
