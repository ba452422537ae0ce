// inspectModel: the model's op graph as a per-layer table (what torchinfo and fvcore print): per op its
// shapes, parameters, forward MACs, FLOPs by phase and the bytes it saves for backward; per block the same
// summed, with the bytes the block holds for backward under the activation recipe. Every figure is per
// sample (batch 1) and comes from the same rules the planner uses (src/ops/kinds, src/runtime).
import type { AnyOp, Graph } from '../graph/types.js';
import { summarizeBlock } from '../memory/block-summary.js';
import { opFlops, opMacs, opParams } from '../ops/registry.js';
import type { ActivationDtype, RuntimeProfile } from '../runtime/profile.js';
import { opNeeds, type OpNeed } from '../strategy/op-needs.js';
import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import { opShapes } from './op-shapes.js';

/** FLOPs (2 per multiply-add) by phase of full training; recompute = forwards re-run in backward. */
export interface InspectFlops {
  forward: number;
  inputGrad: number;
  weightGrad: number;
  recompute: number;
  total: number;
}

export interface InspectRow {
  name: string;
  kind: string;
  inputShape: string;
  outputShape: string;
  params: number;
  /** forward multiply-accumulates of the contractions (torchvision's and fvcore's "FLOPs") */
  macs: number;
  flops: InspectFlops;
  /** bytes per sample the op keeps for its backward while its block's forward is taped */
  savedBytes: number;
}

export interface InspectBlock extends Omit<InspectRow, 'inputShape' | 'outputShape'> {
  index: number;
  isLayer: boolean;
  /**
   * bytes per sample the block holds for backward under the recipe (checkpointed: its input only); a tensor
   * two blocks keep (one's output, the next one's input) counts at the first
   */
  heldBytes: number;
  ops: InspectRow[];
}

export interface InspectOptions {
  policy: ActivationPolicy;
  attention: 'math' | 'flash';
  profile: RuntimeProfile;
  dtype: ActivationDtype;
}

export interface InspectResult {
  blocks: InspectBlock[];
  totals: { params: number; macs: number; flops: InspectFlops; heldBytes: number };
}

const ZERO: InspectFlops = { forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0, total: 0 };

function addFlops(a: InspectFlops, b: InspectFlops): InspectFlops {
  return {
    forward: a.forward + b.forward,
    inputGrad: a.inputGrad + b.inputGrad,
    weightGrad: a.weightGrad + b.weightGrad,
    recompute: a.recompute + b.recompute,
    total: a.total + b.total,
  };
}

function opPhaseFlops(n: OpNeed, o: InspectOptions): InspectFlops {
  const f = opFlops(n.op);
  const inputGrad = n.needsInputGrad ? f.inputGrad : 0;
  const weightGrad = n.weightTrains ? f.weightGrad : 0;
  // as the time model counts it (src/time/step-time.ts): checkpointed forwards, plus what a fused kernel re-runs
  const recompute = (n.recomputed ? f.forward : 0) + (o.profile.backwardRecomputeFlops?.(n.op, n.ctx(o.attention, o.dtype)) ?? 0);
  return { forward: f.forward, inputGrad, weightGrad, recompute, total: f.forward + inputGrad + weightGrad + recompute };
}

function sumRows<T extends { params: number; macs: number; flops: InspectFlops; savedBytes: number }>(rows: T[]) {
  return rows.reduce(
    (s, r) => ({ params: s.params + r.params, macs: s.macs + r.macs, flops: addFlops(s.flops, r.flops), savedBytes: s.savedBytes + r.savedBytes }),
    { params: 0, macs: 0, flops: ZERO, savedBytes: 0 },
  );
}

/** Every block trains (end-to-end training); the graph is built for the sequence length being inspected. */
export function inspectGraph(graph: Graph, o: InspectOptions): InspectResult {
  const roles: BlockRole[] = graph.blocks.map(() => 'train');
  const needs = opNeeds(graph, roles, o.policy);
  const byOp = new Map<AnyOp, OpNeed>(needs.map((n) => [n.op, n]));
  let previousSavesOutput = false;
  const blocks: InspectBlock[] = graph.blocks.map((block) => {
    // a tensor saved by several ops of the block is counted at the first
    const seen = new Set<number | string>();
    const ops: InspectRow[] = block.ops.map((op) => {
      const n = byOp.get(op)!;
      const saved = n.taped && n.backward ? o.profile.saved(op, n.ctx(o.attention, o.dtype)) : [];
      let savedBytes = 0;
      for (const t of saved) {
        if (seen.has(t.key)) continue;
        seen.add(t.key);
        savedBytes += t.perSample * o.profile.bytesPerElement(t.role, o.dtype);
      }
      const shapes = opShapes(op);
      const kind = op.kind === 'linear' && op.attrs.experts ? `linear, ${op.attrs.experts.count} experts, top ${op.attrs.experts.topK}` : op.kind;
      return {
        name: op.name,
        kind,
        inputShape: shapes.input,
        outputShape: shapes.output,
        params: opParams(op),
        macs: opMacs(op),
        flops: opPhaseFlops(n, o),
        savedBytes,
      };
    });
    const summary = summarizeBlock({
      block,
      role: 'train',
      upstreamTrains: block.index > 0,
      policy: o.policy,
      profile: o.profile,
      dtype: o.dtype,
      attention: o.attention,
    });
    // the block input is the previous block's output: count it once, at the block that saves it first
    const inputBytes = summary.savesInput && !previousSavesOutput ? block.input.perSample * o.profile.bytesPerElement(block.input.role, o.dtype) : 0;
    previousSavesOutput = summary.savesOutput;
    return {
      index: block.index,
      name: block.name,
      kind: block.kind,
      isLayer: block.isLayer,
      ...sumRows(ops),
      heldBytes: summary.held.d + inputBytes,
      ops,
    };
  });
  const t = sumRows(blocks);
  return { blocks, totals: { params: t.params, macs: t.macs, flops: t.flops, heldBytes: blocks.reduce((s, b) => s + b.heldBytes, 0) } };
}
