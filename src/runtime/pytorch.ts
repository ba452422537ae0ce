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
//   - under torch.autocast, the copies autocast makes (src/runtime/autocast-copies.ts) beside what the kinds keep;
//   - which modelling code runs: the fused kernels (attention `math` with a 16-bit softmax or `flash`,
//     fused RMSNorm), or Hugging Face's eager code (`huggingFaceEagerProfile`), which keeps more.

import type { TensorRole } from '../graph/types.js';
import { kindMemoryDispatch } from '../ops/kinds/index.js';
import { ACTIVATION_DTYPE_BYTES, type PytorchCode } from '../ops/memory.js';
import { autocastBackwardWorkspace, autocastCached, autocastForwardWorkspace, autocastSaved } from './autocast-copies.js';
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
  const saved: RuntimeProfile['saved'] = (op, ctx) => {
    // autograd records nothing for an op run under no_grad, nor for one that computes no gradient
    if (!ctx.taped || !(ctx.needsInputGrad || ctx.weightTrains)) return [];
    const kept = kinds.saved(op, ctx);
    return ctx.autocast ? autocastSaved(op, ctx, kept, code.packedProjections === true) : kept;
  };
  return {
    name: 'pytorch',
    ...(variant === undefined ? {} : { variant }),
    // planning is for GPUs: CUDA's autocast op lists (the validation on a CPU says otherwise)
    autocastDevice: 'cuda',
    bytesPerElement,
    ...kinds,
    saved,
    forwardWorkspace(op, ctx) {
      const base = kinds.forwardWorkspace(op, ctx);
      return ctx.autocast ? autocastForwardWorkspace(op, ctx, base, saved(op, ctx), code.packedProjections === true) : base;
    },
    backwardWorkspace(op, ctx) {
      const base = kinds.backwardWorkspace(op, ctx);
      return ctx.autocast ? autocastBackwardWorkspace(op, ctx, base) : base;
    },
    cachedUntilForwardEnds: autocastCached,
    keepsAllForwardOutputs: false,
    keepsGradientsUntilEnd: false,
    gradientAccumulation: 'sum',
    weightGradientsPerOp: true,
  };
}

/** PyTorch with the fused kernels a training stack uses today (FlashAttention or Megatron's softmax, fused RMSNorm). */
export const pytorchProfile: RuntimeProfile = profileFor({ hfEager: false, torchMajor: 2 });

/**
 * PyTorch running torch.nn's own modules (torch.nn.MultiheadAttention in TransformerEncoderLayer, torchvision's
 * VisionTransformer): q, k and v are one packed projection (`in_proj_weight`), which autocast casts the input of once.
 */
export const torchModulesProfile: RuntimeProfile = profileFor({ hfEager: false, torchMajor: 2, packedProjections: true }, 'torch-modules');

/**
 * PyTorch running Hugging Face's eager modeling code (the default `attn_implementation="eager"` path and
 * LlamaRMSNorm and its copies), where it keeps more than the fused kernels `pytorchProfile` assumes: an fp32
 * copy of the attention probabilities with 16-bit activations, and RMSNorm's fp32 input, x̂ and (before torch
 * 2.0) x² (src/ops/kinds/attention/index.ts, src/ops/kinds/rmsnorm/index.ts).
 */
export function huggingFaceEagerProfile(torchMajor: number): RuntimeProfile {
  return profileFor({ hfEager: true, torchMajor }, torchMajor < 2 ? 'hf-eager-torch1' : 'hf-eager');
}
