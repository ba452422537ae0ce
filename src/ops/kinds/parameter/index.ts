// A learned tensor combined with the activations: added (learned position table) or concatenated (class
// token). Adding costs one FLOP per output element; its weight gradient sums the output gradient over the
// batch (one add per output element per sample), its input gradient is the output gradient itself (0).
// Concatenation is a copy (0 FLOPs); its weight gradient accumulates the token's gradient (`size` adds).

import type { Op } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import type { MemoryByRuntime } from '../../memory.js';
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

// ---- memory, per runtime ----
// What a learned added/concatenated tensor holds: nothing. An added one (positional table) passes the incoming
// gradient to its input as it is, like add.

const addsOnto = (op: Op<'parameter'>): boolean => op.attrs.combine === 'add';

export const parameterMemory: MemoryByRuntime<'parameter'> = {
  pytorch: { saved: () => [], gradientAliasesOutput: addsOnto },
  tfjs: { saved: () => [], gradientAliasesOutput: addsOnto },
};

/** The op kind "parameter": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const parameterKind: OpKindModule<'parameter'> = { cost: parameterRule, memory: parameterMemory, checkpoint: 'recompute' };
