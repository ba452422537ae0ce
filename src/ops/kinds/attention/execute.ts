// Scaled dot-product attention from the q, k, v projections, decomposed into tfjs kernels:
//   Q,K,V = transpose to heads [b, h, T, d] (3 buffers)  S = Q·Kᵀ, ·scale, (+ causal mask [T, S])
//   P = softmax(S) by max / sub / exp / sum / div        O = dropout(P)·V, transposed back to tokens
// Keeps Q, K, V (head layout), P and the dropout mask. Multi-query/grouped K/V is not implemented here.

import type { Tensor } from '@tensorflow/tfjs-core';
import type { AttentionAttrs } from '../../../graph/types.js';
import type { Tf } from '../../../validate/backend.js';
import { inPhase } from '../../../validate/measure/phase.js';
import { dropoutMask } from '../dropout/execute.js';
import { free, type OpImpl } from '../../execute.js';

function heads(tf: Tf, t: Tensor, b: number, tokens: number, h: number, d: number): Tensor {
  return tf.transpose(tf.reshape(t, [b, tokens, h, d]), [0, 2, 1, 3]);
}

/** Additive causal mask (0 on and below the diagonal, -1e9 above), float32 [T, S]. */
function causalMask(tf: Tf, a: AttentionAttrs): Tensor {
  const m = new Float32Array(a.queryLen * a.keyLen);
  for (let i = 0; i < a.queryLen; i++) for (let j = i + 1; j < a.keyLen; j++) m[i * a.keyLen + j] = -1e9;
  return tf.tensor2d(m, [a.queryLen, a.keyLen]);
}

export const attentionImpl: OpImpl<'attention'> = {
  weights: () => [],
  forward({ tf, op, b, inputs, seed }) {
    const a = op.attrs;
    if (a.kvHeads !== a.heads) throw new Error(`${op.name}: grouped/multi-query K/V is not implemented by the validation executor`);
    if (a.unscaled || a.scoreAdds) throw new Error(`${op.name}: unscaled or biased scores (T5, Swin) are not implemented by the validation executor`);
    const q = heads(tf, inputs[0]!, b, a.queryLen, a.heads, a.headDim);
    const k = heads(tf, inputs[1]!, b, a.keyLen, a.heads, a.headDim);
    const v = heads(tf, inputs[2]!, b, a.keyLen, a.heads, a.headDim);
    const raw = tf.matMul(q, k, false, true);
    let s = tf.mul(raw, 1 / Math.sqrt(a.headDim));
    free(raw);
    if (a.causal) {
      const mask = causalMask(tf, a);
      const masked = tf.add(s, mask);
      free(s, mask);
      s = masked;
    }
    const m = tf.max(s, -1, true);
    const shifted = tf.sub(s, m);
    free(s, m);
    const e = tf.exp(shifted);
    free(shifted);
    const z = tf.sum(e, -1, true);
    const p = tf.div(e, z);
    free(e, z);
    const saved = [q, k, v, p];
    let pd = p;
    if (a.dropout > 0) {
      const keep = dropoutMask(tf, p.shape, a.dropout, seed);
      pd = tf.mul(p, keep);
      saved.push(keep);
    }
    const o = tf.matMul(pd, v);
    if (pd !== p) free(pd);
    const out = tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [b, a.queryLen * a.heads * a.headDim]);
    free(o);
    return { out, saved };
  },
  backward({ tf, op, b, dy, saved, needInput }) {
    const a = op.attrs;
    if (!needInput.some(Boolean)) return { inputs: [null, null, null], weights: [] };
    return inPhase('inputGrad', () => {
      // forward saved [q, k, v, p] and, with dropout, the keep-mask
      const [q, k, v, p, keep] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor?];
      const dO = heads(tf, dy, b, a.queryLen, a.heads, a.headDim);
      const pd = keep ? tf.mul(p, keep) : p;
      const dV = tf.matMul(pd, dO, true, false);
      if (pd !== p) free(pd);
      let dP = tf.matMul(dO, v, false, true);
      free(dO);
      if (keep) {
        const t = tf.mul(dP, keep);
        free(dP);
        dP = t;
      }
      // softmax backward: dS = P·(dP − Σ dP·P), then the 1/sqrt(d) scale
      const prod = tf.mul(dP, p);
      const rs = tf.sum(prod, -1, true);
      free(prod);
      const diff = tf.sub(dP, rs);
      free(dP, rs);
      const dS0 = tf.mul(diff, p);
      free(diff);
      const dS = tf.mul(dS0, 1 / Math.sqrt(a.headDim));
      free(dS0);
      const dQ = tf.matMul(dS, k);
      const dK = tf.matMul(dS, q, true, false);
      free(dS);
      const tok = (t: Tensor, len: number) => {
        const r = tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [b, len * a.heads * a.headDim]);
        free(t);
        return r;
      };
      return { inputs: [tok(dQ, a.queryLen), tok(dK, a.keyLen), tok(dV, a.keyLen)], weights: [] };
    });
  },
};
