// GemmaForCausalLM. Defaults of transformers' GemmaConfig: vocab 256000, hidden 3072, intermediate 24576,
// 28 layers, 16 heads, 16 key/value heads, head_dim 256 (not hidden / heads), 8192 positions, TIED embeddings,
// attention_bias false. The GeGLU MLP uses `hidden_activation`, which defaults to gelu_pytorch_tanh; the older
// `hidden_act` key ("gelu" in the original configs) is ignored by the modeling code, so it is ignored here too.
// Gemma's RMSNorm scales by (1 + weight): still one weight vector; the sqrt(hidden) embedding scale has no weights.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import type { HfReader } from './reader.js';

export function mapGemma(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  return mapLlamaLike(
    r,
    {
      vocab_size: 256000,
      hidden_size: 3072,
      intermediate_size: 24576,
      num_hidden_layers: 28,
      num_attention_heads: 16,
      num_key_value_heads: 16,
      head_dim: 256,
      max_position_embeddings: 8192,
      tie_word_embeddings: true,
      activationKey: 'hidden_activation',
      activation: 'gelu_pytorch_tanh',
      bias: (c) => {
        const attn = c.bool('attention_bias', false);
        return { qkv: attn, attnOut: attn, mlp: false };
      },
      dropoutKeys: { attention: 'attention_dropout' },
    },
    base,
  );
}
