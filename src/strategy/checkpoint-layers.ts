// Which body layers full checkpointing wraps: all of them, or every n-th.
//
// torchtitan's `selective_ac_option: n` (and FSDP's apply_activation_checkpointing with a check_fn that counts
// layers) wraps layer k (counted from 1) iff k mod n = 0, so with n = 2 the 2nd, 4th, ... layers are checkpointed
// and the others keep every saved activation. n = 1 is plain full checkpointing.
//
// A block's memory summary and cost depend on whether it is wrapped, not on its index, so the per-shape caches
// hold both versions of a shape (src/memory/stage-memory.ts, src/time/block-cost.ts) and the stage's runs of
// identical blocks are cut where the wrapping changes (`checkpointRuns`).

import type { Block } from '../graph/types.js';
import type { ActivationPolicy } from './roles.js';
import type { Run, StageRuns } from './stage-runs.js';

const ordinalsOf = new WeakMap<readonly Block[], Int32Array>();

/** Per block of a graph, its 1-based position among the body layers (0 for embeddings, heads and the loss). */
function layerOrdinals(blocks: readonly Block[]): Int32Array {
  let o = ordinalsOf.get(blocks);
  if (!o) {
    o = new Int32Array(blocks.length);
    let k = 0;
    blocks.forEach((b, i) => {
      if (b.isLayer) o![i] = ++k;
    });
    ordinalsOf.set(blocks, o);
  }
  return o;
}

/** `every` > 1 changes which blocks full checkpointing wraps (otherwise the policy applies to every block as it is). */
export function checkpointsSomeLayers(policy: ActivationPolicy, every: number | undefined): every is number {
  return policy === 'full' && every !== undefined && every > 1;
}

/** Full checkpointing with `every` leaves block i unwrapped: it runs as under no checkpointing. */
export function leftUnwrapped(blocks: readonly Block[], i: number, policy: ActivationPolicy, every: number | undefined): boolean {
  if (!checkpointsSomeLayers(policy, every)) return false;
  const k = layerOrdinals(blocks)[i]!;
  return k > 0 && k % every !== 0;
}

/** The policy block i runs under. */
export function blockPolicy(blocks: readonly Block[], i: number, policy: ActivationPolicy, every: number | undefined): ActivationPolicy {
  return leftUnwrapped(blocks, i, policy, every) ? 'none' : policy;
}

const splitOf = new WeakMap<StageRuns, Map<number, StageRuns>>();

/**
 * The stage's runs, cut so that every run is wholly wrapped or wholly unwrapped (the same object when every
 * block runs under the policy as it is). Cached per runs object and `every`.
 */
export function checkpointRuns(stage: StageRuns, blocks: readonly Block[], policy: ActivationPolicy, every: number | undefined): StageRuns {
  if (!checkpointsSomeLayers(policy, every)) return stage;
  let byEvery = splitOf.get(stage);
  if (!byEvery) splitOf.set(stage, (byEvery = new Map()));
  let split = byEvery.get(every);
  if (!split) {
    const runs: Run[] = [];
    for (const run of stage.runs) {
      let start = run.a;
      for (let k = run.a + 1; k <= run.b + 1; k++) {
        const i = run.first + (k - run.a);
        if (k <= run.b && leftUnwrapped(blocks, i, policy, every) === leftUnwrapped(blocks, i - 1, policy, every)) continue;
        runs.push({ ...run, first: run.first + (start - run.a), a: start, b: k - 1 });
        start = k;
      }
    }
    byEvery.set(every, (split = { ...stage, runs }));
  }
  return split;
}
