// 2-D convolution as an implicit GEMM (torchvision/fvcore MAC convention; PyTorch flop_counter conv):
// MACs = outH·outW·outC·(inC/groups)·kH·kW. Backward: the input gradient (transposed conv) and the weight
// gradient are each one product of the same size. Bias: one add per output element, its gradient one add.

import type { Conv2dAttrs } from '../../../graph/types.js';
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
  formula:
    'MACs outH·outW·outC·(inC/groups)·kH·kW; fw 2·MACs (+ outH·outW·outC bias); inputGrad 2·MACs; weightGrad 2·MACs (+ outH·outW·outC bias grad)',
};
