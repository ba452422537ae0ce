// Dense layer y = x·Wᵀ (+ b). Three GEMMs of equal size (Narayanan et al. 2021; PyTorch flop_counter mm/addmm):
// forward x·Wᵀ, input grad dy·W, weight grad dyᵀ·x. The bias adds one FLOP per output element forward and
// its gradient sums dy over the rows (one add per output element). A bank of experts (mixture of experts) runs
// each row through top-k of its E matrices: the same products on rows·k rows, E times the parameters.

import type { LinearAttrs } from '../../../graph/types.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** rows the products run on: every row once, or topK times for a bank of experts */
function routedRows(a: LinearAttrs): number {
  return a.rows * (a.experts?.topK ?? 1);
}

function mac(a: LinearAttrs): number {
  return routedRows(a) * a.inFeatures * a.outFeatures;
}

function biasFlops(a: LinearAttrs): number {
  return a.bias ? routedRows(a) * a.outFeatures : 0;
}

export const linearRule: OpCostRule<'linear'> = {
  kind: 'linear',
  params: (a) => ((a.tiedWeight ? 0 : a.inFeatures * a.outFeatures) + (a.bias ? a.outFeatures : 0)) * (a.experts?.count ?? 1),
  flops: (a) => phases(2 * mac(a) + biasFlops(a), 2 * mac(a), 2 * mac(a) + biasFlops(a)),
  matmulFlops: (a) => phases(2 * mac(a), 2 * mac(a), 2 * mac(a)),
  macs: mac,
  formula:
    'fw 2·rows·in·out (+ rows·out bias add); inputGrad 2·rows·in·out; weightGrad 2·rows·in·out (+ rows·out bias grad); params in·out (0 if tied) + out; a bank of E experts with top-k routing: rows·k in place of rows, params ×E',
};
