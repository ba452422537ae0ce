// Shape inference for generic specs: per-sample tensor shapes through every layer, so residual blocks and the
// final classifier can be checked before anyone builds a graph. PyTorch conventions (floor division, pooling
// stride defaults to the kernel); global-avgpool yields a flat vector of the channels.
import type { GenericLayer, GenericSpec } from './types.js';
import type { Problem } from './schema-errors.js';

export type Shape = { kind: 'image'; channels: number; height: number; width: number } | { kind: 'vector'; features: number };

export function showShape(s: Shape): string {
  return s.kind === 'image' ? `${s.channels}x${s.height}x${s.width}` : `${s.features} features`;
}

function sameShape(a: Shape, b: Shape): boolean {
  return showShape(a) === showShape(b);
}

/** Output size of a sliding window (conv or pool) along one axis; < 1 means the window does not fit. */
function slide(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

function step(layer: GenericLayer, x: Shape): Shape | string {
  switch (layer.type) {
    case 'conv2d':
    case 'maxpool':
    case 'avgpool': {
      if (x.kind !== 'image') return `${layer.type} needs an image input, got ${showShape(x)}`;
      const conv = layer.type === 'conv2d';
      const stride = layer.stride ?? (conv ? 1 : layer.kernel);
      const padding = layer.padding ?? 0;
      if (!conv && padding * 2 > layer.kernel) return `padding ${padding} must be at most half the kernel ${layer.kernel}`;
      const height = slide(x.height, layer.kernel, stride, padding);
      const width = slide(x.width, layer.kernel, stride, padding);
      if (height < 1 || width < 1) {
        return `kernel ${layer.kernel} does not fit the input ${showShape(x)} with padding ${padding}`;
      }
      if (layer.type !== 'conv2d') return { ...x, height, width };
      const groups = layer.groups ?? 1;
      if (x.channels % groups !== 0 || layer.outChannels % groups !== 0) {
        return `groups ${groups} must divide both the input channels ${x.channels} and outChannels ${layer.outChannels}`;
      }
      return { kind: 'image', channels: layer.outChannels, height, width };
    }
    case 'linear':
      if (x.kind !== 'vector') return `linear needs a flat input, got ${showShape(x)} (add "flatten" or "global-avgpool" first)`;
      return { kind: 'vector', features: layer.outFeatures };
    case 'global-avgpool':
      if (x.kind !== 'image') return `global-avgpool needs an image input, got ${showShape(x)}`;
      return { kind: 'vector', features: x.channels };
    case 'flatten':
      return x.kind === 'image' ? { kind: 'vector', features: x.channels * x.height * x.width } : x;
    case 'batchnorm':
    case 'layernorm':
    case 'activation':
    case 'dropout':
      return x;
  }
}

/** Shape after every block, or the first problem (path relative to the spec root). */
export function inferGenericShapes(spec: GenericSpec): { blockOutputs: Shape[] } | { problem: Problem } {
  let x: Shape = 'features' in spec.input ? { kind: 'vector', features: spec.input.features } : { kind: 'image', ...spec.input };
  const blockOutputs: Shape[] = [];
  const names = new Set<string>();
  for (const [b, block] of spec.blocks.entries()) {
    if (names.has(block.name)) return { problem: { path: `/blocks/${b}/name`, reason: `duplicate block name "${block.name}"` } };
    names.add(block.name);
    const input = x;
    for (const [l, layer] of block.layers.entries()) {
      const out = step(layer, x);
      if (typeof out === 'string') return { problem: { path: `/blocks/${b}/layers/${l}`, reason: out } };
      x = out;
    }
    if (block.residual && !sameShape(input, x)) {
      return {
        problem: {
          path: `/blocks/${b}/residual`,
          reason: `a residual block must keep its shape: input ${showShape(input)}, output ${showShape(x)}`,
        },
      };
    }
    blockOutputs.push(x);
  }
  if (x.kind !== 'vector' || x.features !== spec.numClasses) {
    return {
      problem: {
        path: '/numClasses',
        reason: `the last output (${showShape(x)}) must be a vector of numClasses = ${spec.numClasses} logits`,
      },
    };
  }
  return { blockOutputs };
}
