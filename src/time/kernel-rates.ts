// The FLOP rate each kind of kernel runs at, from the GPU's peak and the measured behaviour of its kernels:
//
//   GEMM (linear layers)   peak · large-GEMM efficiency (efficiency.ts) · useful share of its shape
//                          (gemm-efficiency.ts: tile and wave quantization over the SMs, each tile's pipeline fill)
//   fused attention        the kernel's published speed at its sequence length, head dimension and mask
//                          (attention-efficiency.ts), or a calibration's measured rate
//   anything else          peak · large-GEMM efficiency (elementwise ops are bound by memory bandwidth anyway;
//                          weightless batched matmuls, convolutions and unfused attention run at the large-GEMM rate)
//
// A roofline term (block-cost.ts) names its kernel and, for a GEMM, its shape per sample; the rate is resolved
// at the micro-batch, since the batch changes the GEMM's rows (or, for a weight gradient, its reduction depth).

import { type AttentionCurve, attentionFlopsPerSec } from './attention-efficiency.js';
import { gemmShapeShare } from './gemm-efficiency.js';

/** The kernel a roofline term runs as. */
export const KERNEL = {
  other: 0,
  /** y = x·W: M = rows per sample · b, N, K fixed (forward and input gradient of a linear layer) */
  gemmRows: 1,
  /** dW = dyᵀ·x: M, N fixed, the batch is the reduction K = rows per sample · b */
  gemmReduce: 2,
  /** fused attention: m = key length, n = head dimension, k = 1 with the causal mask */
  attentionForward: 3,
  attentionBackward: 4,
  /** gemmRows and gemmReduce of a linear layer the fp8 recipe runs in FP8 */
  fp8GemmRows: 5,
  fp8GemmReduce: 6,
  /** a weightless batched matmul (cuBLAS bmm) */
  matmul: 7,
  /** a convolution (cuDNN) */
  convolution: 8,
  /** attention under `math`: its batched matmuls and softmax, one op */
  attentionUnfused: 9,
} as const;
export type KernelCode = (typeof KERNEL)[keyof typeof KERNEL];

/**
 * What a step's kernel time is spent on: GEMMs, attention, convolutions, and everything else (elementwise,
 * normalization, the loss, casts and copies: bound by memory bandwidth). A plan's compute time splits into these,
 * and a profiled step's kernels are sorted into the same classes by name (src/validate/torch/kernel-categories.ts),
 * with two differences a comparison has to allow for: unfused attention is one op here, where the profiler sees its
 * batched matmuls as GEMMs and its softmax as the rest; and cuDNN runs some convolutions (1×1) on kernels named as
 * GEMMs.
 */
export const KERNEL_CLASSES = ['gemm', 'attention', 'convolution', 'other'] as const;
export type KernelClass = (typeof KERNEL_CLASSES)[number];
export type KernelSeconds = Record<KernelClass, number>;

/** each class as a table's column header */
export const KERNEL_CLASS_HEADER: Readonly<Record<KernelClass, string>> = { gemm: 'GEMM', attention: 'attention', convolution: 'conv', other: 'other' };

/** each kernel code's class */
const CLASS_OF_KERNEL: Readonly<Record<KernelCode, KernelClass>> = {
  [KERNEL.other]: 'other',
  [KERNEL.gemmRows]: 'gemm',
  [KERNEL.gemmReduce]: 'gemm',
  [KERNEL.attentionForward]: 'attention',
  [KERNEL.attentionBackward]: 'attention',
  [KERNEL.fp8GemmRows]: 'gemm',
  [KERNEL.fp8GemmReduce]: 'gemm',
  [KERNEL.matmul]: 'gemm',
  [KERNEL.convolution]: 'convolution',
  [KERNEL.attentionUnfused]: 'attention',
};

/** each kernel code's index in KERNEL_CLASSES, by code (the roofline loop reads it for every term) */
export const CLASS_INDEX = Uint8Array.from({ length: Math.max(...Object.values(KERNEL)) + 1 }, (_, code) =>
  KERNEL_CLASSES.indexOf(CLASS_OF_KERNEL[code as KernelCode]),
);

