// A runtime profile says what a framework keeps in memory for backward. The engine's memory timeline
// (src/memory/timeline.ts) is framework-free; it asks the profile, op by op:
//   - which tensors the op keeps for its backward (deduplicated across ops by key),
//   - what transient working memory the op needs in forward and in backward,
//   - whether the framework keeps every forward intermediate / every gradient until backward ends.
// Profiles: src/runtime/pytorch.ts (planning real GPUs) and src/runtime/tfjs.ts (validation on TensorFlow.js).

import type { AnyOp, TensorRole } from '../graph/types.js';

/** Compute precision of activations, as far as a runtime profile needs it. */
export type ActivationDtype = 'bf16' | 'fp16' | 'fp32';

export interface OpContext {
  /** the op's own parameters are updated in this stage */
  weightTrains: boolean;
  /** a gradient must reach the op's activation inputs (something before it on the path trains) */
  needsInputGrad: boolean;
  /** the op runs under the autograd tape (false: frozen prefix run under no_grad) */
  taped: boolean;
  activationDtype: ActivationDtype;
  /** how attention runs: unfused (`math`) or a fused FlashAttention kernel */
  attention: 'math' | 'flash';
  /** the op is recomputed in backward instead of keeping its internals (selective checkpointing) */
  recompute: boolean;
}

/**
 * A tensor held in memory, in elements: `perSample * b + fixed`. `key` deduplicates: graph tensors use
 * their numeric id, so a tensor kept by several ops is counted once; op-internal tensors use a string key
 * unique to the op (e.g. `${op.name}#probs`).
 */
export interface HeldTensor {
  key: number | string;
  perSample: number;
  fixed: number;
  role: TensorRole;
}

export interface RuntimeProfile {
  name: 'pytorch' | 'tfjs';
  /** tells apart profiles of one name that keep different tensors (caches key summaries by name + variant) */
  variant?: string;
  /** bytes per element of a tensor role (e.g. PyTorch masks are 1-byte bool, tfjs masks are float32) */
  bytesPerElement(role: TensorRole, dtype: ActivationDtype): number;
  /** tensors a taped op keeps until its backward has run */
  saved(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** transient tensors alive while the op's forward runs, besides its inputs and its output */
  forwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** transient tensors alive while the op's backward runs, besides the incoming and outgoing gradients */
  backwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** forward intermediates stay alive until backward ends even when no op saved them (tfjs tape) */
  keepsAllForwardOutputs: boolean;
  /** FLOPs per sample that the op's backward spends re-running parts of its forward (FlashAttention) */
  backwardRecomputeFlops?(op: AnyOp, ctx: OpContext): number;
  /**
   * every gradient computed in backward stays alive until backward ends (tfjs). A fully checkpointed
   * block re-runs its forward and backward in a scope of its own: its local gradients live until that
   * block's backward ends, and only what it returns (its input gradient) stays after.
   */
  keepsGradientsUntilEnd: boolean;
  /**
   * the gradient the op's backward returns for input `inputIndex` (an index into `op.inputs`) is the
   * incoming gradient itself, no new buffer (PyTorch's AddBackward, the tfjs executor's add/parameter add)
   */
  gradientAliasesOutput?(op: AnyOp, inputIndex: number): boolean;
  /**
   * how the gradient contributions of a tensor with several consumers combine (block-summary.ts):
   * 'sum' (default): added into one buffer, the contribution is released (PyTorch's InputBuffer);
   * 'keep-contributions': the accumulated gradient is a new buffer (old + new), the old accumulated one
   * is released, every later contribution stays alive until backward ends (tfjs tape.ts).
   */
  gradientAccumulation?: 'sum' | 'keep-contributions';
  /**
   * the timeline places each weight gradient at the op whose backward computes it (replicated gradients),
   * instead of counting a block's weight gradients from the start of its backward (tfjs: exact per op)
   */
  weightGradientsPerOp?: boolean;
}
