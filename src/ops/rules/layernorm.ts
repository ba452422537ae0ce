// LayerNorm y = γ·(x − mean)·rstd + β over `features`, `rows` times per sample.

import type { NormAttrs } from '../../graph/types.js';
import { phases } from '../phase.js';
import type { OpCostRule } from '../rule.js';

/** FLOPs per normalised element; mean/rstd themselves are per-row and ignored. */
const PER_ELEMENT = {
  /** mean-sum 1, subtract 1, square-accumulate 2, multiply by rstd 1 */
  normalize: 5,
  /** × γ */
  scale: 1,
  /** + β */
  shift: 1,
  /** dx = rstd·(g − mean(g) − x̂·mean(g·x̂)): sum 1, g·x̂ 1, sum 1, x̂·m 1, two subtracts 2, × rstd 1 */
  inputGrad: 7,
  /** g = dy·γ */
  inputGradScale: 1,
  /** dγ = Σ dy·x̂ (multiply-add) */
  scaleGrad: 2,
  /** dβ = Σ dy */
  shiftGrad: 1,
};

function elements(a: NormAttrs): number {
  return a.rows * a.features;
}

export const layernormRule: OpCostRule<'layernorm'> = {
  kind: 'layernorm',
  params: (a) => (a.affine ? a.features : 0) + (a.bias ? a.features : 0),
  flops: (a) => {
    const n = elements(a);
    const fw = PER_ELEMENT.normalize + (a.affine ? PER_ELEMENT.scale : 0) + (a.bias ? PER_ELEMENT.shift : 0);
    const ig = PER_ELEMENT.inputGrad + (a.affine ? PER_ELEMENT.inputGradScale : 0);
    const wg = (a.affine ? PER_ELEMENT.scaleGrad : 0) + (a.bias ? PER_ELEMENT.shiftGrad : 0);
    return phases(n * fw, n * ig, n * wg);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = rows·features',
};
