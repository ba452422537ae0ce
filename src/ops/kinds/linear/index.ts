// Dense layer y = x·Wᵀ (+ b). Three GEMMs of equal size (Narayanan et al. 2021; PyTorch flop_counter mm/addmm):
// forward x·Wᵀ, input grad dy·W, weight grad dyᵀ·x. The bias adds one FLOP per output element forward and
// its gradient sums dy over the rows (one add per output element). A bank of experts (mixture of experts) runs
// each row through top-k of its E matrices: the same products on rows·k rows, E times the parameters.

import type { LinearAttrs, Op } from '../../../graph/types.js';
import type { OpKindModule } from '../../kind.js';
import { ACTIVATION_DTYPE_BYTES, heldTensor, internalTensor, type HeldTensor, type KernelTraffic, type MemoryByRuntime, type OpContext } from '../../memory.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** rows the products run on: every row once, or topK times for a bank of experts */
function routedRows(a: LinearAttrs): number {
  return a.rows * (a.experts?.topK ?? 1);
}

function mac(a: LinearAttrs): number {
  return routedRows(a) * a.inFeatures * a.outFeatures;
}

function biasFlops(a: LinearAttrs): number {
  return a.bias ? routedRows(a) * a.outFeatures : 0;
}

export const linearRule: OpCostRule<'linear'> = {
  kind: 'linear',
  params: (a) => ((a.tiedWeight ? 0 : a.inFeatures * a.outFeatures) + (a.bias ? a.outFeatures : 0)) * (a.experts?.count ?? 1),
  flops: (a) => phases(2 * mac(a) + biasFlops(a), 2 * mac(a), 2 * mac(a) + biasFlops(a)),
  matmulFlops: (a) => phases(2 * mac(a), 2 * mac(a), 2 * mac(a)),
  macs: mac,
  formula:
    'fw 2·rows·in·out (+ rows·out bias add); inputGrad 2·rows·in·out; weightGrad 2·rows·in·out (+ rows·out bias grad); params in·out (0 if tied) + out; a bank of E experts with top-k routing: rows·k in place of rows, params ×E',
};

// ---- memory, per runtime ----
// What a linear layer holds. The weight gradient needs the input; the input gradient needs only the weight
// (a parameter), so nothing is kept while the weight is frozen (PyTorch's derivatives.yaml for mm/addmm).

/** Rows the linear reads: its input, or the first `rows` tokens of it (a classifier on the class token). */
export function linearReadsSlice(op: Pick<Op<'linear'>, 'attrs' | 'inputs'>): boolean {
  return op.inputs[0]!.perSample !== op.attrs.rows * op.attrs.inFeatures;
}

/**
 * What an expert bank's weight gradient reads: the rows routed to each expert, gathered (hidden_states[idx] in
 * Mixtral and Qwen2-MoE): rows·k copies of the input, kept once for the experts' gate and up projections. A
 * bank whose input is already per routed row (the down projection) keeps that input itself.
 */
function dispatched(op: Op<'linear'>): HeldTensor {
  const input = op.inputs[0]!;
  const a = op.attrs;
  const routed = a.rows * (a.experts?.topK ?? 1) * a.inFeatures;
  if (input.perSample === routed) return heldTensor(input);
  return { key: `dispatch#${input.id}#${String(a.experts?.topK)}`, perSample: routed, fixed: 0, role: 'act' };
}

/**
 * A training bias's gradient is the output gradient summed over the rows: in PyTorch a reduction of its own beside
 * the GEMMs (addmm's backward: grad.sum(0); profiled as aten::sum on (tokens, out) in a GPT-2 step), reading the
 * rows × out gradient once and writing out elements.
 */
function biasGradientSum(op: Op<'linear'>, ctx: OpContext): KernelTraffic | undefined {
  const a = op.attrs;
  if (!a.bias || !ctx.weightTrains) return undefined;
  const x = ACTIVATION_DTYPE_BYTES[ctx.activationDtype];
  return { forward: 0, backward: (a.rows * (a.experts?.topK ?? 1) + 1) * a.outFeatures * x, forwardKernels: 0, backwardKernels: 1 };
}

export const linearMemory: MemoryByRuntime<'linear'> = {
  pytorch: {
    saved(op, ctx) {
      if (!ctx.weightTrains) return [];
      return op.attrs.experts ? [dispatched(op)] : [heldTensor(op.inputs[0]!)];
    },
    sideKernels: (op, ctx) => biasGradientSum(op, ctx),
  },
  tfjs: {
    saved(op, ctx) {
      if (!ctx.weightTrains) return [];
      return linearReadsSlice(op) ? [internalTensor(op, 'x', op.attrs.rows * op.attrs.inFeatures)] : [heldTensor(op.inputs[0]!)];
    },
    // the product before the bias is added; a sliced input (class token) is a copy
    forwardWorkspace: (op, ctx) => [
      ...(op.attrs.bias ? [internalTensor(op, 'prebias', op.attrs.rows * op.attrs.outFeatures)] : []),
      ...(linearReadsSlice(op) && !ctx.weightTrains ? [internalTensor(op, 'x', op.attrs.rows * op.attrs.inFeatures)] : []),
    ],
    // the bias gradient sums dy over rows: the cpu reduction transposes dy first
    backwardWorkspace: (op, ctx) => (ctx.weightTrains && op.attrs.bias ? [internalTensor(op, 'dyT', op.attrs.rows * op.attrs.outFeatures)] : []),
  },
};

// op-level checkpointing stores its output: a matmul (aten.mm/addmm): torch's save list
/** The op kind "linear": cost and memory (its TensorFlow.js implementation, execute.ts, is listed only by ../executors.ts). */
export const linearKind: OpKindModule<'linear'> = { cost: linearRule, memory: linearMemory, checkpoint: 'save' };
