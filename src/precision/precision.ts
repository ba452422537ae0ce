// Precision policies: the bytes each kind of model state takes per parameter, and the activation dtype.
//
// bf16-mixed follows the mixed-precision recipe of Micikevicius et al. 2018 as counted by ZeRO
// (Rajbhandari et al. 2020): 16-bit weights and gradients, an fp32 master copy, fp32 optimizer state.
// Pure bf16 keeps no master copy and stores optimizer state in bf16 too.
//
// bf16-mixed-fp32grads is Megatron-LM's `--bf16` recipe (gradients accumulated and all-reduced in fp32,
// `--accumulate-allreduce-grads-in-fp32`, into an fp32 `main_grad` buffer): bf16 weights, fp32 gradients, an
// fp32 master copy, fp32 moments: 2 + 4 + 4 + 8 = 18 bytes per parameter (Megatron's distributed-optimizer
// docs: "bf16 params, fp32 grads: 18"); DeepSpeed's BF16_Optimizer accumulates in fp32 by default; BAdam's
// recipe (Luo et al. 2024) too.
//
// fsdp-bf16 / fsdp-bf16-fp32reduce are PyTorch FSDP's `MixedPrecision(param_dtype=torch.bfloat16,
// reduce_dtype=torch.bfloat16 | torch.float32)` over fp32 parameters (torch/distributed/fsdp/api.py): the
// sharded flat parameters, their sharded gradients and AdamW's moments stay fp32 (16 bytes per parameter over
// the shards), each unit's shard is cast to bf16 before the all-gather, so the gathered copy a unit computes
// with is bf16 (2 bytes per parameter) and so are the activations; the unit's unsharded gradient is bf16 and
// is reduce-scattered in reduce_dtype (fp32 reduce: cast to an fp32 copy first), then kept as fp32 shards.
//
// amp-bf16 / amp-fp16 are torch.autocast as PyTorch users run it (the Hugging Face Trainer's --bf16/--fp16,
// accelerate's mixed_precision, Lightning's "bf16-mixed"/"16-mixed"): the model stays fp32 (weights, their
// gradients, AdamW's moments: 4 + 4 + 8 = 16 bytes per parameter, no master copy because the weights are the
// master); the ops on autocast's lower-precision list run on half-precision copies of their inputs and
// weights, and every activation is in the dtype its op produces (src/precision/autocast.ts, the PyTorch
// "Autocast Op Reference"). fp16 adds torch.cuda.amp.GradScaler: its scale (fp32) and growth tracker (int32).
//
// fp8 is NVIDIA Transformer Engine's FP8 training (te.Linear under te.fp8_autocast with the default
// DelayedScaling recipe, Format.HYBRID: E4M3 forward, E5M2 gradients) over the bf16-mixed model states (bf16
// weights and gradients, fp32 master and moments: 16 bytes per parameter). What FP8 adds lives beside them:
// the fp8 copies of each linear layer's weight, input and output gradient (src/runtime/fp8-copies.ts) and
// each layer's scaling state (src/precision/fp8.ts); its linear layers' GEMMs run at the GPU's FP8 rate.

import type { ActivationDtype } from '../runtime/profile.js';
import type { PrecisionName } from '../vocabulary.js';
import type { HalfDtype } from './autocast.js';

