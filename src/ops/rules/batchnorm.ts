// BatchNorm in training mode: y = γ·(x − mean)·rstd + β per channel, statistics over batch and space.
// Same per-element arithmetic as LayerNorm, reduced over a different axis. The running-statistics update is
// per channel per step (not per sample) and is ignored.

import type { NormAttrs } from '../../graph/types.js';
import { phases } from '../phase.js';
import type { OpCostRule } from '../rule.js';

/** FLOPs per element (rows = spatial positions, features = channels). */
const PER_ELEMENT = {
  /** mean-sum 1, subtract 1, square-accumulate 2, multiply by rstd 1 */
  normalize: 5,
  scale: 1,
  shift: 1,
  /** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) */
  inputGrad: 7,
  /** g = dy·γ */
  inputGradScale: 1,
  /** dγ = Σ dy·x̂ */
  scaleGrad: 2,
  /** dβ = Σ dy */
  shiftGrad: 1,
};

export const batchnormRule: OpCostRule<'batchnorm'> = {
  kind: 'batchnorm',
  params: (a) => (a.affine ? a.features : 0) + (a.bias ? a.features : 0),
  flops: (a) => {
    const n = a.rows * a.features;
    const fw = PER_ELEMENT.normalize + (a.affine ? PER_ELEMENT.scale : 0) + (a.bias ? PER_ELEMENT.shift : 0);
    const ig = PER_ELEMENT.inputGrad + (a.affine ? PER_ELEMENT.inputGradScale : 0);
    const wg = (a.affine ? PER_ELEMENT.scaleGrad : 0) + (a.bias ? PER_ELEMENT.shiftGrad : 0);
    return phases(n * fw, n * ig, n * wg);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = positions·channels',
};
