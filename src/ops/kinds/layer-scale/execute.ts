// Layer scale's TensorFlow.js implementation (validation executor): y = γ·x over [b·rows, features].

import { inPhase } from '../../../validate/measure/phase.js';
import { free, type OpImpl } from '../../execute.js';

// Keeps x for γ's gradient only when γ trains, as PyTorch's MulBackward0 does.
export const layerScaleImpl: OpImpl<'layer-scale'> = {
  weights: (op) => [{ name: 'gamma', shape: [op.attrs.features], init: 'ones' }],
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0]!, [b * a.rows, a.features]);
    const y = tf.mul(x, weights[0]!);
    return { out: tf.reshape(y, [b, a.rows * a.features]), saved: weightTrains?.[0] ? [x] : [] };
  },
  backward({ tf, op, b, dy, saved, weights, needInput, needWeight }) {
    const a = op.attrs;
    const g = tf.reshape(dy, [b * a.rows, a.features]);
    const dx = needInput[0] ? inPhase('inputGrad', () => tf.reshape(tf.mul(g, weights[0]!), [b, a.rows * a.features])) : null;
    const dGamma = needWeight[0]
      ? inPhase('weightGrad', () => {
          const p = tf.mul(g, saved[0]!);
          const s = tf.sum(p, 0);
          free(p);
          return s;
        })
      : null;
    return { inputs: [dx], weights: [dGamma] };
  },
};
