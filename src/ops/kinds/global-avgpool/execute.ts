// The global average pool's TensorFlow.js implementation (NHWC; validation executor).

import { inPhase } from '../../../validate/measure/phase.js';
import { free, type OpImpl } from '../../execute.js';

// mean over the spatial positions; keeps nothing. Backward broadcasts dy/(H·W) (one buffer).
export const globalAvgpoolImpl: OpImpl<'global-avgpool'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0]!, [b, a.inH * a.inW, a.channels]);
    const s = tf.sum(x, 1);
    const y = tf.mul(s, 1 / (a.inH * a.inW));
    free(s);
    return { out: y, saved: [] };
  },
  backward({ tf, op, b, dy, needInput }) {
    const a = op.attrs;
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const dx = inPhase('inputGrad', () => {
      const scaled = tf.mul(dy, 1 / (a.inH * a.inW));
      const r = tf.broadcastTo(tf.reshape(scaled, [b, 1, a.channels]), [b, a.inH * a.inW, a.channels]);
      free(scaled);
      return tf.reshape(r, [b, a.inH * a.inW * a.channels]);
    });
    return { inputs: [dx], weights: [] };
  },
};
