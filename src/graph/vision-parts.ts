// Op helpers for image models that track the feature map's shape (channels, height, width) per sample.

import type { GraphBuilder } from './builder.js';
import { norm } from './parts.js';
import type { Tensor } from './types.js';

export interface FeatureMap {
  t: Tensor;
  c: number;
  h: number;
  w: number;
}

/** PyTorch's output size of a conv/pool window: floor((in + 2·pad − k) / stride) + 1. */
export function windowOut(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

export function conv2d(
  b: GraphBuilder,
  name: string,
  x: FeatureMap,
  outChannels: number,
  kernel: number,
  stride: number,
  padding: number,
  bias: boolean,
  groups = 1,
): FeatureMap {
  const outH = windowOut(x.h, kernel, stride, padding);
  const outW = windowOut(x.w, kernel, stride, padding);
  const attrs = {
    inChannels: x.c,
    outChannels,
    kernelH: kernel,
    kernelW: kernel,
    stride,
    padding,
    groups,
    inH: x.h,
    inW: x.w,
    outH,
    outW,
    bias,
  };
  const t = b.op('conv2d', name, attrs, [x.t], outChannels * outH * outW);
  return { t, c: outChannels, h: outH, w: outW };
}

/** BatchNorm2d (affine); its running mean/var are buffers, not parameters nor graph tensors. */
export function batchnorm(b: GraphBuilder, name: string, x: FeatureMap): FeatureMap {
  const attrs = { rows: x.h * x.w, features: x.c, affine: true, bias: true };
  return { ...x, t: b.op('batchnorm', name, attrs, [x.t], x.t.perSample) };
}

export function relu(b: GraphBuilder, name: string, x: FeatureMap): FeatureMap {
  return { ...x, t: b.op('activation', name, { elements: x.t.perSample, fn: 'relu' }, [x.t], x.t.perSample) };
}

export function pool(b: GraphBuilder, name: string, x: FeatureMap, mode: 'max' | 'avg', kernel: number, stride: number, padding: number): FeatureMap {
  const outH = windowOut(x.h, kernel, stride, padding);
  const outW = windowOut(x.w, kernel, stride, padding);
  const attrs = { mode, channels: x.c, kernel, stride, padding, inH: x.h, inW: x.w, outH, outW };
  return { t: b.op('pool', name, attrs, [x.t], x.c * outH * outW), c: x.c, h: outH, w: outW };
}

/** Global average pool to a vector of `c` features. */
export function globalAvgpool(b: GraphBuilder, name: string, x: FeatureMap): Tensor {
  return b.op('global-avgpool', name, { channels: x.c, inH: x.h, inW: x.w }, [x.t], x.c);
}

/** LayerNorm over the channels of every position (torchvision's LayerNorm2d, and Swin's norms on its token maps). */
export function channelNorm(b: GraphBuilder, name: string, x: FeatureMap): FeatureMap {
  return { ...x, t: norm(b, 'layernorm', name, x.t, x.h * x.w, x.c, true) };
}

/** torchvision's stochastic-depth probability of block `index` (0-based over all stages) of `total`. */
export function stochasticDepthOf(spec: { stochasticDepth: number }, index: number, total: number): number {
  return total > 1 ? (spec.stochasticDepth * index) / (total - 1) : 0;
}

/** torchvision's StochasticDepth in "row" mode on a residual branch; p = 0 (the first block) returns its input: no op. */
export function dropPath(b: GraphBuilder, name: string, x: Tensor, p: number): Tensor {
  return p > 0 ? b.op('stochastic-depth', name, { elements: x.perSample, p }, [x], x.perSample) : x;
}
