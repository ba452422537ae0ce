// Fixed per-GPU memory of the runtime that no tensor accounts for.
//
// PyTorch: the CUDA context (driver state and loaded kernels). With lazy module loading (the default since
// PyTorch 1.13 / CUDA 11.7) it was measured at 287,047,680 bytes after a first tensor op (cudaMemGetInfo,
// pytorch/pytorch PR #86509; 666,632,192 bytes with eager loading). It varies with the driver, the GPU and
// the kernels a job touches, so it is a named assumption the user can override.

import type { RuntimeName } from '../vocabulary.js';

export const CUDA_CONTEXT_BYTES = 287_047_680;

export function runtimeOverheadBytes(runtime: RuntimeName): number {
  return runtime === 'tfjs' ? 0 : CUDA_CONTEXT_BYTES;
}
