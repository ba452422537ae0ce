// Peak dense rate for a compute dtype, with the fallback for GPUs that lack BF16 (V100).
import type { Gpu } from './types.js';
import { RequestError } from '../errors.js';

export type ComputeDtype = 'bf16' | 'fp16' | 'fp32';

export interface PeakFlops {
  flopsPerSec: number;
  /** The catalog figure used: differs from the request when falling back. */
  rateOf: ComputeDtype;
  /** Why a fallback was used, for the CLI to show. */
  note?: string;
}

const TERA = 1e12;

/** Dense peak FLOP/s for `dtype`. BF16 on a GPU without BF16 falls back to its FP32 rate, with a note. */
export function peakFlops(gpu: Gpu, dtype: ComputeDtype): PeakFlops {
  if (dtype !== 'bf16') return { flopsPerSec: gpu.flops[dtype], rateOf: dtype };
  if (gpu.flops.bf16 !== undefined) return { flopsPerSec: gpu.flops.bf16, rateOf: 'bf16' };
  return {
    flopsPerSec: gpu.flops.fp32,
    rateOf: 'fp32',
    note:
      `${gpu.name} has no BF16 support: bf16 math is estimated at its FP32 rate ` +
      `(${gpu.flops.fp32 / TERA} TFLOP/s), at best; fp16 would run at ${gpu.flops.fp16 / TERA} TFLOP/s`,
  };
}

/**
 * Dense FP8 Tensor Core FLOP/s of the GPU (the catalog's `flops.fp8`), for the fp8 recipe's linear-layer GEMMs;
 * a GPU without the figure has no FP8 tensor cores (or none sourced) and the recipe is refused.
 */
export function fp8PeakFlops(gpu: Gpu): number {
  if (gpu.flops.fp8 === undefined) {
    throw new RequestError('precision', 'fp8', `needs FP8 tensor cores (H100, H200); ${gpu.name} has no FP8 rate in the GPU catalog`);
  }
  return gpu.flops.fp8;
}
