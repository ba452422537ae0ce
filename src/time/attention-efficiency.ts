// What a fused attention kernel reaches, by its shape: the kernel authors' own published measurements of forward +
// backward speed per sequence length, head dimension and mask, on the GPU they measured.
//
// Source: the FlashAttention-2 release (Dao 2023, "FlashAttention-2: Faster Attention with Better Parallelism and
// Work Partitioning", arXiv 2307.08691, Figures 4 and 6), as published with the release in Dao-AILab/flash-attention
// at commit 4f285b35 (2023-07-17): assets/flash2_a100_fwd_bwd_benchmark.png (A100 80GB SXM4) and
// assets/flash2_h100_fwd_bwd_benchmark.png (H100 80GB SXM5). The figures print each bar's TFLOP/s; the values below
// are those printed numbers, not read off bar heights. Setup (the release README): batch 16k / sequence length
// tokens, hidden dimension 2048 (32 heads of 64 or 16 of 128), 16-bit; FLOPs forward 4·s²·d per head (half with
// the causal mask: the computed triangle), backward 2.5x forward (the re-formed scores included), which is how
// segplan counts a `flash` attention op's FLOPs (src/ops/kinds/attention: skipMasked, backward 2x forward plus the
// re-formed scores).
//
// Kernels (`flashKernel`):
//   fa2     FlashAttention-2: flash-attn 2.x, PyTorch's scaled_dot_product_attention flash backend (torch >= 2.2)
//   fa1     FlashAttention (1): flash-attn 1.x CUDA kernels
//   triton  FlashAttention written in Triton ("FlashAttention Triton" bars; A100 only). The figure does not name
//           the kernel; the release's benchmark script (benchmarks/benchmark_flash_attention.py, first committed on
//           2023-07-28, eleven days after the figures) imports OpenAI's triton.ops.flash_attention for its "Triton"
//           method. llm-foundry's attn_impl: triton runs another kernel, its copy of Tri Dao's flash_attn_triton.py,
//           whose header says its forward + backward is slightly slower than the CUDA FlashAttention's (these bars:
//           50-80 vs 55-83 TFLOP/s causal at head dimension 128). No figure of that kernel is published, so MPT
//           rows are planned with these bars; their long-sequence rows imply it ran faster (100-117 TFLOP/s,
//           docs/published-throughput.md round 7).
//   cudnn   cuDNN's fused attention: what PyTorch's scaled_dot_product_attention picked by itself on an H200 with
//           PyTorch 2.11 (its kernels, cudnn_generated_fort_native_sdpa_sm90_flash_*, named in the profiles of
//           test/fixtures/torch-cuda/); whether a PyTorch version picks it on a GPU depends on that version.
//
// The H200's figures are this project's own measurements, at the same shapes as the release benchmark
// (harness/calibrate.py on 2026-11-30): FlashAttention-2 through SDPA's flash backend
// (models/calibrations/nvidia-h200-2026-11-30-run2.json) and cuDNN's through SDPA's own choice
// (-run3-sdpa-default.json). Each run measured 512 tokens, head dimension 64, causal first, after one warm-up call,
// and got 33-36 TFLOP/s where 1024 tokens ran at 152-221: that point is left out as the measurement's artifact. The
// H100 SXM takes the H200's cuDNN figures (the same GH100; attention at these sizes is bound by its math, not by
// the H200's faster memory).
//
// How a shape is read: linear in log2(sequence length) between the published 512 ... 16k, linear in head
// dimension between 64 and 128; outside those, the nearest published value (longer sequences and other head
// dimensions are not measured: head dimension 256 runs slower than 128, so such times are a lower bound). The
// one label the legend hides (A100, FlashAttention-2, no mask, head dimension 128, 512 tokens) is absent, and
// that panel starts at 1k. A calibration's measured points (harness/calibrate.py) make a curve of the same kind
// (attentionCurveOf), read by the same rule.
//
// The bars count only the matmuls' FLOPs; segplan charges the rate to all of an op's FLOPs, the few per score of
// scale and softmax included (at head dimension 64 they add 6 / 256 = 2.3% to the forward's): slightly
// conservative, one count of FLOPs per op.
//
// Only forward + backward is published per shape; forward and backward are both charged at that rate. Forward
// alone runs faster (FlashAttention-2 on A100: up to 73% of peak forward, 63% backward, the paper's section 4.1),
// so forward-only attention (a frozen block, a checkpointed re-run) is charged up to ~11% too slow.

