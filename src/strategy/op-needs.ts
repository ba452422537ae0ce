// What each op of a stage must do, derived from the blocks' roles: run forward (always, unless skipped),
// run under the tape, compute gradients for which inputs, its weight gradient, and be recomputed in
// backward. FLOP counts, the memory timeline and the time model all read this, so they never disagree.
//
// With an adapter (src/adapter/lora.ts) a training block's base weights are frozen and only its adapter ops
// train; the block still back-propagates, so input gradients flow through the frozen projections.
//
// Gradients follow data dependence, as autograd does: a tensor requires a gradient iff it was computed,
// under the tape, from trainable weights or from a tensor that requires one. So the downsample conv of a
// ResNet block that reads the (gradient-free) block input computes no input gradient, even when the
// block's first conv trains.

import type { AnyOp, Block, Graph, Tensor } from '../graph/types.js';
import { opTrainsWithBlock } from '../graph/adapter-ops.js';
import { opHasWeights } from '../ops/registry.js';
import { isOpLevel, storedOps } from './op-checkpoint.js';
import type { PhaseFlops } from '../ops/rule.js';
import type { ActivationDtype, OpContext } from '../runtime/profile.js';
import type { ActivationPolicy, BlockRole } from './roles.js';
import { blockPolicy } from './checkpoint-layers.js';

export interface OpNeed {
  op: AnyOp;
  blockIndex: number;
  weightTrains: boolean;
  /** some activation input requires a gradient */
  needsInputGrad: boolean;
  /** the inputs whose gradients the op computes */
  gradInputs: Tensor[];
  taped: boolean;
  /** the op runs a backward */
  backward: boolean;
  /** its forward runs again in backward (full checkpointing of its block, selective attention, or op-level checkpointing of a kind it does not save) */
  recomputed: boolean;
  /** the runtime context of the op */
  ctx(attention: 'math' | 'flash', dtype?: ActivationDtype): OpContext;
}

/** The op needs of one block, given its role and whether its input requires a gradient. */
export function blockOpNeeds(block: Block, role: BlockRole, inputRequiresGrad: boolean, policy: ActivationPolicy): OpNeed[] {
  if (role === 'skip') return [];
  const taped = role !== 'frozen-notape';
  const requiresGrad = new Set<number>();
  if (taped && inputRequiresGrad) {
    requiresGrad.add(block.input.id);
    // a tensor an earlier block made for later ones (an encoder output) is taken to require a gradient when the
    // chain does: exact when every block before trains or none does (docs/models.md, encoder-decoders)
    for (const op of block.ops) for (const t of op.inputs) if (t.readLater) requiresGrad.add(t.id);
  }
  const needs = block.ops.map((op) => {
    const weightTrains = taped && role === 'train' && opHasWeights(op) && opTrainsWithBlock(block, op);
    const gradInputs = op.inputs.filter((t) => requiresGrad.has(t.id));
    if (weightTrains || gradInputs.length > 0) requiresGrad.add(op.output.id);
    const selective = policy === 'selective' && op.kind === 'attention';
    return { op, weightTrains, gradInputs, selective };
  });
  const blockBackward = needs.some((n) => n.weightTrains || n.gradInputs.length > 0);
  // full and op-level checkpointing wrap the body layers (as Megatron-LM, Hugging Face and torchtitan do), not
  // embeddings or heads; op-level re-runs only the ops whose kind it does not save
  const wrapped = (policy === 'full' || isOpLevel(policy)) && blockBackward && block.isLayer;
  const stored = wrapped && isOpLevel(policy) ? storedOps(block, policy) : undefined;
  return needs.map(({ op, weightTrains, gradInputs, selective }, i) => {
    const needsInputGrad = gradInputs.length > 0;
    const backward = weightTrains || needsInputGrad;
    return {
      op,
      blockIndex: block.index,
      weightTrains,
      needsInputGrad,
      gradInputs,
      taped,
      backward,
      recomputed: (wrapped && !stored?.[i]) || (selective && backward),
      ctx: (attention, dtype = 'bf16') => ({
        weightTrains,
        needsInputGrad,
        taped,
        activationDtype: dtype,
        attention,
        recompute: selective && backward,
      }),
    };
  });
}

/**
 * The op needs of a whole stage, in graph order (skipped blocks contribute nothing). A block's input
 * requires a gradient once any executed block before it trains (blocks form a chain). `checkpointEvery`: with
 * `full`, only every n-th body layer is checkpointed (checkpoint-layers.ts).
 */
export function opNeeds(graph: Graph, roles: readonly BlockRole[], policy: ActivationPolicy, checkpointEvery?: number): OpNeed[] {
  const out: OpNeed[] = [];
  let upstream = false;
  for (const block of graph.blocks) {
    const role = roles[block.index]!;
    for (const n of blockOpNeeds(block, role, upstream, blockPolicy(graph.blocks, block.index, policy, checkpointEvery))) out.push(n);
    if (role === 'train') upstream = true;
  }
  return out;
}

/** FLOPs by phase that a stage runs for one op (recompute: its forward again in backward). */
export interface NeededFlops extends PhaseFlops {
  recompute: number;
}

/**
 * The phases of `f` (an op's FLOPs per sample: all of them, or only its contractions) that the op runs in a
 * stage: its forward always; its input gradient when some input needs one; its weight gradient when its
 * weights train; its forward again when it is recomputed. FLOP totals, the time model and validation's
 * predictions all count through this rule.
 */
export function neededFlops(n: OpNeed, f: PhaseFlops): NeededFlops {
  return {
    forward: f.forward,
    inputGrad: n.needsInputGrad ? f.inputGrad : 0,
    weightGrad: n.weightTrains ? f.weightGrad : 0,
    recompute: n.recomputed ? f.forward : 0,
  };
}
