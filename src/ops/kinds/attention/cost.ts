// Scaled dot-product attention: S = Q·Kᵀ·scale (+ causal mask), P = softmax(S), dropout(P), O = P·V.
// Contractions (PyTorch flop_counter sdpa, Narayanan et al. 2021): QKᵀ and PV are heads·q·k·d MACs each.
// Backward: dV = Pᵀ·dO, dP = dO·Vᵀ, dQ = dS·K, dK = dSᵀ·Q, four products of the same size, i.e. 2x forward.
// GQA/MQA share K/V across query heads: the products still run once per query head, so kvHeads does not
// change these FLOPs. With skipMasked (causal kernels that skip the masked tiles) the products cost half, or
// with a sliding window only its band; the elementwise work on the scores is kept at full size (conservative;
// kernels differ in what they skip).

import type { AttentionAttrs } from '../../../graph/types.js';
import { addPhases, phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** FLOPs per score element (heads·queryLen·keyLen). */
const PER_SCORE = {
  /** multiply by 1/sqrt(d) (the causal mask is a select, folded into it) */
  scale: { forward: 1, inputGrad: 1 },
  /** max, subtract, exp, sum, divide; backward dS = P·(dP − rowsum(dP·P)): multiply, sum, subtract, multiply */
  softmax: { forward: 5, inputGrad: 4 },
  /** multiply by the scaled keep-mask, forward and backward (only when dropout > 0) */
  dropout: { forward: 1, inputGrad: 1 },
};

/**
 * The share of the q·k score products a kernel computes: all of them, or with skipMasked the causal triangle
 * (half), or the sliding-window band: (s² − (s − W)²) / (2·s²) of the square for s queries and a window of W.
 */
export function computedScoreShare(a: AttentionAttrs): number {
  if (!(a.skipMasked && a.causal)) return 1;
  const s = a.queryLen;
  const w = a.window;
  if (w === undefined || w >= s) return 1 / 2;
  return (s * s - (s - w) * (s - w)) / (2 * s * s);
}

function productMacs(a: AttentionAttrs): number {
  return 2 * a.heads * a.queryLen * a.keyLen * a.headDim * computedScoreShare(a);
}

function scoreFlops(a: AttentionAttrs) {
  const scores = a.heads * a.queryLen * a.keyLen;
  const fw = PER_SCORE.scale.forward + PER_SCORE.softmax.forward + (a.dropout > 0 ? PER_SCORE.dropout.forward : 0);
  const bw =
    PER_SCORE.scale.inputGrad + PER_SCORE.softmax.inputGrad + (a.dropout > 0 ? PER_SCORE.dropout.inputGrad : 0);
  return phases(scores * fw, scores * bw, 0);
}

const matmul = (a: AttentionAttrs) => phases(2 * productMacs(a), 4 * productMacs(a), 0);

export const attentionRule: OpCostRule<'attention'> = {
  kind: 'attention',
  params: () => 0,
  flops: (a) => addPhases(matmul(a), scoreFlops(a)),
  matmulFlops: matmul,
  macs: productMacs,
  formula:
    'MACs 2·heads·q·k·d (halved with skipMasked; with a sliding window W < s: × (s² − (s − W)²)/s² of that); fw 2·MACs + scores·(1 scale + 5 softmax + 1 dropout); inputGrad 4·MACs + scores·(1 + 4 + 1); scores = heads·q·k',
};
