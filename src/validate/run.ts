// Runs validation cases: for each, one measured training step (kernel trace + physical memory), a few timed
// steps, and the engine's prediction for the same roles; returns both with their relative errors.

import { type BackendName, useBackend, type Tf } from './backend.js';
import { Executor } from './executor.js';
import { type Calibration, calibrate } from './measure/calibrate.js';
import { measureFlops, type PhaseTotals } from './measure/flops.js';
import { KernelTrace } from './measure/kernels.js';
import { median } from './measure/median.js';
import { PhysicalMemory } from './measure/memory.js';
import { predict, type Prediction } from './predict.js';
import { relativeDifference, selectByName } from './relative.js';
import { runtimeProfileFor } from './runtime-profile.js';
import { type SuiteName, suiteCases, type ValidationCase } from './suite.js';

export interface Measured {
  flops: PhaseTotals;
  /** non-contraction kernels, one FLOP per output element (data movement counted 0) */
  elementwiseFlops: PhaseTotals;
  peakBytes: number;
  savedBytes: number;
  /** tf.memory()-style bytes of tensor handles at the peak (shared buffers counted per handle) */
  handleBytes: number;
  stepSeconds: number;
  leakedTensors: number;
  kernels: number;
}

export interface CaseResult {
  name: string;
  backend: BackendName;
  roles: string[];
  checkpoint: boolean;
  microBatch: number;
  predicted: Prediction;
  measured: Measured;
  /** (predicted − measured) / measured */
  errors: { peakBytes: number; savedBytes: number; stepSeconds: number; elementwiseFlops: number; flopsExact: boolean };
}

export interface RunOptions {
  backend?: BackendName;
  suite?: SuiteName;
  /** run only the case of this name, or else the cases whose name contains it */
  caseName?: string;
  /** timed steps after the measured one */
  timedSteps?: number;
  onProgress?: (e: { done: number; total: number; name: string }) => void;
}

export function runCase(tf: Tf, backend: BackendName, c: ValidationCase, cal: Calibration | null, timedSteps = 3): CaseResult {
  const engine = tf.engine() as unknown as { state: { numBytes: number } };
  const mem = new PhysicalMemory(tf.backend());
  const ex = new Executor(tf, c.graph, { microBatch: c.microBatch });
  try {
    ex.step(c.roles, c.checkpoint); // warm-up (first-touch allocations, kernel setup)
    const tensors0 = tf.memory().numTensors;
    const trace = new KernelTrace(tf);
    let handlePeak = engine.state.numBytes;
    trace.onKernel = () => {
      if (engine.state.numBytes > handlePeak) handlePeak = engine.state.numBytes;
    };
    mem.resetPeak();
    const base = mem.current;
    let saved = 0;
    try {
      ex.step(c.roles, c.checkpoint, { onForwardEnd: () => (saved = mem.current - base) });
    } finally {
      trace.restore();
    }
    const peak = mem.peak;
    const leaked = tf.memory().numTensors - tensors0;
    const f = measureFlops(trace.records);
    const times: number[] = [];
    for (let i = 0; i < timedSteps; i++) {
      const t0 = performance.now();
      ex.step(c.roles, c.checkpoint);
      times.push((performance.now() - t0) / 1000);
    }
    const measured: Measured = {
      flops: f.contraction,
      elementwiseFlops: f.elementwise,
      peakBytes: peak,
      savedBytes: saved,
      handleBytes: handlePeak,
      stepSeconds: median(times),
      leakedTensors: leaked,
      kernels: f.kernels,
    };
    const predicted = predict(c.graph, c.roles, c.checkpoint, c.microBatch, cal, f.kernels, runtimeProfileFor(backend));
    const pf = predicted.flops;
    const mf = measured.flops;
    return {
      name: c.name,
      backend,
      roles: [...c.roles],
      checkpoint: c.checkpoint,
      microBatch: c.microBatch,
      predicted,
      measured,
      errors: {
        peakBytes: relativeDifference(predicted.peakBytes, measured.peakBytes),
        savedBytes: relativeDifference(predicted.savedBytes, measured.savedBytes),
        stepSeconds: relativeDifference(predicted.stepSeconds, measured.stepSeconds),
        elementwiseFlops: relativeDifference(predicted.elementwiseFlops.total, measured.elementwiseFlops.total),
        flopsExact: pf.forward === mf.forward && pf.inputGrad === mf.inputGrad && pf.weightGrad === mf.weightGrad && pf.recompute === mf.recompute,
      },
    };
  } finally {
    ex.dispose();
    mem.restore();
  }
}

/** Run a suite on a backend (for `segplan validate`). */
export async function runValidation(opts: RunOptions = {}): Promise<CaseResult[]> {
  const backend = opts.backend ?? 'cpu';
  const tf = await useBackend(backend);
  const suite = suiteCases(opts.suite ?? 'quick');
  const all = selectByName(suite, opts.caseName);
  const cal = calibrate(tf);
  const results: CaseResult[] = [];
  all.forEach((c, i) => {
    opts.onProgress?.({ done: i, total: all.length, name: c.name });
    results.push(runCase(tf, backend, c, cal, opts.timedSteps));
  });
  opts.onProgress?.({ done: all.length, total: all.length, name: '' });
  return results;
}
