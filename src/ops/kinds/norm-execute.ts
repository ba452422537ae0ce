// layernorm / rmsnorm over the features of each row, batchnorm (training mode: batch statistics) over the
// rows of each channel. All keep their input and per-row (per-channel) statistics, like PyTorch, and
// recompute the normalised input in backward. Running statistics of batchnorm are not tracked (they do
// not take part in the step's gradients).

import type { Tensor } from '@tensorflow/tfjs-core';
import type { NormAttrs } from '../../graph/types.js';
import type { Tf } from '../../validate/backend.js';
import { inPhase } from '../../validate/measure/phase.js';
import { free, type OpImpl, type WeightSpec } from '../execute.js';

const EPS = 1e-5;

function normWeights(a: NormAttrs): WeightSpec[] {
  const w: WeightSpec[] = [];
  if (a.affine) w.push({ name: 'weight', shape: [a.features], init: 'ones' });
  if (a.affine && a.bias) w.push({ name: 'bias', shape: [a.features], init: 'zeros' });
  return w;
}

/**
 * mean over `axis` (kept), as Sum then Mul by 1/count: the two kernels and buffers the tfjs profile counts;
 * `consume` frees x as soon as the sum has read it
 */
function meanOver(tf: Tf, x: Tensor, axis: number, count: number, consume = false): Tensor {
  const s = tf.sum(x, axis, true);
  if (consume) free(x);
  const m = tf.mul(s, 1 / count);
  free(s);
  return m;
}

/** Statistics over `axis` of x [N, F]: mean (or null for rms) and 1/sqrt(var + eps). */
function stats(tf: Tf, x: Tensor, axis: number, centred: boolean): { mean: Tensor | null; rstd: Tensor } {
  const count = x.shape[axis]!; // x is [N, F], axis 0 or 1
  let mean: Tensor | null = null;
  let xc = x;
  if (centred) {
    mean = meanOver(tf, x, axis, count);
    xc = tf.sub(x, mean);
  }
  const sq = tf.square(xc);
  if (xc !== x) free(xc);
  const v = meanOver(tf, sq, axis, count, true);
  const ve = tf.add(v, EPS);
  free(v);
  const rstd = tf.rsqrt(ve);
  free(ve);
  return { mean, rstd };
}

function normalise(tf: Tf, x: Tensor, mean: Tensor | null, rstd: Tensor): Tensor {
  if (!mean) return tf.mul(x, rstd);
  const xc = tf.sub(x, mean);
  const xh = tf.mul(xc, rstd);
  free(xc);
  return xh;
}

function affine(tf: Tf, xh: Tensor, w: Tensor | undefined, bias: Tensor | undefined): Tensor {
  let y = xh;
  if (w) {
    y = tf.mul(xh, w);
    free(xh);
  }
  if (bias) {
    const t = tf.add(y, bias);
    free(y);
    y = t;
  }
  return y;
}

export function makeNorm(kind: 'layernorm' | 'rmsnorm' | 'batchnorm'): OpImpl<'layernorm' | 'rmsnorm' | 'batchnorm'> {
  const axis = kind === 'batchnorm' ? 0 : 1;
  const centred = kind !== 'rmsnorm';
  return {
    weights: (op) => normWeights(op.attrs),
    forward({ tf, op, b, inputs, weights }) {
      const a = op.attrs;
      const x = tf.reshape(inputs[0]!, [b * a.rows, a.features]);
      const { mean, rstd } = stats(tf, x, axis, centred);
      const y = affine(tf, normalise(tf, x, mean, rstd), weights[0], weights[1]);
      return { out: tf.reshape(y, [b, a.rows * a.features]), saved: mean ? [x, mean, rstd] : [x, rstd] };
    },
    backward({ tf, op, b, dy, saved, weights, needInput, needWeight }) {
      const a = op.attrs;
      // forward saved [x, mean, rstd], or [x, rstd] without centring
      const [x, mean, rstd] = centred ? (saved as [Tensor, Tensor, Tensor]) : [saved[0]!, null, saved[1]!];
      const g = tf.reshape(dy, [b * a.rows, a.features]);
      const count = (b * a.rows * a.features) / (axis === 0 ? a.features : b * a.rows);
      const xh = normalise(tf, x, mean, rstd);
      const dW = a.affine && needWeight[0] ? inPhase('weightGrad', () => tf.tidy(() => tf.sum(tf.mul(g, xh), 0))) : null;
      const dB = a.affine && a.bias && needWeight[1] ? inPhase('weightGrad', () => tf.sum(g, 0)) : null;
      let dx: Tensor | null = null;
      if (needInput[0]) {
        dx = inPhase('inputGrad', () => {
          const dxh = weights[0] ? tf.mul(g, weights[0]) : g;
          // dx = rstd·(dxh − mean(dxh) − xh·mean(dxh·xh)); rms drops the mean(dxh) term
          const p = tf.mul(dxh, xh);
          const mp = meanOver(tf, p, axis, count, true);
          const t1 = tf.mul(xh, mp);
          free(mp);
          let inner = tf.sub(dxh, t1);
          free(t1);
          if (centred) {
            const md = meanOver(tf, dxh, axis, count);
            const t2 = tf.sub(inner, md);
            free(inner, md);
            inner = t2;
          }
          if (dxh !== g) free(dxh);
          const r = tf.mul(inner, rstd);
          free(inner);
          return tf.reshape(r, [b, a.rows * a.features]);
        });
      }
      free(xh);
      const wg = [dW, dB].slice(0, normWeights(a).length);
      return { inputs: [dx], weights: wg };
    },
  };
}
