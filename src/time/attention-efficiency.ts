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
//   triton  FlashAttention written in Triton ("FlashAttention Triton" bars; A100 only). Which Triton kernel the
//           figure ran is not stated: Tri Dao's flash_attn_triton.py (flash-attn 0.2.x-1.x; llm-foundry's
//           attn_impl: triton copies it) or OpenAI's triton.ops attention. Tri Dao's file says of itself that its
//           forward + backward is slightly slower than the CUDA FlashAttention's, and so are these bars (50-80 vs
//           55-83 TFLOP/s causal at head dimension 128).
//
// How a shape is read: linear in log2(sequence length) between the published 512 ... 16k, linear in head
// dimension between 64 and 128; outside those, the nearest published value (longer sequences and other head
// dimensions are not measured: head dimension 256 runs slower than 128, so such times are a lower bound). The
// one label the legend hides (A100, FlashAttention-2, no mask, head dimension 128, 512 tokens) is absent, and
// that panel starts at 1k.
//
// The bars count only the matmuls' FLOPs; segplan charges the rate to all of an op's FLOPs, the few per score of
// scale and softmax included (at head dimension 64 they add 6 / 256 = 2.3% to the forward's): slightly
// conservative, one count of FLOPs per op.
//
// Only forward + backward is published per shape; forward and backward are both charged at that rate. Forward
// alone runs faster (FlashAttention-2 on A100: up to 73% of peak forward, 63% backward, the paper's section 4.1),
// so forward-only attention (a frozen block, a checkpointed re-run) is charged up to ~11% too slow.

import type { FlashKernel } from '../vocabulary.js';

/** sequence lengths of the published bars */
const SEQ = [512, 1024, 2048, 4096, 8192, 16384] as const;

type Series = readonly (number | null)[];

/** TFLOP/s forward + backward at SEQ, by mask and head dimension. */
interface Panels {
  causal: { 64: Series; 128: Series };
  full: { 64: Series; 128: Series };
}

export interface AttentionCurve {
  panels: Panels;
  /** in words: kernel, GPU measured, source */
  basis: string;
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

/** the figure each catalog GPU takes: the measured part itself (A100 40GB: the same SMs and clocks as the 80GB) */
const BY_GPU: Record<string, { panels: Partial<Record<FlashKernel, Panels>>; measured: string }> = {
  'a100-40gb': { panels: A100, measured: 'A100 80GB SXM4' },
  'a100-80gb': { panels: A100, measured: 'A100 80GB SXM4' },
  'h100-sxm': { panels: H100, measured: 'H100 80GB SXM5' },
};

export const DEFAULT_FLASH_KERNEL: FlashKernel = 'fa2';

export const FLASH_KERNEL_WORDS: Record<FlashKernel, string> = {
  fa2: 'FlashAttention-2',
  fa1: 'FlashAttention (1)',
  triton: 'FlashAttention in Triton',
};

/** The kernel's published speed by shape on this GPU, or undefined where none was published. */
export function attentionCurve(gpuId: string, kernel: FlashKernel): AttentionCurve | undefined {
  const gpu = BY_GPU[gpuId];
  const panels = gpu?.panels[kernel];
  if (!gpu || !panels) return undefined;
  return { panels, basis: `${FLASH_KERNEL_WORDS[kernel]} at its published forward + backward speed by shape on ${gpu.measured} (${FIGURE})` };
}

/** The published value of a series at sequence length s: log-linear between bars, the nearest bar outside them. */
function atSequence(series: Series, s: number): number {
  // (runs per roofline term of a plan: no allocation)
  const x = Math.log2(s);
  let prevX = NaN;
  let prevY = NaN;
  for (let i = 0; i < SEQ.length; i++) {
    const y = series[i];
    if (y === null || y === undefined) continue;
    const px = Math.log2(SEQ[i]!);
    if (x <= px) return Number.isNaN(prevY) ? y : prevY + ((y - prevY) * (x - prevX)) / (px - prevX);
    prevX = px;
    prevY = y;
  }
  return prevY;
}

/** FLOP/s of the kernel at key length `seq`, head dimension `headDim`, with or without the causal mask. */
export function attentionFlopsPerSec(curve: AttentionCurve, seq: number, headDim: number, causal: boolean): number {
  const panel = causal ? curve.panels.causal : curve.panels.full;
  const lo = atSequence(panel[64], seq);
  const hi = atSequence(panel[128], seq);
  const t = Math.min(1, Math.max(0, (headDim - 64) / 64));
  return (lo + (hi - lo) * t) * 1e12;
}
