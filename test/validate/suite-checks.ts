// The checks every backend's quick suite must pass: twenty-four cases, contraction FLOPs per phase equal to the
// engine's, no leaked tensors, physical saved bytes and peak within 3% of the engine's timeline.
import { beforeAll, describe, expect, it } from 'vitest';
import { runValidation, type CaseResult } from '../../src/validate/run.js';

/** Runs the quick suite on `backend` once and declares the shared checks; returns the results' holder. */
export function quickSuiteChecks(backend: 'cpu' | 'wasm', timeoutMs: number): { results: CaseResult[] } {
  const holder = { results: [] as CaseResult[] };
  beforeAll(async () => {
    holder.results = await runValidation({ backend, suite: 'quick', timedSteps: 1 });
    for (const r of holder.results) {
      console.log(
        `${backend} ${r.name.padEnd(30)} flops ${r.errors.flopsExact ? 'exact' : 'DIFF '} peak ${(r.errors.peakBytes * 100).toFixed(2)}% ` +
          `saved ${(r.errors.savedBytes * 100).toFixed(2)}% (pred ${r.predicted.peakBytes} meas ${r.measured.peakBytes}; saved pred ${r.predicted.savedBytes} meas ${r.measured.savedBytes})`,
      );
    }
  }, timeoutMs);

  describe(`quick suite on ${backend}`, () => {
    it('runs twenty-four cases on its backend', () => {
      expect(holder.results.length).toBe(24);
      for (const r of holder.results) expect(r.backend).toBe(backend);
    });

    it('contraction FLOPs equal the engine per phase', () => {
      for (const r of holder.results) expect({ name: r.name, ...r.measured.flops }).toEqual({ name: r.name, ...r.predicted.flops });
    });

    it('leaks no tensors', () => {
      for (const r of holder.results) expect({ name: r.name, leaked: r.measured.leakedTensors }).toEqual({ name: r.name, leaked: 0 });
    });

    it('physical saved bytes within 3% of the engine', () => {
      for (const r of holder.results) expect({ name: r.name, ok: Math.abs(r.errors.savedBytes) <= 0.03 }).toEqual({ name: r.name, ok: true });
    });

    it('physical peak within 3% of the engine', () => {
      for (const r of holder.results) expect({ name: r.name, ok: Math.abs(r.errors.peakBytes) <= 0.03 }).toEqual({ name: r.name, ok: true });
    });
  });
  return holder;
}
