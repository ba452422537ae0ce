// Optimizer policies: optimizer state bytes per trainable parameter.
//
//   adamw     two moments (m, v) in the policy's state dtype (Loshchilov & Hutter 2019)
//   sgd       SGD with momentum: one momentum buffer
//   adam8bit  two moments quantised to 1 byte, block-wise with one fp32 absmax per block of 2048
//             (Dettmers et al. 2022, "8-bit Optimizers via Block-wise Quantization"; bitsandbytes' block size)

import type { OptimizerName } from '../vocabulary.js';
import type { PrecisionPolicy } from './precision.js';

const ADAM8BIT_BLOCK = 2048;

export interface OptimizerPolicy {
  name: OptimizerName;
  /** bytes of optimizer state per trainable parameter under a precision policy */
  stateBytes(precision: PrecisionPolicy): number;
  /**
   * transient bytes per trainable parameter during the step: PyTorch's multi-tensor ("foreach") AdamW
   * materialises sqrt(v) + eps for all parameters of a group at once (torch/optim/adamw.py, _multi_tensor_adamw),
   * in the state dtype; SGD updates in place.
   */
  stepWorkspaceBytes(precision: PrecisionPolicy): number;
  /** bytes read + written per parameter by one step (for CPU-optimizer time): params, grads, states */
  stepTrafficBytes(precision: PrecisionPolicy): number;
}

function masterOrWeight(p: PrecisionPolicy): number {
  return p.masterBytes || p.weightBytes;
}

const POLICIES: Record<OptimizerName, OptimizerPolicy> = {
  adamw: {
    name: 'adamw',
    stateBytes: (p) => 2 * p.optimizerStateBytes,
    stepWorkspaceBytes: (p) => p.optimizerStateBytes,
    // read grad, param, m, v; write param, m, v
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 4 * p.optimizerStateBytes,
  },
  sgd: {
    name: 'sgd',
    stateBytes: (p) => p.optimizerStateBytes,
    stepWorkspaceBytes: () => 0,
    // read grad, param, momentum; write param, momentum
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 2 * p.optimizerStateBytes,
  },
  adam8bit: {
    name: 'adam8bit',
    stateBytes: () => 2 * (1 + 4 / ADAM8BIT_BLOCK),
    stepWorkspaceBytes: () => 0,
    stepTrafficBytes: (p) => p.gradBytes + 2 * masterOrWeight(p) + 4 * (1 + 4 / ADAM8BIT_BLOCK),
  },
};

export function optimizerPolicy(name: OptimizerName): OptimizerPolicy {
  return POLICIES[name];
}

/** Model-state bytes per trainable parameter: weight + gradient + master + optimizer state (ZeRO's K + 4). */
export function trainableStateBytes(p: PrecisionPolicy, o: OptimizerPolicy): number {
  return p.weightBytes + p.gradBytes + p.masterBytes + o.stateBytes(p);
}

export const OPTIMIZER_NAMES = Object.keys(POLICIES) as OptimizerName[];