export interface PrecisionPolicy {
  name: PrecisionName;
  /** the compute dtype of activations (under autocast: of the contractions, which the time model prices) */
  activationDtype: Exclude<ActivationDtype, 'fp8'>;
  /** Transformer Engine FP8: the eligible linear layers compute in fp8 with per-tensor delayed scaling (src/precision/fp8.ts) */
  fp8?: boolean;
  /** torch.autocast's half dtype: each activation then has the dtype its op produces (absent: `activationDtype` throughout) */
  autocast?: HalfDtype;
  /** bytes of a loss scaler's state per GPU (GradScaler: an fp32 scale and an int32 growth tracker) */
  lossScalerBytes?: number;
  /**
   * FSDP MixedPrecision: bytes per parameter of the gathered copy a unit computes with (param_dtype) and of
   * the gradients it reduce-scatters (reduce_dtype); absent: the weights' and gradients' own bytes
   */
  fsdpMixed?: { paramBytes: number; reduceBytes: number };
  /** the compute copy of every weight, trainable or frozen */
  weightBytes: number;
  /** gradient of a trainable weight */
  gradBytes: number;
  /** fp32 master copy of a trainable weight (0 when the compute copy is the master) */
  masterBytes: number;
  /** dtype of optimizer state elements (fp32 with a master copy, else the weight dtype) */
  optimizerStateBytes: number;
}

function fsdpMixed(name: PrecisionName, reduceBytes: number): PrecisionPolicy {
  return { name, activationDtype: 'bf16', weightBytes: 4, gradBytes: 4, masterBytes: 0, optimizerStateBytes: 4, fsdpMixed: { paramBytes: 2, reduceBytes } };
}

const POLICIES: Record<PrecisionName, PrecisionPolicy> = {
  'bf16-mixed': { name: 'bf16-mixed', activationDtype: 'bf16', weightBytes: 2, gradBytes: 2, masterBytes: 4, optimizerStateBytes: 4 },
  'bf16-mixed-fp32grads': { name: 'bf16-mixed-fp32grads', activationDtype: 'bf16', weightBytes: 2, gradBytes: 4, masterBytes: 4, optimizerStateBytes: 4 },
  bf16: { name: 'bf16', activationDtype: 'bf16', weightBytes: 2, gradBytes: 2, masterBytes: 0, optimizerStateBytes: 2 },
  fp32: { name: 'fp32', activationDtype: 'fp32', weightBytes: 4, gradBytes: 4, masterBytes: 0, optimizerStateBytes: 4 },
  'fsdp-bf16': fsdpMixed('fsdp-bf16', 2),
  'fsdp-bf16-fp32reduce': fsdpMixed('fsdp-bf16-fp32reduce', 4),
  'amp-bf16': { name: 'amp-bf16', activationDtype: 'bf16', autocast: 'bf16', weightBytes: 4, gradBytes: 4, masterBytes: 0, optimizerStateBytes: 4 },
  'amp-fp16': {
    name: 'amp-fp16',
    activationDtype: 'fp16',
    autocast: 'fp16',
    lossScalerBytes: 4 + 4,
    weightBytes: 4,
    gradBytes: 4,
    masterBytes: 0,
    optimizerStateBytes: 4,
  },
  fp8: { name: 'fp8', activationDtype: 'bf16', fp8: true, weightBytes: 2, gradBytes: 2, masterBytes: 4, optimizerStateBytes: 4 },
};

export function precisionPolicy(name: PrecisionName): PrecisionPolicy {
  return POLICIES[name];
}

export const PRECISION_NAMES = Object.keys(POLICIES) as PrecisionName[];

/** Bytes per parameter of the weights a block computes with once gathered (FSDP MixedPrecision's param_dtype). */
export function gatheredWeightBytes(p: PrecisionPolicy): number {
  return p.fsdpMixed?.paramBytes ?? p.weightBytes;
}

/** Bytes per parameter of a unit's gradients as reduce-scattered (FSDP MixedPrecision's reduce_dtype). */
export function reducedGradBytes(p: PrecisionPolicy): number {
  return p.fsdpMixed?.reduceBytes ?? p.gradBytes;
}

/**
 * Bytes per parameter of a unit's unsharded gradients in backward, before reduce-scatter: in param_dtype,
 * plus their copy in reduce_dtype when that differs (both alive while FSDP casts).
 */
export function unshardedGradBytes(p: PrecisionPolicy): number {
  const m = p.fsdpMixed;
  if (!m) return p.gradBytes;
  return m.paramBytes + (m.reduceBytes !== m.paramBytes ? m.reduceBytes : 0);
}
