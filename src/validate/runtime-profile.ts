// The runtime profile that describes what the executor allocates on a tfjs backend. cpu shares the buffer
// of a saved tensor (Identity increments a reference count); wasm copies it (src/runtime/tfjs-wasm.ts).
// tensorflow / tensorflow-gpu (tfjs-node) are not modelled: their Identity shares like cpu, but their
// kernels' internal buffers live outside tfjs and are not measured here, so cpu's profile is used.

import type { RuntimeProfile } from '../runtime/profile.js';
import { tfjsProfile } from '../runtime/tfjs.js';
import { tfjsWasmProfile } from '../runtime/tfjs-wasm.js';
import type { BackendName } from './backend.js';

export function runtimeProfileFor(backend: BackendName): RuntimeProfile {
  return backend === 'wasm' ? tfjsWasmProfile : tfjsProfile;
}
