// The structure of a stage: its executed blocks grouped into runs of identical blocks in the same role.
//
// Everything the engine computes per block (memory summaries, FLOPs, roofline terms) is equal within a run,
// so memory folds, FLOP totals and step time visit runs, not blocks: a SegProp stage of an 80-layer model is
// a handful of runs (frozen prefix, trained segment, frozen path, head, task head).

import { tiedWeights } from '../graph/tied-weights.js';
import type { Graph } from '../graph/types.js';
import { opParams } from '../ops/registry.js';
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
  /**
   * per block, parameters whose gradient its backward creates beyond its own: + a tied table read by a
   * training block, − that table at its owner (the reader's backward created the gradient first)
   */
  tiedGradParams: Map<number, number>;
}

const shapeRunsOf = new WeakMap<Graph, Int32Array>();

/** Per block, an id shared by consecutive blocks of equal kind, shape key and parameters. */
function shapeRuns(graph: Graph): Int32Array {
  let r = shapeRunsOf.get(graph);
  if (!r) {
    const params = blockParams(graph);
    r = new Int32Array(graph.blocks.length);
    let id = 0;
    graph.blocks.forEach((b, i) => {
      const prev = graph.blocks[i - 1];
      if (i > 0 && !(prev.kind === b.kind && prev.shapeKey === b.shapeKey && params[i - 1] === params[i])) id++;
      r![i] = id;
    });
    shapeRunsOf.set(graph, r);
  }
  return r;
}

/** Executed blocks grouped into runs. Depends only on the roles and the graph's block structure, so a sweep
 * computes it once per stage and reuses it for the same model at other sequence lengths. */
export function stageRuns(graph: Graph, roles: readonly BlockRole[]): StageRuns {
  const params = blockParams(graph);
  const shape = shapeRuns(graph);
  const runs: Run[] = [];
  let upstream = false;
  let trainable = 0;
  let frozen = 0;
  let k = -1;
  let last: Run | undefined;
  // a tied table trains when the block reading it trains, even if its owner does not
  const tiedGradParams = new Map<number, number>();
  for (const t of tiedWeights(graph)) {
    if (roles[t.reader] !== 'train') continue;
    tiedGradParams.set(t.reader, (tiedGradParams.get(t.reader) ?? 0) + t.params);
    if (roles[t.owner] === 'train') {
      tiedGradParams.set(t.owner, (tiedGradParams.get(t.owner) ?? 0) - t.params);
    } else {
      trainable += t.params;
      frozen -= t.params;
    }
  }
  for (let i = 0; i < graph.blocks.length; i++) {
    const role = roles[i];
    if (role === 'train') trainable += params[i];
    else frozen += params[i];
    if (role === 'skip') {
      last = undefined;
      continue;
    }
    const up = upstream;
    if (role === 'train') upstream = true;
    k++;
    if (last && last.role === role && last.up === up && shape[i - 1] === shape[i]) last.b = k;
    else runs.push((last = { first: i, a: k, b: k, role, up }));
  }
  return { runs, trainable, frozen, tiedGradParams };
}
