// Small helpers for PhaseFlops values, shared by the rules and the aggregation.

import type { PhaseFlops } from './rule.js';

export const ZERO_FLOPS: Readonly<PhaseFlops> = Object.freeze({ forward: 0, inputGrad: 0, weightGrad: 0 });

export function phases(forward: number, inputGrad: number, weightGrad: number): PhaseFlops {
  return { forward, inputGrad, weightGrad };
}

export function addPhases(a: PhaseFlops, b: PhaseFlops): PhaseFlops {
  return phases(a.forward + b.forward, a.inputGrad + b.inputGrad, a.weightGrad + b.weightGrad);
}

export function subPhases(a: PhaseFlops, b: PhaseFlops): PhaseFlops {
  return phases(a.forward - b.forward, a.inputGrad - b.inputGrad, a.weightGrad - b.weightGrad);
}

export function scalePhases(a: PhaseFlops, k: number): PhaseFlops {
  return phases(a.forward * k, a.inputGrad * k, a.weightGrad * k);
}

export function sumPhases(a: PhaseFlops): number {
  return a.forward + a.inputGrad + a.weightGrad;
}
