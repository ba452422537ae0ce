// The trainable parameter tensors of a stage, summarised for the optimizers: how many elements, the largest
// tensor (what a per-parameter loop holds temporaries of), and the sizes of factored second-moment statistics
// (Adafactor). Shapes are PyTorch's: a Linear weight is (out, in) and its bias (out); an Embedding (num, dim);
// a Conv2d weight (out, in / groups, kh, kw); a norm's weight and bias (features) each. A mixture-of-experts
// bank holds one (out, in) matrix per expert (Hugging Face's Mixtral: one nn.Linear per expert). A learned
// `parameter` op (positional table, class token) is counted as unfactored: its attributes give its size, not
// its shape, so Adafactor's state for it is an upper bound (its full second moment).

import { opTrainsWithBlock } from '../graph/adapter-ops.js';
import { ownsTable, tiedWeights } from '../graph/tied-weights.js';
import type { AnyOp, Graph } from '../graph/types.js';

/** A stage's executed blocks as runs of identical ones (src/strategy/stage-runs.ts; block i of a run is first + i). */
export interface StageRunsLike {
  runs: readonly { first: number; a: number; b: number; role: string }[];
  /** the stage's trainable tensors, summed when its runs were made (src/strategy/stage-runs.ts) */
  tensors?: ParamTensors;
}

export interface ParamTensors {
  /** trainable tensors */
  count: number;
  /** trainable parameter elements */
  params: number;
  /** elements of the largest trainable tensor */
  largest: number;
  /** Adafactor's factored statistics of every tensor of rank >= 2: prod(shape[:-1]) + prod(shape[:-2])·shape[-1] */
  factoredStats: number;
  /** elements of the tensors of rank 1 (and of `parameter` ops), whose second moment stays full */
  unfactored: number;
}

const NONE: ParamTensors = Object.freeze({ count: 0, params: 0, largest: 0, factoredStats: 0, unfactored: 0 });

function add(t: ParamTensors, n: number, matrix: { rows: number; cols: number; lead: number } | null): void {
  t.count += 1;
  t.params += n;
  t.largest = Math.max(t.largest, n);
  if (matrix) t.factoredStats += matrix.lead * (matrix.rows + matrix.cols);
  else t.unfactored += n;
}

/** Adds the parameter tensors an op owns (a tied weight belongs to its owner). */
function addOp(t: ParamTensors, op: AnyOp): void {
  switch (op.kind) {
    case 'linear': {
      const a = op.attrs;
      for (let e = 0; e < (a.experts?.count ?? 1); e++) {
        if (!a.tiedWeight) add(t, a.inFeatures * a.outFeatures, { rows: a.outFeatures, cols: a.inFeatures, lead: 1 });
        if (a.bias) add(t, a.outFeatures, null);
      }
      return;
    }
    case 'embedding':
      if (!op.attrs.tiedWeight) add(t, op.attrs.numEmbeddings * op.attrs.dim, { rows: op.attrs.numEmbeddings, cols: op.attrs.dim, lead: 1 });
      return;
    case 'conv2d': {
      const a = op.attrs;
      // (out, in/g, kh, kw): rows = out·in/g·kh, cols = kw, leading dims out·in/g
      const lead = a.outChannels * (a.inChannels / a.groups);
      add(t, lead * a.kernelH * a.kernelW, { rows: a.kernelH, cols: a.kernelW, lead });
      if (a.bias) add(t, a.outChannels, null);
      return;
    }
    case 'layernorm':
    case 'rmsnorm':
    case 'batchnorm':
      if (op.attrs.affine) add(t, op.attrs.features, null);
      if (op.attrs.bias) add(t, op.attrs.features, null);
      return;
    case 'parameter':
      add(t, op.attrs.size, null);
      return;
    default:
      return;
  }
}

const blockTensorsOf = new WeakMap<Graph, ParamTensors[]>();

function blockTensors(graph: Graph): ParamTensors[] {
  let b = blockTensorsOf.get(graph);
  if (!b) {
    b = graph.blocks.map((block) => {
      const t = { ...NONE };
      // in an adapted block (LoRA) only the adapter matrices train
      for (const op of block.ops) if (opTrainsWithBlock(block, op)) addOp(t, op);
      return t;
    });
    blockTensorsOf.set(graph, b);
  }
  return b;
}

/** Block i trains in the stage (a run holds blocks first .. first + b − a). */
function trains(stage: StageRunsLike, i: number): boolean {
  return stage.runs.some((r) => r.role === 'train' && i >= r.first && i <= r.first + r.b - r.a);
}

/** The trainable tensors of a stage: summed with its runs (src/strategy/stage-runs.ts), or now. */
export function trainableTensors(graph: Graph, stage: StageRunsLike): ParamTensors {
  return stage.tensors ?? sumTrainableTensors(graph, stage);
}

/**
 * The trainable tensors of a stage, O(runs): those of its training runs, and a tied table (GPT-2's embedding read
 * by a training LM head) whose owner does not train. A stage's runs carry the sum (made once per stage, read by
 * every plan of it), where a WeakMap keyed by the runs had cost a sweep more to add to and to collect than the sum.
 */
export function sumTrainableTensors(graph: Graph, stage: StageRunsLike): ParamTensors {
  const blocks = blockTensors(graph);
  const t = { ...NONE };
  // an indexed loop (a for-of loop adds the iterator protocol's try/finally to the optimized code)
  for (let r = 0; r < stage.runs.length; r++) {
    const run = stage.runs[r]!;
    if (run.role !== 'train') continue;
    const n = run.b - run.a + 1;
    const bt = blocks[run.first]!;
    t.count += n * bt.count;
    t.params += n * bt.params;
    t.largest = Math.max(t.largest, bt.largest);
    t.factoredStats += n * bt.factoredStats;
    t.unfactored += n * bt.unfactored;
  }
  for (const tied of tiedWeights(graph)) {
    if (!trains(stage, tied.reader) || trains(stage, tied.owner)) continue;
    for (const op of graph.blocks[tied.owner]!.ops) {
      if (ownsTable(op, tied.params)) addOp(t, op);
    }
  }
  return t;
}
