// Rotary position embedding (Su et al. 2021) on q or k: y = x·cos + rotate_half(x)·sin, with the cos/sin
// tables precomputed. Two multiplies and one add per element; the backward applies the transposed rotation
// to dy with the same count.

import type { OpKindModule } from '../../kind.js';
import { elementTraffic, internalTensor, type KernelTraffic, type MemoryByRuntime } from '../../memory.js';
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

// Its kernels, as Hugging Face's apply_rotary_pos_emb runs them op by op (the memory above assumes the same code),
// per element of x (x bytes each; the cos and sin tables, one row per position, are left out):
//   forward   x·cos 2x · neg of the second half x · cat(−x2, x1) 2x · rot·sin 2x · sum 3x            = 10x
//   backward  g·sin 2x · neg x · the two slices' backward (zeros, half copied in) 1.5x each · their sum 3x ·
//             g·cos 2x · the two gradients of x summed 3x                                          = 14x
// (measured against PyTorch's dispatch: harness/kernel_traffic.py). torchtitan's complex-multiply form moves
// about as much (two fp32 casts and one complex product each way).
// (the kernels above: five forward, seven backward)
const TRAFFIC_PER_ELEMENT: KernelTraffic = { forward: 10, backward: 14, forwardKernels: 5, backwardKernels: 7 };

export const ropeMemory: MemoryByRuntime<'rope'> = {
  pytorch: {
    saved: () => [],
    traffic: (op, ctx) => elementTraffic(op.attrs.elements, ctx.activationDtype, TRAFFIC_PER_ELEMENT, 'rope'),
    // q·cos, rotate_half(q), rotate_half(q)·sin
    forwardWorkspace: (op) => [internalTensor(op, 'rot', 2 * op.attrs.elements)],
  },
  tfjs: { saved: () => [] },
};

/** The op kind "rope": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const ropeKind: OpKindModule<'rope'> = { cost: ropeRule, memory: ropeMemory, checkpoint: 'recompute' };
