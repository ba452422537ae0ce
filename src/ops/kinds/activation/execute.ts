// The activation's TensorFlow.js implementation (validation executor).

import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

const SQRT_2_PI = Math.sqrt(2 / Math.PI);

// relu and tanh keep their output, gelu/silu their input: what each derivative is cheapest from.
export const activationImpl: OpImpl<'activation'> = {
  weights: () => [],
  forward({ tf, op, inputs }) {
    const x = inputs[0]!;
    switch (op.attrs.fn) {
      case 'relu': {
        const y = tf.relu(x);
        return { out: y, saved: [y] };
      }
      case 'tanh': {
        const y = tf.tanh(x);
        return { out: y, saved: [y] };
      }
      case 'gelu':
        return { out: tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))), saved: [x] };
      case 'gelu_tanh':
        return {
          out: tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_PI)), 1))),
          saved: [x],
        };
      case 'silu':
        return { out: tf.tidy(() => tf.mul(x, tf.sigmoid(x))), saved: [x] };
    }
  },
  backward({ tf, op, dy, saved, needInput }) {
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const s = saved[0]!;
    const dx = inPhase('inputGrad', () =>
      tf.tidy(() => {
        switch (op.attrs.fn) {
          case 'relu':
            return tf.mul(dy, tf.step(s));
          case 'tanh':
            return tf.mul(dy, tf.sub(1, tf.square(s)));
          case 'gelu': {
            const cdf = tf.mul(tf.add(tf.erf(tf.mul(s, Math.SQRT1_2)), 1), 0.5);
            const pdf = tf.mul(tf.exp(tf.mul(tf.square(s), -0.5)), 1 / Math.sqrt(2 * Math.PI));
            return tf.mul(dy, tf.add(cdf, tf.mul(s, pdf)));
          }
          case 'gelu_tanh': {
            const inner = tf.mul(tf.add(s, tf.mul(tf.pow(s, 3), 0.044715)), SQRT_2_PI);
            const t = tf.tanh(inner);
            const dinner = tf.mul(tf.add(tf.mul(tf.square(s), 3 * 0.044715), 1), SQRT_2_PI);
            const g = tf.add(tf.mul(tf.add(t, 1), 0.5), tf.mul(tf.mul(tf.mul(s, 0.5), tf.sub(1, tf.square(t))), dinner));
            return tf.mul(dy, g);
          }
          case 'silu': {
            const sg = tf.sigmoid(s);
            return tf.mul(dy, tf.mul(sg, tf.add(tf.mul(s, tf.sub(1, sg)), 1)));
          }
        }
      }),
    );
    return { inputs: [dx], weights: [] };
  },
};
