// Conv2DBackpropFilter (the weight gradient of a 2-D convolution), NHWC, dilation 1.
// Why our own: the wasm backend of tfjs 4.22 has none, and the cpu one is slow enough to dominate a step.
// A direct loop: for every output position, every filter tap inside the padded input adds
// x[n, ih, iw, :] ⊗ dy[n, oh, ow, :] into dW[kh, kw, :, :]; the innermost loop runs over the output
// channels, contiguous in both dy and dW.

import type { KernelConfig, KernelFunc, Tf } from './types.js';
import { readValues, writeOutput } from './io.js';

export function conv2dBackpropFilterKernel(tf: Tf, backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: import('@tensorflow/tfjs-core').TensorInfo; dy: import('@tensorflow/tfjs-core').TensorInfo };
    const a = attrs as unknown as {
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | number[][];
      dataFormat?: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: only NHWC is supported');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      1,
      a.pad as never,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info;
    const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const xv = readValues(backend, x);
    const dyv = readValues(backend, dy);
    return writeOutput(backend, a.filterShape, (dw) => {
      // every index below is in range: the loops run over the shapes computeConv2DInfo derived, ih and iw are checked
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < OH; oh++) {
          for (let ow = 0; ow < OW; ow++) {
            const dyBase = ((n * OH + oh) * OW + ow) * CO;
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * SH - top + kh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * SW - left + kw;
                if (iw < 0 || iw >= W) continue;
                const xBase = ((n * H + ih) * W + iw) * CI;
                const wTap = (kh * KW + kw) * CI;
                for (let ci = 0; ci < CI; ci++) {
                  const xval = xv[xBase + ci]!;
                  if (xval === 0) continue;
                  const wBase = (wTap + ci) * CO;
                  for (let co = 0; co < CO; co++) dw[wBase + co]! += xval * dyv[dyBase + co]!;
                }
              }
            }
          }
        }
      }
    });
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc };
}
