// The PyTorch runtime profile: what autograd keeps for backward, op by op, and the working memory of each
// op. What each op kind keeps is in its module (the memory part of src/ops/kinds/<kind>/index.ts, from PyTorch's
// tools/autograd/derivatives.yaml, Korthikanti et al. 2022 §4, FlashAttention-2 (Dao 2023)); this file holds
// what is true of PyTorch as a whole (docs/memory.md):
//   - bytes per element: activations in their compute dtype, bool masks, fp32 statistics, int64 ids;
//   - an op off the autograd tape, or one with no gradient to compute, keeps nothing;
//   - a gradient contribution is added into one buffer (InputBuffer), AddBackward returns the incoming
//     gradient itself (the kinds say which ops alias);
//   - each weight gradient appears when its op's backward computes it (AccumulateGrad runs per op), not
//     when its block's backward starts (measured: harness/torch_harness.py, docs/validation.md);
//   - which modelling code runs: the fused kernels (attention `math` with a 16-bit softmax or `flash`,
//     fused RMSNorm), or Hugging Face's eager code (`huggingFaceEagerProfile`), which keeps more.

import type { TensorRole } from '../graph/types.js';
import { kindMemoryDispatch } from '../ops/kinds/index.js';
import { ACTIVATION_DTYPE_BYTES, type PytorchCode } from '../ops/memory.js';
import type { ActivationDtype, RuntimeProfile } from './profile.js';

function bytesPerElement(role: TensorRole, dtype: ActivationDtype): number {
  switch (role) {
    case 'act':
      return ACTIVATION_DTYPE_BYTES[dtype];
    case 'mask':
      return 1; // torch.bool
    case 'f32':
      return 4;
    case 'index':
      return 8; // torch.int64
  }
}

function profileFor(code: PytorchCode, variant?: string): RuntimeProfile {
  const kinds = kindMemoryDispatch('pytorch', code);
  return {
    name: 'pytorch',
    ...(variant === undefined ? {} : { variant }),
    bytesPerElement,
    ...kinds,
    saved(op, ctx) {
      // autograd records nothing for an op run under no_grad, nor for one that computes no gradient
      if (!ctx.taped || !(ctx.needsInputGrad || ctx.weightTrains)) return [];
      return kinds.saved(op, ctx);
    },
    keepsAllForwardOutputs: false,
    keepsGradientsUntilEnd: false,
    gradientAccumulation: 'sum',
    weightGradientsPerOp: true,
  };
}

/** PyTorch with the fused kernels a training stack uses today (FlashAttention or Megatron's softmax, fused RMSNorm). */
export const pytorchProfile: RuntimeProfile = profileFor({ hfEager: false, torchMajor: 2 });

/**
 * PyTorch running Hugging Face's eager modeling code (the default `attn_implementation="eager"` path and
 * LlamaRMSNorm and its copies), where it keeps more than the fused kernels `pytorchProfile` assumes: an fp32
 * copy of the attention probabilities with 16-bit activations, and RMSNorm's fp32 input, x̂ and (before torch
 * 2.0) x² (src/ops/kinds/attention/index.ts, src/ops/kinds/rmsnorm/index.ts).
 */
export function huggingFaceEagerProfile(torchMajor: number): RuntimeProfile {
  return profileFor({ hfEager: true, torchMajor }, torchMajor < 2 ? 'hf-eager-torch1' : 'hf-eager');
}
