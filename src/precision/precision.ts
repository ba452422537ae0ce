// Precision policies: the bytes each kind of model state takes per parameter, and the activation dtype.
//
// bf16-mixed follows the mixed-precision recipe of Micikevicius et al. 2018 as counted by ZeRO
// (Rajbhandari et al. 2020): 16-bit weights and gradients, an fp32 master copy, fp32 optimizer state.
// Pure bf16 keeps no master copy and stores optimizer state in bf16 too. bf16-mixed-fp32grads is Megatron-LM's
// bf16 recipe (gradients accumulated and all-reduced in fp32: 18 bytes per parameter with Adam, its distributed
// optimizer docs) and the one the BAdam paper counts (Luo et al. 2024).

import type { ActivationDtype } from '../runtime/profile.js';
import type { PrecisionName } from '../vocabulary.js';

export interface PrecisionPolicy {
  name: PrecisionName;
  activationDtype: ActivationDtype;
  /** the compute copy of every weight, trainable or frozen */
  weightBytes: number;
  /** gradient of a trainable weight */
  gradBytes: number;
  /** fp32 master copy of a trainable weight (0 when the compute copy is the master) */
  masterBytes: number;
  /** dtype of optimizer state elements (fp32 with a master copy, else the weight dtype) */
  optimizerStateBytes: number;
}

const POLICIES: Record<PrecisionName, PrecisionPolicy> = {
  'bf16-mixed': { name: 'bf16-mixed', activationDtype: 'bf16', weightBytes: 2, gradBytes: 2, masterBytes: 4, optimizerStateBytes: 4 },
  'bf16-mixed-fp32grads': { name: 'bf16-mixed-fp32grads', activationDtype: 'bf16', weightBytes: 2, gradBytes: 4, masterBytes: 4, optimizerStateBytes: 4 },
  bf16: { name: 'bf16', activationDtype: 'bf16', weightBytes: 2, gradBytes: 2, masterBytes: 0, optimizerStateBytes: 2 },
  fp32: { name: 'fp32', activationDtype: 'fp32', weightBytes: 4, gradBytes: 4, masterBytes: 0, optimizerStateBytes: 4 },
};

export function precisionPolicy(name: PrecisionName): PrecisionPolicy {
  return POLICIES[name];
}

export const PRECISION_NAMES = Object.keys(POLICIES) as PrecisionName[];
