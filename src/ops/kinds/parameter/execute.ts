// The TensorFlow.js implementation of a learned tensor added or prepended to the activations (positional
// table, class token), for the validation executor.

import { inPhase } from '../../../validate/measure/phase.js';
import { alias, free, type OpImpl } from '../../execute.js';

// add: x + table[:outElements] (the table may be longer: learned positions up to maxPositions);
// concat: the class token prepended to every sample's tokens. Nothing kept.
export const parameterImpl: OpImpl<'parameter'> = {
  weights: (op) => [{ name: 'weight', shape: [op.attrs.size], init: 'normal', std: 0.02 }],
  forward({ tf, op, b, inputs, weights }) {
    const a = op.attrs;
    const p = weights[0]!;
    if (a.combine === 'add') {
      const used = a.size === a.outElements ? p : tf.slice(p, 0, a.outElements);
      return { out: tf.add(inputs[0]!, used), saved: [] };
    }
    const d = a.size;
    const tokens = op.inputs[0]!.perSample / d;
    const cls = tf.broadcastTo(tf.reshape(p, [1, 1, d]), [b, 1, d]);
    const y = tf.concat([cls, tf.reshape(inputs[0]!, [b, tokens, d])], 1);
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
    const dx = needInput[0] ? inPhase('inputGrad', () => tf.reshape(tf.slice(dy3, [0, 1, 0], [b, tokens - 1, d]), [b, (tokens - 1) * d])) : null;
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
