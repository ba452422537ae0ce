// The structure of a stage: its executed blocks grouped into runs of identical blocks in the same role.
//
// Everything the engine computes per block (memory summaries, FLOPs, roofline terms) is equal within a run,
// so memory folds, FLOP totals and step time visit runs, not blocks: a SegProp stage of an 80-layer model is
// a handful of runs (frozen prefix, trained segment, frozen path, head, task head).

import { blockWeights } from '../adapter/block-weights.js';
import { tiedWeights } from '../graph/tied-weights.js';
import type { Graph } from '../graph/types.js';
import { opParams } from '../ops/registry.js';
import { type ParamTensors, sumTrainableTensors } from '../precision/param-tensors.js';
import type { BlockRole } from './roles.js';

const paramsOf = new WeakMap<Graph, number[]>();

/** Parameters of every block (its own ops; a tied weight counts with its owner). */
export function blockParams(graph: Graph): number[] {
  let p = paramsOf.get(graph);
  if (!p) {
    p = graph.blocks.map((b) => b.ops.reduce((s, op) => s + opParams(op), 0));
    paramsOf.set(graph, p);
  }
  return p;
}

/**
 * A run of consecutive blocks that behave alike (same kind, shape, parameters, role and upstream flag). Runs never
 * span a skipped block, so position k of the executed order is block `first + (k − a)`.
 */
export interface Run {
  /** block index of the run's first block */
  first: number;
  /** positions in the executed order */
  a: number;
  b: number;
  role: BlockRole;
  /** something before the run trains */
  up: boolean;
}

/** The structure of a stage: executed blocks, their runs and the parameters by role. */
export interface StageRuns {
  runs: Run[];
  trainable: number;
  frozen: number;
  /** of the frozen parameters, those stored quantized (QLoRA's base), and their bytes */
  quantized: number;
  quantizedBytes: number;
  /**
   * per block, parameters whose gradient its backward creates beyond its own: + a tied table read by a
   * training block, − that table at its owner (the reader's backward created the gradient first)
   */
  tiedGradParams: ReadonlyMap<number, number>;
  /** the trainable tensors, for the optimizer's state and step (summed once per stage, shared by its plans) */
  tensors: ParamTensors;
}

/** Consecutive blocks in one role: blocks [from, to). A schedule describes each stage by a few of these. */
export interface RoleSpan {
  from: number;
  to: number;
  role: BlockRole;
}

/** The spans of a role array (O(blocks); schedules give their spans directly). */
export function spansOf(roles: readonly BlockRole[]): RoleSpan[] {
  const spans: RoleSpan[] = [];
  for (let i = 0; i < roles.length; i++) {
    const last = spans[spans.length - 1];
    if (last && last.role === roles[i]) last.to = i + 1;
    else spans.push({ from: i, to: i + 1, role: roles[i]! });
  }
  return spans;
}

/** The role array of a list of spans covering every block. */
export function rolesOf(spans: readonly RoleSpan[], blocks: number): BlockRole[] {
  const roles = new Array<BlockRole>(blocks);
  for (const sp of spans) roles.fill(sp.role, sp.from, sp.to);
  return roles;
}

interface GraphStructure {
  /** per block, the index after the last block of its shape run (consecutive blocks of equal kind, shape and parameters) */
  shapeRunEnd: Int32Array;
  /** prefix sums of block parameters: params of blocks [i, j) = cum[j] − cum[i] */
  cumParams: Float64Array;
  /** prefix sums of the parameters that train when their block trains (only adapters under an adapter) */
  cumTrainable: Float64Array;
  /** parameters stored quantized in the whole graph, and their bytes (always frozen, whatever the roles) */
  quantized: number;
  quantizedBytes: number;
}

const structureOf = new WeakMap<Graph, GraphStructure>();

function structure(graph: Graph): GraphStructure {
  let st = structureOf.get(graph);
  if (!st) {
    const params = blockParams(graph);
    const blocks = graph.blocks;
    const n = blocks.length;
    const same = (i: number) => {
      const [a, b] = [blocks[i]!, blocks[i + 1]!];
      return a.kind === b.kind && a.shapeKey === b.shapeKey && params[i] === params[i + 1];
    };
    const shapeRunEnd = new Int32Array(n);
    for (let i = n - 1; i >= 0; i--) shapeRunEnd[i] = i + 1 < n && same(i) ? shapeRunEnd[i + 1]! : i + 1;
    const cumParams = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) cumParams[i + 1] = cumParams[i]! + params[i]!;
    const weights = blockWeights(graph);
    const cumTrainable = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) cumTrainable[i + 1] = cumTrainable[i]! + weights[i]!.trainable;
    const quantized = weights.reduce((q, w) => q + w.quantized, 0);
    const quantizedBytes = weights.reduce((q, w) => q + w.quantizedBytes, 0);
    structureOf.set(graph, (st = { shapeRunEnd, cumParams, cumTrainable, quantized, quantizedBytes }));
  }
  return st;
}

