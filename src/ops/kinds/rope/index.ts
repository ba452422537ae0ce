// Rotary position embedding (Su et al. 2021) on q or k: y = x·cos + rotate_half(x)·sin, with the cos/sin
// tables precomputed. Two multiplies and one add per element; the backward applies the transposed rotation
// to dy with the same count.

import type { OpKindModule } from '../../kind.js';
import { internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_ELEMENT = { forward: 3, inputGrad: 3 };

export const ropeRule: OpCostRule<'rope'> = {
  kind: 'rope',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT.forward, a.elements * PER_ELEMENT.inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 3 (x·cos + rot(x)·sin); inputGrad 3',
};

// ---- memory, per runtime ----
// What a rotary embedding holds: nothing (cos/sin tables are constants; the rotation is linear).

export const ropeMemory: MemoryByRuntime<'rope'> = {
  pytorch: {
    saved: () => [],
    // q·cos, rotate_half(q), rotate_half(q)·sin
    forwardWorkspace: (op) => [internalTensor(op, 'rot', 2 * op.attrs.elements)],
  },
  tfjs: { saved: () => [] },
};

/** The op kind "rope": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const ropeKind: OpKindModule<'rope'> = { cost: ropeRule, memory: ropeMemory, checkpoint: 'recompute' };
