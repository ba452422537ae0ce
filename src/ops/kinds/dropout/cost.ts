// Dropout: the kept elements are multiplied by the keep-mask pre-scaled by 1/(1 − p), forward and backward.
// Random-number generation is not arithmetic on the data and is not counted.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 1 };

export const dropoutRule: OpCostRule<'dropout'> = {
  kind: 'dropout',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1 (× scaled mask); inputGrad 1',
};
