// The arithmetic shared by the normalisation rules: a per-element cost to normalise, then an optional
// scale γ and shift β, and their gradients. Each norm supplies its own per-element counts.

import type { NormAttrs } from '../../graph/types.js';
import { phases } from '../phase.js';
import type { PhaseFlops } from '../rule.js';

export interface NormElementCosts {
  /** forward FLOPs per element to produce x̂ */
  normalize: number;
  /** × γ */
  scale: number;
  /** + β */
  shift: number;
  /** FLOPs per element of dx from g = dy·γ */
  inputGrad: number;
  /** g = dy·γ */
  inputGradScale: number;
  /** dγ = Σ dy·x̂ */
  scaleGrad: number;
  /** dβ = Σ dy */
  shiftGrad: number;
}

export function normParams(a: NormAttrs): number {
  return (a.affine ? a.features : 0) + (a.bias ? a.features : 0);
}

export function normFlops(a: NormAttrs, c: NormElementCosts): PhaseFlops {
  const n = a.rows * a.features;
  const fw = c.normalize + (a.affine ? c.scale : 0) + (a.bias ? c.shift : 0);
  const ig = c.inputGrad + (a.affine ? c.inputGradScale : 0);
  const wg = (a.affine ? c.scaleGrad : 0) + (a.bias ? c.shiftGrad : 0);
  return phases(n * fw, n * ig, n * wg);
}
