// DeepseekForCausalLM (DeepSeek-MoE, remote code configuration_deepseek.py): Llama-like layers whose MLP,
// after the first `first_k_dense_replace` dense layers, is a mixture of experts: `n_routed_experts` experts of
// `moe_intermediate_size`, softmax top `num_experts_per_tok` (renormalised only with norm_topk_prob), plus
// `n_shared_experts` shared experts, one gated MLP of n_shared × moe_intermediate_size whose output is added
// as it is. Defaults of DeepseekConfig: vocab 102400, hidden 4096, intermediate 11008, 30 layers, 32 heads,
// kv = heads, silu, 2048 positions, untied, no attention bias, moe_layer_freq 1, first_k_dense_replace 0,
// norm_topk_prob false; without n_routed_experts the model is dense.
import type { DecoderSpec } from '../types.js';
import { mapLlamaLike } from './llama-like.js';
import type { HfReader } from './reader.js';

export function mapDeepseek(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const dense = mapLlamaLike(
    r,
    {
      vocab_size: 102400,
      hidden_size: 4096,
      intermediate_size: 11008,
      num_hidden_layers: 30,
      num_attention_heads: 32,
      max_position_embeddings: 2048,
      tie_word_embeddings: false,
      activationKey: 'hidden_act',
      activation: 'silu',
      bias: (x) => ({ qkv: x.bool('attention_bias', false), attnOut: x.bool('attention_bias', false), mlp: false }),
      dropoutKeys: { attention: 'attention_dropout' },
    },
    base,
  );
  if (!r.has('n_routed_experts')) return dense;
  if (r.int('moe_layer_freq', 1) !== 1) r.fail('moe_layer_freq', 'only 1 (every layer after the dense ones a mixture of experts) is supported');
  if (r.str('scoring_func', 'softmax') !== 'softmax') r.fail('scoring_func', 'only softmax routing is supported');
  const expertSize = r.int('moe_intermediate_size', 1407);
  const shared = r.has('n_shared_experts') ? r.int('n_shared_experts') : 0;
  const denseLayers = r.has('first_k_dense_replace') && r.json.first_k_dense_replace !== 0 ? r.int('first_k_dense_replace') : 0;
  return {
    ...dense,
    moe: {
      experts: r.int('n_routed_experts'),
      topK: r.int('num_experts_per_tok'),
      expertIntermediateSize: expertSize,
      normalizeTopK: r.bool('norm_topk_prob', false),
      sharedExpertIntermediateSize: shared * expertSize,
      sharedExpertGated: false,
      denseLayers,
    },
  };
}
