// What a linear layer holds. The weight gradient needs the input; the input gradient needs only the weight
// (a parameter), so nothing is kept while the weight is frozen (PyTorch's derivatives.yaml for mm/addmm).

import type { Op } from '../../../graph/types.js';
import { heldTensor, internalTensor, type HeldTensor, type MemoryByRuntime } from '../../memory.js';

/** Rows the linear reads: its input, or the first `rows` tokens of it (a classifier on the class token). */
export function linearReadsSlice(op: Pick<Op<'linear'>, 'attrs' | 'inputs'>): boolean {
  return op.inputs[0].perSample !== op.attrs.rows * op.attrs.inFeatures;
}

/**
 * What an expert bank's weight gradient reads: the rows routed to each expert, gathered (hidden_states[idx] in
 * Mixtral and Qwen2-MoE): rows·k copies of the input, kept once for the experts' gate and up projections. A
 * bank whose input is already per routed row (the down projection) keeps that input itself.
 */
function dispatched(op: Op<'linear'>): HeldTensor {
  const input = op.inputs[0];
  const a = op.attrs;
  const routed = a.rows * (a.experts?.topK ?? 1) * a.inFeatures;
  if (input.perSample === routed) return heldTensor(input);
  return { key: `dispatch#${input.id}#${a.experts?.topK}`, perSample: routed, fixed: 0, role: 'act' };
}

export const linearMemory: MemoryByRuntime<'linear'> = {
  pytorch: {
    saved(op, ctx) {
      if (!ctx.weightTrains) return [];
      return op.attrs.experts ? [dispatched(op)] : [heldTensor(op.inputs[0])];
    },
  },
  tfjs: {
    saved(op, ctx) {
      if (!ctx.weightTrains) return [];
      return linearReadsSlice(op) ? [internalTensor(op, 'x', op.attrs.rows * op.attrs.inFeatures)] : [heldTensor(op.inputs[0])];
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
