// Runtime profiles by name. Both are pure descriptions: the tfjs profile does not load TensorFlow.js.
import { RequestError } from '../errors.js';
import type { PrecisionPolicy } from '../precision/precision.js';
import type { Fp8Weights, RuntimeName } from '../vocabulary.js';
import { fp8Profile } from './fp8-copies.js';
import type { RuntimeProfile } from './profile.js';
import { huggingFaceEagerProfile, pytorchProfile } from './pytorch.js';
import { tfjsProfile } from './tfjs.js';

const PROFILES: Record<RuntimeName, RuntimeProfile> = {
  pytorch: pytorchProfile,
  // Hugging Face's eager modeling code (attn_implementation="eager", LlamaRMSNorm) on torch 2.x: measured by
  // the PyTorch validation (docs/validation.md)
  'pytorch-hf-eager': huggingFaceEagerProfile(2),
  tfjs: tfjsProfile,
};

export function runtimeProfile(name: RuntimeName): RuntimeProfile {
  return PROFILES[name];
}

/** Every runtime a request may name, in the table's order (the CLI's choices come from here). */
export const RUNTIME_NAMES = Object.keys(PROFILES) as RuntimeName[];

/**
 * The profile a plan runs with: the runtime's, with the recipe's linear layers as Transformer Engine FP8
 * modules under the fp8 recipe (src/runtime/fp8-copies.ts), their weights cast as `fp8Weights` says. FP8 needs
 * PyTorch (TE).
 */
export function recipeProfile(name: RuntimeName, precision: PrecisionPolicy, fp8Weights?: Fp8Weights): RuntimeProfile {
  const base = PROFILES[name];
  if (!precision.fp8) return base;
  if (base.name !== 'pytorch') throw new RequestError('precision', precision.name, `is Transformer Engine's FP8, which the ${name} runtime does not have`);
  return fp8Profile(base, fp8Weights);
}
