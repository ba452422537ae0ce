// RMSNorm y = γ·x·rstd, rstd = 1/sqrt(mean(x²) + ε) over `features` (Zhang & Sennrich 2019); no shift.

import type { OpKindModule } from '../../kind.js';
import { type HeldTensor, heldTensor, inputDtype, internalTensor, type MemoryByRuntime } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';
import { normFlops, normParams, tfjsNormBackwardWorkspace, tfjsNormForwardWorkspace, type NormElementCosts } from '../norm.js';

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
  },
  tfjs: {
    saved: (op) => [heldTensor(op.inputs[0]!), internalTensor(op, 'rstd', op.attrs.rows, 'f32')],
    forwardWorkspace: tfjsNormForwardWorkspace,
    backwardWorkspace: tfjsNormBackwardWorkspace,
  },
};

/** The op kind "rmsnorm": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const rmsnormKind: OpKindModule<'rmsnorm'> = { cost: rmsnormRule, memory: rmsnormMemory, checkpoint: 'recompute' };
