// The fraction of dense peak that large matmuls reach in a training step, from published measurements.
//
// A step is one long saturated run, and a GPU at its power limit holds a lower clock than in a short burst: the
// same cuBLAS GEMM runs at 257 TFLOP/s on random inputs and 295 on zeros on an A100 (Horace He, "Strangely, Matrix
// Multiplications on GPUs Run Faster When Given 'Predictable' Data", thonking.ai, 2024). So the rate segplan uses is
// a sustained measurement on random data where one is published, else the best burst measurement, which the basis
// then names as an upper bound:
//
//   A100 (SXM, 40 and 80 GB)  256.5 TFLOP/s sustained: Azure AI-benchmarking-guide, Azure_Results/ND_A100_v4_results.md,
//                             cuBLASLt 16384³ after 10,000 warm-up iterations on random inputs (FP16: the same
//                             312 TFLOP/s tensor peak as BF16); Horace He's 8192³ on torch.randn: 257
//   H200                      668.7 TFLOP/s sustained: this project's own measurement, harness/calibrate.py on an
//                             H200 SXM (700 W limit, PyTorch 2.11, CUDA 13.0) on 2026-11-30: 8192³ on torch.randn for
//                             60 s, the median of the last third of its 0.5 s windows (1455-1515 MHz, 689-693 W; from
//                             the second window on 687-695 W: the first, started cold, read 423 W)
//                             (models/calibrations/nvidia-h200-2026-11-30-run1.json; a second
//                             run the same day measured 663.1, run2.json beside it). Its burst
//                             (stas00's 794, below) is 19% faster. Azure's sustained FP8 16384³ on an H200 (cuBLASLt,
//                             10,000 warm-ups, random: 1366.3 TFLOP/s, Azure_Results/ND_H200_v5_results.md) is 69% of
//                             FP8's dense peak, as this is 68% of BF16's
//   H100 SXM                  the H200's sustained 668.7 TFLOP/s: the same GH100 configuration (132 SMs, 1980 MHz
//                             boost) under the same 700 W limit, which sets the clock a long GEMM holds; no sustained
//                             BF16 figure of an H100 is published. The best burst measurement, 794 TFLOP/s, is
//                             stas00/ml-engineering's maximum achievable matmul (the best of a search over shapes,
//                             100 iterations after 50 warm-ups: compute/accelerator/benchmarks/README.md at 00b7582;
//                             its comparison table, compute/accelerator/README.md at 744d01e, notes "H200 is the same")
//   A100 PCIe (40 and 80 GB)  252.9 TFLOP/s burst: the same table's "NVIDIA A100 PCIe" (memory size not stated; the
//                             PCIe card's lower power limit is why it is below the SXM part)
//   MI300X                    668.4 TFLOP/s burst: the same table (ROCm 6.3, with PyTorch's TunableOp GEMM search on)
//
// A 16-bit GEMM with a dimension that is not a multiple of 8 elements has rows that are not 16-byte aligned, and cuBLAS
// runs it on alignment-1 kernels: on this project's H200, PyTorch 2.11 ran GPT-2's LM head (vocabulary 50257) on
// cutlass_75_tensorop_bf16_s1688gemm_*_align1, and 8192 x 50257 x 1024 ran at 122.2 TFLOP/s against 733.4 with the
// vocabulary padded to 50304 (harness/calibrate.py, models/calibrations/nvidia-h200-2026-11-30-run2.json). The H100
// SXM takes the H200's figure (the same GH100 and kernel library). Other GPUs: not measured, such GEMMs at the aligned rate.
//
// GPUs without a measurement run at their dense peak, which makes their times a lower bound; the plan says which
// applies.

import type { Gpu } from '../hardware/types.js';
import { largeRateOf } from './gemm-efficiency.js';
import { attentionCurve, FLASH_KERNEL_WORDS } from './attention-efficiency.js';
import { measuredCollectives } from './collective-rates.js';
import { memoryKernelFigures } from './memory-kernels.js';
import type { KernelFigures } from './kernel-rates.js';
import type { FlashKernel, PrecisionName } from '../vocabulary.js';
import { precisionPolicy } from '../precision/precision.js';

interface MatmulMeasurement {
  flopsPerSec: number;
  /** sustained at the power limit on random inputs, or a short burst at the boost clock */
  regime: 'sustained' | 'burst';
  /** the GPU it was measured on, in words */
  on: string;
}

const A100_SUSTAINED: MatmulMeasurement = { flopsPerSec: 256.5e12, regime: 'sustained', on: 'an A100-SXM4-80GB' };
const GH100_SUSTAINED: MatmulMeasurement = { flopsPerSec: 668.7e12, regime: 'sustained', on: 'an H200 SXM' };
const A100_PCIE_BURST: MatmulMeasurement = { flopsPerSec: 252.9e12, regime: 'burst', on: 'an A100 PCIe' };
const MEASURED_BF16_MATMUL: Record<string, MatmulMeasurement> = {
  'a100-40gb': { ...A100_SUSTAINED, on: 'an A100-SXM4-80GB (the same SMs, clocks and 400 W limit)' },
  'a100-80gb': A100_SUSTAINED,
  'h100-sxm': { ...GH100_SUSTAINED, on: 'an H200 SXM (the same GH100 under the same 700 W limit)' },
  h200: GH100_SUSTAINED,
  'a100-40gb-pcie': A100_PCIE_BURST,
  'a100-80gb-pcie': A100_PCIE_BURST,
  mi300x: { flopsPerSec: 668.4e12, regime: 'burst', on: 'an MI300X' },
};

