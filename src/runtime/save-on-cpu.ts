// A runtime profile under torch.autograd.graph.save_on_cpu(pin_memory=True): every tensor an op saves for
// backward is packed into pinned host memory when it is saved and unpacked onto the GPU when its op's backward
// runs. The GPU keeps nothing between forward and backward; the block summaries (src/memory/block-summary.ts)
// read `savesOnHost` and count what crosses PCIe.
//
// A derived profile (its own variant) rather than a flag of the setting, so that every cache keyed by the
// profile keeps the two apart.

import type { RuntimeProfile } from './profile.js';

const derived = new WeakMap<RuntimeProfile, RuntimeProfile>();

export function savedOnHost(profile: RuntimeProfile): RuntimeProfile {
  let p = derived.get(profile);
  if (!p) derived.set(profile, (p = { ...profile, variant: `${profile.variant ?? ''}+save_on_cpu`, savesOnHost: true }));
  return p;
}
