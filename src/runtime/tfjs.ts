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

import type { AnyOp } from '../graph/types.js';
import { memoryOf } from '../ops/kinds/index.js';
import type { RuntimeProfile } from './profile.js';

const kind = (op: AnyOp) => memoryOf(op, 'tfjs');

export const tfjsProfile: RuntimeProfile = {
  name: 'tfjs',
  bytesPerElement: () => 4,
  saved: (op, ctx) => kind(op).saved(op, ctx, undefined),
  forwardWorkspace: (op, ctx) => kind(op).forwardWorkspace?.(op, ctx, undefined) ?? [],
  backwardWorkspace: (op, ctx) => kind(op).backwardWorkspace?.(op, ctx, undefined) ?? [],
  backwardRecomputeFlops: (op, ctx) => kind(op).backwardRecomputeFlops?.(op, ctx, undefined) ?? 0,
  keepsAllForwardOutputs: false,
  keepsGradientsUntilEnd: true,
  // add and parameter add return a reshape of dy: a new handle on the same buffer (their execute.ts)
  gradientAliasesOutput: (op, inputIndex) => kind(op).gradientAliasesOutput?.(op, inputIndex) ?? false,
  // tape.ts: map[x] = add(map[x], dx); the old map entry is disposed, dx stays in the backward scope
  gradientAccumulation: 'keep-contributions',
  weightGradientsPerOp: true,
};