import type { FlashKernel } from '../vocabulary.js';

/** Forward + backward FLOP/s by sequence length at one head dimension (sequence lengths ascending). */
export interface AttentionSeries {
  headDim: number;
  seqLen: readonly number[];
  /** log2 of each sequence length, taken once: a plan reads the series for every attention term */
  log2Seq: readonly number[];
  flopsPerSec: readonly number[];
}

/** A kernel's speed by shape: series by ascending head dimension, with and without the causal mask. */
export interface AttentionCurve {
  causal: readonly AttentionSeries[];
  full: readonly AttentionSeries[];
  /** in words: kernel, GPU measured, source */
  basis: string;
}

/** One measured shape (a figure's bar, a calibration's point). */
export interface AttentionPoint {
  seqLen: number;
  headDim: number;
  causal: boolean;
  /** forward + backward FLOP/s, FLOPs counted as above */
  flopsPerSec: number;
}

/** The curve through measured points: grouped by mask and head dimension, sorted by sequence length. */
export function attentionCurveOf(points: readonly AttentionPoint[], basis: string): AttentionCurve {
  const seriesOf = (causal: boolean): AttentionSeries[] => {
    const mine = points.filter((p) => p.causal === causal);
    const dims = [...new Set(mine.map((p) => p.headDim))].sort((a, b) => a - b);
    return dims.map((headDim) => {
      const at = mine.filter((p) => p.headDim === headDim).sort((a, b) => a.seqLen - b.seqLen);
      return { headDim, seqLen: at.map((p) => p.seqLen), log2Seq: at.map((p) => Math.log2(p.seqLen)), flopsPerSec: at.map((p) => p.flopsPerSec) };
    });
  };
  return { causal: seriesOf(true), full: seriesOf(false), basis };
}

/** sequence lengths of the published bars */
const SEQ = [512, 1024, 2048, 4096, 8192, 16384] as const;

/** TFLOP/s forward + backward at SEQ, by mask and head dimension, as printed (null: the label is hidden). */
type Bars = readonly (number | null)[];
interface Panels {
  causal: { 64: Bars; 128: Bars };
  full: { 64: Bars; 128: Bars };
}

const FIGURE = 'Dao 2023, FlashAttention-2 release figures (flash-attention 4f285b35)';

const A100: Partial<Record<FlashKernel, Panels>> = {
  fa2: {
    causal: { 64: [88, 119, 140, 156, 165, 171], 128: [99, 133, 155, 173, 182, 189] },
    full: { 64: [132, 153, 162, 171, 175, 176], 128: [null, 173, 187, 196, 201, 203] },
  },
  fa1: {
    causal: { 64: [58, 70, 77, 87, 92, 97], 128: [55, 62, 69, 76, 80, 83] },
    full: { 64: [91, 92, 104, 108, 110, 110], 128: [76, 72, 76, 80, 82, 83] },
  },
  triton: {
    causal: { 64: [59, 75, 79, 76, 79, 80], 128: [50, 61, 68, 74, 78, 80] },
    full: { 64: [90, 102, 98, 98, 100, 100], 128: [78, 85, 90, 93, 95, 95] },
  },
};

const H100: Partial<Record<FlashKernel, Panels>> = {
  fa2: {
    causal: { 64: [141, 192, 232, 257, 273, 284], 128: [163, 221, 265, 294, 308, 328] },
    full: { 64: [215, 254, 274, 288, 294, 296], 128: [248, 294, 320, 326, 335, 338] },
  },
  fa1: {
    causal: { 64: [104, 123, 136, 138, 149, 156], 128: [98, 109, 108, 126, 135, 137] },
    full: { 64: [157, 159, 161, 161, 166, 168], 128: [127, 127, 128, 131, 137, 139] },
  },
};

const H200_MEASURED = "this project's H200 SXM measurements (harness/calibrate.py, 2026-11-30; models/calibrations/)";

/** FlashAttention-2 and cuDNN on an H200 (above; the artifact at 512 tokens, d 64, causal left out) */
const H200: Partial<Record<FlashKernel, Panels>> = {
  fa2: {
    causal: { 64: [null, 151.9, 199.1, 234.5, 257.6, 276.6], 128: [110.0, 166.2, 217.9, 257.5, 285.4, 311.3] },
    full: { 64: [167.7, 217.0, 251.1, 272.7, 282.1, 289.2], 128: [177.8, 232.2, 273.6, 295.4, 311.1, 314.6] },
  },
  cudnn: {
    causal: { 64: [null, 221.2, 302.4, 365.1, 414.3, 447.0], 128: [173.5, 272.6, 372.3, 464.7, 530.8, 588.3] },
    full: { 64: [247.1, 334.2, 402.0, 443.2, 464.5, 466.9], 128: [293.7, 407.4, 501.6, 564.4, 599.6, 585.9] },
  },
};

