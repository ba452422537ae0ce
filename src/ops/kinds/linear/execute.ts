// The linear layer's TensorFlow.js implementation (validation executor).

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../../../validate/measure/phase.js';
import { free, type OpImpl } from '../../execute.js';
import { linearReadsSlice } from './index.js';

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
    if (linearReadsSlice(op)) {
      const tokens = op.inputs[0]!.perSample / a.inFeatures;
      x2 = tf.reshape(tf.slice(tf.reshape(inputs[0]!, [b, tokens, a.inFeatures]), [0, 0, 0], [b, a.rows, a.inFeatures]), [n, a.inFeatures]);
    } else {
      x2 = tf.reshape(inputs[0]!, [n, a.inFeatures]);
    }
    // a tied head has no weight of its own: the executor puts the embedding table first
    const [w, bias] = weights;
    let y = tf.matMul(x2, w!, false, true);
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
        const d = tf.matMul(dy2, w!);
        if (!linearReadsSlice(op)) return tf.reshape(d, [b, op.inputs[0]!.perSample]);
        const tokens = op.inputs[0]!.perSample / a.inFeatures;
        const padded = tf.pad(tf.reshape(d, [b, a.rows, a.inFeatures]), [
          [0, 0],
          [0, tokens - a.rows],
          [0, 0],
        ]);
        free(d);
        return tf.reshape(padded, [b, op.inputs[0]!.perSample]);
      });
    }
    // forward kept x when the weight trains: weightTrains and needWeight are the same flags
    const dW = needWeight[0] ? inPhase('weightGrad', () => tf.matMul(dy2, saved[0]!, true, false)) : null;
    const db = bias && needWeight[1] ? inPhase('weightGrad', () => tf.sum(dy2, 0)) : null;
    return { inputs: [dx], weights: bias ? [dW, db] : [dW] };
  },
};
