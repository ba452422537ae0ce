// Model specs for the tests, written from the published architectures (HF config.json / torchvision),
// independent of the models/ catalog.

import type { DecoderSpec, EncoderSpec, ResNetSpec, VitSpec } from '../../src/model/types.js';

const NO_DROPOUT = { embedding: 0, attention: 0, residual: 0 };

export function llama(
  name: string,
  hidden: number,
  layers: number,
  heads: number,
  kvHeads: number,
  ff: number,
  vocab: number,
  maxPositions = 4096,
): DecoderSpec {
  return {
    family: 'decoder',
    name,
    hiddenSize: hidden,
    numLayers: layers,
    numHeads: heads,
    numKvHeads: kvHeads,
    intermediateSize: ff,
    mlp: 'gated',
    activation: 'silu',
    norm: 'rmsnorm',
    bias: { qkv: false, attnOut: false, mlp: false, norm: false, lmHead: false },
    tiedEmbeddings: false,
    positions: 'rotary',
    vocabSize: vocab,
    maxPositions,
    dropout: NO_DROPOUT,
  };
}

export const llama2_7b = llama('llama-2-7b', 4096, 32, 32, 32, 11008, 32000);
export const llama2_13b = llama('llama-2-13b', 5120, 40, 40, 40, 13824, 32000);
export const llama2_70b = llama('llama-2-70b', 8192, 80, 64, 8, 28672, 32000);
export const mistral7b = llama('mistral-7b', 4096, 32, 32, 8, 14336, 32000, 32768);
export const llama3_8b = llama('llama-3-8b', 4096, 32, 32, 8, 14336, 128256, 8192);
export const llama3_70b = llama('llama-3-70b', 8192, 80, 64, 8, 28672, 128256, 8192);

export function gpt2(name: string, hidden: number, layers: number, heads: number): DecoderSpec {
  return {
    family: 'decoder',
    name,
    hiddenSize: hidden,
    numLayers: layers,
    numHeads: heads,
    numKvHeads: heads,
    intermediateSize: 4 * hidden,
    mlp: 'plain',
    activation: 'gelu_tanh',
    norm: 'layernorm',
    bias: { qkv: true, attnOut: true, mlp: true, norm: true, lmHead: false },
    tiedEmbeddings: true,
    positions: 'learned',
    vocabSize: 50257,
    maxPositions: 1024,
    dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
  };
}

export function bert(name: string, hidden: number, layers: number, heads: number, head: EncoderSpec['head']): EncoderSpec {
  return {
    family: 'encoder',
    name,
    hiddenSize: hidden,
    numLayers: layers,
    numHeads: heads,
    intermediateSize: 4 * hidden,
    activation: 'gelu',
    vocabSize: 30522,
    maxPositions: 512,
    typeVocabSize: 2,
    pooler: head !== 'mlm',
    head,
    dropout: { embedding: 0.1, attention: 0.1, residual: 0.1 },
  };
}

export function vit(name: string, hidden: number, layers: number, heads: number): VitSpec {
  return {
    family: 'vit',
    name,
    hiddenSize: hidden,
    numLayers: layers,
    numHeads: heads,
    intermediateSize: 4 * hidden,
    activation: 'gelu',
    imageSize: 224,
    patchSize: 16,
    channels: 3,
    classToken: true,
    qkvBias: true,
    pooler: false,
    numClasses: 1000,
    dropout: NO_DROPOUT,
  };
}

export function resnet(name: string, block: ResNetSpec['block'], layers: number[]): ResNetSpec {
  return {
    family: 'resnet',
    name,
    block,
    layers,
    stem: 'imagenet',
    baseWidth: 64,
    numClasses: 1000,
    imageSize: 224,
    channels: 3,
  };
}
