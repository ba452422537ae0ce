// linear, embedding and parameter (positional table / class token).

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../measure/phase.js';
import { alias, free, type OpImpl } from './types.js';

/** Rows the linear reads: its input, or the first `rows` tokens of it (a classifier on the class token). */
function linearIsSlice(op: { attrs: { rows: number; inFeatures: number }; inputs: { perSample: number }[] }): boolean {
  return op.inputs[0].perSample !== op.attrs.rows * op.attrs.inFeatures;
}

// y = x·Wᵀ + b with W stored [out, in] (PyTorch layout, so a tied LM head can use the embedding table).
// Keeps x for the weight gradient (nothing when the weight is frozen); W is read through the variable.
export const linearImpl: OpImpl<'linear'> = {
  weights: (op) => {
    const a = op.attrs;
    const w = a.tiedWeight ? [] : [{ name: 'weight', shape: [a.outFeatures, a.inFeatures], init: 'normal' as const, std: 0.02 }];
    return a.bias ? [...w, { name: 'bias', shape: [a.outFeatures], init: 'zeros' as const }] : w;
  },
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const a = op.attrs;
    const n = b * a.rows;
    let x2: Tensor;
    if (linearIsSlice(op)) {
      const tokens = op.inputs[0].perSample / a.inFeatures;
      x2 = tf.reshape(tf.slice(tf.reshape(inputs[0], [b, tokens, a.inFeatures]), [0, 0, 0], [b, a.rows, a.inFeatures]), [n, a.inFeatures]);
    } else {
      x2 = tf.reshape(inputs[0], [n, a.inFeatures]);
    }
    const [w, bias] = weights;
    let y = tf.matMul(x2, w, false, true);
    if (bias) y = tf.add(y, bias);
    return { out: tf.reshape(y, [b, a.rows * a.outFeatures]), saved: weightTrains?.[0] ? [x2] : [] };
  },
  backward({ tf, op, b, dy, saved, weights, needInput, needWeight }) {
    const a = op.attrs;
    const n = b * a.rows;
    const dy2 = tf.reshape(dy, [n, a.outFeatures]);
    const [w, bias] = weights;
    let dx: Tensor | null = null;
    if (needInput[0]) {
      dx = inPhase('inputGrad', () => {
        const d = tf.matMul(dy2, w);
        if (!linearIsSlice(op)) return tf.reshape(d, [b, op.inputs[0].perSample]);
        const tokens = op.inputs[0].perSample / a.inFeatures;
        const padded = tf.pad(tf.reshape(d, [b, a.rows, a.inFeatures]), [[0, 0], [0, tokens - a.rows], [0, 0]]);
        free(d);
        return tf.reshape(padded, [b, op.inputs[0].perSample]);
      });
    }
    const dW = needWeight[0] ? inPhase('weightGrad', () => tf.matMul(dy2, saved[0], true, false)) : null;
    const db = bias && needWeight[1] ? inPhase('weightGrad', () => tf.sum(dy2, 0)) : null;
    return { inputs: [dx], weights: bias ? [dW, db] : [dW] };
  },
};

// gather of table rows; keeps the ids for the scatter-add gradient (our UnsortedSegmentSum kernel).
export const embeddingImpl: OpImpl<'embedding'> = {
  weights: (op) => [{ name: 'weight', shape: [op.attrs.numEmbeddings, op.attrs.dim], init: 'normal', std: 0.02 }],
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const ids = tf.reshape(inputs[0], [b * op.attrs.tokens]);
    return { out: tf.reshape(tf.gather(weights[0], ids), [b, op.attrs.tokens * op.attrs.dim]), saved: weightTrains?.[0] ? [ids] : [] };
  },
  backward({ tf, op, b, dy, saved, needWeight }) {
    const a = op.attrs;
    const dE = needWeight[0]
      ? inPhase('weightGrad', () => tf.unsortedSegmentSum(tf.reshape(dy, [b * a.tokens, a.dim]), saved[0] as never, a.numEmbeddings))
      : null;
    return { inputs: [null], weights: [dE] };
  },
};

// add: x + table[:outElements] (the table may be longer: learned positions up to maxPositions);
// concat: the class token prepended to every sample's tokens. Nothing kept.
export const parameterImpl: OpImpl<'parameter'> = {
  weights: (op) => [{ name: 'weight', shape: [op.attrs.size], init: 'normal', std: 0.02 }],
  forward({ tf, op, b, inputs, weights }) {
    const a = op.attrs;
    const p = weights[0];
    if (a.combine === 'add') {
      const used = a.size === a.outElements ? p : tf.slice(p, 0, a.outElements);
      return { out: tf.add(inputs[0], used), saved: [] };
    }
    const d = a.size;
    const tokens = op.inputs[0].perSample / d;
    const cls = tf.broadcastTo(tf.reshape(p, [1, 1, d]), [b, 1, d]);
    const y = tf.concat([cls, tf.reshape(inputs[0], [b, tokens, d])], 1);
    return { out: tf.reshape(y, [b, a.outElements]), saved: [] };
  },
  backward({ tf, op, b, dy, needInput, needWeight }) {
    const a = op.attrs;
    if (a.combine === 'add') {
      // the input gradient is the output gradient itself (same tensor: no copy)
      const dx = needInput[0] ? alias(tf, dy) : null;
      const dp = needWeight[0]
        ? inPhase('weightGrad', () => {
            const s = tf.sum(dy, 0);
            if (a.size === a.outElements) return s;
            const padded = tf.pad(s, [[0, a.size - a.outElements]]);
            free(s);
            return padded;
          })
        : null;
      return { inputs: [dx], weights: [dp] };
    }
    const d = a.size;
    const tokens = a.outElements / d;
    const dy3 = tf.reshape(dy, [b, tokens, d]);
    const dx = needInput[0]
      ? inPhase('inputGrad', () => tf.reshape(tf.slice(dy3, [0, 1, 0], [b, tokens - 1, d]), [b, (tokens - 1) * d]))
      : null;
    const dp = needWeight[0]
      ? inPhase('weightGrad', () => {
          const first = tf.slice(dy3, [0, 0, 0], [b, 1, d]);
          const s = tf.reshape(tf.sum(first, [0, 1]), [d]);
          free(first);
          return s;
        })
      : null;
    return { inputs: [dx], weights: [dp] };
  },
};

