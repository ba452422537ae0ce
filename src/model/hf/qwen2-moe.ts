// Qwen2MoeForCausalLM (Qwen1.5-MoE): Qwen2's layers (q, k, v biases) with a mixture-of-experts MLP: 60 routed
// experts of moe_intermediate_size, top 4, probabilities used as they are unless norm_topk_prob, plus a
// shared expert of shared_expert_intermediate_size gated by sigmoid(linear(h → 1)). Defaults of transformers'
// Qwen2MoeConfig: vocab 151936, hidden 2048, intermediate 5632, 24 layers, 16 heads, 16 key/value heads,
// silu, 32768 positions, untied head, 60 experts, 4 per token, moe_intermediate_size 1408,
// shared_expert_intermediate_size 5632, norm_topk_prob false, decoder_sparse_step 1, mlp_only_layers [].
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import { QWEN2_DEFAULTS } from './qwen2.js';
import type { HfReader } from './reader.js';

export function mapQwen2Moe(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const sizes = { hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 24, num_attention_heads: 16, num_key_value_heads: 16 };
  const dense = mapLlamaLike(r, { ...QWEN2_DEFAULTS, ...sizes }, base);
  // every layer sparse: the spec has one MLP kind for all layers
  if (r.int('decoder_sparse_step', 1) !== 1) r.fail('decoder_sparse_step', 'only 1 (every layer a mixture of experts) is supported');
  const denseLayers = r.json.mlp_only_layers;
  if (Array.isArray(denseLayers) && denseLayers.length > 0) r.fail('mlp_only_layers', 'dense layers among the sparse ones are not supported');
  const experts = r.int('num_experts', 60);
  const topK = r.int('num_experts_per_tok', 4);
  const shared = r.json.shared_expert_intermediate_size === 0 ? 0 : r.int('shared_expert_intermediate_size', 5632);
  return {
    ...dense,
    moe: {
      experts,
      topK,
      expertIntermediateSize: r.int('moe_intermediate_size', 1408),
      normalizeTopK: r.bool('norm_topk_prob', false),
      sharedExpertIntermediateSize: shared,
      sharedExpertGated: true,
      denseLayers: 0,
    },
  };
}
