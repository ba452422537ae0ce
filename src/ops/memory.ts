// The contract every op kind's memory behaviour fulfils, once per runtime (src/ops/kinds/<kind>/index.ts).
// The runtime profiles (src/runtime/pytorch.ts, src/runtime/tfjs.ts) dispatch to these; what is true of a
// whole runtime (bytes per element, allocator behaviour, which modelling code runs) stays in the profile.
//
// Sizes are elements, `perSample * b + fixed`, like every size of the graph (src/graph/types.ts).
// How many inputs an op has is fixed by its kind (the graph builders in src/graph/ give attention q, k, v;
// add and mul two; most kinds one), so kinds read `op.inputs[i]!`.

import type { Op, OpKind, Tensor, TensorRole } from '../graph/types.js';
import type { MemoryKernel } from '../vocabulary.js';

/**
 * Compute precision of activations, as far as a runtime profile needs it. `fp8` is only ever a stored copy
 * (Transformer Engine's casts of a linear layer's input, weight and output gradient, src/runtime/fp8-copies.ts):
 * no op computes its output in it.
 */
export type ActivationDtype = 'bf16' | 'fp16' | 'fp32' | 'fp8';

/** bytes per element of an activation in its compute dtype */
export const ACTIVATION_DTYPE_BYTES: Readonly<Record<ActivationDtype, number>> = { bf16: 2, fp16: 2, fp32: 4, fp8: 1 };

export interface OpContext {
  /** the op's own parameters are updated in this stage */
  weightTrains: boolean;
  /** a gradient must reach the op's activation inputs (something before it on the path trains) */
  needsInputGrad: boolean;
  /** the op runs under the autograd tape (false: frozen prefix run under no_grad) */
  taped: boolean;
  /**
   * the dtype the op computes in: its output and its own intermediate activations. One dtype for the whole
   * model, except under autocast, where it is the op's own (src/precision/autocast.ts)
   */
  activationDtype: ActivationDtype;
  /** dtype of each activation input as it arrives (absent: `activationDtype`; undefined for non-activations) */
  inputDtypes?: readonly (ActivationDtype | undefined)[];
  /** under autocast: what autocast casts for this op (the PyTorch profile adds the copies) */
  autocast?: AutocastCasts;
  /** how attention runs: unfused (`math`) or a fused FlashAttention kernel */
  attention: 'math' | 'flash';
  /** the op is recomputed in backward instead of keeping its internals (selective checkpointing) */
  recompute: boolean;
}

/** The copies torch.autocast makes for one op (src/precision/autocast.ts, the PyTorch profile). */
export interface AutocastCasts {
  /** the half-precision dtype of the region */
  half: ActivationDtype;
  /** for each input: the dtype it is cast to (a new tensor), or undefined when used as it is */
  casts: readonly (ActivationDtype | undefined)[];
  /** the op casts its fp32 weights to half before using them */
  castsWeights: boolean;
}

/** dtype of the op's input `k` as it arrives */
export function inputDtype(ctx: OpContext, k: number): ActivationDtype {
  return ctx.inputDtypes?.[k] ?? ctx.activationDtype;
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
  /** dtype of an activation ('act') when it is not the op's compute dtype (autocast: inputs, casts) */
  dtype?: ActivationDtype;
}

/** A tensor of the graph, held: keyed by its id so that several ops keeping it count it once. */
export function heldTensor(t: Tensor): HeldTensor {
  return { key: t.id, perSample: t.perSample, fixed: t.fixed ?? 0, role: t.role };
}

/** A tensor the op makes for itself (`what`: e.g. "probs"), keyed by the op's name. */
export function internalTensor(op: { name: string }, what: string, perSample: number, role: TensorRole = 'act', fixed = 0): HeldTensor {
  return { key: `${op.name}#${what}`, perSample, fixed, role };
}

/**
 * Which PyTorch modelling code runs: the fused kernels the planner assumes, or Hugging Face's eager modeling
 * code (attn_implementation="eager", LlamaRMSNorm) on a given torch major version. A runtime-wide choice made
 * by the profile (src/runtime/pytorch.ts); the kinds whose memory it changes read it.
 */
export interface PytorchCode {
  hfEager: boolean;
  torchMajor: number;
  /** the linears that read one tensor are one packed matmul (torch.nn.MultiheadAttention's in_proj) */
  packedProjections?: boolean;
}

