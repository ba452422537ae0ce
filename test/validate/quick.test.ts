// The quick suite on the cpu backend: contraction FLOPs per phase equal the engine's, no tensor leaks,
// and the physical peak and saved bytes against the engine's timeline with the tfjs profile.

import { beforeAll, describe, expect, it } from 'vitest';
import { runValidation, type CaseResult } from '../../src/validate/run.js';

let results: CaseResult[] = [];

beforeAll(async () => {
  results = await runValidation({ backend: 'cpu', suite: 'quick', timedSteps: 1 });
  for (const r of results) {
    console.log(
      `${r.name.padEnd(30)} flops ${r.errors.flopsExact ? 'exact' : 'DIFF '} peak ${(r.errors.peakBytes * 100).toFixed(1)}% ` +
        `saved ${(r.errors.savedBytes * 100).toFixed(1)}% (pred ${r.predicted.peakBytes} meas ${r.measured.peakBytes}; saved pred ${r.predicted.savedBytes} meas ${r.measured.savedBytes})`,
    );
  }
}, 120_000);

describe('quick suite on cpu', () => {
  it('runs twelve cases', () => {
    expect(results.length).toBe(12);
  });

  it('contraction FLOPs equal the engine per phase', () => {
    for (const r of results) expect({ name: r.name, ...r.measured.flops }).toEqual({ name: r.name, ...r.predicted.flops });
  });

  it('leaks no tensors', () => {
    for (const r of results) expect({ name: r.name, leaked: r.measured.leakedTensors }).toEqual({ name: r.name, leaked: 0 });
  });

  it('physical saved bytes within 3% of the engine', () => {
    for (const r of results) expect({ name: r.name, ok: Math.abs(r.errors.savedBytes) <= 0.03 }).toEqual({ name: r.name, ok: true });
  });

  it('physical peak within 3% of the engine', () => {
    for (const r of results) expect({ name: r.name, ok: Math.abs(r.errors.peakBytes) <= 0.03 }).toEqual({ name: r.name, ok: true });
  });
});
