// PyTorch's CUDA caching allocator: what it asks the driver for, and what it holds beyond the live tensors.
//
// The rules are those of c10/cuda/CUDACachingAllocator.cpp (constants kMinBlockSize, kSmallSize, kSmallBuffer,
// kMinLargeAlloc, kLargeBuffer, kRoundLarge; functions round_size and get_allocation_size):
//   - every request is rounded up to a multiple of 512 bytes;
//   - a request of at most 1 MiB is served from the small pool, whose segments are 2 MiB;
//   - a larger request below 10 MiB that no cached block can serve gets a new 20 MiB segment (split later);
//   - a request of 10 MiB or more gets a segment of its size rounded up to 2 MiB;
//   - a block is carved out of one segment and never spans two, so free space split over segments cannot
//     serve a request larger than each piece (fragmentation), and cached segments are kept, not returned.
// What is held beyond the live tensors at the peak depends on the order and sizes of a job's allocations over
// its steps, which segplan does not replay; it is a margin over the allocated bytes, taken from published
// pairs of PyTorch's own counters below (RESERVED_EVIDENCE) and overridable (`allocatorReserve`).

import type { RuntimeName } from '../vocabulary.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** kMinBlockSize: every request is rounded up to a multiple of it */
export const MIN_BLOCK_BYTES = 512;
/** kSmallSize: requests up to this size come from the small pool */
export const SMALL_REQUEST_BYTES = 1 * MiB;
/** kSmallBuffer: the segment size of the small pool */
export const SMALL_SEGMENT_BYTES = 2 * MiB;
/** kMinLargeAlloc: large requests below this share a kLargeBuffer segment */
export const MIN_LARGE_ALLOC_BYTES = 10 * MiB;
/** kLargeBuffer */
export const LARGE_SEGMENT_BYTES = 20 * MiB;
/** kRoundLarge: larger segments are rounded up to a multiple of it */
export const ROUND_LARGE_BYTES = 2 * MiB;

function roundUp(bytes: number, unit: number): number {
  return Math.ceil(bytes / unit) * unit;
}

/** The block a request of `bytes` occupies (round_size). */
export function blockBytes(bytes: number): number {
  return Math.max(MIN_BLOCK_BYTES, roundUp(bytes, MIN_BLOCK_BYTES));
}

/** The segment the allocator asks the driver for when no cached block can serve `bytes` (get_allocation_size). */
export function segmentBytes(bytes: number): number {
  const block = blockBytes(bytes);
  if (block <= SMALL_REQUEST_BYTES) return SMALL_SEGMENT_BYTES;
  if (block < MIN_LARGE_ALLOC_BYTES) return LARGE_SEGMENT_BYTES;
  return roundUp(block, ROUND_LARGE_BYTES);
}

/**
 * A published pair of PyTorch's counters from one training setting: the allocated bytes (live tensors) and
 * the reserved bytes (segments the caching allocator holds) at the same point.
 */
export interface ReservedEvidence {
  source: string;
  setting: string;
  allocatedGiB: number;
  reservedGiB: number;
  /** 'peak': the two high-water marks of a run; 'at OOM': the out-of-memory message's split */
  when: 'peak' | 'at OOM';
  /** how the pair was obtained, when not straight from one run's counters */
  note?: string;
}

