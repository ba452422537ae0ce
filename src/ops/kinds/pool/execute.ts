// Pooling's TensorFlow.js implementation (NHWC; validation executor).

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

// max keeps input and output (MaxPoolGrad needs both), avg keeps the input only for its shape.
export const poolImpl: OpImpl<'pool'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0]!, [b, a.inH, a.inW, a.channels]) as never;
    const y = (a.mode === 'max' ? tf.maxPool(x, a.kernel, a.stride, a.padding) : tf.avgPool(x, a.kernel, a.stride, a.padding)) as Tensor;
    return { out: tf.reshape(y, [b, a.outH * a.outW * a.channels]), saved: a.mode === 'max' ? [x, y] : [x] };
  },
  backward({ tf, op, b, dy, saved, needInput }) {
    const a = op.attrs;
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const g = tf.reshape(dy, [b, a.outH, a.outW, a.channels]);
    const attrs = { filterSize: a.kernel, strides: a.stride, pad: a.padding, dimRoundingMode: undefined };
    const dx = inPhase('inputGrad', () => {
      const [kernel, inputs] =
        a.mode === 'max' ? ['MaxPoolGrad', { dy: g, input: saved[0]!, output: saved[1]! }] : ['AvgPoolGrad', { dy: g, input: saved[0]! }];
      // runKernel is typed Tensor | Tensor[]; both kernels return one tensor
      const r = tf.engine().runKernel<Tensor>(kernel, inputs, attrs as never);
      return tf.reshape(r, [b, a.inH * a.inW * a.channels]);
    });
    return { inputs: [dx], weights: [] };
  },
};
