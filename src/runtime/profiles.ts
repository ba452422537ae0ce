// Runtime profiles by name.
import type { RuntimeName } from '../plan/types.js';
import type { RuntimeProfile } from './profile.js';
import { pytorchProfile } from './pytorch.js';

const PROFILES: Partial<Record<RuntimeName, RuntimeProfile>> = { pytorch: pytorchProfile };

export function runtimeProfile(name: RuntimeName): RuntimeProfile {
  const p = PROFILES[name];
  if (!p) throw new Error(`runtime profile "${name}" is not available`);
  return p;
}