interface Figure {
  panels: Panels;
  /** the part measured */
  measured: string;
  /** the kernel authors' published figures, or this project's measurement */
  by: 'published' | 'measured';
  source: string;
}

/** each catalog GPU's figure for each kernel: the measured part itself (A100 40GB: the same SMs and clocks as the 80GB) */
const a100 = (k: FlashKernel): Figure | undefined => A100[k] && { panels: A100[k], measured: 'A100 80GB SXM4', by: 'published', source: FIGURE };
const h200 = (k: FlashKernel): Figure | undefined => H200[k] && { panels: H200[k], measured: 'H200 SXM', by: 'measured', source: H200_MEASURED };
const BY_GPU: Record<string, (k: FlashKernel) => Figure | undefined> = {
  'a100-40gb': a100,
  'a100-80gb': a100,
  // the published release figures, and the H200's measured cuDNN ones (the same GH100)
  'h100-sxm': (k) => (H100[k] ? { panels: H100[k], measured: 'H100 80GB SXM5', by: 'published', source: FIGURE } : k === 'cudnn' ? h200(k) : undefined),
  h200,
};

export const DEFAULT_FLASH_KERNEL: FlashKernel = 'fa2';

export const FLASH_KERNEL_WORDS: Record<FlashKernel, string> = {
  fa2: 'FlashAttention-2',
  fa1: 'FlashAttention (1)',
  triton: 'FlashAttention in Triton',
  cudnn: "cuDNN's fused attention",
};

/** A figure's panels as points (the hidden label left out). */
function pointsOf(panels: Panels): AttentionPoint[] {
  const points: AttentionPoint[] = [];
  for (const causal of [true, false]) {
    const panel = causal ? panels.causal : panels.full;
    for (const headDim of [64, 128] as const) {
      panel[headDim].forEach((tflops, i) => {
        if (tflops !== null) points.push({ seqLen: SEQ[i]!, headDim, causal, flopsPerSec: tflops * 1e12 });
      });
    }
  }
  return points;
}

/** The kernel's published speed by shape on this GPU, or undefined where none was published. */
export function attentionCurve(gpuId: string, kernel: FlashKernel): AttentionCurve | undefined {
  const figure = BY_GPU[gpuId]?.(kernel);
  if (!figure) return undefined;
  return attentionCurveOf(
    pointsOf(figure.panels),
    `${FLASH_KERNEL_WORDS[kernel]} at its ${figure.by} forward + backward speed by shape on ${figure.measured} (${figure.source})`,
  );
}

/** A series at sequence length s: log-linear between its points, the nearest point outside them. */
function atSequence(series: AttentionSeries, s: number): number {
  // (runs per roofline term of a plan: no allocation)
  const { log2Seq, flopsPerSec } = series;
  const x = Math.log2(s);
  for (let i = 0; i < log2Seq.length; i++) {
    const px = log2Seq[i]!;
    if (x > px) continue;
    if (i === 0) return flopsPerSec[0]!;
    const qx = log2Seq[i - 1]!;
    return flopsPerSec[i - 1]! + ((flopsPerSec[i]! - flopsPerSec[i - 1]!) * (x - qx)) / (px - qx);
  }
  return flopsPerSec[flopsPerSec.length - 1]!;
}

/** FLOP/s of the kernel at key length `seq`, head dimension `headDim`, with or without the causal mask. */
export function attentionFlopsPerSec(curve: AttentionCurve, seq: number, headDim: number, causal: boolean): number {
  // a curve measured with one mask only answers for both
  const series = (causal ? curve.causal : curve.full).length > 0 ? (causal ? curve.causal : curve.full) : causal ? curve.full : curve.causal;
  let hi = 0;
  while (hi < series.length - 1 && series[hi]!.headDim < headDim) hi++;
  const upper = series[hi]!;
  if (hi === 0 || headDim >= upper.headDim) return atSequence(upper, seq);
  const lower = series[hi - 1]!;
  const t = (headDim - lower.headDim) / (upper.headDim - lower.headDim);
  const a = atSequence(lower, seq);
  return a + (atSequence(upper, seq) - a) * t;
}
