// Schedules: which blocks train in which stage. End-to-end training is one stage where every block
// trains. SegProp (Segmented Propagation) splits the body layers into segments and keeps a global head
// (the last h layers + everything after them: final norm, task head, loss) trainable in every stage; an
// optional first stage trains a prefix of p layers with the head. The blocks before the body (embedding,
// CNN stem) train with the first stage.

import type { Graph } from '../graph/types.js';
import type { SegPropOptions } from '../vocabulary.js';
import { RequestError } from '../errors.js';
import type { BlockRole } from './roles.js';

export interface Stage {
  index: number;
  readonly name: string;
  roles: BlockRole[];
}

export function e2eSchedule(graph: Graph): Stage[] {
  return [{ index: 0, name: 'all blocks', roles: graph.blocks.map(() => 'train') }];
}

export interface SegPropLayout {
  /** block indices of the body layers that are segmented */
  body: number[];
  /** first block index of the global head */
  headStart: number;
  segmentSize: number;
}

export function segpropLayout(graph: Graph, opts: SegPropOptions): SegPropLayout {
  const layers = graph.blocks.filter((b) => b.isLayer).map((b) => b.index);
  const h = opts.headDepth;
  if (!Number.isInteger(h) || h < 0 || h >= layers.length) {
    throw new RequestError('segprop.headDepth', h, `must be an integer from 0 to ${layers.length - 1} (the model has ${layers.length} layers)`);
  }
  const body = layers.slice(0, layers.length - h);
  const headStart = h > 0 ? layers[layers.length - h] : layers[layers.length - 1] + 1;
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
  const groups: number[][] = [];
  if (opts.prefixDepth > 0) groups.push(body.slice(0, opts.prefixDepth));
  for (let s = opts.prefixDepth; s < body.length; s += segmentSize) groups.push(body.slice(s, s + segmentSize));
  const between: BlockRole = opts.forward === 'growing' ? 'skip' : 'frozen-path';
  return groups.map((seg, k) => {
    // body layers are consecutive blocks, so a stage is a few spans of equal roles
    const first = seg[0];
    const last = seg[seg.length - 1];
    const roles = new Array<BlockRole>(n);
    roles.fill(k === 0 ? 'train' : 'frozen-notape', 0, first);
    roles.fill('train', first, last + 1);
    roles.fill(between, last + 1, headStart);
    roles.fill('train', headStart, n);
    const kind = k === 0 && opts.prefixDepth > 0 ? 'prefix' : 'segment';
    // built on demand: sweeps make many stages and never print them
    return {
      index: k,
      roles,
      get name() {
        return `${kind} ${graph.blocks[first].name}..${graph.blocks[last].name} + head`;
      },
    };
  });
}
