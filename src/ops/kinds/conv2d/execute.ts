// The convolution's TensorFlow.js implementation (NHWC; validation executor).

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

// Filter [kh, kw, in, out] (tfjs layout). Keeps the input for the weight gradient; the filter is read
// through the variable. Input gradient: Conv2DBackpropInput; weight gradient: Conv2DBackpropFilter (ours).
export const conv2dImpl: OpImpl<'conv2d'> = {
  weights: (op) => {
    const a = op.attrs;
    if (a.groups !== 1) throw new Error(`${op.name}: grouped convolution is not implemented by the validation executor`);
    const fanIn = a.inChannels * a.kernelH * a.kernelW;
    const w = [{ name: 'weight', shape: [a.kernelH, a.kernelW, a.inChannels, a.outChannels], init: 'normal' as const, std: Math.sqrt(2 / fanIn) }];
    return a.bias ? [...w, { name: 'bias', shape: [a.outChannels], init: 'zeros' as const }] : w;
  },
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0]!, [b, a.inH, a.inW, a.inChannels]);
    let y = tf.conv2d(x as never, weights[0] as never, a.stride, a.padding) as Tensor;
    if (weights[1]) y = tf.add(y, weights[1]);
    return { out: tf.reshape(y, [b, a.outH * a.outW * a.outChannels]), saved: weightTrains?.[0] ? [x] : [] };
  },
  backward({ tf, op, b, dy, saved, weights, needInput, needWeight }) {
    const a = op.attrs;
    const g = tf.reshape(dy, [b, a.outH, a.outW, a.outChannels]);
    const attrs = { strides: [a.stride, a.stride], pad: a.padding, dataFormat: 'NHWC', dimRoundingMode: undefined };
    const dx = needInput[0]
      ? inPhase('inputGrad', () => {
          const r = tf
            .engine()
            .runKernel<Tensor>('Conv2DBackpropInput', { dy: g, filter: weights[0]! }, { ...attrs, inputShape: [b, a.inH, a.inW, a.inChannels] } as never);
          return tf.reshape(r, [b, a.inH * a.inW * a.inChannels]);
        })
      : null;
    // forward kept x when the weight trains: weightTrains and needWeight are the same flags
    const dW = needWeight[0]
      ? inPhase('weightGrad', () =>
          tf.engine().runKernel<Tensor>('Conv2DBackpropFilter', { x: saved[0]!, dy: g }, { ...attrs, filterShape: weights[0]!.shape } as never),
        )
      : null;
    const db = weights[1] && needWeight[1] ? inPhase('weightGrad', () => tf.sum(g, [0, 1, 2])) : null;
    return { inputs: [dx], weights: weights[1] ? [dW, db] : [dW] };
  },
};
