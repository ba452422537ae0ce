// Elementwise product c = a·b (gated MLP): forward 1 per element; backward dA = dC·b and dB = dC·a.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 1, inputGrad: 2 };

export const mulRule: OpCostRule<'mul'> = {
  kind: 'mul',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 1; inputGrad 2 (one product per operand)',
};
