// Runtime profile of TensorFlow.js as driven by segplan's validation executor (src/validate/executor.ts).
//
// What tfjs keeps is decided by the executor: every op is one tf.customGrad node that keeps exactly the
// tensors its implementation saves (src/ops/kinds/<kind>/execute.ts), frees them as soon as its own backward
// ran, and frees forward temporaries when its forward returns. tfjs itself keeps every gradient it computed
// until the whole backward ends (tape.ts accumulates into a map disposed at the end). On cpu a saved tensor is
// a clone sharing its buffer (Identity increments a reference count), so a graph tensor saved by several ops
// is one buffer: graph tensors are keyed by id. Every tfjs tensor here is 4 bytes per element (float32
// activations, float32 masks and statistics, int32 ids).
//
// Workspaces list the temporaries each op implementation holds at its peak, besides its output and what it
// saves (forward) or besides the incoming and outgoing gradients (backward); each kind's memory module
// (the memory part of src/ops/kinds/<kind>/index.ts) follows the code of its execute.ts, including buffers the cpu kernels
// allocate inside (a reduction over a non-trailing axis transposes its input first).

import { kindMemoryDispatch } from '../ops/kinds/index.js';
import type { RuntimeProfile } from './profile.js';

export const tfjsProfile: RuntimeProfile = {
  name: 'tfjs',
  bytesPerElement: () => 4,
  // what each op saves and allocates, and which gradients pass through as they are (add and parameter add
  // return a reshape of dy: a new handle on the same buffer)
  ...kindMemoryDispatch('tfjs', undefined),
  keepsAllForwardOutputs: false,
  keepsGradientsUntilEnd: true,
  // tape.ts: map[x] = add(map[x], dx); the old map entry is disposed, dx stays in the backward scope
  gradientAccumulation: 'keep-contributions',
  weightGradientsPerOp: true,
};
