// Generic specs: shape inference catches layers that cannot follow each other, bad residuals and heads.
import { describe, expect, it } from 'vitest';
import { inferGenericShapes } from '../../src/model/generic-shapes.js';
import type { GenericSpec } from '../../src/model/types.js';
import { validateSpec } from '../../src/model/validate.js';
import { at } from '../at.js';
import { errorOf } from './helpers.js';

/** A small CIFAR CNN: conv stem, one residual block, pooled linear classifier. */
const cnn = (): GenericSpec => ({
  family: 'generic',
  name: 'tiny-cnn',
  input: { channels: 3, height: 32, width: 32 },
  blocks: [
    { name: 'stem', layers: [{ type: 'conv2d', outChannels: 16, kernel: 3, padding: 1 }, { type: 'batchnorm' }, { type: 'activation', fn: 'relu' }] },
    { name: 'res', residual: true, layers: [{ type: 'conv2d', outChannels: 16, kernel: 3, padding: 1, groups: 4 }, { type: 'batchnorm' }] },
    {
      name: 'down',
      layers: [
        { type: 'maxpool', kernel: 2 },
        { type: 'dropout', p: 0.25 },
      ],
    },
    { name: 'head', layers: [{ type: 'global-avgpool' }, { type: 'linear', outFeatures: 10 }] },
  ],
  numClasses: 10,
});

const message = (spec: unknown) => errorOf(() => validateSpec(spec, 'g.json')).message;

describe('generic specs', () => {
  it('infers shapes block by block', () => {
    expect(validateSpec(cnn(), 'g.json')).toEqual(cnn());
    expect(inferGenericShapes(cnn())).toEqual({
      blockOutputs: [
        { kind: 'image', channels: 16, height: 32, width: 32 },
        { kind: 'image', channels: 16, height: 32, width: 32 },
        { kind: 'image', channels: 16, height: 16, width: 16 },
        { kind: 'vector', features: 10 },
      ],
    });
  });

  it('accepts an MLP on a feature vector, with flatten as a no-op', () => {
    const mlp: GenericSpec = {
      family: 'generic',
      name: 'mlp',
      input: { features: 784 },
      blocks: [
        {
          name: 'mlp',
          layers: [{ type: 'flatten' }, { type: 'linear', outFeatures: 256 }, { type: 'layernorm' }, { type: 'linear', outFeatures: 10, bias: false }],
        },
      ],
      numClasses: 10,
    };
    expect(validateSpec(mlp, 'g.json')).toEqual(mlp);
  });

  it('rejects a residual block that changes the shape', () => {
    const spec = cnn();
    spec.blocks[1]!.layers[0] = { type: 'conv2d', outChannels: 32, kernel: 3, padding: 1 };
    expect(message(spec)).toBe('g.json: at /blocks/1/residual: a residual block must keep its shape: input 16x32x32, output 32x32x32');
  });

  it('rejects a linear layer on an image and a conv on a vector', () => {
    const spec = cnn();
    spec.blocks[3]!.layers = [{ type: 'linear', outFeatures: 10 }];
    expect(message(spec)).toBe('g.json: at /blocks/3/layers/0: linear needs a flat input, got 16x16x16 (add "flatten" or "global-avgpool" first)');
    const v = cnn();
    v.blocks[3]!.layers.push({ type: 'conv2d', outChannels: 4, kernel: 1 });
    expect(message(v)).toBe('g.json: at /blocks/3/layers/2: conv2d needs an image input, got 10 features');
  });

  it('rejects windows larger than the input, bad groups and duplicate names', () => {
    const big = cnn();
    big.blocks[0]!.layers[0] = { type: 'conv2d', outChannels: 16, kernel: 40 };
    expect(message(big)).toBe('g.json: at /blocks/0/layers/0: kernel 40 does not fit the input 3x32x32 with padding 0');
    const groups = cnn();
    groups.blocks[1]!.layers[0] = { type: 'conv2d', outChannels: 16, kernel: 3, padding: 1, groups: 3 };
    expect(message(groups)).toBe('g.json: at /blocks/1/layers/0: groups 3 must divide both the input channels 16 and outChannels 16');
    const dup = cnn();
    dup.blocks[2]!.name = 'stem';
    expect(message(dup)).toBe('g.json: at /blocks/2/name: duplicate block name "stem"');
  });

  it('requires the last output to be numClasses logits', () => {
    expect(message({ ...cnn(), numClasses: 100 })).toBe('g.json: at /numClasses: the last output (10 features) must be a vector of numClasses = 100 logits');
  });

  it('reports schema errors inside layers with their paths', () => {
    const spec = cnn();
    // the layers as plain JSON objects, to write fields and types the schema refuses
    const layers: Record<string, unknown>[] = at(spec.blocks, 0, 'block').layers;
    at(layers, 0, 'layer').kernal = 3;
    expect(message(spec)).toBe('g.json: at /blocks/0/layers/0/kernal: unknown field "kernal"');
    layers[0] = { type: 'conv3d' };
    expect(message(spec)).toMatch(/^g\.json: at \/blocks\/0\/layers\/0\/type: must be one of "conv2d", "linear", .*, got "conv3d"$/);
    expect(message({ ...cnn(), input: { channels: 3, height: 32 } })).toBe(
      'g.json: at /input: must be an image {channels, height, width} or a vector {features}',
    );
    expect(message({ ...cnn(), input: { channels: 3, height: 32, width: 0 } })).toBe('g.json: at /input/width: must be a positive integer, got 0');
    expect(message({ ...cnn(), blocks: [] })).toBe('g.json: at /blocks: must not be empty');
  });
});
