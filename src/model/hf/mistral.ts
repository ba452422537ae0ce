// MistralForCausalLM. Defaults of transformers' MistralConfig: vocab 32000, hidden 4096, intermediate 14336,
// 32 layers, 32 heads, 8 key/value heads, silu, 4096 * 32 positions, untied head, no linear biases.
// sliding_window (null: none) limits which keys each query attends to: fewer attention FLOPs past the window.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import type { HfReader } from './reader.js';

export function mapMistral(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const spec = mapLlamaLike(
    r,
    {
      vocab_size: 32000,
      hidden_size: 4096,
      intermediate_size: 14336,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      max_position_embeddings: 4096 * 32,
      tie_word_embeddings: false,
      activationKey: 'hidden_act',
      activation: 'silu',
      bias: () => ({ qkv: false, attnOut: false, mlp: false }),
      dropoutKeys: { attention: 'attention_dropout' },
    },
    base,
  );
  return r.has('sliding_window') ? { ...spec, slidingWindow: r.int('sliding_window') } : spec;
}
