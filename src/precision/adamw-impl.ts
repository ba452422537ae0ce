// What torch.optim.AdamW allocates during step() beyond its inputs (parameters, gradients, m, v), by
// implementation, read from torch/optim/adamw.py (torch 2.x; torch 1.13's differences are in
// src/validate/torch/profile.ts). Temporaries take the dtype of the second moment v (the state dtype).
//
//   foreach  _multi_tensor_adamw: `exp_avg_sq_sqrt = torch._foreach_sqrt(device_exp_avg_sqs)`, then
//            `torch._foreach_div_(exp_avg_sq_sqrt, bias_correction2_sqrt)` and
//            `torch._foreach_add_(exp_avg_sq_sqrt, eps)` in place, read by `torch._foreach_addcdiv_`: one
//            v-sized list for all tensors of a (device, dtype) group of a param group at once. We assume one
//            param group (Hugging Face's Trainer splits off biases and norm weights, a small second group).
//   loop     _single_tensor_adamw, per tensor: `denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)`:
//            sqrt() makes one temporary and the division a second while the first is still referenced; then
//            `param.addcdiv_(exp_avg, denom, ...)` in place. Two temporaries of one tensor at a time: the largest
//            tensor decides the peak.
//   fused    _fused_adamw: `torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, ...)`, one multi-tensor
//            kernel (aten/src/ATen/native/cuda/fused_adamw_impl.cu) that reads and writes each element in
//            registers: nothing beyond its inputs. CUDA only in torch 2.x (no CPU kernel in torch 1.13).

import type { OptimizerImpl } from '../vocabulary.js';
import type { ParamTensors } from './param-tensors.js';

/** Bytes AdamW's step holds beyond its inputs, with `stateBytes` bytes per element of v. */
export function adamwStepTransient(impl: OptimizerImpl, stateBytes: number, t: ParamTensors): number {
  switch (impl) {
    case 'foreach':
      return t.params * stateBytes;
    case 'loop':
      return 2 * t.largest * stateBytes;
    case 'fused':
      return 0;
  }
}
