// The fraction of dense 16-bit peak that the fused attention kernel reaches, forward and backward, from the
// kernel authors' own benchmarks. segplan's `flash` attention is FlashAttention-2 (Dao 2023), the kernel behind
// PyTorch's scaled_dot_product_attention flash backend and flash-attn 2.x:
//
//   A100   forward up to 73% and backward up to 63% of the theoretical maximum (Dao 2023, "FlashAttention-2:
//          Faster Attention with Better Parallelism and Work Partitioning", arXiv 2307.08691, section 4.1 and
//          abstract: 50-73% forward, the upper end at head dimension 128 and long sequences)
//   H100   FlashAttention-2 reaches about 35% of the H100's maximum (Shah et al. 2024, "FlashAttention-3", arXiv
//          2407.08608, abstract; FlashAttention-2's own paper: up to 335 TFLOP/s forward + backward on H100 SXM)
//
// The kernels' FLOP/s count only the two (forward) or five (backward, with the recomputed scores) matmuls; segplan
// applies the rate to all of attention's FLOPs, the softmax's few per score included (at head dimension 64 they
// add 6 / 256 = 2.3% to the forward's matmul FLOPs): slightly conservative, one count of FLOPs per op. These are the best figures the papers give
// (long sequences, head dimension 128): shorter sequences and head dimension 64 run lower, so attention times
// stay a lower bound. GPUs without a published figure run attention at their large-GEMM rate (efficiency.ts).

export interface AttentionEfficiency {
  forward: number;
  backward: number;
  basis: string;
}

const FA2_A100: AttentionEfficiency = { forward: 0.73, backward: 0.63, basis: 'FlashAttention-2 on A100: up to 73% of peak forward, 63% backward (Dao 2023)' };
const FA2_H100: AttentionEfficiency = { forward: 0.35, backward: 0.35, basis: 'FlashAttention-2 on H100 SXM: about 35% of peak (Shah et al. 2024)' };

const FLASH_ATTENTION_2: Record<string, AttentionEfficiency> = {
  'a100-40gb': FA2_A100,
  'a100-80gb': FA2_A100,
  'h100-sxm': FA2_H100,
};

/** FlashAttention-2's fraction of dense peak on this GPU, or undefined where no benchmark was published. */
export function flashAttentionEfficiency(gpuId: string): AttentionEfficiency | undefined {
  return FLASH_ATTENTION_2[gpuId];
}
