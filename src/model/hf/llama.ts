// LlamaForCausalLM. Defaults of transformers' LlamaConfig: vocab 32000, hidden 4096, intermediate 11008,
// 32 layers, 32 heads, num_key_value_heads = num_attention_heads, silu, 2048 positions, untied head;
// attention_bias (q, k, v and o) and mlp_bias both default to false.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import type { HfReader } from './reader.js';

export function mapLlama(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  return mapLlamaLike(
    r,
    {
      vocab_size: 32000,
      hidden_size: 4096,
      intermediate_size: 11008,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      max_position_embeddings: 2048,
      tie_word_embeddings: false,
      activationKey: 'hidden_act',
      activation: 'silu',
      bias: (c) => {
        const attn = c.bool('attention_bias', false);
        return { qkv: attn, attnOut: attn, mlp: c.bool('mlp_bias', false) };
      },
      dropoutKeys: { attention: 'attention_dropout' },
    },
    base,
  );
}
