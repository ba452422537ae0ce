// Phi3ForCausalLM. Defaults of transformers' Phi3Config: vocab 32064, hidden 3072, intermediate 8192, 32 layers,
// 32 heads, num_key_value_heads = num_attention_heads, silu, 4096 positions, untied head, no linear biases.
// Phi-3 fuses q/k/v into qkv_proj and gate/up into gate_up_proj: the same weights as separate projections.
// Dropouts: embd_pdrop (embeddings), attention_dropout, resid_pdrop (both residual branches), all 0 by default.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import type { HfReader } from './reader.js';

export function mapPhi3(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const spec = mapLlamaLike(
    r,
    {
      vocab_size: 32064,
      hidden_size: 3072,
      intermediate_size: 8192,
      num_hidden_layers: 32,
      num_attention_heads: 32,
      max_position_embeddings: 4096,
      tie_word_embeddings: false,
      activationKey: 'hidden_act',
      activation: 'silu',
      bias: () => ({ qkv: false, attnOut: false, mlp: false }),
      dropoutKeys: { embedding: 'embd_pdrop', attention: 'attention_dropout', residual: 'resid_pdrop' },
    },
    base,
  );
  // sliding_window (null: none), as for Mistral: Phi-3-mini-4k sets 2047
  return r.has('sliding_window') ? { ...spec, slidingWindow: r.int('sliding_window') } : spec;
}
