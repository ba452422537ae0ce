// UnsortedSegmentSum: out[s, :] = Σ x[i, :] over the rows i with segmentIds[i] = s — the scatter-add that
// is an embedding table's gradient. Why our own: wasm has none, and cpu's builds one masked copy of x per
// segment (vocabulary-sized loops and hidden buffers). One pass over the rows, no intermediate buffers.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from './types.js';
import { readValues, writeOutput } from './io.js';

export function unsortedSegmentSumKernel(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const rows = segmentIds.shape.reduce((p, q) => p * q, 1);
    const inner = x.shape.slice(segmentIds.shape.length).reduce((p, q) => p * q, 1);
    const xv = readValues(backend, x);
    const ids = readValues(backend, segmentIds);
    return writeOutput(backend, [numSegments, ...x.shape.slice(segmentIds.shape.length)], (out) => {
      // in range: ids holds `rows` values, x holds rows·inner and out numSegments·inner (s is checked)
      for (let i = 0; i < rows; i++) {
        const s = ids[i]!;
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner;
        const xi = i * inner;
        for (let j = 0; j < inner; j++) out[o + j]! += xv[xi + j]!;
      }
    });
  };
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc };
}
