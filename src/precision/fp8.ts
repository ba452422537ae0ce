// The fp8 recipe: NVIDIA Transformer Engine (TE) FP8 training over bf16-mixed states (NeMo's
// bf16_with_fp8_delayed_scaling_mixed): each linear layer is a te.Linear called per step without
// is_first_microbatch (as accelerate's conversion calls it), the forward runs under te.fp8_autocast with TE's
// default DelayedScaling recipe. What lives where (docs/memory.md):
//
//   model states       as bf16-mixed (precision.ts): FP8 changes neither the stored weights nor the optimizer
//   fp8 copies         per te.Linear, made in its forward and backward (src/runtime/fp8-copies.ts)
//   scaling state      per te.Linear: fp8_meta["scaling_fwd"] and ["scaling_bwd"], each an fp32 amax_history of
//                      amax_history_len × n tensors plus an fp32 scale and scale_inv of n; n = 3 forward (input,
//                      weight, output) and 2 backward (grad_output, grad_input) per GEMM
//                      (transformer_engine/pytorch/module/base.py, set_meta_tensor); amax_history_len = 1024,
//                      DelayedScaling's default since TE 1.0 (TE "Common API" docs)
//   cuBLAS workspace   one per process: 33,554,432 bytes on Hopper (get_cublas_workspace_size_bytes)
//   weight cache       with `is_first_microbatch` (--fp8-weights cached, Megatron-LM / NeMo): per te.Linear its fp8
//                      weight and the weight's transpose, 1 byte per weight element each, kept by the module for
//                      the whole run (src/runtime/fp8-copies.ts)
//
// Which linear layers run in FP8: accelerate's conversion leaves a linear whose weight dimensions are not both
// multiples of 16 in bf16 (TE's FP8 GEMM needs them), and segplan also leaves tied heads (they read the
// embedding table, which is no te.Linear) and expert banks (TE's grouped GEMMs are not modelled) in bf16.

import type { AnyOp, Graph } from '../graph/types.js';
import { blockBytes } from '../runtime/allocator.js';
import type { Fp8Weights } from '../vocabulary.js';

/** When Transformer Engine casts the weights (src/runtime/fp8-copies.ts) unless told: every micro-batch (accelerate). */
export const DEFAULT_FP8_WEIGHTS: Fp8Weights = 'per-micro-batch';

/** When Transformer Engine casts the weights, the default first. */
export const FP8_WEIGHTS: readonly Fp8Weights[] = [DEFAULT_FP8_WEIGHTS, 'cached'];

/** DelayedScaling(amax_history_len=1024), TE's default. */
export const AMAX_HISTORY_LEN = 1024;
/** scaled tensors per GEMM: input, weight, output in forward; grad_output, grad_input in backward */
const FORWARD_SCALED = 3;
const BACKWARD_SCALED = 2;
const FP32_BYTES = 4;
/** TE's cuBLAS workspace on compute capability 9.x (Hopper) */
export const TE_CUBLAS_WORKSPACE_BYTES = 33_554_432;

/** FP8 GEMMs need both weight dimensions divisible by 16 */
const FP8_DIM_MULTIPLE = 16;

/** The linear layer runs as a te.Linear in FP8. */
export function isFp8Linear(op: AnyOp): op is Extract<AnyOp, { kind: 'linear' }> {
  if (op.kind !== 'linear') return false;
  const a = op.attrs;
  return !a.tiedWeight && !a.experts && a.inFeatures % FP8_DIM_MULTIPLE === 0 && a.outFeatures % FP8_DIM_MULTIPLE === 0;
}

/** Bytes of one te.Linear's fp8_meta: forward and backward amax histories, scales and inverse scales, each its own allocation. */
export function scalingStateBytes(): number {
  const meta = (n: number) => blockBytes(AMAX_HISTORY_LEN * n * FP32_BYTES) + 2 * blockBytes(n * FP32_BYTES);
  return meta(FORWARD_SCALED) + meta(BACKWARD_SCALED);
}

/** Bytes of one te.Linear's cached fp8 weight and its transpose (two allocations of 1 byte per element). */
function cachedWeightBytes(op: Extract<AnyOp, { kind: 'linear' }>): number {
  return 2 * blockBytes(op.attrs.inFeatures * op.attrs.outFeatures);
}

const stateBytes = new WeakMap<Graph, { state: number; cache: number }>();

/**
 * Bytes the recipe holds for the whole run on every GPU: each FP8 linear's scaling state and TE's cuBLAS
 * workspace, and with cached weights (`cached`) every FP8 linear's weight cache (the whole model's, unsharded:
 * TE caches the weight the module computes with). Counted once per graph (every resolve of a plan asks).
 */
export function fp8StateBytes(graph: Graph, cached = false): number {
  let bytes = stateBytes.get(graph);
  if (bytes === undefined) {
    let linears = 0;
    let cache = 0;
    for (const b of graph.blocks) {
      for (const op of b.ops) {
        if (!isFp8Linear(op)) continue;
        linears++;
        cache += cachedWeightBytes(op);
      }
    }
    bytes = { state: linears === 0 ? 0 : linears * scalingStateBytes() + TE_CUBLAS_WORKSPACE_BYTES, cache };
    stateBytes.set(graph, bytes);
  }
  return bytes.state + (cached ? bytes.cache : 0);
}
