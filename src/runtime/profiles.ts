// Runtime profiles by name. Both are pure descriptions: the tfjs profile does not load TensorFlow.js.
import type { RuntimeName } from '../vocabulary.js';
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
