import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { catalogPath } from '../../src/model/catalog.js';
import { validateSpec } from '../../src/model/validate.js';
import { errorOf } from './helpers.js';

const load = (name: string) => JSON.parse(readFileSync(catalogPath(name)!, 'utf8'));

/** validateSpec's error message for `json`, which must be a one-line SpecError. */
function message(json: unknown): string {
  const e = errorOf(() => validateSpec(json, 'm.json'));
  expect(e).toBeInstanceOf(SpecError);
  expect(e.message).not.toContain('\n');
  return e.message;
}

describe('validateSpec: schema errors', () => {
  it('names an unknown field with its path', () => {
    expect(message({ ...load('llama-2-7b'), foo: 1 })).toBe('m.json: at /foo: unknown field "foo"');
    const spec = load('gpt2');
    spec.dropout.mask = 0.1;
    expect(message(spec)).toBe('m.json: at /dropout/mask: unknown field "mask"');
  });

  it('rejects zero and negative sizes', () => {
    expect(message({ ...load('llama-2-7b'), hiddenSize: 0 })).toBe('m.json: at /hiddenSize: must be a positive integer, got 0');
    expect(message({ ...load('resnet-50'), layers: [3, -4, 6, 3] })).toBe('m.json: at /layers/1: must be a positive integer, got -4');
    expect(message({ ...load('vit-b16'), numLayers: 2.5 })).toBe('m.json: at /numLayers: must be a positive integer, got 2.5');
  });

  it('rejects wrong types', () => {
    expect(message({ ...load('llama-2-7b'), numHeads: '32' })).toBe('m.json: at /numHeads: must be a positive integer, got "32"');
    expect(message({ ...load('gpt2'), tiedEmbeddings: 'yes' })).toBe('m.json: at /tiedEmbeddings: must be true or false, got "yes"');
    expect(message([1, 2])).toBe('m.json: at /: must be an object, got an array');
  });

  it('rejects probabilities outside [0, 1)', () => {
    const spec = load('bert-base');
    spec.dropout.attention = 1;
    expect(message(spec)).toBe('m.json: at /dropout/attention: must be a probability in [0, 1), got 1');
  });

  it('names missing fields and bad enum values', () => {
    const { numKvHeads: _, ...noKv } = load('llama-2-7b');
    expect(message(noKv)).toBe('m.json: at /numKvHeads: missing required field "numKvHeads"');
    expect(message({ ...load('llama-2-7b'), norm: 'batchnorm' })).toBe('m.json: at /norm: must be one of "layernorm", "rmsnorm", got "batchnorm"');
    expect(message({ ...load('resnet-18'), layers: [] })).toBe('m.json: at /layers: must not be empty');
  });

  it('lists the families for a missing or unknown family', () => {
    const { family: _, ...noFamily } = load('gpt2');
    expect(message(noFamily)).toBe('m.json: at /family: missing required field "family"');
    expect(message({ ...load('gpt2'), family: 'rnn' })).toBe(
      'm.json: at /family: must be one of "decoder", "encoder", "encoder-decoder", "vit", "resnet", "convnext", "swin", "generic", got "rnn"',
    );
  });
});

describe('validateSpec: semantic errors', () => {
  it('heads must divide hidden unless headDim is given', () => {
    const spec = { ...load('llama-2-7b'), numHeads: 48, numKvHeads: 48 };
    expect(message(spec)).toBe('m.json: at /numHeads: numHeads (48) must divide hiddenSize (4096) unless headDim is given');
    expect(validateSpec({ ...spec, headDim: 128 }, 'm.json')).toMatchObject({ headDim: 128 });
    expect(message({ ...load('bert-base'), numHeads: 7 })).toBe('m.json: at /numHeads: numHeads (7) must divide hiddenSize (768)');
  });

  it('kv heads must divide heads', () => {
    expect(message({ ...load('mistral-7b'), numKvHeads: 5 })).toBe('m.json: at /numKvHeads: numKvHeads (5) must divide numHeads (32)');
  });

  it('rotary heads must have an even size', () => {
    expect(message({ ...load('llama-2-7b'), headDim: 65 })).toBe('m.json: at /headDim: rotary positions need an even head size, got 65');
  });

  it('encoder classifier needs numLabels, and only it', () => {
    expect(message({ ...load('bert-base'), head: 'classifier' })).toBe('m.json: at /numLabels: head "classifier" needs numLabels');
    expect(message({ ...load('bert-base'), numLabels: 3 })).toBe('m.json: at /numLabels: numLabels is only used by head "classifier", but head is "none"');
    expect(validateSpec({ ...load('bert-base'), head: 'classifier', numLabels: 3 }, 'm.json')).toMatchObject({ numLabels: 3 });
  });

  it('ViT patches must tile the image', () => {
    expect(message({ ...load('vit-b16'), patchSize: 15 })).toBe('m.json: at /patchSize: patchSize (15) must divide imageSize (224)');
  });

  it('ResNet images must survive the downsampling', () => {
    expect(message({ ...load('resnet-50'), imageSize: 31 })).toBe(
      "m.json: at /imageSize: imageSize (31) is smaller than the network's total downsampling (32) with the imagenet stem and 4 stages",
    );
    expect(validateSpec({ ...load('resnet-50'), imageSize: 32 }, 'm.json')).toMatchObject({ imageSize: 32 });
    expect(validateSpec({ ...load('resnet-18-cifar10'), imageSize: 8 }, 'm.json')).toMatchObject({ imageSize: 8 });
    expect(message({ ...load('resnet-18-cifar10'), imageSize: 7 })).toContain('at /imageSize:');
  });
});
