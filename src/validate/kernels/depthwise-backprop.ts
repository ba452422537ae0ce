// The two gradients of a depthwise 2-D convolution (channel multiplier 1, NHWC, dilation 1), which the wasm
// backend of tfjs 4.22 lacks (the cpu backend has both; the validation registers these on wasm only):
// DepthwiseConv2dNativeBackpropInput, dx[n, ih, iw, c] = Σ dy[n, oh, ow, c]·w[kh, kw, c] over the taps that read
// (ih, iw), and DepthwiseConv2dNativeBackpropFilter, dW[kh, kw, c] = Σ x[n, ih, iw, c]·dy[n, oh, ow, c].
// Direct loops over every output position and filter tap; the innermost loop runs over the channels.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tf } from './types.js';
import { readValues, writeOutput } from './io.js';

interface DepthwiseAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Calls `tap(xBase, dyBase, wBase, C)` for every (output position, filter tap inside the input). */
function forEachTap(tf: Tf, xShape: number[], filterShape: number[], a: DepthwiseAttrs, tap: (x: number, dy: number, w: number) => void): number {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    true,
    'channelsLast',
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  if (info.outChannels !== C) throw new Error('depthwise convolution gradients: only a channel multiplier of 1 is supported');
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyBase = ((n * OH + oh) * OW + ow) * C;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - info.padInfo.top + kh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - info.padInfo.left + kw;
            if (iw < 0 || iw >= W) continue;
            tap(((n * H + ih) * W + iw) * C, dyBase, (kh * KW + kw) * C);
          }
        }
      }
    }
  }
  return C;
}

export function depthwiseBackpropInputKernel(tf: Tf, backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
    const dyv = readValues(backend, dy);
    const wv = readValues(backend, filter);
    return writeOutput(backend, a.inputShape, (dx) => {
      const C = a.inputShape[3];
      forEachTap(tf, a.inputShape, filter.shape, a, (x, d, w) => {
        for (let c = 0; c < C; c++) dx[x + c]! += dyv[d + c]! * wv[w + c]!;
      });
    });
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName, kernelFunc };
}

export function depthwiseBackpropFilterKernel(tf: Tf, backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
    const xv = readValues(backend, x);
    const dyv = readValues(backend, dy);
    return writeOutput(backend, a.filterShape, (dw) => {
      const C = x.shape[3]!;
      forEachTap(tf, x.shape, a.filterShape, a, (xb, d, w) => {
        for (let c = 0; c < C; c++) dw[w + c]! += xv[xb + c]! * dyv[d + c]!;
      });
    });
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName, kernelFunc };
}
