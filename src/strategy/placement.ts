// Where model states live: on every GPU (replicated), split over the GPUs (sharded, ZeRO / FSDP), or in host
// memory (offloaded). Trainable weights, their gradients, their optimizer state and frozen weights are placed
// independently; sharding.ts names the combinations frameworks ship.

import type { PlacementOptions, Residence, ShardGroup } from '../vocabulary.js';

export interface Placement extends PlacementOptions {
  /** the GPUs a sharded state is split over (hybrid sharding: one node's) */
  group: ShardGroup;
  /**
   * Replicated gradients are reduced by PyTorch DDP, which (gradient_as_bucket_view=False, its default) copies
   * them into flat buckets for the all-reduce and keeps those; DeepSpeed's ZeRO-1/2 reduce through their own
   * fixed-size buckets instead.
   */
  ddpBuckets: boolean;
}

/** Bytes of a state on one GPU, given its full size, residence and the number of GPUs it is sharded over. */
export function onGpu(bytes: number, where: Residence, shards: number): number {
  if (where === 'replicated') return bytes;
  if (where === 'sharded') return bytes / shards;
  return 0;
}

/** Bytes of a state in host memory attributable to one GPU (offloaded states are sharded across ranks). */
export function onHost(bytes: number, where: Residence, shards: number): number {
  return where === 'offloaded' ? bytes / shards : 0;
}

/** The weights of a block must be gathered (all-gather or host-to-GPU copy) before it runs. */
export function needsGather(where: Residence, shards: number): boolean {
  return where === 'offloaded' || (where === 'sharded' && shards > 1);
}

/** The GPUs a sharded state is split over, in a cluster of `gpusPerNode` × `nodes`. */
export function shardCount(group: ShardGroup, gpusPerNode: number, nodes: number): number {
  return group === 'node' ? gpusPerNode : gpusPerNode * nodes;
}
