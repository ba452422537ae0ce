// Dense layer y = x·Wᵀ (+ b). Three GEMMs of equal size (Narayanan et al. 2021; PyTorch flop_counter mm/addmm):
// forward x·Wᵀ, input grad dy·W, weight grad dyᵀ·x. The bias adds one FLOP per output element forward and
// its gradient sums dy over the rows (one add per output element).

import type { LinearAttrs } from '../../graph/types.js';
import { phases } from '../phase.js';
import type { OpCostRule } from '../rule.js';

function mac(a: LinearAttrs): number {
  return a.rows * a.inFeatures * a.outFeatures;
}

function biasFlops(a: LinearAttrs): number {
  return a.bias ? a.rows * a.outFeatures : 0;
}

export const linearRule: OpCostRule<'linear'> = {
  kind: 'linear',
  params: (a) => (a.tiedWeight ? 0 : a.inFeatures * a.outFeatures) + (a.bias ? a.outFeatures : 0),
  flops: (a) => phases(2 * mac(a) + biasFlops(a), 2 * mac(a), 2 * mac(a) + biasFlops(a)),
  matmulFlops: (a) => phases(2 * mac(a), 2 * mac(a), 2 * mac(a)),
  macs: mac,
  formula:
    'fw 2·rows·in·out (+ rows·out bias add); inputGrad 2·rows·in·out; weightGrad 2·rows·in·out (+ rows·out bias grad); params in·out (0 if tied) + out',
};
