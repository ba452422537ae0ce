// Which kernel runs an op in each phase, and the GEMM shape per sample it runs with (kernel-rates.ts).
//
// A linear layer y = x·Wᵀ over R rows per sample (rows·top-k for a bank of experts) is three GEMMs
// (Narayanan et al. 2021): forward R·b × out × in, input gradient R·b × in × out, weight gradient out × in with
// the batch as its reduction, R·b. A bank of E experts runs E weight-gradient GEMMs of about R·k/E rows each,
// counted as one E·out × in grid. Attention under `flash` is one fused kernel per phase, with its key length,
// head dimension and mask in place of a GEMM shape; weightless batched matmuls, convolutions and unfused
// attention run at the large-GEMM rate under their own codes (a step's time by kernel class tells them apart),
// and the rest (elementwise ops, norms, the loss) is bound by memory bandwidth.

import type { AnyOp } from '../graph/types.js';
import { KERNEL, type KernelCode } from './kernel-rates.js';

/** `recompute`: a checkpointed forward run again in backward (the forward's kernel) */
export type Phase = 'forward' | 'inputGrad' | 'weightGrad' | 'recompute';

/** [kernel, m, n, k] of an op's term in one phase. */
export type OpKernel = readonly [KernelCode, number, number, number];

const OTHER: OpKernel = [KERNEL.other, 0, 0, 0];
const MATMUL: OpKernel = [KERNEL.matmul, 0, 0, 0];
const CONVOLUTION: OpKernel = [KERNEL.convolution, 0, 0, 0];
const UNFUSED_ATTENTION: OpKernel = [KERNEL.attentionUnfused, 0, 0, 0];

/** `fp8`: the op is a linear layer whose GEMMs run in FP8 (the fp8 recipe) */
export function opKernel(op: AnyOp, phase: Phase, attention: 'math' | 'flash', fp8 = false): OpKernel {
  if (op.kind === 'linear') {
    const a = op.attrs;
    const rows = a.rows * (a.experts?.topK ?? 1);
    const experts = a.experts?.count ?? 1;
    const gemmRows = fp8 ? KERNEL.fp8GemmRows : KERNEL.gemmRows;
    if (phase === 'forward' || phase === 'recompute') return [gemmRows, rows, a.outFeatures, a.inFeatures];
    if (phase === 'inputGrad') return [gemmRows, rows, a.inFeatures, a.outFeatures];
    return [fp8 ? KERNEL.fp8GemmReduce : KERNEL.gemmReduce, experts * a.outFeatures, a.inFeatures, rows / experts];
  }
  if (op.kind === 'attention' && attention === 'flash') {
    const forward = phase === 'forward' || phase === 'recompute';
    const a = op.attrs;
    // the kernel's speed depends on the keys each query reads (a sliding window's band) and the mask it skips
    const keys = a.window === undefined ? a.keyLen : Math.min(a.keyLen, a.window);
    return [forward ? KERNEL.attentionForward : KERNEL.attentionBackward, keys, a.headDim, a.causal && a.skipMasked ? 1 : 0];
  }
  if (op.kind === 'attention') return UNFUSED_ATTENTION;
  if (op.kind === 'matmul') return MATMUL;
  if (op.kind === 'conv2d') return CONVOLUTION;
  return OTHER;
}
