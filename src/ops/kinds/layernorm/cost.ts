// LayerNorm y = γ·(x − mean)·rstd + β over `features`, `rows` times per sample.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { normFlops, normParams, type NormElementCosts } from '../norm-cost.js';

/** FLOPs per normalised element; mean/rstd themselves are per-row and ignored. */
export const LAYERNORM_ELEMENT_COSTS: NormElementCosts = {
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

export const layernormRule: OpCostRule<'layernorm'> = {
  kind: 'layernorm',
  params: normParams,
  flops: (a) => normFlops(a, LAYERNORM_ELEMENT_COSTS),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = rows·features',
};
