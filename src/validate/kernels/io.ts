// Reading kernel inputs and writing kernel outputs on the cpu and wasm backends, for the kernels that the
// validation registers itself. cpu keeps Float32Arrays in its data store; wasm keeps them in its heap.

import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

interface CpuLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** The input's elements (a view, not a copy, on cpu). */
export function readValues(backend: unknown, t: TensorInfo): Float32Array | Int32Array {
  if (isWasm(backend)) return backend.typedArrayFromHeap(t);
  return (backend as KernelBackend).readSync(t.dataId) as Float32Array | Int32Array;
}

function isWasm(b: unknown): b is WasmLike {
  return typeof (b as WasmLike).typedArrayFromHeap === 'function';
}

/** Allocate a float32 output, fill it with `fill` and return it as the kernel's result. */
export function writeOutput(backend: unknown, shape: number[], fill: (out: Float32Array) => void): TensorInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  if (isWasm(backend)) {
    const out = backend.makeOutput(shape, 'float32');
    const view = backend.typedArrayFromHeap(out);
    view.fill(0);
    fill(view);
    return out;
  }
  const values = new Float32Array(size);
  fill(values);
  return (backend as CpuLike).makeTensorInfo(shape, 'float32', values);
}