/** What one op kind holds under one runtime; `Code` is the runtime-wide choice the profile passes down. */
export interface KindMemory<K extends OpKind, Code = undefined> {
  /** tensors a taped op keeps until its backward has run */
  saved(op: Op<K>, ctx: OpContext, code: Code): HeldTensor[];
  /** transient tensors alive while the op's forward runs, besides its inputs and its output (absent: none) */
  forwardWorkspace?(op: Op<K>, ctx: OpContext, code: Code): HeldTensor[];
  /** transient tensors alive while the op's backward runs, besides the gradients in and out (absent: none) */
  backwardWorkspace?(op: Op<K>, ctx: OpContext, code: Code): HeldTensor[];
  /** FLOPs per sample the backward spends re-running parts of the forward (absent: none) */
  backwardRecomputeFlops?(op: Op<K>, ctx: OpContext, code: Code): number;
  /**
   * under op-level checkpointing, a 'save' op's outputs the save list stores besides `op.output` (FlashAttention's
   * log-sum-exp); absent: none
   */
  storedOutputs?(op: Op<K>, ctx: OpContext, code: Code): HeldTensor[];
  /** the gradient returned for input `inputIndex` is the incoming gradient itself (absent: never) */
  gradientAliasesOutput?(op: Op<K>, inputIndex: number): boolean;
  /**
   * the activation bytes per sample its kernels read and write (weights apart); absent: one kernel each way,
   * reading the inputs and writing the output (the time model's default for the compute-bound kinds)
   */
  traffic?(op: Op<K>, ctx: OpContext, code: Code): KernelTraffic;
  /**
   * memory-bound kernels of their own that the op's code runs beside its main kernels (attention's layout copies,
   * a bias gradient's sum over rows): bytes per sample and kernels, forward and backward; absent: none
   */
  sideKernels?(op: Op<K>, ctx: OpContext, code: Code): KernelTraffic | undefined;
}

/**
 * Bytes per sample that an op's kernels move through HBM, summed over the kernels of its implementation: each
 * kernel reads its tensor operands and writes its results once (a broadcast operand of a row's or a feature's
 * size, read from cache, is left out). `backward` covers every gradient the op computes; the time model
 * charges it to the input gradient's term when there is one, else to the weight gradient's
 * (src/time/block-cost.ts).
 */
export interface KernelTraffic {
  forward: number;
  backward: number;
  /** kernels launched forward and backward (each takes at least the host's time to issue it: src/time/block-cost.ts) */
  forwardKernels: number;
  backwardKernels: number;
  /**
   * the measured PyTorch kernels these are (harness/kernel_traffic.py's case of that name and width), streamed at
   * their measured share of the copy rate (src/time/memory-kernels.ts); absent: not measured, at the copy rate
   */
  measured?: MeasuredKernel;
}

/** A measured memory-bound kernel and the width of the input it was measured with (fp16 runs bf16's kernels' widths). */
export interface MeasuredKernel {
  kernel: MemoryKernel;
  width: 'bf16' | 'fp32';
}

/** KernelTraffic's `measured` field for `kernel` on `dtype`, to spread into a traffic (fp8 activations: none measured). */
export function measuredAs(kernel: MemoryKernel, dtype: ActivationDtype): { measured?: MeasuredKernel } {
  return dtype === 'fp8' ? {} : { measured: { kernel, width: dtype === 'fp32' ? 'fp32' : 'bf16' } };
}

/**
 * The traffic of kernels that each read or write whole tensors of one op's size: `perElement` gives the bytes
 * per element of that size (in units of the dtype's width) and the kernel counts, scaled to `elements` of `dtype`.
 */
export function elementTraffic(elements: number, dtype: ActivationDtype, perElement: KernelTraffic, kernel?: MemoryKernel): KernelTraffic {
  const bytes = elements * ACTIVATION_DTYPE_BYTES[dtype];
  return { ...perElement, forward: perElement.forward * bytes, backward: perElement.backward * bytes, ...(kernel && measuredAs(kernel, dtype)) };
}

/** An op kind's memory under every runtime: a runtime left out does not compile. */
export interface MemoryByRuntime<K extends OpKind> {
  pytorch: KindMemory<K, PytorchCode>;
  tfjs: KindMemory<K>;
}
