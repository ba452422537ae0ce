// BatchNorm in training mode: y = γ·(x − mean)·rstd + β per channel, statistics over batch and space.
// Same per-element arithmetic as LayerNorm, reduced over a different axis. The running-statistics update is
// per channel per step (not per sample) and is ignored.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { LAYERNORM_ELEMENT_COSTS } from '../layernorm/cost.js';
import { normFlops, normParams } from '../norm-cost.js';

export const batchnormRule: OpCostRule<'batchnorm'> = {
  kind: 'batchnorm',
  params: normParams,
  flops: (a) => normFlops(a, LAYERNORM_ELEMENT_COSTS),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 5 (+1 γ, +1 β); inputGrad 7 (+1 γ); weightGrad 2 (γ) + 1 (β); elements = positions·channels',
};
