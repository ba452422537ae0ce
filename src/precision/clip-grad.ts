// Gradient clipping's transient: torch.nn.utils.clip_grad_norm_ (torch/nn/utils/clip_grad.py, the foreach
// path): `norms.extend(torch._foreach_norm(device_grads, norm_type))` makes one 0-dim norm per gradient tensor,
// `torch.stack(norms)` one vector of them, `total_norm`, `clip_coef` and its clamp one scalar each, and
// `torch._foreach_mul_(device_grads, clip_coef_clamped)` scales the gradients in place. On a GPU every one of
// these small tensors takes a block of the CUDA caching allocator, at least 512 bytes (kMinBlockSize in
// c10/cuda/CUDACachingAllocator.cpp; torch.cuda.memory_allocated counts the rounded blocks).

import { blockBytes as blocks } from '../runtime/allocator.js';
import type { ParamTensors } from './param-tensors.js';

/** Bytes clip_grad_norm_ holds at its largest, for the gradients `t` in `gradBytes` bytes per element. */
export function clipGradTransient(gradBytes: number, t: ParamTensors): number {
  if (t.count === 0) return 0;
  // per-tensor norms, their stack, total norm, clip coefficient and its clamp (the norms are alive until the stack)
  return t.count * blocks(gradBytes) + blocks(t.count * gradBytes) + 3 * blocks(gradBytes);
}
