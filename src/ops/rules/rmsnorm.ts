// RMSNorm y = γ·x·rstd, rstd = 1/sqrt(mean(x²) + ε) over `features` (Zhang & Sennrich 2019); no shift.

import type { NormAttrs } from '../../graph/types.js';
import { phases } from '../phase.js';
import type { OpCostRule } from '../rule.js';

/** FLOPs per normalised element; the per-row rstd is ignored. */
const PER_ELEMENT = {
  /** square-accumulate 2, multiply by rstd 1 */
  normalize: 3,
  /** × γ */
  scale: 1,
  /** dx = rstd·(g − x̂·mean(g·x̂)): g·x̂ and sum 2, x̂·m 1, subtract 1, × rstd 1 */
  inputGrad: 5,
  /** g = dy·γ */
  inputGradScale: 1,
  /** dγ = Σ dy·x̂ */
  scaleGrad: 2,
  /** a shift, if a variant had one */
  shift: 1,
  shiftGrad: 1,
};

export const rmsnormRule: OpCostRule<'rmsnorm'> = {
  kind: 'rmsnorm',
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
  formula: 'per element: fw 3 (+1 γ); inputGrad 5 (+1 γ); weightGrad 2 (γ); elements = rows·features',
};
