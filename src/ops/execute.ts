// The contract of an op kind's TensorFlow.js implementation (src/ops/kinds/<kind>/execute.ts), run by the
// validation executor (src/validate/executor.ts): its weights, a forward that says what it keeps for
// backward, and a backward that computes only the gradients asked for.
//
// Tensors of the graph travel in a canonical layout [b, perSample] (a reshape is a view on cpu and wasm);
// each op reshapes to what it needs. Forward code runs inside a tfjs tidy (customGrad), so its
// temporaries die with it; backward code disposes its temporaries eagerly so that its peak is the one the
// kind's memory module describes for tfjs (src/ops/kinds/<kind>/index.ts).

import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { AnyOp, OpKind } from '../graph/types.js';
import type { Tf } from '../validate/backend.js';

export interface WeightSpec {
  name: string;
  shape: number[];
  init: 'normal' | 'ones' | 'zeros';
  /** standard deviation of 'normal' */
  std?: number;
}

export interface ForwardArgs<K extends OpKind = OpKind> {
  tf: Tf;
  op: Extract<AnyOp, { kind: K }>;
  b: number;
  /** the op's inputs: as many as its kind's graph builder gives it, so kinds read `inputs[i]!` */
  inputs: Tensor[];
  /** the kind's weights() in order (a tied linear head: the embedding table first), read as `weights[i]!` */
  weights: Variable[];
  /** dropout seed of this op in this step */
  seed: number;
  /** labels of the loss (cross-entropy only) */
  labels?: Tensor;
  /** per weight: it trains in this stage (ops keep their input for a weight gradient only then) */
  weightTrains?: boolean[];
}

export interface ForwardResult {
  out: Tensor;
  /** tensors kept for backward (saved by tfjs as clones: shared data on cpu) */
  saved: Tensor[];
}

export interface BackwardArgs<K extends OpKind = OpKind> extends ForwardArgs<K> {
  dy: Tensor;
  /** what this kind's forward returned as `saved`, in its order */
  saved: Tensor[];
  needInput: boolean[];
  needWeight: boolean[];
}

export interface Grads {
  inputs: (Tensor | null)[];
  weights: (Tensor | null)[];
}

export interface OpImpl<K extends OpKind = OpKind> {
  weights(op: Extract<AnyOp, { kind: K }>): WeightSpec[];
  forward(a: ForwardArgs<K>): ForwardResult;
  backward(a: BackwardArgs<K>): Grads;
}

/**
 * An op kind the executor does not run, and why. A kind states this in its execute.ts instead of an
 * implementation, so that leaving either out does not compile; the executor refuses such a graph up front.
 */
export interface NotExecuted {
  notExecuted: string;
}

/** What the executor has for one op kind. */
export type KindExecutor<K extends OpKind> = OpImpl<K> | NotExecuted;

/** Dispose the temporaries in `ts` (null/undefined skipped). */
export function free(...ts: (Tensor | null | undefined)[]): void {
  for (const t of ts) t?.dispose();
}

/**
 * A new handle on the same data (a reshape is a view on cpu and wasm): pass-through gradients use it so
 * that tfjs, which disposes a gradient handle when it accumulates a second contribution, cannot dispose
 * a handle that is also another tensor's gradient.
 */
export function alias(tf: Tf, t: Tensor): Tensor {
  return tf.reshape(t, t.shape);
}
