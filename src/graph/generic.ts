// A GenericSpec: ordered blocks of simple layers on an image (C×H×W) or a feature vector, each block
// optionally residual, then the cross-entropy loss on the last output. All user blocks are body layers.

import { UserError } from '../errors.js';
import type { GenericLayer, GenericSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, dropout } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';
import { batchnorm, conv2d, globalAvgpool, pool } from './vision-parts.js';

type Shape = { kind: 'image'; c: number; h: number; w: number } | { kind: 'vector'; features: number };
interface Value {
  t: Tensor;
  shape: Shape;
}

export function buildGeneric(spec: GenericSpec, options: GraphOptions): Graph {
  const b = new GraphBuilder();
  const shape: Shape =
    'features' in spec.input
      ? { kind: 'vector', features: spec.input.features }
      : { kind: 'image', c: spec.input.channels, h: spec.input.height, w: spec.input.width };
  const input = b.tensor(size(shape), 'act', 'input');
  let v: Value = { t: input, shape };

  for (const block of spec.blocks) {
    b.begin(block.name, 'generic', v.t, true);
    const start = v;
    block.layers.forEach((layer, i) => {
      v = applyLayer(b, `${block.name}.${i}`, v, layer, spec.name);
    });
    if (block.residual) {
      if (size(start.shape) !== size(v.shape) || start.shape.kind !== v.shape.kind) {
        throw new UserError(`${spec.name}: residual block "${block.name}" changes the shape of its input`);
      }
      v = { ...v, t: add(b, `${block.name}.residual`, start.t, v.t) };
    }
    b.end(v.t);
  }

  if (v.shape.kind !== 'vector' || v.shape.features !== spec.numClasses) {
    throw new UserError(`${spec.name}: the last block must output a vector of numClasses = ${spec.numClasses}`);
  }
  lossBlock(b, v.t, 1, spec.numClasses);
  return b.finish(spec.name, input, 1, options);
}

function size(s: Shape): number {
  return s.kind === 'image' ? s.c * s.h * s.w : s.features;
}

function image(v: Value, layer: GenericLayer, model: string) {
  if (v.shape.kind !== 'image') throw new UserError(`${model}: ${layer.type} needs an image input (C×H×W)`);
  return { t: v.t, c: v.shape.c, h: v.shape.h, w: v.shape.w };
}

function fromMap(m: { t: Tensor; c: number; h: number; w: number }): Value {
  return { t: m.t, shape: { kind: 'image', c: m.c, h: m.h, w: m.w } };
}

function applyLayer(b: GraphBuilder, name: string, v: Value, layer: GenericLayer, model: string): Value {
  switch (layer.type) {
    case 'conv2d': {
      const stride = layer.stride ?? 1;
      const m = conv2d(b, name, image(v, layer, model), layer.outChannels, layer.kernel, stride, layer.padding ?? 0, layer.bias ?? true, layer.groups ?? 1);
      return fromMap(m);
    }
    case 'linear': {
      if (v.shape.kind !== 'vector') throw new UserError(`${model}: linear needs a vector input (add a flatten)`);
      const attrs = { rows: 1, inFeatures: v.shape.features, outFeatures: layer.outFeatures, bias: layer.bias ?? true };
      const t = b.op('linear', name, attrs, [v.t], layer.outFeatures);
      return { t, shape: { kind: 'vector', features: layer.outFeatures } };
    }
    case 'batchnorm':
      if (v.shape.kind === 'vector') {
        const attrs = { rows: 1, features: v.shape.features, affine: true, bias: true };
        return { ...v, t: b.op('batchnorm', name, attrs, [v.t], v.t.perSample) };
      }
      return fromMap(batchnorm(b, name, image(v, layer, model)));
    case 'layernorm': {
      // on an image: over the channels at each position (LayerNorm2d)
      const [rows, features] = v.shape.kind === 'vector' ? [1, v.shape.features] : [v.shape.h * v.shape.w, v.shape.c];
      const attrs = { rows, features, affine: true, bias: true };
      return { ...v, t: b.op('layernorm', name, attrs, [v.t], v.t.perSample) };
    }
    case 'activation':
      return { ...v, t: activation(b, name, v.t, layer.fn) };
    case 'maxpool':
    case 'avgpool': {
      const mode = layer.type === 'maxpool' ? 'max' : 'avg';
      const m = pool(b, name, image(v, layer, model), mode, layer.kernel, layer.stride ?? layer.kernel, layer.padding ?? 0);
      return fromMap(m);
    }
    case 'global-avgpool': {
      const m = image(v, layer, model);
      return { t: globalAvgpool(b, name, m), shape: { kind: 'vector', features: m.c } };
    }
    case 'flatten':
      // a view: same tensor, read as a vector
      return { t: v.t, shape: { kind: 'vector', features: size(v.shape) } };
    case 'dropout':
      return { ...v, t: dropout(b, name, v.t, layer.p) };
  }
}
