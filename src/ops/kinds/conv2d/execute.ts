// The convolution's TensorFlow.js implementation (NHWC; validation executor): dense, or depthwise (groups =
// input channels = output channels: one filter per channel, ConvNeXt's 7×7).

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Conv2dAttrs } from '../../../graph/types.js';
import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

function isDepthwise(a: Conv2dAttrs): boolean {
  return a.groups === a.inChannels && a.outChannels === a.inChannels;
}

// Filter [kh, kw, in, out] (tfjs layout; depthwise [kh, kw, channels, 1]). Keeps the input for the weight
// gradient; the filter is read through the variable. Input gradient: Conv2DBackpropInput (depthwise:
// DepthwiseConv2dNativeBackpropInput); weight gradient: Conv2DBackpropFilter (ours) or
// DepthwiseConv2dNativeBackpropFilter (cpu's built-in, ours on wasm: src/validate/kernels/).
export const conv2dImpl: OpImpl<'conv2d'> = {
  weights: (op) => {
    const a = op.attrs;
    const depthwise = isDepthwise(a);
    if (a.groups !== 1 && !depthwise) throw new Error(`${op.name}: grouped convolution other than depthwise is not implemented by the validation executor`);
    const fanIn = (a.inChannels / a.groups) * a.kernelH * a.kernelW;
    const shape = [a.kernelH, a.kernelW, a.inChannels, depthwise ? 1 : a.outChannels];
    const w = [{ name: 'weight', shape, init: 'normal' as const, std: Math.sqrt(2 / fanIn) }];
    return a.bias ? [...w, { name: 'bias', shape: [a.outChannels], init: 'zeros' as const }] : w;
  },
  forward({ tf, op, b, inputs, weights, weightTrains }) {
    const a = op.attrs;
    const x = tf.reshape(inputs[0]!, [b, a.inH, a.inW, a.inChannels]);
    const conv = isDepthwise(a) ? tf.depthwiseConv2d : tf.conv2d;
    let y = conv(x as never, weights[0] as never, a.stride, a.padding) as Tensor;
    if (weights[1]) y = tf.add(y, weights[1]);
    return { out: tf.reshape(y, [b, a.outH * a.outW * a.outChannels]), saved: weightTrains?.[0] ? [x] : [] };
  },
  backward({ tf, op, b, dy, saved, weights, needInput, needWeight }) {
    const a = op.attrs;
    const depthwise = isDepthwise(a);
    const g = tf.reshape(dy, [b, a.outH, a.outW, a.outChannels]);
    const attrs = { strides: [a.stride, a.stride], pad: a.padding, dimRoundingMode: undefined };
    const dense = { ...attrs, dataFormat: 'NHWC' };
    const depth = { ...attrs, dilations: [1, 1] };
    const dx = needInput[0]
      ? inPhase('inputGrad', () => {
          const inputShape = [b, a.inH, a.inW, a.inChannels];
          const r = tf.engine().runKernel<Tensor>(depthwise ? 'DepthwiseConv2dNativeBackpropInput' : 'Conv2DBackpropInput', { dy: g, filter: weights[0]! }, {
            ...(depthwise ? depth : dense),
            inputShape,
          } as never);
          return tf.reshape(r, [b, a.inH * a.inW * a.inChannels]);
        })
      : null;
    // forward kept x when the weight trains: weightTrains and needWeight are the same flags
    const dW = needWeight[0]
      ? inPhase('weightGrad', () =>
          tf.engine().runKernel<Tensor>(depthwise ? 'DepthwiseConv2dNativeBackpropFilter' : 'Conv2DBackpropFilter', { x: saved[0]!, dy: g }, {
            ...(depthwise ? depth : dense),
            filterShape: weights[0]!.shape,
          } as never),
        )
      : null;
    const db = weights[1] && needWeight[1] ? inPhase('weightGrad', () => tf.sum(g, [0, 1, 2])) : null;
    return { inputs: [dx], weights: weights[1] ? [dW, db] : [dW] };
  },
};
