// Optimizer policies: optimizer state per trainable parameter, the transient one step() holds, and the bytes a
// step moves.
//
//   adamw      two moments (m, v) in the policy's state dtype (Loshchilov & Hutter 2019)
//   sgd        SGD with momentum: one momentum buffer
//   sgd-plain  SGD without momentum: no state (torch.optim.SGD(momentum=0) keeps no buffer)
//   adam8bit   two moments quantised to 1 byte, block-wise with one fp32 absmax per block of 2048
//              (Dettmers et al. 2022, "8-bit Optimizers via Block-wise Quantization"; bitsandbytes' block size)
//   adafactor  factored fp32 second moments, no first moment (Shazeer & Stern 2018; src/precision/adafactor.ts)
//
// AdamW's step transient depends on how torch.optim runs it (`implementation`, src/precision/adamw-impl.ts);
// SGD and 8-bit Adam update in place whatever the implementation; Hugging Face's Adafactor has one, a loop.

import type { ClipGrad, OptimizerImpl, OptimizerName } from '../vocabulary.js';
import { clipGradTransient } from './clip-grad.js';
import { adafactorStateBytes, adafactorStepTraffic, adafactorStepTransient } from './adafactor.js';
import { adamwStepTransient } from './adamw-impl.js';
import type { ParamTensors } from './param-tensors.js';
import type { PrecisionPolicy } from './precision.js';

const ADAM8BIT_BLOCK = 2048;

export interface OptimizerPolicy {
  name: OptimizerName;
  impl: OptimizerImpl;
  clipGrad: ClipGrad;
  /** bytes gradient clipping holds before the step, on a GPU that holds the gradients `t` (0 without clipping) */
  clipTransientBytes(precision: PrecisionPolicy, t: ParamTensors): number;
  /** bytes of optimizer state per trainable parameter of the stage's tensors `t` (its mean over them) */
  stateBytes(precision: PrecisionPolicy, t: ParamTensors): number;
  /** bytes step() holds beyond its inputs, at its largest, for the trainable tensors `t` of one GPU's optimizer */
  stepTransientBytes(precision: PrecisionPolicy, t: ParamTensors): number;
  /** bytes read + written per trainable parameter by one step (for optimizer time): params, grads, states */
  stepTrafficBytes(precision: PrecisionPolicy, t: ParamTensors): number;
}

/** The weights the optimizer updates: the fp32 master copy when there is one. */
function masterOrWeight(p: PrecisionPolicy): number {
  return p.masterBytes || p.weightBytes;
}

type Policy = Omit<OptimizerPolicy, 'name' | 'impl' | 'clipGrad' | 'clipTransientBytes'>;

const inPlace = () => 0;

const POLICIES: Record<OptimizerName, (impl: OptimizerImpl) => Policy> = {
  adamw: (impl) => ({
    stateBytes: (p) => 2 * p.optimizerStateBytes,
    stepTransientBytes: (p, t) => adamwStepTransient(impl, p.optimizerStateBytes, t),
    // read grad, param, m, v; write param, m, v
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 4 * p.optimizerStateBytes,
  }),
  // torch/optim/sgd.py with weight_decay 0: `buf.mul_(momentum).add_(grad)` and `param.add_(buf, alpha=-lr)`
  // (loop), their _foreach_*_ forms (foreach) or one kernel (fused): all in place
  sgd: () => ({
    stateBytes: (p) => p.optimizerStateBytes,
    stepTransientBytes: inPlace,
    // read grad, param, momentum; write param, momentum
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 2 * p.optimizerStateBytes,
  }),
  // torch/optim/sgd.py with momentum 0 and weight_decay 0: `param.add_(grad, alpha=-lr)` (or its foreach form)
  'sgd-plain': () => ({
    stateBytes: () => 0,
    stepTransientBytes: inPlace,
    // read grad, param; write param
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p),
  }),
  // bitsandbytes updates each block in one fused kernel
  adam8bit: () => ({
    stateBytes: () => 2 * (1 + 4 / ADAM8BIT_BLOCK),
    stepTransientBytes: inPlace,
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 4 * (1 + 4 / ADAM8BIT_BLOCK),
  }),
  adafactor: () => ({
    stateBytes: (_p, t) => adafactorStateBytes(t),
    stepTransientBytes: (p, t) => adafactorStepTransient(p, masterOrWeight(p), t),
    stepTrafficBytes: (p, t) => adafactorStepTraffic(p, masterOrWeight(p), t),
  }),
};

export const DEFAULT_OPTIMIZER_IMPL: OptimizerImpl = 'foreach';

export function optimizerPolicy(name: OptimizerName, impl: OptimizerImpl = DEFAULT_OPTIMIZER_IMPL, clipGrad: ClipGrad = 'none'): OptimizerPolicy {
  const clipTransientBytes = clipGrad === 'norm' ? (p: PrecisionPolicy, t: ParamTensors) => clipGradTransient(p.gradBytes, t) : inPlace;
  return { name, impl, clipGrad, clipTransientBytes, ...POLICIES[name](impl) };
}

/** Model-state bytes per trainable parameter: weight + gradient + master + optimizer state (ZeRO's K + 4). */
export function trainableStateBytes(p: PrecisionPolicy, o: OptimizerPolicy, t: ParamTensors): number {
  return p.weightBytes + p.gradBytes + p.masterBytes + o.stateBytes(p, t);
}

export const OPTIMIZER_NAMES = Object.keys(POLICIES) as OptimizerName[];
export const OPTIMIZER_IMPLS: readonly OptimizerImpl[] = ['foreach', 'fused', 'loop'];
export const CLIP_GRAD: readonly ClipGrad[] = ['none', 'norm'];
