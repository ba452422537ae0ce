// The embedding's TensorFlow.js implementation (validation executor).

import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

// gather of table rows; keeps the ids for the scatter-add gradient (our UnsortedSegmentSum kernel).
export const embeddingImpl: OpImpl<'embedding'> = {
  weights: (op) => [{ name: 'weight', shape: [op.attrs.numEmbeddings, op.attrs.dim], init: 'normal', std: 0.02 }],
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const ids = tf.reshape(inputs[0]!, [b * op.attrs.tokens]);
    return { out: tf.reshape(tf.gather(weights[0]!, ids), [b, op.attrs.tokens * op.attrs.dim]), saved: weightTrains?.[0] ? [ids] : [] };
  },
  backward({ tf, op, b, dy, saved, needWeight }) {
    const a = op.attrs;
    const dE = needWeight[0]
      ? inPhase('weightGrad', () => tf.unsortedSegmentSum(tf.reshape(dy, [b * a.tokens, a.dim]), saved[0] as never, a.numEmbeddings))
      : null;
    return { inputs: [null], weights: [dE] };
  },
};