export const RESERVED_EVIDENCE: readonly ReservedEvidence[] = [
  {
    source: 'https://github.com/meta-pytorch/torchtune/pull/1348',
    setting: 'torchtune, CodeLlama-2 7B full fine-tune, single GPU',
    allocatedGiB: 13.19,
    reservedGiB: 13.27,
    when: 'peak',
  },
  {
    source: 'https://github.com/pytorch/pytorch/issues/152135',
    setting: 'a training run on a 79.26 GiB GPU',
    allocatedGiB: 74.77,
    reservedGiB: 74.77 + 3.87,
    when: 'at OOM',
  },
  {
    source: 'https://github.com/vllm-project/compressed-tensors/pull/587',
    setting: 'Llama-3.3-70B example with offloading on a 79.18 GiB GPU',
    allocatedGiB: 75.31,
    reservedGiB: 75.31 + 1.83,
    when: 'at OOM',
  },
  {
    source: 'https://github.com/PrimeIntellect-ai/prime-rl/pull/1126',
    setting: 'prime-rl SFT of a small MoE debug model, 2 GPUs, step 1',
    allocatedGiB: 5.2,
    reservedGiB: 7.8,
    when: 'peak',
    note: 'the PR prints the same run with the allocated figure before and the reserved figure after the change',
  },
  {
    source: 'https://github.com/meta-pytorch/torchtune/issues/1185',
    setting: 'torchtune, Llama-3 8B QLoRA, single A100-80GB, 20 steps',
    allocatedGiB: 10.831,
    reservedGiB: 16.39,
    when: 'peak',
    note: 'reserved with expandable segments (which map memory as it is used, so reserved ≈ allocated) stands in for allocated',
  },
];

/** The reserved bytes beyond the allocated ones, as a fraction of the allocated ones. */
export function reservedExcess(e: ReservedEvidence): number {
  return e.reservedGiB / e.allocatedGiB - 1;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The default margin: the median reserved excess of the published pairs (rounded to 0.1 %). The pairs range
 * from under 1 % (a 7B full fine-tune dominated by model states) to about 50 % (small models and QLoRA, whose
 * live set is mostly activations and transients of varying sizes); the median is the typical case, and a plan
 * within the margin of capacity is flagged rather than called safe.
 */
export const DEFAULT_ALLOCATOR_MARGIN = Math.round(median(RESERVED_EVIDENCE.map(reservedExcess)) * 1000) / 1000;

/** The default margin of a runtime: PyTorch's caching allocator's; TensorFlow.js is measured by its live buffers. */
export function defaultAllocatorMargin(runtime: RuntimeName): number {
  return runtime === 'tfjs' ? 0 : DEFAULT_ALLOCATOR_MARGIN;
}

/** What the caching allocator holds (max_memory_reserved) for a peak of `allocated` live bytes. */
export function reservedBytes(allocated: number, margin: number): number {
  return Math.ceil(allocated * (1 + margin));
}

/**
 * The largest allocated-plus-fixed peak whose held memory fits `capacity`: the fold's events carry the fixed
 * bytes outside the allocator (`fixed`) plus the live tensors, and `fixed + reserved(live) ≤ capacity` iff
 * `fixed + live ≤ fixed + (capacity − fixed) / (1 + margin)`.
 */
export function liveCapacity(capacity: number, fixed: number, margin: number): number {
  if (capacity <= fixed) return capacity;
  return Math.floor(fixed + (capacity - fixed) / (1 + margin));
}

/**
 * Reserved bytes after allocating `requests` in order with nothing freed (a model moved to the GPU, states
 * created at the first step): each request takes the best-fitting free block of its pool or a new segment, and
 * the rest of the block stays free (split) when it is larger than the pool's smallest split (a large block is
 * split only when more than 1 MiB remains).
 */
export function reservedAfter(requests: readonly number[]): number {
  const free: { small: number[]; large: number[] } = { small: [], large: [] };
  let reserved = 0;
  for (const request of requests) {
    const size = blockBytes(request);
    const small = size <= SMALL_REQUEST_BYTES;
    const pool = small ? free.small : free.large;
    let best = -1;
    for (let i = 0; i < pool.length; i++) if (pool[i]! >= size && (best < 0 || pool[i]! < pool[best]!)) best = i;
    let block: number;
    if (best >= 0) {
      block = pool[best]!;
      pool.splice(best, 1);
    } else {
      block = segmentBytes(request);
      reserved += block;
    }
    const rest = block - size;
    if (small ? rest >= MIN_BLOCK_BYTES : rest > SMALL_REQUEST_BYTES) pool.push(rest);
  }
  return reserved;
}
