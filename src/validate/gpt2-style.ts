// The small GPT-2-shaped decoder both validation suites run (tfjs and PyTorch): 4 heads, a 4x MLP with GELU,
// LayerNorm, biases everywhere but the head, tied embeddings, learned positions. Each suite names its own size,
// vocabulary, positions and dropout.
import type { DecoderSpec } from '../model/types.js';

export interface Gpt2StyleSize {
  name: string;
  hidden: number;
  layers: number;
  vocab: number;
  maxPositions: number;
  dropout: number;
}

export function gpt2StyleSpec(s: Gpt2StyleSize): DecoderSpec {
  return {
    family: 'decoder',
    name: s.name,
    hiddenSize: s.hidden,
    numLayers: s.layers,
    numHeads: 4,
    numKvHeads: 4,
    intermediateSize: 4 * s.hidden,
    mlp: 'plain',
    activation: 'gelu',
    norm: 'layernorm',
    bias: { qkv: true, attnOut: true, mlp: true, norm: true, lmHead: false },
    tiedEmbeddings: true,
    positions: 'learned',
    vocabSize: s.vocab,
    maxPositions: s.maxPositions,
    dropout: { embedding: s.dropout, attention: s.dropout, residual: s.dropout },
  };
}
