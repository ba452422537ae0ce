// RMSNorm y = γ·x·rstd, rstd = 1/sqrt(mean(x²) + ε) over `features` (Zhang & Sennrich 2019); no shift.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { normFlops, normParams, type NormElementCosts } from '../norm-cost.js';

/** FLOPs per normalised element; the per-row rstd is ignored. */
const PER_ELEMENT: NormElementCosts = {
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
  params: normParams,
  flops: (a) => normFlops(a, PER_ELEMENT),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 3 (+1 γ); inputGrad 5 (+1 γ); weightGrad 2 (γ); elements = rows·features',
};
