// Table lookup (gather): no arithmetic forward, no gradient to the integer ids. The weight gradient is a
// scatter-add of each token's output gradient into its table row: `dim` adds per token.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

export const embeddingRule: OpCostRule<'embedding'> = {
  kind: 'embedding',
  params: (a) => a.numEmbeddings * a.dim,
  flops: (a) => phases(0, 0, a.tokens * a.dim),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'fw 0 (gather); inputGrad 0 (ids); weightGrad tokens·dim (scatter-add); params numEmbeddings·dim',
};
