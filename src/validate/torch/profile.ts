// The PyTorch runtime profile for the torch version that ran a validation case: the planning
// profile (src/runtime/pytorch.ts, today's PyTorch on a GPU) with the differences that the measured runtime
// really has, each from PyTorch's own source.

import type { OptimizerPolicy } from '../../precision/optimizer.js';
import type { RuntimeProfile } from '../../runtime/profile.js';
import { huggingFaceEagerProfile, pytorchProfile, torchModulesProfile } from '../../runtime/pytorch.js';
import type { ModelSpec } from '../../model/types.js';

export type TorchDevice = 'cpu' | 'cuda';

export interface TorchRuntime extends RuntimeProfile {
  /** the optimizer as this torch version implements it */
  optimizer(o: OptimizerPolicy): OptimizerPolicy;
}

/** "1.13.0a0" → [1, 13] */
export function torchVersion(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/**
 * `spec`: the harness runs decoders as Hugging Face's eager code (harness/torch_models.py); `device`: whose
 * autocast op lists apply (the CPU's differ from CUDA's: layer_norm and softmax are not on its fp32 list).
 */
export function torchRuntimeProfile(version: string, spec?: ModelSpec, device: TorchDevice = 'cuda'): TorchRuntime {
  const [major] = torchVersion(version);
  // decoders: Hugging Face's eager code; the encoder and ViT cases: torch.nn.MultiheadAttention's packed in_proj
  const base =
    spec?.family === 'decoder' ? huggingFaceEagerProfile(major) : spec?.family === 'encoder' || spec?.family === 'vit' ? torchModulesProfile : pytorchProfile;
  return {
    ...base,
    // torch 1.13's autograd adds a second gradient contribution out of place, `old_var + var` in
    // InputBuffer::accumulate, where torch 2.x may add into a buffer only it holds: measured on this
    // machine's torch 1.13.1 (a tensor read by two ops, even two elementwise ones: aten::add, never add_, and
    // three tensors of its size alive at once)
    ...(major < 2 && { gradientAccumulation: 'out-of-place' as const, variant: `${base.variant ?? ''}+torch1-accumulate` }),
    autocastDevice: device,
    optimizer(o) {
      // torch < 2.0, _multi_tensor_adamw: `exp_avg_sq_sqrt = torch._foreach_sqrt(exp_avg_sqs)` and then
      // `denom = torch._foreach_add(exp_avg_sq_sqrt, eps)`, out of place while the first list is still
      // referenced: two transient state-sized lists. torch 2.x adds eps in place (`_foreach_add_`): one.
      // _single_tensor_adamw's temporaries are the same in both (src/precision/adamw-impl.ts).
      if (o.name !== 'adamw' || o.impl !== 'foreach' || major >= 2) return o;
      return { ...o, stepTransientBytes: (p, t) => 2 * o.stepTransientBytes(p, t) };
    },
  };
}
