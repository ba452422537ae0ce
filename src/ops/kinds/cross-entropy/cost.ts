// Softmax cross-entropy on `rows` vectors of `classes` logits (mean over rows).
// Forward log-softmax: max 1, subtract 1, exp 1, sum 1 per logit; per row: log of the sum, subtract from
// the target logit, accumulate into the mean (3). Backward (softmax − one-hot)·dy/N: subtract the row's
// log-sum-exp 1, exp 1, scale 1 per logit, and subtract the one-hot per row (1).

import type { CrossEntropyAttrs } from '../../../graph/types.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_LOGIT = { forward: 4, inputGrad: 3 };
const PER_ROW = { forward: 3, inputGrad: 1 };

export const crossEntropyRule: OpCostRule<'cross-entropy'> = {
  kind: 'cross-entropy',
  params: () => 0,
  flops: (a: CrossEntropyAttrs) => {
    const logits = a.rows * a.classes;
    return phases(
      logits * PER_LOGIT.forward + a.rows * PER_ROW.forward,
      logits * PER_LOGIT.inputGrad + a.rows * PER_ROW.inputGrad,
      0,
    );
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'fw 4·rows·classes + 3·rows; inputGrad 3·rows·classes + rows',
};
