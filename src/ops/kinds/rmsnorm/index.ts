// RMSNorm y = γ·x·rstd, rstd = 1/sqrt(mean(x²) + ε) over `features` (Zhang & Sennrich 2019); no shift.

import type { NormAttrs } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import {
  ACTIVATION_DTYPE_BYTES,
  type HeldTensor,
  heldTensor,
  inputDtype,
  internalTensor,
  type KernelTraffic,
  measuredAs,
  type MemoryByRuntime,
  type OpContext,
} from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { fusedNormTraffic, normFlops, normParams, tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace, type NormElementCosts } from '../norm.js';

/** FLOPs per normalised element; the per-row rstd is ignored. */
const PER_ELEMENT: NormElementCosts = {
  /** square-accumulate 2, multiply by rstd 1 */
  normalize: 3,
  /** × γ */
  scale: 1,
  /** dx = rstd·(g − x̂·mean(g·x̂)): g·x̂ and sum 2, x̂·m 1, subtract 1, × rstd 1 */
  inputGrad: 5,
  /** g = dy·γ */
  inputGradScale: 1,
  /** dγ = Σ dy·x̂ */
  scaleGrad: 2,
  /** a shift, if a variant had one */
  shift: 1,
  shiftGrad: 1,
};

export const rmsnormRule: OpCostRule<'rmsnorm'> = {
  kind: 'rmsnorm',
  params: normParams,
  flops: (a) => normFlops(a, PER_ELEMENT),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element: fw 3 (+1 γ); inputGrad 5 (+1 γ); weightGrad 2 (γ); elements = rows·features',
};

// ---- memory, per runtime ----
// What RMSNorm holds.
//
// PyTorch, fused kernel (torch.nn.functional.rms_norm, Apex/Liger): its input and one fp32 rstd per row, like
// LayerNorm keeps input, mean and rstd.
// PyTorch, Hugging Face's LlamaRMSNorm (eager code): `x.to(fp32)` (the input itself when it is fp32, else an
// fp32 copy), `rsqrt(mean(x²) + ε)` (one fp32 value per row), `weight · x̂.to(input dtype)`; autograd keeps x̂
// when the weight trains, and the fp32 x and rstd when the input needs a gradient. Before torch 2.0 the
// mean's backward also kept its input, x² (MeanBackward1 saved `self`; 2.x saves only its sizes).

// ---- kernel traffic (PyTorch) ----
// A fused RMSNorm kernel reads x and writes y; its backward reads x and dy and writes dx (the per-row rstd and the
// weight's partial sums are small). Hugging Face's LlamaRMSNorm, and the copies of it in torchtitan's `rmsnorm` and
// foundation-model-stack's LayerNormParameterized, run one kernel per PyTorch op, each reading its operands and
// writing its result (per element; x the input's bytes, 4 for the fp32 internals):
//   forward   x.to(fp32) x+4 (none for fp32 input) · pow(2) 8 · mean 4 · x32·rstd 8 · .to(dtype) 4+x · γ·x̂ 2x
//   backward  weight: dy·x̂ 3x, its sum over rows x
//             input:  dy·γ 2x · .to's backward x+4 · rstd's gradient g·x32 12 and its row sum 4 · g·rstd 8 ·
//                     mean's backward (the row gradient expanded ÷ n: written only) 4 ·
//                     pow's backward x32^1 8, ·2 8, ·g 12 · the two gradients of x32 summed 12 ·
//                     .to(fp32)'s backward 4+x
// Measured against PyTorch's own dispatch of these ops: harness/kernel_traffic.py, test/time/kernel-traffic.test.ts.

const F32 = 4;

function rmsnormTraffic(op: { attrs: NormAttrs }, ctx: OpContext, eager: boolean): KernelTraffic {
  if (!eager) return fusedNormTraffic(op.attrs, ctx);
  const n = op.attrs.rows * op.attrs.features;
  const x = ACTIVATION_DTYPE_BYTES[inputDtype(ctx, 0)];
  // the casts to fp32 and back are copies only for a 16-bit input
  const cast = x === F32 ? 0 : x + F32;
  const forward = cast + 2 * F32 + F32 + 2 * F32 + cast + 2 * x;
  const weight = ctx.weightTrains ? 3 * x + x : 0;
  const input = ctx.needsInputGrad ? 2 * x + cast + 3 * F32 + F32 + 2 * F32 + F32 + (2 + 2 + 3) * F32 + 3 * F32 + cast : 0;
  // kernels: forward the four above without the casts and two on per-row values (the ε add, rsqrt); backward two
  // for the weight, and for the input the nine above without the casts and rsqrt's backward on the per-row values
  // (three); the casts where they copy
  const casts = cast === 0 ? 0 : 2;
  return {
    forward: forward * n,
    backward: (weight + input) * n,
    forwardKernels: 6 + casts,
    backwardKernels: (ctx.weightTrains ? 2 : 0) + (ctx.needsInputGrad ? 12 + casts : 0),
    ...measuredAs('rmsnorm-eager', inputDtype(ctx, 0)),
  };
}

export const rmsnormMemory: MemoryByRuntime<'rmsnorm'> = {
  pytorch: {
    saved(op, ctx, code) {
      const rows = op.attrs.rows;
      if (!code.hfEager) return [heldTensor(op.inputs[0]!), internalTensor(op, 'stats', rows, 'f32')];
      const n = rows * op.attrs.features;
      // x̂ is kept for the weight's gradient (weight · x̂), the rest for the input's
      // x̂ is cast back to the input's dtype (`.to(input_dtype)`) before the weight multiplies it
      const x = inputDtype(ctx, 0);
      const kept: HeldTensor[] = ctx.weightTrains ? [{ ...internalTensor(op, 'normed', n), dtype: x }] : [];
      if (ctx.needsInputGrad) {
        kept.push(x === 'fp32' ? heldTensor(op.inputs[0]!) : internalTensor(op, 'x32', n, 'f32'));
        kept.push(internalTensor(op, 'stats', rows, 'f32'));
        if (code.torchMajor < 2) kept.push(internalTensor(op, 'squared', n, 'f32'));
      }
      return kept;
    },
    traffic: (op, ctx, code) => rmsnormTraffic(op, ctx, code.hfEager),
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'rstd', op.attrs.rows, 'f32')],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};

/** The op kind "rmsnorm": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const rmsnormKind: OpKindModule<'rmsnorm'> = { cost: rmsnormRule, memory: rmsnormMemory, checkpoint: 'recompute' };
