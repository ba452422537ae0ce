// Validation suites: small real models, each run end-to-end (E2E), as a SegProp middle stage in forward
// mode `full` (frozen blocks between segment and head back-propagate input gradients) and `growing` (they
// are skipped), E2E with per-block checkpointing, and as a BAdam stage (one layer trains, nothing after it)
// and a LISA stage (that layer with the stem and the head).

import { buildGraph } from '../graph/build.js';
import type { Graph } from '../graph/types.js';
import type { ConvNextSpec, DecoderSpec, ResNetSpec, VitSpec } from '../model/types.js';
import type { BlockRole } from '../strategy/roles.js';
import { badamSchedule, DEFAULT_BADAM } from '../strategy/badam.js';
import { lisaSchedule } from '../strategy/lisa.js';
import { gpt2StyleSpec } from './gpt2-style.js';

export type SuiteName = 'quick' | 'full';

export interface ValidationCase {
  name: string;
  graph: Graph;
  roles: BlockRole[];
  checkpoint: boolean;
  microBatch: number;
}

function gpt(layers: number, hidden: number, seq: number): { spec: DecoderSpec; seq: number } {
  return { seq, spec: gpt2StyleSpec({ name: `gpt-${layers}x${hidden}`, hidden, layers, vocab: 128, maxPositions: 64, dropout: 0.1 }) };
}

function resnet(width: number, image: number): ResNetSpec {
  return {
    family: 'resnet',
    name: `resnet-cifar-w${width}`,
    block: 'basic',
    layers: [1, 4],
    stem: 'cifar',
    baseWidth: width,
    numClasses: 10,
    imageSize: image,
    channels: 3,
  };
}

function vit(hidden: number, image: number): VitSpec {
  return {
    family: 'vit',
    name: `vit-${hidden}-i${image}`,
    hiddenSize: hidden,
    numLayers: 4,
    numHeads: 4,
    intermediateSize: 4 * hidden,
    activation: 'gelu',
    imageSize: image,
    patchSize: 4,
    channels: 3,
    classToken: true,
    qkvBias: true,
    pooler: false,
    numClasses: 10,
    dropout: { embedding: 0, attention: 0, residual: 0 },
  };
}

/**
 * A small ConvNeXt: two stages (the second's first block downsamples; SegProp's `growing` forward skips the
 * blocks after it, which keep its shape), stochastic depth on (torchvision's schedule), so every op kind runs.
 */
function convnext(width: number, image: number): ConvNextSpec {
  return {
    family: 'convnext',
    name: `convnext-w${width}-i${image}`,
    layers: [1, 3],
    widths: [width, 2 * width],
    patchSize: 2,
    stochasticDepth: 0.1,
    numClasses: 10,
    imageSize: image,
    channels: 3,
  };
}

/** SegProp stage training body layer `segment` with a head of the last `head` layers (+ the blocks after). */
export function segpropRoles(graph: Graph, segment: number, head: number, mode: 'full' | 'growing', segmentLayers = 1): BlockRole[] {
  const layers = graph.blocks.filter((b) => b.isLayer).map((b) => b.index);
  const seg = layers[segment];
  const segEnd = layers[segment + segmentLayers - 1];
  const headStart = layers[layers.length - head];
  if (seg === undefined || segEnd === undefined || headStart === undefined || segEnd >= headStart) {
    throw new Error(`segment ${segment} of ${segmentLayers} layers and a head of ${head} do not fit the ${layers.length} body layers of ${graph.modelName}`);
  }
  return graph.blocks.map((b) => {
    if (b.index < seg) return 'frozen-notape';
    if (b.index <= segEnd) return 'train';
    if (b.index < headStart) return mode === 'full' ? 'frozen-path' : 'skip';
    return 'train';
  });
}

function cases(model: string, graph: Graph, microBatch: number): ValidationCase[] {
  const e2e = graph.blocks.map((): BlockRole => 'train');
  const body = graph.blocks.filter((b) => b.isLayer).length;
  const seg = Math.floor(body / 2) - 1;
  return [
    { name: `${model}/e2e`, graph, roles: e2e, checkpoint: false, microBatch },
    { name: `${model}/segprop-full`, graph, roles: segpropRoles(graph, seg, 1, 'full'), checkpoint: false, microBatch },
    { name: `${model}/segprop-growing`, graph, roles: segpropRoles(graph, seg, 1, 'growing'), checkpoint: false, microBatch },
    { name: `${model}/e2e-checkpoint`, graph, roles: e2e, checkpoint: true, microBatch },
    // BAdam's stage for the same layer: no head trains, the blocks after it are on the gradient path
    { name: `${model}/badam`, graph, roles: [...badamSchedule(graph, DEFAULT_BADAM)[seg]!.roles], checkpoint: false, microBatch },
    // LISA's stage sampling that layer: the embedding (stem) and the head train too, every layer is on the path
    { name: `${model}/lisa`, graph, roles: [...lisaSchedule(graph, { layers: 1, period: 1 })[seg]!.roles], checkpoint: false, microBatch },
  ];
}

export function suiteCases(suite: SuiteName): ValidationCase[] {
  const big = suite === 'full';
  const g = gpt(4, big ? 128 : 32, big ? 64 : 16);
  return [
    ...cases('gpt-tiny', buildGraph(g.spec, { seqLen: g.seq }), big ? 4 : 2),
    ...cases('resnet-cifar', buildGraph(resnet(big ? 16 : 4, big ? 32 : 8), { seqLen: 1 }), big ? 8 : 4),
    ...cases('vit-tiny', buildGraph(vit(big ? 64 : 32, big ? 32 : 16), { seqLen: 1 }), big ? 4 : 2),
    ...cases('convnext-mini', buildGraph(convnext(big ? 32 : 8, big ? 32 : 16), { seqLen: 1 }), big ? 4 : 2),
  ];
}
