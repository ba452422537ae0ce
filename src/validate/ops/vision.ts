// conv2d (NHWC), pool and global average pool.

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../measure/phase.js';
import { free, type OpImpl } from './types.js';

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
    const x = tf.reshape(inputs[0], [b, a.inH, a.inW, a.inChannels]);
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
          const r = tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter: weights[0] }, { ...attrs, inputShape: [b, a.inH, a.inW, a.inChannels] } as never) as Tensor;
          return tf.reshape(r, [b, a.inH * a.inW * a.inChannels]);
        })
      : null;
    const dW = needWeight[0]
      ? inPhase('weightGrad', () => tf.engine().runKernel('Conv2DBackpropFilter', { x: saved[0], dy: g }, { ...attrs, filterShape: weights[0].shape } as never) as Tensor)
      : null;
    const db = weights[1] && needWeight[1] ? inPhase('weightGrad', () => tf.sum(g, [0, 1, 2])) : null;
    return { inputs: [dx], weights: weights[1] ? [dW, db] : [dW] };
  },
};

// max keeps input and output (MaxPoolGrad needs both), avg keeps the input only for its shape.
export const poolImpl: OpImpl<'pool'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0], [b, a.inH, a.inW, a.channels]) as never;
    const y = (a.mode === 'max' ? tf.maxPool(x, a.kernel, a.stride, a.padding) : tf.avgPool(x, a.kernel, a.stride, a.padding)) as Tensor;
    return { out: tf.reshape(y, [b, a.outH * a.outW * a.channels]), saved: a.mode === 'max' ? [x, y] : [x] };
  },
  backward({ tf, op, b, dy, saved, needInput }) {
    const a = op.attrs;
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const g = tf.reshape(dy, [b, a.outH, a.outW, a.channels]);
    const attrs = { filterSize: a.kernel, strides: a.stride, pad: a.padding, dimRoundingMode: undefined };
    const dx = inPhase('inputGrad', () => {
      const r = (a.mode === 'max'
        ? tf.engine().runKernel('MaxPoolGrad', { dy: g, input: saved[0], output: saved[1] }, attrs as never)
        : tf.engine().runKernel('AvgPoolGrad', { dy: g, input: saved[0] }, attrs as never)) as Tensor;
      return tf.reshape(r, [b, a.inH * a.inW * a.channels]);
    });
    return { inputs: [dx], weights: [] };
  },
};

// mean over the spatial positions; keeps nothing. Backward broadcasts dy/(H·W) (one buffer).
export const globalAvgpoolImpl: OpImpl<'global-avgpool'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0], [b, a.inH * a.inW, a.channels]);
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
