// What each op of a stage must do, derived from the blocks' roles: run forward (always, unless skipped),
// run under the tape, compute its input gradient, its weight gradient, and be recomputed in backward.
// The memory timeline and the time model both read this, so they can never disagree.

import type { AnyOp, Block, Graph } from '../graph/types.js';
import { opHasWeights } from '../ops/registry.js';
import type { ActivationDtype, OpContext } from '../runtime/profile.js';
import type { ActivationPolicy, BlockRole } from './roles.js';

export interface OpNeed {
  op: AnyOp;
  blockIndex: number;
  weightTrains: boolean;
  needsInputGrad: boolean;
  taped: boolean;
  /** the op runs a backward */
  backward: boolean;
  /** its forward runs again in backward (full checkpointing of its block, or selective attention) */
  recomputed: boolean;
  /** the runtime context of the op */
  ctx(attention: 'math' | 'flash', dtype?: ActivationDtype): OpContext;
}

/** The op needs of one block, given its role and whether anything before it in the stage trains. */
export function blockOpNeeds(block: Block, role: BlockRole, upstreamTrains: boolean, policy: ActivationPolicy): OpNeed[] {
  if (role === 'skip') return [];
  const taped = role !== 'frozen-notape';
  let gradPath = upstreamTrains;
  const needs = block.ops.map((op) => {
    const weightTrains = taped && role === 'train' && opHasWeights(op);
    const needsInputGrad = taped && gradPath;
    if (weightTrains) gradPath = true;
    const selective = policy === 'selective' && op.kind === 'attention';
    return { op, weightTrains, needsInputGrad, selective };
  });
  const blockBackward = needs.some((n) => n.weightTrains || n.needsInputGrad);
  const fullRecompute = policy === 'full' && blockBackward && block.kind !== 'loss';
  return needs.map(({ op, weightTrains, needsInputGrad, selective }) => {
    const backward = weightTrains || needsInputGrad;
    return {
      op,
      blockIndex: block.index,
      weightTrains,
      needsInputGrad,
      taped,
      backward,
      recomputed: fullRecompute || (selective && backward),
      ctx: (attention, dtype = 'bf16') => ({
        weightTrains, needsInputGrad, taped, activationDtype: dtype, attention, recompute: selective && backward,
      }),
    };
  });
}

/** The op needs of a whole stage, in graph order (skipped blocks contribute nothing). */
export function opNeeds(graph: Graph, roles: readonly BlockRole[], policy: ActivationPolicy): OpNeed[] {
  const out: OpNeed[] = [];
  let upstream = false;
  for (const block of graph.blocks) {
    const role = roles[block.index];
    for (const n of blockOpNeeds(block, role, upstream, policy)) out.push(n);
    if (role === 'train') upstream = true;
  }
  return out;
}
