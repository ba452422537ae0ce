// Schedules: which blocks train in which stage. End-to-end training is one stage where every block
// trains. SegProp (Segmented Propagation) splits the body layers into segments and keeps a global head
// (the last h layers + everything after them: final norm, task head, loss) trainable in every stage; an
// optional first stage trains a prefix of p layers with the head. The blocks before the body (embedding,
// CNN stem) train with the first stage.

import type { Graph } from '../graph/types.js';
import type { SegPropOptions } from '../vocabulary.js';
import { RequestError } from '../errors.js';
import type { BlockRole } from './roles.js';
import { type RoleSpan, rolesOf, spansOf, stageRunsOfSpans, type StageRuns } from './stage-runs.js';

export interface Stage {
  index: number;
  readonly name: string;
  /** the role of every block, in graph order (built on first use, then frozen) */
  readonly roles: readonly BlockRole[];
  /** the same roles as a few spans of consecutive blocks (what the engine reads) */
  readonly spans: readonly RoleSpan[];
  /** the executed blocks as runs of identical ones (built on first use; the same for every graph of the model) */
  readonly runs: StageRuns;
}

/**
 * A stage of a graph's schedule. Its role array, name and runs are built only when first asked for: a sweep
 * makes thousands of stages, prints none of their names, and shares each one's runs across sequence lengths.
 */
