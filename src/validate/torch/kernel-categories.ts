// The kernels of one profiled CUDA step (harness/torch_harness.py, kernel_profile) summed by what they do, to set
// beside the time model's components: GEMMs and fused attention are its compute-bound terms, the optimizer's
// kernels its optimizer step, everything else (elementwise, normalization, reductions, copies, batch norm) its
// memory-bound terms. Sorted by kernel name, the only thing the profiler says about a kernel.

import type { KernelClass } from '../../time/kernel-rates.js';
import type { FlashKernel } from '../../vocabulary.js';

/** the time model's kernel classes (a plan splits its compute time into them), and the optimizer's kernels */
export type KernelCategory = KernelClass | 'optimizer';

/** One row of the harness's profile: a kernel (or a profiler annotation) with its device time. */
export interface ProfiledKernel {
  name: string;
  deviceType: string;
  calls: number;
  microseconds: number;
}

export interface KernelProfile {
  wallSeconds: number;
  kernels: ProfiledKernel[];
}

/** What a kernel name says it is; null for the profiler's own annotations (they repeat the kernels they span). */
export function kernelCategory(name: string): KernelCategory | null {
  if (/^(Optimizer\.|ProfilerStep|## )/.test(name)) return null;
  // cuBLAS (nvjet, sm90_xmma gemm, ampere/cutlass tensor-op gemm) and CUTLASS GEMM kernels
  if (/gemm|nvjet|s1688|s16816/i.test(name) && !/implicit_gemm|conv|fprop|dgrad|wgrad/i.test(name)) return 'gemm';
  // flash / memory-efficient / cuDNN fused attention, and cuDNN's helpers of its attention backward
  // (cudnn::fusion::compute_dot_do_o_specialized, cudnn::fusion::convert_dq_to_16bits)
  if (/flash|fmha|sdpa|attention|cudnn::fusion::/i.test(name)) return 'attention';
  // cuDNN convolutions (implicit GEMM forward, data and weight gradients)
  if (/implicit_gemm|fprop|dgrad|wgrad|conv/i.test(name)) return 'convolution';
  // the optimizer's multi-tensor kernels (foreach and fused AdamW, SGD with momentum)
  if (/multi_tensor_apply|fused_adam/i.test(name)) return 'optimizer';
  return 'other';
}

/**
 * The fused attention kernel a profiled step ran, as its kernels' names say: cuDNN's (cudnn_generated_*_sdpa_*) or
 * FlashAttention-2's (flash_fwd / flash_bwd, PyTorch's copy of flash-attn 2); undefined when neither ran.
 */
export function attentionKernelOf(profile: KernelProfile): FlashKernel | undefined {
  const names = profile.kernels.filter((k) => k.deviceType.endsWith('CUDA')).map((k) => k.name);
  if (names.some((n) => /cudnn/i.test(n) && /sdpa|fmha|flash/i.test(n))) return 'cudnn';
  if (names.some((n) => /flash_(fwd|bwd)/.test(n))) return 'fa2';
  return undefined;
}

/** Device seconds by category of the step's CUDA kernels. */
export function kernelSecondsByCategory(profile: KernelProfile): Record<KernelCategory, number> {
  const out: Record<KernelCategory, number> = { gemm: 0, attention: 0, convolution: 0, optimizer: 0, other: 0 };
  for (const k of profile.kernels) {
    if (!k.deviceType.endsWith('CUDA')) continue; // CPU ops carry their children's device time again
    const c = kernelCategory(k.name);
    if (c !== null) out[c] += k.microseconds / 1e6;
  }
  return out;
}
