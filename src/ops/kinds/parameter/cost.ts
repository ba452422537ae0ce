// A learned tensor combined with the activations: added (learned position table) or concatenated (class
// token). Adding costs one FLOP per output element; its weight gradient sums the output gradient over the
// batch (one add per output element per sample), its input gradient is the output gradient itself (0).
// Concatenation is a copy (0 FLOPs); its weight gradient accumulates the token's gradient (`size` adds).

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

export const parameterRule: OpCostRule<'parameter'> = {
  kind: 'parameter',
  params: (a) => a.size,
  flops: (a) => (a.combine === 'add' ? phases(a.outElements, 0, a.outElements) : phases(0, 0, a.size)),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'add: fw outElements, weightGrad outElements; concat: fw 0, weightGrad size; inputGrad 0; params size',
};
