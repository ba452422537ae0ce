// The mixture-of-experts MLP of a decoder layer (Mixtral's block_sparse_moe, Qwen2-MoE's mlp), as HF
// transformers computes it: router logits = linear(h → E); softmax and the top k experts per token; each
// expert a gated MLP run on the tokens routed to it; the weighted sum of the k outputs, plus a shared expert
// where the model has one, added as it is (DeepSeek-MoE) or gated by sigmoid(linear(h → 1)) (Qwen2-MoE).
import type { DecoderSpec, MoeSpec } from '../model/types.js';
import type { GraphBuilder } from './builder.js';
import { activation, linear } from './parts.js';
import type { Tensor } from './types.js';

/** A gated MLP (gate, up, act·up, down) on `rows` rows; `experts` makes each projection a bank of experts. */
export function gatedMlp(
  b: GraphBuilder,
  p: string,
  x: Tensor,
  rows: number,
  h: number,
  ff: number,
  fn: DecoderSpec['activation'],
  experts?: { count: number; topK: number },
): Tensor {
  const k = experts?.topK ?? 1;
  const bank = (name: string, input: Tensor, inF: number, outF: number) =>
    b.op('linear', name, { rows, inFeatures: inF, outFeatures: outF, bias: false, ...(experts ? { experts } : {}) }, [input], rows * k * outF);
  const gate = bank(`${p}.gate`, x, h, ff);
  const up = bank(`${p}.up`, x, h, ff);
  const act = activation(b, `${p}.act`, gate, fn);
  const prod = b.op('mul', `${p}.mul`, { elements: rows * k * ff }, [act, up], rows * k * ff);
  return bank(`${p}.down`, prod, ff, h);
}

export function moeMlp(b: GraphBuilder, spec: DecoderSpec & { moe: MoeSpec }, p: string, x: Tensor, s: number): Tensor {
  const h = spec.hiddenSize;
  const m = spec.moe;
  const logits = linear(b, `${p}.moe.router`, x, s, h, m.experts, false);
  const weights = b.op('router', `${p}.moe.route`, { rows: s, experts: m.experts, topK: m.topK, normalize: m.normalizeTopK }, [logits], s * m.topK);
  const routed = gatedMlp(b, `${p}.moe.experts`, x, s, h, m.expertIntermediateSize, spec.activation, { count: m.experts, topK: m.topK });
  const inputs = [routed, weights];
  const shared = m.sharedExpertIntermediateSize === 0 ? 'none' : m.sharedExpertGated ? 'gated' : 'plain';
  if (shared !== 'none') inputs.push(gatedMlp(b, `${p}.moe.shared`, x, s, h, m.sharedExpertIntermediateSize, spec.activation));
  if (shared === 'gated') inputs.push(linear(b, `${p}.moe.shared_gate`, x, s, h, 1, false));
  const combine = { rows: s, topK: m.topK, features: h, shared } as const;
  return b.op('moe-combine', `${p}.moe.combine`, combine, inputs, s * h);
}
