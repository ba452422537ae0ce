// Runtime profiles by name. Both are pure descriptions: the tfjs profile does not load TensorFlow.js.
import type { RuntimeName } from '../plan/types.js';
import type { RuntimeProfile } from './profile.js';
import { pytorchProfile } from './pytorch.js';
import { tfjsProfile } from './tfjs.js';

const PROFILES: Record<RuntimeName, RuntimeProfile> = { pytorch: pytorchProfile, tfjs: tfjsProfile };

export function runtimeProfile(name: RuntimeName): RuntimeProfile {
  return PROFILES[name];
}
