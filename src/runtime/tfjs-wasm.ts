// Runtime profile of TensorFlow.js on the wasm backend, as driven by the validation executor.
//
// The executor and the op implementations are the same as on cpu (src/runtime/tfjs.ts describes them);
// what differs is one kernel: wasm's Identity copies its input into a new heap buffer, while cpu's shares
// the buffer and increments a reference count. tfjs saves every tensor a customGrad node keeps through
// Identity (engine.ts: `saved = tensors.map(t => this.keep(this.clone(t)))`), and the checkpointed
// recomputation keeps `tf.clone`s of what each op saves, so on wasm:
//
//   - a saved graph tensor is a copy owned by the op that saved it: a tensor saved by k ops is k copies,
//     each freed when its own op's backward ran, and the original dies after its last consumer like any
//     unsaved activation (cpu: one shared buffer, keyed by the graph tensor's id, alive until the last
//     saver's backward);
//   - a saved op-internal tensor (attention Q/K/V/probabilities, a dropout mask, norm statistics, the
//     loss's log-sum-exp, a sliced linear input) is copied while the original is still alive in the op's
//     forward scope: the original is one more forward temporary, freed when the forward returns.
//
// Every other kernel the executor launches allocates the same buffers on wasm as on cpu: Reshape shares
// (reference count), a reduction over a non-trailing axis transposes its input first (permuteAxesAndTranspose,
// like cpu's Sum), and the validation's own kernels (src/validate/kernels) allocate only their output.

import type { AnyOp } from '../graph/types.js';
import type { HeldTensor, OpContext, RuntimeProfile } from './profile.js';
import { tfjsProfile } from './tfjs.js';

/** The copy an op keeps of a tensor it saves: a buffer of its own, keyed per saver. */
function copyOf(op: AnyOp, s: HeldTensor): HeldTensor {
  return { ...s, key: `${op.name}#copy:${String(s.key)}` };
}

function saved(op: AnyOp, ctx: OpContext): HeldTensor[] {
  return tfjsProfile.saved(op, ctx).map((s) => copyOf(op, s));
}

function forwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[] {
  // the originals of saved op-internal tensors live beside their copies until the op's forward returns
  // (only taped ops that run a backward save: the timeline asks `saved` for exactly those, and so do we)
  const originals = ctx.taped && (ctx.weightTrains || ctx.needsInputGrad) ? tfjsProfile.saved(op, ctx).filter((s) => typeof s.key === 'string') : [];
  return [...tfjsProfile.forwardWorkspace(op, ctx), ...originals];
}

export const tfjsWasmProfile: RuntimeProfile = {
  ...tfjsProfile,
  saved,
  forwardWorkspace,
};