// What memory-bound kernels stream from HBM, measured: Azure AI-benchmarking-guide, Azure_Results/ND_A100_v4_results.md
// (A100-SXM4-80GB, CUDA 12.5, STREAM-like "HBM Bandwidth" table): Copy 1.61 TB/s of the datasheet's 2.039 (Triad
// 1.70). Copy is the pattern of most elementwise kernels (read one tensor, write one). The same guide's
// Azure_Results/ND_H200_v5_results.md (H200 141GB, CUDA 12.6): Copy 4.01 TB/s of the datasheet's 4.8;
// Azure_Results/ND_H100_v5_results.md (H100 80GB HBM3, CUDA 12.6): Copy 2.90 TB/s of the datasheet's 3.35.
// A100-SXM4-40GB: pc2/GPUInspector.jl, docs/src/devices/a100_sxm2.md at 83ce4ac (a DGX-A100 at PC2, CUDA 11.5):
// memory_bandwidth(), the best of ten 0.5 GiB device-to-device copies counting the read and the write (as STREAM's
// Copy does), 1220.7 GiB/s = 1.31 TB/s of the datasheet's 1.555. V100-SXM2: the same function on a Tesla
// V100-SXM2-32GB (docs/src/devices/v100_sxm2.md, CUDA 11.6), 722.31 GiB/s = 0.776 TB/s of the datasheet's 0.9; the
// 16GB part takes it too (the same die, memory clock and 4096-bit bus). Other GPUs: not measured.
const V100_COPY = 0.776e12;
const MEASURED_HBM_COPY: Record<string, number> = {
  'v100-16gb': V100_COPY,
  'v100-32gb': V100_COPY,
  'a100-40gb': 1.31e12,
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
  const tflops = `${measured.flopsPerSec / 1e12} TFLOP/s of ${peakFlopsPerSec / 1e12} peak`;
  return {
    value: measured.flopsPerSec / peakFlopsPerSec,
    basis:
      measured.regime === 'sustained'
        ? `measured sustained matmul ${tflops} on ${measured.on} (random inputs, at the power limit)`
        : `measured burst matmul ${tflops} on ${measured.on} (boost clock; no sustained measurement: GEMM times are a lower bound)`,
  };
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

/** A measured GEMM with an unaligned dimension, by GPU: its shape and rate. */
const GH100_UNALIGNED_GEMM = { m: 8192, n: 50257, k: 1024, flopsPerSec: 122.2e12 };
const MEASURED_UNALIGNED_GEMM: Record<string, typeof GH100_UNALIGNED_GEMM> = { h200: GH100_UNALIGNED_GEMM, 'h100-sxm': GH100_UNALIGNED_GEMM };

/** What shapes and fused kernels change on this GPU (kernel-rates.ts), and in words where each figure comes from. */
export function kernelFigures(
  gpu: Pick<Gpu, 'id' | 'sms' | 'kernelStack'>,
  sixteenBit: boolean,
  flashKernel: FlashKernel,
): { rates: KernelFigures; basis: string; memoryKernelBasis: string } {
  const stream = MEASURED_HBM_COPY[gpu.id];
  const copy = stream === undefined ? 'HBM at its datasheet bandwidth' : `HBM at the measured ${stream / 1e12} TB/s (a copy, read and write counted)`;
  const kernels = memoryKernelFigures(gpu);
  const memory = `${copy}; ${kernels.basis}`;
  const nccl = measuredCollectives(gpu.id);
  // GPUs without a published nccl-tests measurement: collectives at the link rate, with no fixed time per call
  const network = nccl === undefined ? '' : `; ${nccl.basis}`;
  const measured = {
    ...(stream !== undefined && { memoryBytesPerSec: stream }),
    ...(nccl !== undefined && { collectiveLatencySeconds: nccl.latencySeconds }),
    memoryKernelShares: kernels.shares,
  };
  if (!sixteenBit) return { rates: measured, basis: `fp32: every kernel at dense peak; ${memory}${network}`, memoryKernelBasis: kernels.basis };
  const attention = attentionCurve(gpu.id, flashKernel);
  const waves =
    gpu.sms === undefined ? 'no SM count: GEMMs at the large-GEMM rate whatever their shape' : `GEMM tile, wave and pipeline-fill shares over ${gpu.sms} SMs`;
  const fused = attention
    ? attention.basis
    : `no published figure of ${FLASH_KERNEL_WORDS[flashKernel]} on ${gpu.id}: fused attention at the large-GEMM rate (a lower bound)`;
  const point = MEASURED_UNALIGNED_GEMM[gpu.id];
  const unaligned = point === undefined ? undefined : largeRateOf(point, gpu.sms);
  const unalignedWords =
    point === undefined || unaligned === undefined
      ? ''
      : `; GEMMs with a dimension not a multiple of 8 on cuBLAS's unaligned kernels: measured ${(point.flopsPerSec / 1e12).toFixed(1)} TFLOP/s at ${point.m} × ${point.n} × ${point.k}, a large-GEMM rate of ${(unaligned / 1e12).toFixed(1)} TFLOP/s over that shape's share`;
  return {
    rates: {
      ...(gpu.sms !== undefined && { sms: gpu.sms }),
      ...(attention && { attentionCurve: attention }),
      ...(unaligned !== undefined && { unalignedGemmFlopsPerSec: unaligned }),
      ...measured,
    },
    basis: `${waves}${unalignedWords}; ${fused}; ${memory}${network}`,
    memoryKernelBasis: kernels.basis,
  };
}
