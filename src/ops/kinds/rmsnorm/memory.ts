// What RMSNorm holds.
//
// PyTorch, fused kernel (torch.nn.functional.rms_norm, Apex/Liger): its input and one fp32 rstd per row, like
// LayerNorm keeps input, mean and rstd.
// PyTorch, Hugging Face's LlamaRMSNorm (eager code): `x.to(fp32)` (the input itself when it is fp32, else an
// fp32 copy), `rsqrt(mean(x²) + ε)` (one fp32 value per row), `weight · x̂.to(input dtype)`; autograd keeps x̂
// when the weight trains, and the fp32 x and rstd when the input needs a gradient. Before torch 2.0 the
// mean's backward also kept its input, x² (MeanBackward1 saved `self`; 2.x saves only its sizes).

import { heldTensor, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace } from '../norm-memory.js';

export const rmsnormMemory: MemoryByRuntime<'rmsnorm'> = {
  pytorch: {
    saved(op, ctx, code) {
      const rows = op.attrs.rows;
      if (!code.hfEager) return [heldTensor(op.inputs[0]), internalTensor(op, 'stats', rows, 'f32')];
      const n = rows * op.attrs.features;
      // x̂ is kept for the weight's gradient (weight · x̂), the rest for the input's
      const kept = ctx.weightTrains ? [internalTensor(op, 'normed', n)] : [];
      if (ctx.needsInputGrad) {
        kept.push(ctx.activationDtype === 'fp32' ? heldTensor(op.inputs[0]) : internalTensor(op, 'x32', n, 'f32'));
        kept.push(internalTensor(op, 'stats', rows, 'f32'));
        if (code.torchMajor < 2) kept.push(internalTensor(op, 'squared', n, 'f32'));
      }
      return kept;
    },
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]), internalTensor(op, 'rstd', op.attrs.rows, 'f32')],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};
