// The fraction of dense peak that large matmuls reach, from published measurements of the maximum
// achievable matmul throughput (stas00/ml-engineering, compute/accelerator/README.md, as collected in
// shared/REFERENCES.md: A100 SXM 271 TF/s and H100 SXM 794 TF/s dense BF16). GPUs without a measurement
// run at their dense peak, which makes their times a lower bound; the plan says which applies.

import type { Gpu } from '../hardware/types.js';
import { attentionCurve, FLASH_KERNEL_WORDS } from './attention-efficiency.js';
import { measuredCollectives } from './collective-rates.js';
import type { KernelFigures } from './kernel-rates.js';
import type { FlashKernel, PrecisionName } from '../vocabulary.js';
import { precisionPolicy } from '../precision/precision.js';

const MEASURED_BF16_MATMUL: Record<string, number> = {
  'a100-40gb': 271e12,
  'a100-80gb': 271e12,
  'h100-sxm': 794e12,
};

// What memory-bound kernels stream from HBM, measured: Azure AI-benchmarking-guide, Azure_Results/ND_A100_v4_results.md
// (A100-SXM4-80GB, CUDA 12.5, STREAM-like "HBM Bandwidth" table): Copy 1.61 TB/s of the datasheet's 2.039 (Triad
// 1.70). Copy is the pattern of most elementwise kernels (read one tensor, write one). The same guide's
// Azure_Results/ND_H200_v5_results.md (H200 141GB, CUDA 12.6): Copy 4.01 TB/s of the datasheet's 4.8;
// Azure_Results/ND_H100_v5_results.md (H100 80GB HBM3, CUDA 12.6): Copy 2.90 TB/s of the datasheet's 3.35. Other
// GPUs: not measured.
const MEASURED_HBM_COPY: Record<string, number> = {
  'a100-80gb': 1.61e12,
  'h100-sxm': 2.9e12,
  h200: 4.01e12,
};

export interface Efficiency {
  value: number;
  basis: string;
}

export function matmulEfficiency(gpuId: string, peakFlopsPerSec: number): Efficiency {
  const measured = MEASURED_BF16_MATMUL[gpuId];
  if (measured === undefined) return { value: 1, basis: `no measured matmul rate for ${gpuId}: dense peak (times are a lower bound)` };
  return { value: measured / peakFlopsPerSec, basis: `measured max matmul ${measured / 1e12} TFLOP/s of ${peakFlopsPerSec / 1e12} peak` };
}

/** The published and measured kernel figures are 16-bit Tensor Core kernels': an fp32 recipe runs at its dense peak. */
export function runsSixteenBitKernels(precision: PrecisionName): boolean {
  return precisionPolicy(precision).activationDtype !== 'fp32';
}

/**
 * Where a plan's fused-attention speed comes from: the dense fp32 peak, the user's calibration, the kernel's
 * published figures on this GPU, or (none of those) the large-GEMM rate. The rates follow it (kernelFigures,
 * calibratedRates); the CLI's warning reads it.
 */
export type AttentionTiming = 'dense-peak' | 'measured' | 'published' | 'large-gemm';

export function attentionTiming(
  gpuId: string,
  precision: PrecisionName,
  flashKernel: FlashKernel,
  calibration?: { attentionPoints?: unknown; attentionFlopsPerSec?: unknown },
): AttentionTiming {
  if (!runsSixteenBitKernels(precision)) return 'dense-peak';
  if (calibration?.attentionPoints !== undefined || calibration?.attentionFlopsPerSec !== undefined) return 'measured';
  return attentionCurve(gpuId, flashKernel) ? 'published' : 'large-gemm';
}

/** What shapes and fused kernels change on this GPU (kernel-rates.ts), and in words where each figure comes from. */
export function kernelFigures(gpu: Pick<Gpu, 'id' | 'sms'>, sixteenBit: boolean, flashKernel: FlashKernel): { rates: KernelFigures; basis: string } {
  const stream = MEASURED_HBM_COPY[gpu.id];
  const memory = stream === undefined ? 'HBM at its datasheet bandwidth' : `HBM at the measured ${stream / 1e12} TB/s (STREAM copy)`;
  const nccl = measuredCollectives(gpu.id);
  // GPUs without a published nccl-tests measurement: collectives at the link rate, with no fixed time per call
  const network = nccl === undefined ? '' : `; ${nccl.basis}`;
  const measured = { ...(stream !== undefined && { memoryBytesPerSec: stream }), ...(nccl !== undefined && { collectiveLatencySeconds: nccl.latencySeconds }) };
  if (!sixteenBit) return { rates: measured, basis: `fp32: every kernel at dense peak; ${memory}${network}` };
  const attention = attentionCurve(gpu.id, flashKernel);
  const waves =
    gpu.sms === undefined ? 'no SM count: GEMMs at the large-GEMM rate whatever their shape' : `GEMM tile and wave quantization over ${gpu.sms} SMs`;
  const fused = attention
    ? attention.basis
    : `no published figure of ${FLASH_KERNEL_WORDS[flashKernel]} on ${gpu.id}: fused attention at the large-GEMM rate (a lower bound)`;
  return {
    rates: {
      ...(gpu.sms !== undefined && { sms: gpu.sms }),
      ...(attention && { attentionCurve: attention }),
      ...measured,
    },
    basis: `${waves}; ${fused}; ${memory}${network}`,
  };
}