/** The role of block i under `spans`. */
function roleAt(spans: readonly RoleSpan[], i: number): BlockRole | undefined {
  for (const sp of spans) if (i >= sp.from && i < sp.to) return sp.role;
  return undefined;
}

// most graphs tie nothing: their stages share one empty map (a sweep makes thousands of stages)
const NO_TIES: ReadonlyMap<number, number> = new Map();

/** Executed blocks grouped into runs, from the roles of every block. */
export function stageRuns(graph: Graph, roles: readonly BlockRole[]): StageRuns {
  return stageRunsOfSpans(graph, spansOf(roles));
}

/**
 * Executed blocks grouped into runs, from role spans: O(spans + shape runs they cross), not O(blocks), with
 * parameters by role from prefix sums. Depends only on the spans and the graph's block structure, so a sweep
 * computes it once per stage and reuses it for the same model at other sequence lengths.
 */
export function stageRunsOfSpans(graph: Graph, spans: readonly RoleSpan[]): StageRuns {
  const { shapeRunEnd, cumParams, cumTrainable, quantized, quantizedBytes } = structure(graph);
  const runs: Run[] = [];
  let upstream = false;
  let trainable = 0;
  let frozen = 0;
  // position in the executed order of the next executed block
  let k = 0;
  // the run being built, in locals: a run object is made once complete and never written again, because V8 tracks
  // a field never rewritten as constant, and the first rewrite (a run grown by one more span) deoptimizes all code
  // that read it
  let open = false;
  let openFirst = 0;
  let openA = 0;
  let openB = 0;
  let openRole: BlockRole = 'skip';
  let openUp = false;
  let lastEnd = -1;
  // a tied table trains when the block reading it trains, even if its owner does not
  let tied: Map<number, number> | undefined;
  for (const t of tiedWeights(graph)) {
    // under an adapter the head reading a tied table is frozen like the table
    if (roleAt(spans, t.reader) !== 'train' || graph.blocks[t.reader]!.adapted) continue;
    tied ??= new Map();
    tied.set(t.reader, (tied.get(t.reader) ?? 0) + t.params);
    if (roleAt(spans, t.owner) === 'train') {
      tied.set(t.owner, (tied.get(t.owner) ?? 0) - t.params);
    } else {
      trainable += t.params;
      frozen -= t.params;
    }
  }
  for (let j = 0; j < spans.length; j++) {
    const { from, to, role } = spans[j]!;
    const params = cumParams[to]! - cumParams[from]!;
    const trains = role === 'train' ? cumTrainable[to]! - cumTrainable[from]! : 0;
    trainable += trains;
    frozen += params - trains;
    if (role === 'skip') {
      // runs never span a skipped block: the next executed block starts a new one
      lastEnd = -1;
      continue;
    }
    for (let i = from; i < to;) {
      // within a shape run, blocks differ only in the upstream flag, which the first training block flips
      const end = role === 'train' && !upstream ? i + 1 : Math.min(shapeRunEnd[i]!, to);
      const count = end - i;
      const continues = open && openRole === role && openUp === upstream && lastEnd === i && shapeRunEnd[i - 1] === shapeRunEnd[i];
      if (!continues) {
        if (open) runs.push({ first: openFirst, a: openA, b: openB, role: openRole, up: openUp });
        open = true;
        openFirst = i;
        openA = k;
        openRole = role;
        openUp = upstream;
      }
      // the open run ends at this piece's last position (a piece that continues it starts right after it): one
      // assignment on both paths, not a sum on the rare one, which optimized code met without type feedback and
      // deoptimized on
      openB = k + count - 1;
      lastEnd = end;
      k += count;
      if (role === 'train') upstream = true;
      i = end;
    }
  }
  if (open) runs.push({ first: openFirst, a: openA, b: openB, role: openRole, up: openUp });
  const tensors = sumTrainableTensors(graph, { runs });
  return { runs, trainable, frozen, quantized, quantizedBytes, tiedGradParams: tied ?? NO_TIES, tensors };
}

/** Bytes of a stage's frozen weights: `weightBytes` per parameter, quantized ones at their own size. */
export function frozenWeightBytes(runs: StageRuns, weightBytes: number): number {
  return (runs.frozen - runs.quantized) * weightBytes + runs.quantizedBytes;
}
