// A runtime profile says what a framework keeps in memory for backward. The engine's memory timeline
// (src/memory/timeline.ts) is framework-free; it asks the profile, op by op:
//   - which tensors the op keeps for its backward (deduplicated across ops by key),
//   - what transient working memory the op needs in forward and in backward,
//   - whether the framework keeps every forward intermediate / every gradient until backward ends.
// Profiles: src/runtime/pytorch.ts (planning real GPUs) and src/runtime/tfjs.ts (validation on TensorFlow.js).

import type { AnyOp, TensorRole } from '../graph/types.js';
import type { ActivationDtype, HeldTensor, KernelTraffic, OpContext } from '../ops/memory.js';

// What an op holds is described per op kind (src/ops/kinds/<kind>/index.ts, contract in src/ops/memory.ts);
// a profile adds what is true of its whole runtime and dispatches to the kinds.
export type { ActivationDtype, HeldTensor, OpContext } from '../ops/memory.js';

export interface RuntimeProfile {
  name: 'pytorch' | 'tfjs';
  /** tells apart profiles of one name that keep different tensors (caches key summaries by name + variant) */
  variant?: string;
  /** whose torch.autocast op lists apply (src/precision/autocast.ts); absent: the runtime has no autocast */
  autocastDevice?: 'cuda' | 'cpu';
  /** bytes per element of a tensor role (e.g. PyTorch masks are 1-byte bool, tfjs masks are float32) */
  bytesPerElement(role: TensorRole, dtype: ActivationDtype): number;
  /** tensors a taped op keeps until its backward has run */
  saved(op: AnyOp, ctx: OpContext): HeldTensor[];
  /**
   * tensors the op makes that live until the forward ends and are not kept for backward (autocast's cached
   * weight copies); absent: none
   */
  cachedUntilForwardEnds?(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** transient tensors alive while the op's forward runs, besides its inputs and its output */
  forwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** transient tensors alive while the op's backward runs, besides the incoming and outgoing gradients */
  backwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** forward intermediates stay alive until backward ends even when no op saved them (tfjs tape) */
  keepsAllForwardOutputs: boolean;
  /** the op's GEMMs run in FP8 (Transformer Engine under the fp8 recipe, src/runtime/fp8-copies.ts); absent: none */
  fp8Gemm?(op: AnyOp): boolean;
  /** FP8 weights are cast once per optimizer step into a cache the modules keep (src/runtime/fp8-copies.ts); absent: per micro-batch */
  fp8WeightsCached?: boolean;
  /** FLOPs per sample that the op's backward spends re-running parts of its forward (FlashAttention) */
  backwardRecomputeFlops?(op: AnyOp, ctx: OpContext): number;
  /**
   * saved tensors are packed into pinned host memory as they are saved and unpacked onto the GPU for their op's
   * backward (torch.autograd.graph.save_on_cpu, src/runtime/save-on-cpu.ts); absent: kept on the GPU
   */
  savesOnHost?: boolean;
  /** under op-level checkpointing, what a 'save' op stores besides its output (src/ops/memory.ts); absent: none */
  storedOutputs?(op: AnyOp, ctx: OpContext): HeldTensor[];
  /** activation bytes the op's kernels move, forward and backward (src/ops/memory.ts); undefined: one kernel, inputs in and output out */
  traffic?(op: AnyOp, ctx: OpContext): KernelTraffic | undefined;
  /** memory-bound kernels of their own the op's code runs beside its main ones (src/ops/memory.ts); undefined: none */
  sideKernels?(op: AnyOp, ctx: OpContext): KernelTraffic | undefined;
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
   * 'out-of-place': the sum is always a new buffer, both contributions released after it (PyTorch 1.13:
   * measured, src/validate/torch/profile.ts).
   */
  gradientAccumulation?: 'sum' | 'keep-contributions' | 'out-of-place';
  /**
   * the timeline places each weight gradient at the op whose backward computes it (replicated gradients),
   * instead of counting a block's weight gradients from the start of its backward (tfjs: exact per op)
   */
  weightGradientsPerOp?: boolean;
}
