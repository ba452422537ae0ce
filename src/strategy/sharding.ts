// The sharding axis of a strategy: where each kind of model state lives, under the names frameworks use.
// With mixed-precision Adam (2-byte weights and gradients, 12 bytes of fp32 master and moments) on N GPUs the
// model states per GPU are (Rajbhandari et al. 2020, "ZeRO", Figure 1):
//
//   ddp           PyTorch DDP: everything replicated, 16Ψ, plus DDP's bucket copy of the gradients (2Ψ)
//   zero1         optimizer state (master + moments) sharded: 4Ψ + 12Ψ/N
//   zero2         gradients sharded too: 2Ψ + 14Ψ/N
//   fsdp          ZeRO-3 / FSDP FULL_SHARD: weights sharded too, 16Ψ/N (gathered block by block)
//   hybrid        FSDP HYBRID_SHARD: ZeRO-3 within a node, replicated across nodes: 16Ψ/(GPUs per node)
//   fsdp-offload  FSDP with CPUOffload(offload_params=True): every state in host memory, streamed per block
//
// The placement flags override any part afterwards (strategy.ts). Gradients made replicated that way are
// reduced by PyTorch DDP, with its bucket copy, except under DeepSpeed's ZeRO-1/2, which reduce through their own
// fixed-size buckets (reduce_bucket_size; not modelled: see docs/memory.md).

import type { ShardingName } from '../vocabulary.js';
import type { Placement } from './placement.js';

export const SHARDINGS: Readonly<Record<ShardingName, Placement>> = {
  ddp: {
    trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'replicated' },
    frozen: 'replicated',
    group: 'world',
    ddpBuckets: true,
  },
  zero1: {
    trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'sharded' },
    frozen: 'replicated',
    group: 'world',
    ddpBuckets: false,
  },
  zero2: {
    trainable: { weights: 'replicated', gradients: 'sharded', optimizer: 'sharded' },
    frozen: 'replicated',
    group: 'world',
    ddpBuckets: false,
  },
  fsdp: {
    trainable: { weights: 'sharded', gradients: 'sharded', optimizer: 'sharded' },
    frozen: 'sharded',
    group: 'world',
    ddpBuckets: true,
  },
  hybrid: {
    trainable: { weights: 'sharded', gradients: 'sharded', optimizer: 'sharded' },
    frozen: 'sharded',
    group: 'node',
    ddpBuckets: true,
  },
  'fsdp-offload': {
    trainable: { weights: 'offloaded', gradients: 'offloaded', optimizer: 'offloaded' },
    frozen: 'offloaded',
    group: 'world',
    ddpBuckets: true,
  },
};

/** Every sharding a request may name, in the table's order. */
export const SHARDING_NAMES = Object.keys(SHARDINGS) as ShardingName[];

/** A sharding with one part moved: the combinations frameworks ship beside their named stages. */
export interface ShardingVariant {
  sharding: ShardingName;
  /** the optimizer state (and fp32 master weights) in host memory, the optimizer step on the CPU */
  optimizerOffloaded: boolean;
  /** what the frameworks call it */
  aka: string;
}

/** Every sharding, and the optimizer-offload variants DeepSpeed ships (offload_optimizer: cpu). */
export const SHARDING_VARIANTS: readonly ShardingVariant[] = [
  { sharding: 'ddp', optimizerOffloaded: false, aka: 'PyTorch DDP' },
  { sharding: 'zero1', optimizerOffloaded: false, aka: 'DeepSpeed ZeRO-1' },
  { sharding: 'zero1', optimizerOffloaded: true, aka: 'ZeRO-1 + offload_optimizer' },
  { sharding: 'zero2', optimizerOffloaded: false, aka: 'DeepSpeed ZeRO-2' },
  { sharding: 'zero2', optimizerOffloaded: true, aka: 'ZeRO-Offload (ZeRO-2 + offload_optimizer)' },
  { sharding: 'fsdp', optimizerOffloaded: false, aka: 'FSDP FULL_SHARD, ZeRO-3' },
  { sharding: 'fsdp', optimizerOffloaded: true, aka: 'ZeRO-3 + offload_optimizer' },
  { sharding: 'hybrid', optimizerOffloaded: false, aka: 'FSDP HYBRID_SHARD' },
  { sharding: 'fsdp-offload', optimizerOffloaded: false, aka: 'FSDP CPUOffload, ZeRO-3 + offload_param + offload_optimizer' },
];
