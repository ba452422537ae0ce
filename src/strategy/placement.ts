// Where model states live: on every GPU (replicated), split over the GPUs (sharded, ZeRO-3 / FSDP full
// shard), or in host memory (offloaded). Trainable and frozen parameters are placed independently.

import type { PlacementOptions, Residence } from '../vocabulary.js';

export type Placement = PlacementOptions;

/** Bytes of a state on one GPU, given its full size, residence and data-parallel world size. */
export function onGpu(bytes: number, where: Residence, gpus: number): number {
  if (where === 'replicated') return bytes;
  if (where === 'sharded') return bytes / gpus;
  return 0;
}

/** Bytes of a state in host memory attributable to one GPU (offloaded states are sharded across ranks). */
export function onHost(bytes: number, where: Residence, gpus: number): number {
  return where === 'offloaded' ? bytes / gpus : 0;
}

/** The weights of a block must be gathered (all-gather or host-to-GPU copy) before it runs. */
export function needsGather(where: Residence, gpus: number): boolean {
  return where === 'offloaded' || (where === 'sharded' && gpus > 1);
}

export const REPLICATED: Placement = {
  trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'replicated' },
  frozen: 'replicated',
};

export const SHARDED: Placement = {
  trainable: { weights: 'sharded', gradients: 'sharded', optimizer: 'sharded' },
  frozen: 'sharded',
};

export const OFFLOADED: Placement = {
  trainable: { weights: 'offloaded', gradients: 'offloaded', optimizer: 'offloaded' },
  frozen: 'offloaded',
};
