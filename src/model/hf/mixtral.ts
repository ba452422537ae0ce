// MixtralForCausalLM: Mistral's layers with a sparse mixture-of-experts MLP (block_sparse_moe). Defaults of
// transformers' MixtralConfig: vocab 32000, hidden 4096, intermediate 14336 (each expert's), 32 layers, 32
// heads, 8 key/value heads, silu, 4096 * 32 positions, untied head, 8 local experts, 2 per token. The router
// renormalises the top-2 softmax probabilities (routing_weights /= routing_weights.sum()).
import type { DecoderSpec } from '../types.js';
import { mapMistral } from './mistral.js';
import type { HfReader } from './reader.js';

export function mapMixtral(r: HfReader, base: { name: string; source: string }): DecoderSpec {
  const dense = mapMistral(r, base);
  const experts = r.int('num_local_experts', 8);
  const topK = r.int('num_experts_per_tok', 2);
  return {
    ...dense,
    moe: {
      experts,
      topK,
      expertIntermediateSize: dense.intermediateSize,
      normalizeTopK: true,
      sharedExpertIntermediateSize: 0,
      sharedExpertGated: false,
      denseLayers: 0,
    },
  };
}
