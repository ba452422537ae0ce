// Our Conv2DBackpropFilter and UnsortedSegmentSum against the cpu backend's built-ins, on cpu and wasm, and our
// depthwise-convolution gradients (wasm only) against cpu's built-ins.

import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/validate/backend.js';
import { builtinKernel } from '../../src/validate/kernels/register.js';
import { at } from '../at.js';

type Case = { x: [number, number, number, number]; f: [number, number, number, number]; stride: number; pad: 'same' | 'valid' | number };
const cases: Case[] = [
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], stride: 1, pad: 1 },
  { x: [2, 9, 9, 4], f: [3, 3, 4, 6], stride: 2, pad: 1 },
  { x: [3, 6, 6, 8], f: [1, 1, 8, 4], stride: 1, pad: 0 },
  { x: [1, 8, 8, 4], f: [1, 1, 4, 8], stride: 2, pad: 'valid' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 2], stride: 2, pad: 'same' },
  { x: [2, 16, 16, 3], f: [4, 4, 3, 8], stride: 4, pad: 'valid' },
];

function rand(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 2147483648 - 0.5;
  }
  return a;
}

describe('validation kernels', () => {
  it('Conv2DBackpropFilter matches the cpu built-in', async () => {
    const tf = await useBackend('cpu');
    const builtin = builtinKernel('Conv2DBackpropFilter', 'cpu');
    expect(builtin).toBeDefined();
    for (const [i, c] of cases.entries()) {
      const x = tf.tensor4d(
        rand(
          c.x.reduce((a, b) => a * b),
          i + 1,
        ),
        c.x,
      );
      const fwd = tf.conv2d(x, tf.zeros(c.f) as never, c.stride, c.pad);
      const dy = tf.tensor(rand(fwd.size, i + 7), fwd.shape);
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.f };
      const ours = tf.engine().runKernel<import('@tensorflow/tfjs-core').Tensor>('Conv2DBackpropFilter', { x, dy }, attrs as never);
      const refInfo = builtin!.kernelFunc({ inputs: { x, dy }, backend: tf.backend(), attrs: attrs as never }) as import('@tensorflow/tfjs-core').TensorInfo;
      const ref = tf.engine().makeTensorFromTensorInfo(refInfo);
      expect(ours.shape).toEqual(c.f);
      const err = tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0];
      const scale = tf.max(tf.abs(ref)).dataSync()[0]!; // max over all elements: a scalar
      expect(err).toBeLessThan(1e-5 * Math.max(1, scale));
      tf.dispose([x, fwd, dy, ours, ref]);
    }
  });

  it('UnsortedSegmentSum matches the cpu built-in and runs on wasm', async () => {
    let tf = await useBackend('cpu');
    const ids = [3, 0, 3, 1, 4, 0, 3];
    const xs = rand(ids.length * 5, 3);
    const builtin = builtinKernel('UnsortedSegmentSum', 'cpu')!;
    const x = tf.tensor2d(xs, [ids.length, 5]);
    const seg = tf.tensor1d(ids, 'int32');
    const ours = tf.unsortedSegmentSum(x, seg, 6).arraySync();
    const refInfo = builtin.kernelFunc({
      inputs: { x, segmentIds: seg },
      backend: tf.backend(),
      attrs: { numSegments: 6 },
    }) as import('@tensorflow/tfjs-core').TensorInfo;
    const ref = tf.engine().makeTensorFromTensorInfo(refInfo).arraySync() as number[][];
    expect(ours).toEqual(ref.map((r) => r.map((v) => expect.closeTo(v, 5))));
    tf = await useBackend('wasm');
    const w = tf.unsortedSegmentSum(tf.tensor2d(xs, [ids.length, 5]), tf.tensor1d(ids, 'int32'), 6).arraySync();
    expect(w).toEqual(ref.map((r) => r.map((v) => expect.closeTo(v, 5))));
    await useBackend('cpu');
  });

  it('Conv2DBackpropFilter on wasm equals cpu', async () => {
    const c = at(cases, 1, 'case');
    const xs = rand(
      c.x.reduce((a, b) => a * b),
      11,
    );
    const run = async (name: 'cpu' | 'wasm') => {
      const tf = await useBackend(name);
      const x = tf.tensor4d(xs, c.x);
      const fwd = tf.conv2d(x, tf.zeros(c.f) as never, c.stride, c.pad);
      const dy = tf.tensor(rand(fwd.size, 5), fwd.shape);
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: c.f };
      const out = tf
        .engine()
        .runKernel<import('@tensorflow/tfjs-core').Tensor>('Conv2DBackpropFilter', { x, dy }, attrs as never)
        .dataSync();
      return Array.from(out);
    };
    const a = await run('cpu');
    const b = await run('wasm');
    expect(b).toHaveLength(a.length);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 4)); // same length, checked above
    await useBackend('cpu');
  });

  it.each([
    { x: [2, 8, 8, 4], k: 7, stride: 1, pad: 3 },
    { x: [1, 9, 9, 3], k: 3, stride: 2, pad: 1 },
  ] as const)('the depthwise gradients on wasm equal cpu built-ins (%o)', async (c) => {
    const C = c.x[3];
    const f: [number, number, number, number] = [c.k, c.k, C, 1];
    const run = async (name: 'cpu' | 'wasm') => {
      const tf = await useBackend(name);
      const x = tf.tensor4d(rand(c.x[0] * c.x[1] * c.x[2] * c.x[3], 3), [...c.x]);
      const w = tf.tensor4d(rand(c.k * c.k * C, 9), f);
      const fwd = tf.depthwiseConv2d(x, w, c.stride, c.pad);
      const dy = tf.tensor(rand(fwd.size, 5), fwd.shape);
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dilations: [1, 1] };
      const run1 = (kernel: string, inputs: object, extra: object) =>
        Array.from(
          tf
            .engine()
            .runKernel<import('@tensorflow/tfjs-core').Tensor>(kernel, inputs as never, { ...attrs, ...extra })
            .dataSync(),
        );
      return [
        ...run1('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { inputShape: [...c.x] }),
        ...run1('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { filterShape: f }),
      ];
    };
    const a = await run('cpu');
    const b = await run('wasm');
    expect(b).toHaveLength(a.length);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 4)); // same length, checked above
    await useBackend('cpu');
  });
});