class SpanStage implements Stage {
  #roles: readonly BlockRole[] | undefined;
  #runs: StageRuns | undefined;
  constructor(
    readonly index: number,
    private readonly graph: Graph,
    readonly spans: readonly RoleSpan[],
    private readonly describe: () => string,
  ) {}
  get name(): string {
    return this.describe();
  }
  get roles(): readonly BlockRole[] {
    return (this.#roles ??= Object.freeze(rolesOf(this.spans, this.graph.blocks.length)));
  }
  get runs(): StageRuns {
    return (this.#runs ??= stageRunsOfSpans(this.graph, this.spans));
  }
  /** JSON and spreads see the plain fields */
  toJSON(): { index: number; name: string; roles: readonly BlockRole[] } {
    return { index: this.index, name: this.name, roles: this.roles };
  }
}

/** A stage given as spans of roles, named on first use (the schedules of badam.ts and lisa.ts). */
export function stageOfSpans(graph: Graph, index: number, spans: readonly RoleSpan[], describe: () => string): Stage {
  return new SpanStage(index, graph, spans, describe);
}

/** A stage given by the role of every block (validation cases, library callers). */
export function stageOfRoles(graph: Graph, index: number, name: string, roles: readonly BlockRole[]): Stage {
  return new SpanStage(index, graph, spansOf(roles), () => name);
}

export function e2eSchedule(graph: Graph): Stage[] {
  const n = graph.blocks.length;
  return [new SpanStage(0, graph, [{ from: 0, to: n, role: 'train' }], () => 'all blocks')];
}

export interface SegPropLayout {
  /** block indices of the body layers that are segmented */
  body: number[];
  /** first block index of the global head */
  headStart: number;
  segmentSize: number;
}

const layersOf = new WeakMap<Graph, number[]>();

/** Block indices of the graph's body layers (computed once per graph). */
export function layerIndices(graph: Graph): number[] {
  let layers = layersOf.get(graph);
  if (!layers) layersOf.set(graph, (layers = graph.blocks.filter((b) => b.isLayer).map((b) => b.index)));
  return layers;
}

export function segpropLayout(graph: Graph, opts: SegPropOptions): SegPropLayout {
  const layers = layerIndices(graph);
  const h = opts.headDepth;
  if (!Number.isInteger(h) || h < 0 || h >= layers.length) {
    throw new RequestError('segprop.headDepth', h, `must be an integer from 0 to ${layers.length - 1} (the model has ${layers.length} layers)`);
  }
  const body = layers.slice(0, layers.length - h);
  // the layer list is never empty (head depth < layers, checked above)
  const headStart = h > 0 ? layers[layers.length - h]! : layers[layers.length - 1]! + 1;
  const p = opts.prefixDepth;
  if (!Number.isInteger(p) || p < 0 || p >= body.length) {
    throw new RequestError('segprop.prefixDepth', p, `must be an integer from 0 to ${body.length - 1} (${body.length} layers are segmented)`);
  }
  const rest = body.length - p;
  let segmentSize: number;
  if (opts.segmentSize !== undefined) {
    segmentSize = opts.segmentSize;
    if (!Number.isInteger(segmentSize) || segmentSize < 1 || segmentSize > rest) {
      throw new RequestError('segprop.segmentSize', segmentSize, `must be an integer from 1 to ${rest}`);
    }
  } else {
    const k = opts.segments ?? 1;
    if (!Number.isInteger(k) || k < 1 || k > rest) throw new RequestError('segprop.segments', k, `must be an integer from 1 to ${rest}`);
    segmentSize = Math.ceil(rest / k);
  }
  return { body, headStart, segmentSize };
}

export function segpropSchedule(graph: Graph, opts: SegPropOptions): Stage[] {
  const { body, headStart, segmentSize } = segpropLayout(graph, opts);
  const n = graph.blocks.length;
  const between: BlockRole = opts.forward === 'growing' ? 'skip' : 'frozen-path';
  // body layers are consecutive blocks, so a stage is a few spans of equal roles
  const bounds: [number, number][] = [];
  if (opts.prefixDepth > 0) bounds.push([0, opts.prefixDepth]);
  for (let s = opts.prefixDepth; s < body.length; s += segmentSize) bounds.push([s, Math.min(s + segmentSize, body.length)]);
  // a loop and pushes, not map(): map's builtin (while this runs interpreted) and its inlined form (once optimized)
  // give arrays of different hidden classes, and the evaluation code that reads stage lists deoptimizes on the change
  const stages: Stage[] = [];
  for (let k = 0; k < bounds.length; k++) {
    const [a, b] = bounds[k]!;
    const first = body[a]!;
    const last = body[b - 1]!;
    // the skipped blocks are the body layers after the segment, and whatever lies between them
    if (opts.forward === 'growing') checkGrowingHandOff(graph, last, headStart, body.length - b);
    const spans = (
      [
        { from: 0, to: first, role: k === 0 ? 'train' : 'frozen-notape' },
        { from: first, to: last + 1, role: 'train' },
        { from: last + 1, to: headStart, role: between },
        { from: headStart, to: n, role: 'train' },
      ] satisfies RoleSpan[]
    ).filter((sp) => sp.to > sp.from);
    const kind = k === 0 && opts.prefixDepth > 0 ? 'prefix' : 'segment';
    stages.push(new SpanStage(k, graph, spans, () => `${kind} ${graph.blocks[first]!.name}..${graph.blocks[last]!.name} + head`));
  }
  return stages;
}

/**
 * A growing forward stops after the stage's segment and hands its output straight to the head, skipping the
 * blocks between. That is only a network when the head can read what the segment gives: a CNN stage whose
 * skipped blocks change the feature map (a ResNet's layer1 gives 256 channels at 56 x 56, its last block takes
 * 2048 at 7 x 7) has no such network, and the paper does not say what would bridge the two. Tensors carry their
 * elements per sample, so a different count proves the shapes differ.
 */
function checkGrowingHandOff(graph: Graph, last: number, headStart: number, layersSkipped: number): void {
  if (last + 1 >= headStart) return;
  // only body layers can be left out: a skipped norm, embedding or downsampling block (T5's encoder norm and
  // decoder embedding between an encoder segment and a decoder head) leaves no network either. Counting is O(1)
  // per stage (sweeps make thousands); the block is looked for only to name it.
  if (headStart - last - 1 > layersSkipped) {
    const b = graph.blocks.slice(last + 1, headStart).find((x) => !x.isLayer)!;
    throw new RequestError(
      'segprop.forward',
      'growing',
      `a stage ending at ${graph.blocks[last]!.name} would skip ${b.name}, which is not a body layer: a growing forward leaves out layers only; use the full forward or a head that starts before it`,
    );
  }
  const gives = graph.blocks[last]!.output.perSample;
  const takes = graph.blocks[headStart]!.input.perSample;
  if (gives === takes) return;
  const head = graph.blocks[headStart]!.name;
  throw new RequestError(
    'segprop.forward',
    'growing',
    `${graph.blocks[last]!.name} gives ${gives.toLocaleString('en-US')} values per sample but the head starts at ${head}, which reads ${takes.toLocaleString('en-US')}: the blocks a growing forward skips change the shape, so no network runs this stage; use the full forward`,
  );
}
