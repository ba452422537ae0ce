// GPT2LMHeadModel. Defaults of transformers' GPT2Config: vocab 50257, n_positions 1024, n_embd 768, n_layer 12,
// n_head 12, n_inner null = 4 * n_embd, activation gelu_new (tanh approximation), dropouts resid_pdrop,
// embd_pdrop, attn_pdrop all 0.1. Learned positions, pre-norm LayerNorm with bias, Conv1D projections with
// bias, LM head tied to the token embedding (tie_word_embeddings defaults to true) and without bias.
import type { DecoderSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapGpt2(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const hiddenSize = r.int('n_embd', 768);
  if (r.has('add_cross_attention') && r.bool('add_cross_attention')) {
    r.fail('add_cross_attention', 'cross-attention (encoder-decoder use) is not supported');
  }
  return {
    ...base,
    family: 'decoder',
    hiddenSize,
    numLayers: r.int('n_layer', 12),
    numHeads: r.int('n_head', 12),
    numKvHeads: r.int('n_head', 12),
    intermediateSize: r.int('n_inner', 4 * hiddenSize),
    mlp: 'plain',
    activation: r.activation('activation_function', 'gelu_new'),
    norm: 'layernorm',
    bias: { qkv: true, attnOut: true, mlp: true, norm: true, lmHead: false },
    tiedEmbeddings: r.bool('tie_word_embeddings', true),
    positions: 'learned',
    vocabSize: r.int('vocab_size', 50257),
    maxPositions: r.int('n_positions', 1024),
    dropout: {
      embedding: r.prob('embd_pdrop', 0.1),
      attention: r.prob('attn_pdrop', 0.1),
      residual: r.prob('resid_pdrop', 0.1),
    },
  };
}
