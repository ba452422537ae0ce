// 2-D convolution as an implicit GEMM (torchvision/fvcore MAC convention; PyTorch flop_counter conv):
// MACs = outH·outW·outC·(inC/groups)·kH·kW. Backward: the input gradient (transposed conv) and the weight
// gradient are each one product of the same size. Bias: one add per output element, its gradient one add.

import type { Conv2dAttrs } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

function mac(a: Conv2dAttrs): number {
  return a.outH * a.outW * a.outChannels * (a.inChannels / a.groups) * a.kernelH * a.kernelW;
}

function biasFlops(a: Conv2dAttrs): number {
  return a.bias ? a.outH * a.outW * a.outChannels : 0;
}

export const conv2dRule: OpCostRule<'conv2d'> = {
  kind: 'conv2d',
  params: (a) => a.outChannels * (a.inChannels / a.groups) * a.kernelH * a.kernelW + (a.bias ? a.outChannels : 0),
  flops: (a) => phases(2 * mac(a) + biasFlops(a), 2 * mac(a), 2 * mac(a) + biasFlops(a)),
  matmulFlops: (a) => phases(2 * mac(a), 2 * mac(a), 2 * mac(a)),
  macs: mac,
  formula: 'MACs outH·outW·outC·(inC/groups)·kH·kW; fw 2·MACs (+ outH·outW·outC bias); inputGrad 2·MACs; weightGrad 2·MACs (+ outH·outW·outC bias grad)',
};

// ---- memory, per runtime ----
// What a convolution holds: its input. The executor keeps it only for the weight gradient, like a linear
// layer; PyTorch's ConvolutionBackward0 keeps it whenever any gradient is asked for (derivatives.yaml gives
// input, weight and bias one formula, convolution_backward, which reads the input): a frozen convolution on
// the gradient path keeps it too (measured: a frozen ConvNeXt block's depthwise input, whose tensor nothing
// else keeps).

export const conv2dMemory: MemoryByRuntime<'conv2d'> = {
  pytorch: {
    saved: (op, ctx) => (ctx.weightTrains || ctx.needsInputGrad ? [heldTensor(op.inputs[0]!)] : []),
  },
  tfjs: {
    saved: (op, ctx) => (ctx.weightTrains ? [heldTensor(op.inputs[0]!)] : []),
    // the convolution's result before the bias is added
    forwardWorkspace: (op) => (op.attrs.bias ? [internalTensor(op, 'prebias', op.attrs.outH * op.attrs.outW * op.attrs.outChannels)] : []),
  },
};

// op-level checkpointing stores its output: a contraction (aten.convolution), as costly to recompute as a matmul
/** The op kind "conv2d": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const conv2dKind: OpKindModule<'conv2d'> = { cost: conv2dRule, memory: conv2dMemory, checkpoint: 'save' };
