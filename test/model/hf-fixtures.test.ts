// Real Hugging Face config.json files import to the expected specs (and those specs validate).
import { describe, expect, it } from 'vitest';
import { importHfConfig } from '../../src/model/hf/index.js';
import { loadModel } from '../../src/model/load.js';
import { readJsonFile } from '../../src/model/read-json.js';
import type { EncoderSpec } from '../../src/model/types.js';
import { validateSpec } from '../../src/model/validate.js';
import { fixture } from './helpers.js';

const FILES = [
  'llama-2-7b.json',
  'llama-2-70b.json',
  'mistral-7b-v0.1.json',
  'gpt2.json',
  'bert-base-uncased.json',
  'vit-base-patch16-224.json',
  't5-small.json',
  't5-base.json',
  'flan-t5-base.json',
  'convnext-tiny-224.json',
];

const imported = (name: string) => loadModel(fixture(name)).spec;

describe('HF fixtures', () => {
  it.each(FILES)('%s is detected as an HF config, imports and validates', (name) => {
    const { spec, file } = loadModel(fixture(name));
    expect(file).toBe(fixture(name));
    expect(validateSpec(spec, file)).toEqual(spec);
    expect(spec.source).toContain(fixture(name));
    expect(importHfConfig(readJsonFile(fixture(name)), fixture(name))).toEqual(spec);
  });

  it('llama-2-7b: MHA, untied head, no biases, rotary, named from _name_or_path', () => {
    expect(imported('llama-2-7b.json')).toEqual({
      name: 'Llama-2-7b-hf',
      source: `Hugging Face config ${fixture('llama-2-7b.json')} (LlamaForCausalLM)`,
      family: 'decoder',
      hiddenSize: 4096,
      numLayers: 32,
      numHeads: 32,
      numKvHeads: 32,
      intermediateSize: 11008,
      mlp: 'gated',
      activation: 'silu',
      norm: 'rmsnorm',
      bias: { qkv: false, attnOut: false, mlp: false, norm: false, lmHead: false },
      tiedEmbeddings: false,
      positions: 'rotary',
      vocabSize: 32000,
      maxPositions: 4096,
      dropout: { embedding: 0, attention: 0, residual: 0 },
    });
  });

  it('llama-2-70b: 8 kv heads (GQA), 80 layers', () => {
    expect(imported('llama-2-70b.json')).toMatchObject({ numKvHeads: 8, numHeads: 64, numLayers: 80, intermediateSize: 28672 });
  });

  it('mistral-7b: 8 kv heads, 32k positions, named from the file', () => {
    expect(imported('mistral-7b-v0.1.json')).toMatchObject({
      name: 'mistral-7b-v0.1',
      numKvHeads: 8,
      intermediateSize: 14336,
      maxPositions: 32768,
      tiedEmbeddings: false,
    });
  });

  it('gpt2: tied, learned positions, biases, plain gelu_tanh MLP of 4h, 0.1 dropouts', () => {
    expect(imported('gpt2.json')).toMatchObject({
      name: 'gpt2',
      hiddenSize: 768,
      numKvHeads: 12,
      intermediateSize: 3072,
      mlp: 'plain',
      activation: 'gelu_tanh',
      norm: 'layernorm',
      bias: { qkv: true, attnOut: true, mlp: true, norm: true, lmHead: false },
      tiedEmbeddings: true,
      positions: 'learned',
      maxPositions: 1024,
      vocabSize: 50257,
      dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
    });
  });

  it('bert-base-uncased (BertForMaskedLM): MLM head, no pooler', () => {
    expect(imported('bert-base-uncased.json')).toMatchObject({
      family: 'encoder',
      name: 'bert-base-uncased',
      pooler: false,
      head: 'mlm',
      typeVocabSize: 2,
      vocabSize: 30522,
      activation: 'gelu',
      dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
    });
    expect((imported('bert-base-uncased.json') as EncoderSpec).numLabels).toBeUndefined(); // an encoder, checked above
  });

  it('vit-base-patch16-224 (ViTForImageClassification): 1000 classes from id2label, no pooler', () => {
    expect(imported('vit-base-patch16-224.json')).toMatchObject({
      family: 'vit',
      numClasses: 1000,
      pooler: false,
      classToken: true,
      qkvBias: true,
      imageSize: 224,
      patchSize: 16,
      channels: 3,
      dropout: { embedding: 0, attention: 0, residual: 0 },
    });
  });

  it('t5-small (T5WithLMHeadModel, no feed_forward_proj): T5Config defaults, relu FFN, tied head, decoder as deep as the encoder', () => {
    expect(imported('t5-small.json')).toEqual({
      name: 't5-small',
      source: `Hugging Face config ${fixture('t5-small.json')} (T5WithLMHeadModel)`,
      family: 'encoder-decoder',
      hiddenSize: 512,
      numLayers: 6,
      numDecoderLayers: 6,
      numHeads: 8,
      headDim: 64,
      intermediateSize: 2048,
      mlp: 'plain',
      activation: 'relu',
      relativeBuckets: 32,
      vocabSize: 32128,
      tiedEmbeddings: true,
      dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
    });
  });

  it('flan-t5-base: gated-gelu is a gated FFN with gelu_new (tanh), untied head', () => {
    expect(imported('flan-t5-base.json')).toMatchObject({
      mlp: 'gated',
      activation: 'gelu_tanh',
      tiedEmbeddings: false,
      intermediateSize: 2048,
      numDecoderLayers: 12,
    });
  });

  it("convnext-tiny-224 (ConvNextForImageClassification): torchvision's ConvNeXt-T, without stochastic depth (drop_path_rate 0)", () => {
    const { name: _, source: __, ...spec } = imported('convnext-tiny-224.json');
    const { name: ___, source: ____, ...catalog } = loadModel('convnext-tiny').spec;
    expect(spec).toEqual({ ...catalog, stochasticDepth: 0 });
  });
});
