// Shared mapping of the Llama family of configs (Llama, Mistral, Qwen2, Gemma, Phi-3): pre-norm RMSNorm blocks,
// rotary positions, gated MLP, no norm or LM-head bias. Each architecture file supplies its config class's
// defaults, its linear biases and its dropout keys.
import type { DecoderSpec } from '../types.js';
import type { HfReader } from './reader.js';

export interface LlamaLikeDefaults {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  /** undefined: as many as the attention heads (MHA) */
  num_key_value_heads?: number;
  /** undefined: hidden_size / num_attention_heads */
  head_dim?: number;
  max_position_embeddings: number;
  tie_word_embeddings: boolean;
  /** the config key holding the MLP activation, and its default */
  activationKey: string;
  activation: string;
  /** linear biases: some architectures read config keys (attention_bias, mlp_bias), some hard-wire them */
  bias: (r: HfReader) => { qkv: boolean; attnOut: boolean; mlp: boolean };
  /** config keys of dropout probabilities (default 0); undefined where the architecture has none */
  dropoutKeys: { embedding?: string; attention?: string; residual?: string };
}

export function mapLlamaLike(r: HfReader, d: LlamaLikeDefaults, base: { name: string; source: string }): DecoderSpec {
  const hiddenSize = r.int('hidden_size', d.hidden_size);
  const numHeads = r.int('num_attention_heads', d.num_attention_heads);
  const headDim = r.has('head_dim') ? r.int('head_dim') : d.head_dim;
  const drop = (key: string | undefined) => (key === undefined ? 0 : r.prob(key, 0));
  return {
    ...base,
    family: 'decoder',
    hiddenSize,
    numLayers: r.int('num_hidden_layers', d.num_hidden_layers),
    numHeads,
    numKvHeads: r.int('num_key_value_heads', d.num_key_value_heads ?? numHeads),
    // Only when it differs from hiddenSize / numHeads, which is the spec's own default.
    ...(headDim !== undefined && headDim * numHeads !== hiddenSize ? { headDim } : {}),
    intermediateSize: r.int('intermediate_size', d.intermediate_size),
    mlp: 'gated',
    activation: r.activation(d.activationKey, d.activation),
    norm: 'rmsnorm',
    bias: { ...d.bias(r), norm: false, lmHead: false },
    tiedEmbeddings: r.bool('tie_word_embeddings', d.tie_word_embeddings),
    positions: 'rotary',
    vocabSize: r.int('vocab_size', d.vocab_size),
    maxPositions: r.int('max_position_embeddings', d.max_position_embeddings),
    dropout: {
      embedding: drop(d.dropoutKeys.embedding),
      attention: drop(d.dropoutKeys.attention),
      residual: drop(d.dropoutKeys.residual),
    },
  };
}