/** What a GPU's kernels reach: every figure named and overridable. */
export interface KernelRates {
  peakFlopsPerSec: number;
  /** fraction of peak that large GEMMs reach */
  efficiency: number;
  /** multiprocessors for the GEMM wave model; absent: every GEMM at the large-GEMM rate */
  sms?: number;
  /** fused attention's measured fraction of peak (a calibration); it wins over the published curve */
  attention?: { forward: number; backward: number };
  /** fused attention's published speed by shape (the plan's flash kernel); absent with `attention`: the large-GEMM rate */
  attentionCurve?: AttentionCurve;
  /** dense FP8 peak for the fp8 recipe's linear-layer GEMMs (absent: no GEMM runs in FP8) */
  fp8PeakFlopsPerSec?: number;
  /** the host's time to issue one kernel (a calibration's measurement); a kernel takes at least this long */
  launchSeconds?: number;
  /**
   * the large-GEMM rate of a 16-bit GEMM with a dimension that is not a multiple of 8 elements (rows not 16-byte
   * aligned: cuBLAS runs it on alignment-1 kernels), measured; absent: such GEMMs at the aligned rate
   */
  unalignedGemmFlopsPerSec?: number;
  /**
   * measured memory-bound kernels' share of the copy rate, by their code (memory-kernels.ts); absent: the H200's
   * measured shares
   */
  memoryKernelShares?: Readonly<Float64Array>;
}

/** What a GPU's measured kernels change beside its peak and large-GEMM efficiency (all optional). */
export interface KernelFigures extends Pick<
  KernelRates,
  'sms' | 'attention' | 'attentionCurve' | 'fp8PeakFlopsPerSec' | 'launchSeconds' | 'unalignedGemmFlopsPerSec' | 'memoryKernelShares'
> {
  /** bytes/s that memory-bound kernels stream from HBM (a STREAM-like measurement); absent: the datasheet figure */
  memoryBytesPerSec?: number;
  /** fixed seconds of one collective call: nccl-tests' published small-message time (collective-rates.ts), or a calibration's; absent: none */
  collectiveLatencySeconds?: number;
}

/** FLOP/s of a term of kernel `kernel` with GEMM shape (m, n, k) per sample at micro-batch b. */
export function kernelRate(r: KernelRates, kernel: number, m: number, n: number, k: number, b: number): number {
  const large = r.peakFlopsPerSec * r.efficiency;
  switch (kernel) {
    // a linear layer's operands have rows of its in and out features, never of its tokens (y = x·Wᵀ, dx = dy·W,
    // dW = dyᵀ·x): only those decide whether cuBLAS can run it on aligned kernels
    case KERNEL.gemmRows:
      return gemmRate(r, large, m * b, n, k, n, k);
    case KERNEL.gemmReduce:
      return gemmRate(r, large, m, n, k * b, m, n);
    case KERNEL.attentionForward:
    case KERNEL.attentionBackward:
      if (r.attention) return r.peakFlopsPerSec * (kernel === KERNEL.attentionForward ? r.attention.forward : r.attention.backward);
      return r.attentionCurve ? attentionFlopsPerSec(r.attentionCurve, m, n, k === 1) : large;
    case KERNEL.fp8GemmRows:
    case KERNEL.fp8GemmReduce:
      return fp8GemmRate(r, kernel, m, n, k, b);
    default:
      return large;
  }
}

/** 16-bit rows are 16-byte aligned when both row lengths of a GEMM's operands are multiples of 8 elements. */
export function alignedRows(a: number, b: number): boolean {
  return a % 8 === 0 && b % 8 === 0;
}

/**
 * An M×N×K GEMM whose operands' rows are `rowA` and `rowB` long: the large-GEMM rate (or, with unaligned rows, the
 * measured unaligned one) times its shape's share.
 */
function gemmRate(r: KernelRates, large: number, M: number, N: number, K: number, rowA: number, rowB: number): number {
  const rate = r.unalignedGemmFlopsPerSec !== undefined && !alignedRows(rowA, rowB) ? r.unalignedGemmFlopsPerSec : large;
  return r.sms === undefined ? rate : rate * gemmShapeShare(M, N, K, r.sms);
}

/**
 * An FP8 GEMM: the 16-bit GEMM of its shape scaled from the 16-bit peak to the FP8 peak, i.e. the same
 * large-GEMM efficiency and shape share as measured for 16-bit GEMMs (no FP8 GEMM measurement is sourced).
 */
function fp8GemmRate(r: KernelRates, kernel: number, m: number, n: number, k: number, b: number): number {
  const sixteenBit = kernelRate(r, kernel === KERNEL.fp8GemmRows ? KERNEL.gemmRows : KERNEL.gemmReduce, m, n, k, b);
  return (sixteenBit * (r.fp8PeakFlopsPerSec ?? r.peakFlopsPerSec)) / r.peakFlopsPerSec;
}
