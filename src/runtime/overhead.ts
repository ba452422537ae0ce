// Fixed per-GPU memory of the runtime that PyTorch's caching allocator does not count: the CUDA context
// (driver state and loaded kernels) and NCCL's communication buffers. nvidia-smi shows it beside what the
// allocator reserves; torch.cuda.max_memory_allocated and max_memory_reserved do not.

import type { RuntimeName } from '../vocabulary.js';
import { segmentBytes } from './allocator.js';

const MiB = 1024 * 1024;

/** The CUDA context by CUDA generation and module loading, each a published reading less the tensor it took. */
export interface CudaContextFigure {
  bytes: number;
  /** the reading: device memory in use after creating one tensor */
  measuredBytes: number;
  /** the elements × bytes of the tensor created for the reading; its allocator segment is subtracted */
  tensorBytes: number;
  setting: string;
  source: string;
}

function context(measuredBytes: number, tensorBytes: number, setting: string, source: string): CudaContextFigure {
  return { bytes: measuredBytes - segmentBytes(tensorBytes), measuredBytes, tensorBytes, setting, source };
}

export const CUDA_CONTEXTS = {
  // torch.randn(20, 16, 50, 100).cuda(): 1.6 M fp32 elements, 6.4 MB, held in a 20 MiB segment
  lazy: context(
    287_047_680,
    20 * 16 * 50 * 100 * 4,
    'CUDA ≥ 11.7 with lazy module loading (PyTorch ≥ 1.13 sets CUDA_MODULE_LOADING=LAZY; the CUDA default since 12.2)',
    'cudaMemGetInfo total − free, pytorch/pytorch PR #86509',
  ),
  eager: context(
    666_632_192,
    20 * 16 * 50 * 100 * 4,
    'CUDA ≥ 11.7 with eager module loading (CUDA_MODULE_LOADING=EAGER)',
    'cudaMemGetInfo total − free, pytorch/pytorch PR #86509',
  ),
  // torch.ones((1, 1)).to("cuda"): one fp32 element, in a 2 MiB small-pool segment
  'cuda-11.2': context(
    1343 * MiB,
    4,
    'CUDA 11.2, driver 460.91.03, V100-SXM2 16 GB: every kernel module loaded at start (no lazy loading before 11.7)',
    'nvidia-smi "used" (MiB), Hugging Face transformers docs, "Efficient Training on a Single GPU" (perf_train_gpu_one.md, 2022)',
  ),
} as const satisfies Record<string, CudaContextFigure>;

export type CudaContextName = keyof typeof CUDA_CONTEXTS;

/** PyTorch's CUDA context under the default (lazy) module loading. */
export const CUDA_CONTEXT_BYTES = CUDA_CONTEXTS.lazy.bytes;

/** NCCL_BUFFSIZE's default (NCCL docs, "Environment Variables"): the buffer of one connection of one channel. */
export const NCCL_BUFFSIZE_BYTES = 4 * MiB;
/**
 * Channels NCCL opens: it picks them by topology (bounded by NCCL_MIN_NCHANNELS / NCCL_MAX_NCHANNELS); a named
 * assumption, not a measurement.
 */
const NCCL_CHANNELS_ASSUMED = 8;
/** A ring's peers of one rank: the previous and the next rank. */
const NCCL_RING_PEERS = 2;

/** NCCL's communication buffers on one GPU of a data-parallel group of `gpus` (none on one GPU). */
export function ncclBufferBytes(gpus: number): number {
  return gpus > 1 ? NCCL_BUFFSIZE_BYTES * NCCL_CHANNELS_ASSUMED * NCCL_RING_PEERS : 0;
}

/** The runtime's default fixed bytes per GPU: its CUDA context, and NCCL's buffers when it communicates. */
export function runtimeOverheadBytes(runtime: RuntimeName, gpus = 1, cudaContext: CudaContextName = 'lazy'): number {
  return runtime === 'tfjs' ? 0 : CUDA_CONTEXTS[cudaContext].bytes + ncclBufferBytes(gpus);
}
