// Qwen2ForCausalLM. Defaults of transformers' Qwen2Config: vocab 151936, hidden 4096, intermediate 22016,
// 32 layers, 32 heads, 32 key/value heads, silu, 32768 positions, untied head. Qwen2Attention hard-wires a bias
// on the q, k, v projections and none on o_proj; the MLP has no bias.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike, type LlamaLikeDefaults } from './llama-like.js';
import type { HfReader } from './reader.js';

/** Qwen2Config's defaults and Qwen2's hard-wired biases (Qwen2-MoE reuses them with its own sizes). */
export const QWEN2_DEFAULTS: LlamaLikeDefaults = {
  vocab_size: 151936,
  hidden_size: 4096,
  intermediate_size: 22016,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  max_position_embeddings: 32768,
  tie_word_embeddings: false,
  activationKey: 'hidden_act',
  activation: 'silu',
  bias: () => ({ qkv: true, attnOut: false, mlp: false }),
  dropoutKeys: { attention: 'attention_dropout' },
};

export function mapQwen2(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  return mapLlamaLike(r, QWEN2_DEFAULTS, base);
}
