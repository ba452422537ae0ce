// One row of the validation view: the engine's prediction next to the tfjs measurement of the same case.
// The relative errors are the validation runner's own (src/validate/run.ts); nothing is recomputed here.
import type { CaseResult } from '../validate/run.js';

export interface ValidationRow {
  name: string;
  predictedPeakBytes: number;
  measuredPeakBytes: number;
  peakError: number;
  predictedStepSeconds: number;
  measuredStepSeconds: number;
  stepError: number;
  /** predicted contraction FLOPs equal the counted kernels' in every phase */
  flopsExact: boolean;
}

export function toValidationRow(r: CaseResult): ValidationRow {
  return {
    name: r.name,
    predictedPeakBytes: r.predicted.peakBytes,
    measuredPeakBytes: r.measured.peakBytes,
    peakError: r.errors.peakBytes,
    predictedStepSeconds: r.predicted.stepSeconds,
    measuredStepSeconds: r.measured.stepSeconds,
    stepError: r.errors.stepSeconds,
    flopsExact: r.errors.flopsExact,
  };
}
