// Elementwise product c = a·b (gated MLP): forward 1 per element; backward dA = dC·b and dB = dC·a.

import type { OpKindModule } from '../../kind.js';
import { elementTraffic, heldTensor, type MemoryByRuntime } from '../../memory.js';
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

// ---- memory, per runtime ----
// What an elementwise product holds: both factors (each is the other's derivative).

export const mulMemory: MemoryByRuntime<'mul'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.needsInputGrad ? op.inputs.map(heldTensor) : []),
    // forward reads both factors and writes the product; backward is two products, dy·b and dy·a, each reading
    // two tensors and writing one (both factors take a gradient, as in a gated MLP; harness/kernel_traffic.py)
    traffic: (op, ctx) => elementTraffic(op.attrs.elements, ctx.activationDtype, { forward: 3, backward: 6, forwardKernels: 1, backwardKernels: 2 }, 'mul'),
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]!), heldTensor(op.inputs[1]!)],
  },
};

/** The op kind "mul": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const mulKind: OpKindModule<'mul'> = { cost: mulRule, memory: mulMemory, checkpoint: 'recompute' };
